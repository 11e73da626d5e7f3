// Package chart draws ceb's charts (trend, growth, compare, share,
// multiple, top, revisions) as PNG or SVG with gonum/plot, from the numbers and codes
// package report selects. Every word of a chart (titles, legends, axes,
// period labels, units, code-list names, notes) comes from package
// report/vocab in the language of Options.Lang; nothing here depends on
// the language. Each chart stands alone: a source line under it ("Source:
// GACC", with "computed with ceb" when it draws a figure ceb computed), and
// n/a (无数据) where a value is missing. It carries a CJK font so Chinese
// labels render on a machine with no fonts installed, and draws SVG text as
// outlines so the same inputs give byte-identical files; the words stay
// readable by machines: the SVG has role="img", a <title> and a <desc>, and
// each text run's outlines are a group labelled with its words
// (aria-label).
package chart
