package html

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// Chart is one chart of the page: its language, its title (the SVG draws
// text as outlines, so the title is what screen readers and search read)
// and the SVG document package report/chart wrote.
type Chart struct {
	Lang  vocab.Lang
	Title string
	SVG   []byte
}

// Write writes the release page of pkg in the languages langs, with the
// charts of each language (those of another language are left out).
func Write(w io.Writer, pkg *report.Package, langs vocab.Set, charts []Chart) error {
	if pkg == nil {
		return errors.New("no report package to write")
	}
	if len(langs) == 0 {
		langs = vocab.Set{vocab.En}
	}
	p := &page{pkg: pkg, langs: langs}
	if err := p.write(charts); err != nil {
		return err
	}
	_, err := w.Write(p.b.Bytes())
	return err
}

type page struct {
	pkg   *report.Package
	langs vocab.Set
	b     bytes.Buffer
	// noted are the notes the current language's section has written: a
	// note shared by two tables is written below the first only.
	noted []string
}

func (p *page) printf(format string, a ...any) { fmt.Fprintf(&p.b, format, a...) }

func (p *page) write(charts []Chart) error {
	pkg, first := p.pkg, p.langs.First()
	title := p.langs.Pair(func(l vocab.Lang) string { return l.BookTitle(pkg.Series, pkg.Period) })
	p.printf("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", first.HTMLLang())
	p.printf("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	p.printf("<meta name=\"generator\" content=\"ceb %s\">\n", attr(pkg.Version))
	p.printf("<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"page\">\n", esc(title), css)
	if stamp := p.langs.Embargo(pkg.Embargo); stamp != "" {
		p.printf("<p class=\"embargo\" role=\"note\">%s</p>\n", esc(stamp))
	}
	if len(p.langs) > 1 {
		p.printf("<nav aria-label=\"%s\"><ul class=\"langs\">", attr(p.langs.Word("html.languages")))
		for _, l := range p.langs {
			p.printf("<li><a href=\"#%s\" lang=\"%s\">%s</a></li>", l, l.HTMLLang(), esc(l.Word("html.language")))
		}
		p.printf("</ul></nav>\n")
	}
	p.printf("<main>\n")
	for _, l := range p.langs {
		var own []Chart
		for _, c := range charts {
			if c.Lang == l {
				own = append(own, c)
			}
		}
		if err := p.section(l, own); err != nil {
			return err
		}
	}
	p.printf("</main>\n<footer>\n")
	for _, l := range p.langs {
		p.printf("<p lang=\"%s\">%s %s %s</p>\n", l.HTMLLang(), esc(l.Word("html.footer.source")),
			esc(l.Sprintf("html.footer.asof", pkg.AsOf)), esc(l.Sprintf("html.footer.version", pkg.Version)))
	}
	p.printf("</footer>\n</div>\n</body>\n</html>\n")
	return nil
}

// section writes everything of the page in one language.
func (p *page) section(l vocab.Lang, charts []Chart) error {
	pkg := p.pkg
	p.noted = nil
	p.printf("<article id=\"%s\" lang=\"%s\">\n", l, l.HTMLLang())
	p.printf("<header>\n<h1>%s</h1>\n", esc(l.BookTitle(pkg.Series, pkg.Period)))
	p.printf("<p class=\"sub\">%s</p>\n</header>\n", esc(l.BookSeries(pkg.Series, pkg.Reference)))

	p.printf("<section>\n<h2>%s</h2>\n", esc(l.Word("html.press")))
	p.printf("<h3>%s</h3>\n", esc(l.PressHeading(pkg.Series, pkg.Period)))
	para := l.Paragraph(report.FactsOf(pkg))
	p.printf("<p class=\"lead\">%s</p>\n", esc(para.Text))
	p.printf("<p class=\"source\">%s</p>\n</section>\n", esc(para.Source(pkg.AsOf)))

	p.printf("<section>\n<h2>%s</h2>\n", esc(l.Word("html.tables")))
	p.tables(l)
	p.printf("</section>\n")

	if len(charts) > 0 {
		p.printf("<section>\n<h2>%s</h2>\n<div class=\"charts\">\n", esc(l.Word("html.charts")))
		for i, c := range charts {
			svg, err := inlineSVG(c.SVG, c.Title)
			if err != nil {
				return fmt.Errorf("chart %d (%s): %v", i+1, c.Title, err)
			}
			p.printf("<figure>\n%s\n</figure>\n", svg)
		}
		p.printf("</div>\n</section>\n")
	}

	p.notes(l)
	p.sources(l)
	p.printf("</article>\n")
	return nil
}

// tables writes the headline, comparison, five-year, trend and breakdown
// tables.
func (p *page) tables(l vocab.Lang) {
	pkg := p.pkg
	id := func(name string) string { return l.String() + "-" + name }
	cmp := report.CompareTable(pkg.Headline, pkg.Currency)
	p.table(l, id("headline"), l.HeadlineCaption(pkg.Period),
		pick(cmp, "flow", "value", "base_value", "change", "growth_pct", "growth_basis", "reason", "notes"))
	p.table(l, id("compare"), l.CompareCaption(pkg.Series, pkg.Reference, pkg.Period),
		pick(cmp, "flow", "growth_pct", "reference_growth_pct", "gap_pp", "share_pct", "share_change_pp", "contribution_pp", "growth_share_pct"))
	if m := pkg.Multiple; m != nil {
		mt := report.MultipleTable([]stats.Multiple{*m}, pkg.Currency)
		p.table(l, id("multiple"), l.MultipleCaption(m.From, m.To),
			pick(mt, "from", "to", "from_value", "to_value", "ratio", "increase_times", "increase_pct", "cagr_pct", "trend_growth_pct", "reason", "notes"))
		if len(pkg.MultipleYears) > 0 {
			yt := report.TrendTable(pkg.MultipleYears, pkg.Currency)
			p.table(l, id("years"), l.YearsCaption(pkg.Series, m.From, m.To),
				pick(yt, "period", "value", "growth_pct", "growth_basis", "reason", "notes"))
		}
	}
	if h := pkg.History; len(h) > 0 {
		p.table(l, id("trend"), l.TrendCaption(h[0].Key.Period, h[len(h)-1].Key.Period), historyTable(pkg))
	}
	for _, bd := range pkg.Breakdowns {
		t := report.TopTable(bd.Rows, bd.By, pkg.Currency, bd.Published)
		p.table(l, id("top-"+bd.By), l.BreakdownCaption(pkg.Series, bd.By, pkg.Period), t)
		for _, n := range l.TopNotes(bd.Rows, bd.By) {
			p.printf("<p class=\"note\">%s</p>\n", esc(n))
		}
	}
}

// historyTable is the report's period over the years: the series' and the
// reference's levels and growth, and the share.
func historyTable(pkg *report.Package) *report.Table {
	t := &report.Table{Currency: pkg.Currency, Columns: []report.Column{
		{Key: "period", Kind: report.Period},
		{Key: pkg.Series, Word: "series." + pkg.Series, Kind: report.Amount},
		{Key: pkg.Reference, Word: "series." + pkg.Reference, Kind: report.Amount},
		{Key: pkg.Series + " growth", Word: "html.series_growth", Of: pkg.Series, Kind: report.Percent},
		{Key: pkg.Reference + " growth", Word: "html.series_growth", Of: pkg.Reference, Kind: report.Percent},
		{Key: "share_pct", Kind: report.Share},
		{Key: "notes", Kind: report.Notes, Detail: true},
	}}
	for _, c := range pkg.History {
		t.Add(report.Str(c.Key.Period.String()), report.Num(c.Value), report.Num(c.Ref.Value), report.Num(c.GrowthPct),
			report.Num(c.Ref.GrowthPct), report.Num(c.SharePct), report.NotesCell(report.GrowthNotes(c.Key.Series, c.Key.Period, c.BasePeriod)))
	}
	return t
}

// pick returns the columns of t named by keys, in that order, shown
// whether or not they are detail columns (a Notes column stays hidden: its
// notes are written below the table). Keys t lacks are skipped.
func pick(t *report.Table, keys ...string) *report.Table {
	var idx []int
	for _, k := range keys {
		for i, c := range t.Columns {
			if c.Key == k {
				idx = append(idx, i)
				break
			}
		}
	}
	out := &report.Table{Currency: t.Currency}
	for _, i := range idx {
		c := t.Columns[i]
		c.Detail = c.Kind == report.Notes
		out.Columns = append(out.Columns, c)
	}
	for _, r := range t.Rows {
		cells := make([]report.Cell, len(idx))
		for j, i := range idx {
			if i < len(r) {
				cells[j] = r[i]
			}
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// table writes t with its caption: the columns people read (not the
// detail ones, nor a text column empty in every row), the first as the
// rows' header, numbers right-aligned; a wrapper scrolls a table wider
// than the screen. The table's notes follow it.
func (p *page) table(l vocab.Lang, id, caption string, t *report.Table) {
	if len(t.Rows) == 0 {
		return
	}
	var cols []int
	for i, c := range t.Columns {
		if c.Detail || !c.Kind.IsNumber() && allEmpty(t, i, l) {
			continue
		}
		cols = append(cols, i)
	}
	if len(cols) == 0 {
		return
	}
	units, decs := map[int]data.Unit{}, map[int]int{}
	p.printf("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">\n<table>\n", id)
	p.printf("<caption id=\"%s\"><span>%s</span></caption>\n<thead>\n<tr>", id, esc(caption))
	for _, i := range cols {
		c := t.Columns[i]
		title := l.Capitalize(l.Title(c))
		if c.Kind == report.Amount {
			units[i], decs[i] = vocab.AmountUnit(t, i, "auto")
			title += " (" + l.UnitShort(units[i], t.Currency) + ")"
		}
		p.printf("<th scope=\"col\"%s>%s</th>", class(c), esc(title))
	}
	p.printf("</tr>\n</thead>\n<tbody>\n")
	for _, r := range t.Rows {
		p.printf("<tr>")
		for k, i := range cols {
			c := t.Columns[i]
			var cell report.Cell
			if i < len(r) {
				cell = r[i]
			}
			text, cls := "", class(c)
			if c.Kind.IsNumber() {
				text = l.TableNumber(c, cell, units[i], decs[i])
				if cell.F == nil {
					cls = ` class="num na"`
				}
			} else {
				text = cellText(l, c, cell)
			}
			if k == 0 {
				p.printf("<th scope=\"row\"%s>%s</th>", cls, esc(text))
				continue
			}
			p.printf("<td%s>%s</td>", cls, esc(text))
		}
		p.printf("</tr>\n")
	}
	p.printf("</tbody>\n</table>\n</div>\n")
	for _, n := range l.Notes(t.Notes()) {
		if !slices.Contains(p.noted, n) {
			p.noted = append(p.noted, n)
			p.printf("<p class=\"note\">%s</p>\n", esc(l.NoteLine(n)))
		}
	}
}

// cellText words a code or text cell. A page is read, not parsed: a period
// is its label (H1 2024, not 2024H1) and a flow its title (Imports and
// exports).
func cellText(l vocab.Lang, c report.Column, cell report.Cell) string {
	switch c.Kind {
	case report.Period:
		if p, err := data.ParsePeriod(cell.S); err == nil && cell.S != "" {
			return l.Period(p)
		}
	case report.Flow:
		if f := data.Flow(cell.S); vocab.Has("flow." + cell.S + ".title") {
			return l.FlowTitle(f)
		}
	}
	return l.Text(c, cell, false)
}

// class is a cell's class: numbers are right-aligned, codes kept on one
// line, and reasons given room to be read.
func class(c report.Column) string {
	switch {
	case c.Kind.IsNumber():
		return ` class="num"`
	case c.Kind == report.Reason || c.Kind == report.Text || c.Kind == report.RankLabel:
		return ` class="text"`
	}
	return ` class="code"`
}

// allEmpty reports whether column i words to nothing in every row.
func allEmpty(t *report.Table, i int, l vocab.Lang) bool {
	for _, r := range t.Rows {
		if i < len(r) && l.Text(t.Columns[i], r[i], false) != "" {
			return false
		}
	}
	return true
}

// notes writes the notes on the package's figures and how they are
// computed.
func (p *page) notes(l vocab.Lang) {
	p.printf("<section>\n<h2>%s</h2>\n", esc(l.Word("html.notes")))
	for _, n := range l.Notes(report.PackageNotes(p.pkg)) {
		if slices.Contains(p.noted, n) {
			continue
		}
		p.printf("<p class=\"note\">%s</p>\n", esc(l.NoteLine(n)))
	}
	p.printf("<dl>\n")
	for _, kv := range [][2]string{
		{"book.comparable_basis", "book.growth_compares_a_figure"},
		{"book.headline_rate", "html.headline_rate"},
		{"book.percentage_point_gap", "book.gap_round_rate_1"},
		{"book.multiple_x", "book.ratio_v_to_v"},
		{"book.rounding", "book.numbers_are_computed_from"},
	} {
		p.printf("<dt>%s</dt><dd>%s</dd>\n", esc(l.Word(kv[0])), esc(l.Word(kv[1])))
	}
	p.printf("</dl>\n</section>\n")
}

// sources writes the files read and the releases the figures rest on. A
// source is text, never a link: the page makes no request.
func (p *page) sources(l vocab.Lang) {
	pkg := p.pkg
	p.printf("<section>\n<h2>%s</h2>\n", esc(l.Word("html.sources")))
	p.printf("<p>%s</p>\n", esc(l.Sprintf("html.gacc", pkg.AsOf)))
	if len(pkg.Sources) > 0 {
		p.printf("<h3>%s</h3>\n<ul class=\"files\">\n", esc(l.Word("html.datasets")))
		for _, s := range pkg.Sources {
			p.printf("<li><code>%s</code>", esc(s.Path))
			if s.SHA256 != "" {
				p.printf(" %s <code>%s</code>", esc(l.Word("html.sha256")), esc(s.SHA256))
			}
			p.printf("</li>\n")
		}
		p.printf("</ul>\n")
	}
	var cited []string
	for _, o := range pkg.Observations {
		if s := strings.TrimSpace(o.Source); s != "" && !slices.Contains(cited, s) {
			cited = append(cited, s)
		}
	}
	slices.Sort(cited)
	if len(cited) > 0 {
		p.printf("<h3>%s</h3>\n<ul class=\"files\">\n", esc(l.Word("html.releases")))
		for _, s := range cited {
			p.printf("<li><code>%s</code></li>\n", esc(s))
		}
		p.printf("</ul>\n")
	}
	p.printf("</section>\n")
}

// inlineSVG makes an SVG document an element of the page: the XML
// declaration and comments before the root go, and the root gets the role
// of an image named by the chart's title. Its width and height stay as the
// intrinsic size; the page's CSS scales it to the column.
func inlineSVG(doc []byte, title string) (string, error) {
	start := bytes.Index(doc, []byte("<svg"))
	end := bytes.LastIndex(doc, []byte("</svg>"))
	if start < 0 || end < start {
		return "", errors.New("not an SVG document; draw it with package report/chart in SVG format")
	}
	svg := string(doc[start : end+len("</svg>")])
	if strings.Contains(strings.ToLower(svg), "<script") {
		return "", errors.New("the SVG holds a script; the page carries none")
	}
	open := "<svg role=\"img\" aria-label=\"" + attr(title) + "\""
	return open + svg[len("<svg"):], nil
}

// esc escapes text for HTML content, and writes control characters (which
// HTML does not allow) as Go escapes, as the terminal tables do
// (data.EscapeControl).
func esc(s string) string { return htmlEscaper.Replace(data.EscapeControl(s)) }

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

// attr escapes text for an attribute value in double quotes.
func attr(s string) string { return esc(s) }
