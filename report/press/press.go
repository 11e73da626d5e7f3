package press

import (
	"fmt"
	"strings"

	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

// Text writes the press paragraph for pkg in l: the package's press facts
// (report.FactsOf) worded by the vocabulary (vocab.Lang.Paragraph).
func Text(pkg *report.Package, l vocab.Lang) vocab.Paragraph {
	return l.Paragraph(report.FactsOf(pkg))
}

// Markdown writes the press text of the languages asked for as a Markdown
// document: the embargo stamp, then per language a heading, the paragraph
// and its source line, which names the publisher (GACC), not the tool: the
// figures are customs', and ceb's version is in the workbook and JSON meta.
func Markdown(pkg *report.Package, langs vocab.Set) string {
	var b strings.Builder
	if stamp := langs.Embargo(pkg.Embargo); stamp != "" {
		fmt.Fprintf(&b, "**%s**\n\n", stamp)
	}
	for i, l := range langs {
		if i > 0 {
			b.WriteString("\n")
		}
		para := Text(pkg, l)
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", l.PressHeading(pkg.Series, pkg.Period), para.Text)
		fmt.Fprintf(&b, "_%s_\n", para.Source(pkg.AsOf))
	}
	return b.String()
}
