// Package render writes a report.Table as a terminal table, CSV, JSON or
// Markdown, so the formats can never disagree: CSV and JSON get every
// column, unrounded numbers in base units and, for JSON, the provenance in
// meta; the table and Markdown get readable units and rounded figures.
// Every code (a flow, a period, a status, a reason) is worded by the
// vocab.Lang of the options; text from the data is shown escaped on a
// terminal, so it cannot move the cursor or clear the screen.
package render
