// Package workbook writes a report package as an XLSX workbook with
// excelize: cover, summary with the press paragraphs, growth, comparison,
// five-year, series with native charts, data and notes, byte-identical for
// the same inputs.
package workbook
