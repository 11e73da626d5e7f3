// Package chart draws ceb's charts (trend, growth, compare, share,
// multiple, top) as PNG or SVG with gonum/plot, from the numbers and codes
// package report selects. Every word of a chart (titles, legends, axes,
// period labels, units, code-list names, notes) comes from package
// report/vocab in the language of Options.Lang; nothing here depends on
// the language. It carries a CJK font so Chinese labels render on a machine
// with no fonts installed, and draws SVG text as outlines so the same inputs
// give byte-identical files.
package chart
