// Package render writes a report.Table as a terminal table, CSV, JSON or
// Markdown, so the formats can never disagree: CSV and JSON get every
// column, unrounded numbers in base units and, for JSON, the provenance in
// meta; the table and Markdown get readable units and rounded figures.
package render
