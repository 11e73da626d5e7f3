// Package report is ceb's query layer: it decides what ceb shows and
// returns it as numbers, periods, codes and statuses, never words. Query and
// the row functions (GrowthRows, CompareRows, MultipleRows, TrendRows, Top,
// the chart rows) select the figures of a command; BuildPackage gathers
// what a report publishes and FactsOf what its press paragraph states;
// Diff and the Explain functions compare vintages and trace a figure to its
// observations. Every number comes from package stats; the breakdown
// arithmetic (stats.Rank) too.
//
// Results are laid out as a Table of typed columns: numbers (Amount,
// Percent …) and codes (Flow, Period, Status, Reason …). Words come from
// package vocab, and the renderers sit beside each other, none importing
// another: render (terminal table, CSV, JSON, Markdown), chart (PNG and SVG
// with gonum/plot), workbook (XLSX with excelize) and press (the press
// text). Precision is decided once: machine formats get full precision and
// base units; human formats get readable units, signs and one-decimal
// percentages. A missing number is null in JSON, empty in CSV and "n/a" in
// human formats, with the row's reason beside it; NaN and Inf never reach
// output.
package report
