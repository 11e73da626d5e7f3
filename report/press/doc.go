// Package press writes the press text of a report package as Markdown: the
// embargo stamp, then per language a heading, the press paragraph and its
// source line. The paragraph's figures are the package's press facts
// (report.FactsOf) and its words the vocabulary's (vocab.Lang.Paragraph),
// which lists every figure it writes so the text can be checked against the
// tables.
package press
