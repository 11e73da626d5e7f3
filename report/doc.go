// Package report decides what ceb shows: which rows a query selects (Query,
// GrowthRows, CompareRows, MultipleRows, TrendRows, the chart rows), what a
// report contains (BuildPackage), the Table every command's output goes
// through, the vocabulary of English and Chinese labels, and number
// formatting. It calls package stats for every number and computes none
// itself.
//
// Each renderer is a sub-package: render (terminal table, CSV, JSON,
// Markdown), chart (PNG and SVG with gonum/plot), workbook (XLSX with
// excelize) and press (the press paragraph). Precision is decided once:
// machine formats get full precision and base units; human formats get
// readable units, signs and one-decimal percentages. A missing number is
// null in JSON, empty in CSV and "n/a" in human formats, with the row's
// reason beside it; NaN and Inf never reach output.
package report
