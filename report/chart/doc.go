// Package chart draws ceb's charts (trend, growth, compare, share,
// multiple) as PNG or SVG with gonum/plot, from the rows package report
// selects. It carries a CJK font so Chinese labels render on a machine with
// no fonts installed, and draws SVG text as outlines so the same inputs give
// byte-identical files.
package chart
