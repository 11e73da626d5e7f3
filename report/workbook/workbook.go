package workbook

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// The workbook font: LibreOffice needs the family and size set to render
// bold text and Chinese properly (a bare bold falls back to a serif).
const (
	bookFont     = "Noto Sans CJK SC"
	bookFontSize = 10
)

type book struct {
	f       *excelize.File
	langs   vocab.Set
	first   vocab.Lang // the language of the tables' cells
	styles  map[string]int
	formats map[string]int // the styles of press figures, by number format
}

func (b *book) style(name string) int { return b.styles[name] }

func (b *book) newStyles() error {
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: bookFont, Size: size, Bold: bold}
	}
	// Numbers keep a step from their right edge, and text is indented one
	// step, so that a number and the word beside it ("10.5" and
	// "reported") never run together.
	top := &excelize.Alignment{Vertical: "top", Horizontal: "right", Indent: 1}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top", Indent: 1}
	num := func(format string) *excelize.Style {
		return &excelize.Style{Font: font(false, bookFontSize), CustomNumFmt: &format, Alignment: top}
	}
	defs := map[string]*excelize.Style{
		"text":     {Font: font(false, bookFontSize), Alignment: wrap},
		"note":     {Font: font(false, bookFontSize), Alignment: &excelize.Alignment{Vertical: "top"}},
		"status":   {Font: font(false, bookFontSize), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "center"}},
		"wrap":     {Font: font(false, bookFontSize), Alignment: wrap},
		"title":    {Font: font(true, 14)},
		"label":    {Font: font(true, bookFontSize), Alignment: wrap},
		"header":   {Font: font(true, bookFontSize), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 1}}},
		"amount":   num("#,##0.0"),
		"trillion": num("#,##0.00"),
		"percent":  num("0.0"),
		"points":   num("+0.0;-0.0;0.0"),
		"ratio":    num("0.0"),
		"fraction": num("0.000"),
		"general":  num("#,##0.0##"),
		"count":    num("#,##0"),
		"price":    num("#,##0.00"),
		"year":     num("0"),
		"signed":   num("+0.0;-0.0;0.0"),
		"date":     {Font: font(false, bookFontSize), CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}},
		"embargo":  {Font: &excelize.Font{Family: bookFont, Size: 12, Bold: true, Color: "C00000"}, Alignment: wrap},
	}
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names) // map order would make the file differ from run to run
	b.styles, b.formats = map[string]int{}, map[string]int{}
	for _, name := range names {
		id, err := b.f.NewStyle(defs[name])
		if err != nil {
			return err
		}
		b.styles[name] = id
	}
	return nil
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// text writes s as text, never as a formula, even when it starts with "=".
func (b *book) text(sheet string, col, row int, s, style string) error {
	c := cellName(col, row)
	if err := b.f.SetCellStr(sheet, c, s); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, c, c, b.style(style))
}

func (b *book) number(sheet string, col, row int, v float64, style string) error {
	c := cellName(col, row)
	if err := b.f.SetCellFloat(sheet, c, v, -1, 64); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, c, c, b.style(style))
}

// Write writes the report package as an XLSX workbook in the manner of
// official statistical spreadsheets: Cover, Summary (headline table and
// press paragraphs), Growth, Comparison, Five-year, Breakdown (only when
// the data breaks the total down by a dimension), Series (with native
// line and clustered-column charts on its own cells), Revisions (only when
// a figure of the series or the reference was revised), Data (every
// observation used), Provenance and Notes and method. lang is en, zh or both. Numbers
// are numbers with number formats; text from the data is written as text;
// document timestamps are fixed to the as-of date, so the same inputs give
// a byte-identical file.
func Write(w io.Writer, pkg *report.Package, langs vocab.Set) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, langs: langs, first: langs.First()}
	if err := b.newStyles(); err != nil {
		return err
	}
	first := true
	for _, key := range vocab.Sheets() {
		name := langs.SheetName(key)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if len(pkg.Breakdowns) > 0 {
		// Only a package with breakdowns has the sheet, after Five-year.
		name := langs.SheetName("breakdown")
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.MoveSheet(name, langs.SheetName("series")); err != nil {
			return err
		}
	}
	if len(pkg.Revisions) > 0 {
		// Only a package with revised figures has the sheet, before Data.
		name := langs.SheetName("revisions")
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.MoveSheet(name, langs.SheetName("data")); err != nil {
			return err
		}
	}
	steps := []func(*book, *report.Package) error{writeCover, writeSummary, writeGrowth, writeComparison, writeFiveYear, writeBreakdown, writeSeries, writeRevisions, writeData, writeProvenance, writeNotes}
	for _, step := range steps {
		if err := step(b, pkg); err != nil {
			return err
		}
	}
	stamp := pkg.AsOf.Time().Format("2006-01-02T15:04:05Z")
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          langs.Pair(func(l vocab.Lang) string { return l.Sprintf("book.doc_title", l.Series(pkg.Series)) }) + langs.First().Period(pkg.Period),
		Creator:        "ceb " + pkg.Version,
		LastModifiedBy: "ceb " + pkg.Version,
		Created:        stamp,
		Modified:       stamp,
		Language:       map[vocab.Lang]string{vocab.Zh: "zh-CN"}[langs.First()],
		Subject:        langs.Embargo(pkg.Embargo),
		Keywords:       langs.Embargo(pkg.Embargo),
	}); err != nil {
		return err
	}
	// A header and footer on every sheet, on screen in page view and on
	// paper: the title and any embargo stamp, the source and the page.
	hf := b.headerFooter(langs.Pair(func(l vocab.Lang) string { return l.BookTitle(pkg.Series, pkg.Period) }), langs.Embargo(pkg.Embargo))
	for _, name := range f.GetSheetList() {
		if err := f.SetHeaderFooter(name, hf); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	return canonicalZip(w, buf.Bytes())
}

func writeCover(b *book, pkg *report.Package) error {
	s := b.sheet("cover")
	title := b.langs.Pair(func(l vocab.Lang) string { return l.BookTitle(pkg.Series, pkg.Period) })
	if err := b.text(s.name, 1, 1, title, "title"); err != nil {
		return err
	}
	row := 3
	if stamp := b.langs.Embargo(pkg.Embargo); stamp != "" {
		if err := b.text(s.name, 1, row, stamp, "embargo"); err != nil {
			return err
		}
		if err := b.f.MergeCell(s.name, cellName(1, row), cellName(2, row)); err != nil {
			return err
		}
		s.wrap(row, 1, 2, stamp, true)
		row += 2
	}
	latest := data.Date{}
	for _, o := range pkg.Observations {
		if o.Vintage.After(latest) {
			latest = o.Vintage
		}
	}
	lines := [][2]string{
		{b.langs.Word("book.period"), b.langs.Pair(func(l vocab.Lang) string { return l.Period(pkg.Period) }) + " (" + pkg.Period.String() + ")"},
		{b.langs.Word("book.data_as_published_by"), pkg.AsOf.String()},
		{b.langs.Word("book.latest_vintage_used"), latest.String()},
		{b.langs.Word("book.units"), b.langs.Pair(func(l vocab.Lang) string { return l.BookUnits(pkg.Currency) })},
		{b.langs.Word("book.series"), b.langs.Pair(func(l vocab.Lang) string { return l.BookSeries(pkg.Series, pkg.Reference) })},
		{b.langs.Word("book.source"), b.langs.Word("book.general_administration_of_customs")},
		{b.langs.Word("book.produced_by"), "ceb " + pkg.Version},
	}
	if err := b.pairs(s, row, lines); err != nil {
		return err
	}
	s.width(1, 24)
	s.width(2, 100)
	return b.finish(s)
}

// pairs writes label and text pairs from row down, labels in column A and
// text wrapped in column B.
func (b *book) pairs(s *sheet, row int, lines [][2]string) error {
	for _, kv := range lines {
		if err := b.text(s.name, 1, row, kv[0], "label"); err != nil {
			return err
		}
		if err := b.text(s.name, 2, row, kv[1], "wrap"); err != nil {
			return err
		}
		s.wrap(row, 1, 1, kv[0], true)
		s.wrap(row, 2, 1, kv[1], false)
		row++
	}
	return nil
}

// summaryTable is the headline table: one row per flow, the flow named in
// the book's languages.
func summaryTable(pkg *report.Package, langs vocab.Set) *report.Table {
	t := &report.Table{Currency: pkg.Currency, Columns: []report.Column{
		{Key: "flow"},
		{Key: "value", Kind: report.Amount},
		{Key: "growth_pct", Word: "book.growth_pct", Kind: report.Percent},
		{Key: "growth_basis", Kind: report.Status},
		{Key: "reference_growth_pct", Word: "book.reference_growth_pct", Kind: report.Percent},
		{Key: "gap_pp", Word: "book.gap_pp", Kind: report.Points},
		{Key: "share_pct", Word: "book.share_pct", Kind: report.Percent},
		{Key: "share_change_pp", Word: "book.share_change_pp", Kind: report.Points},
		{Key: "contribution_pp", Word: "book.contribution_pp", Kind: report.Points},
	}}
	for _, c := range pkg.Headline {
		t.Add(report.Str(string(c.Key.Flow)), report.Num(c.Value), report.Num(c.GrowthPct), report.Str(string(c.Basis)), report.Num(c.Ref.GrowthPct),
			report.Num(c.GapPP), report.Num(c.SharePct), report.Num(c.ShareChangePP), report.Num(c.ContributionPP))
	}
	return t
}

// headers writes a row of column headings, in the book's languages one per
// line, and returns the number of columns.
func (b *book) headers(s *sheet, row int, keys []string) error {
	for i, k := range keys {
		title := strings.Join(b.words(k), "\n")
		if err := b.text(s.name, i+1, row, title, "header"); err != nil {
			return err
		}
		s.wrap(row, i+1, 1, title, true)
		s.width(i+1, longestWord(title)+2)
	}
	return nil
}

// words is the vocabulary entry key in each of the book's languages.
func (b *book) words(key string) []string {
	out := make([]string, len(b.langs))
	for i, l := range b.langs {
		out[i] = l.Word(key)
	}
	return out
}

func writeSummary(b *book, pkg *report.Package) error {
	s := b.sheet("summary")
	if err := b.text(s.name, 1, 1, b.langs.Pair(func(l vocab.Lang) string { return l.Word("book.headline_figures") + l.Period(pkg.Period) }), "title"); err != nil {
		return err
	}
	s.titleRows, s.printRows = 3, 1
	row, err := b.table(s, 3, summaryTable(pkg, b.langs), false)
	if err != nil {
		return err
	}
	span := len(s.widths)
	row++
	if err := b.text(s.name, 1, row, b.langs.Word("book.press_text"), "label"); err != nil {
		return err
	}
	row++
	var presses []vocab.Paragraph
	facts := report.FactsOf(pkg)
	for _, lg := range b.langs {
		p := lg.Paragraph(facts)
		presses = append(presses, p)
		// The paragraph wraps in one cell as wide as the headline table,
		// its row as tall as its lines.
		if err := b.text(s.name, 1, row, p.Text, "wrap"); err != nil {
			return err
		}
		if err := b.f.MergeCell(s.name, cellName(1, row), cellName(span, row)); err != nil {
			return err
		}
		s.wrap(row, 1, span, p.Text, false)
		row += 2
	}
	// The figures the text uses, as written, so each can be traced. Each
	// is published or computed from comparable published figures (basis):
	// what the press office signs is traceable.
	if err := b.text(s.name, 1, row, b.langs.Word("book.figures_in_the_press"), "label"); err != nil {
		return err
	}
	row++
	keys := []string{"book.col.figure", "book.col.as_written", "book.figure_basis"}
	both := len(b.langs) > 1
	if both {
		keys = append([]string{"book.col.language"}, keys...)
	}
	if err := b.headers(s, row, keys); err != nil {
		return err
	}
	for _, p := range presses {
		for _, fg := range p.Figures {
			row++
			col := 1
			if both {
				if err := b.text(s.name, col, row, p.Lang.LangName(p.Lang), "text"); err != nil {
					return err
				}
				col++
			}
			// Each row in its own language: "import growth" beside the
			// English text, 进口增速 beside the Chinese.
			name := p.Lang.FigureLabel(fg)
			if err := b.text(s.name, col, row, name, "text"); err != nil {
				return err
			}
			s.wrap(row, col, 1, name, false)
			s.width(col, min(displayWidth(name)+2, textWidth))
			if err := b.figure(s, col+1, row, fg.Text); err != nil {
				return err
			}
			s.width(col+1, displayWidth(fg.Text)+2)
			basis := "published"
			if fg.Computed {
				basis = "computed"
			}
			if err := b.text(s.name, col+2, row, p.Lang.BookStatus(basis), "status"); err != nil {
				return err
			}
		}
	}
	return b.finish(s)
}

// tableSheet writes tables one below the other, a blank row between, the
// first one's header frozen and repeated on every printed page.
func (b *book) tableSheet(key string, detail bool, tables ...*report.Table) error {
	s := b.sheet(key)
	s.titleRows, s.printRows = 1, 1
	row := 1
	for _, t := range tables {
		next, err := b.table(s, row, t, detail)
		if err != nil {
			return err
		}
		row = next + 1
	}
	return b.finish(s)
}

func writeGrowth(b *book, pkg *report.Package) error {
	var rows []stats.Growth
	for _, c := range pkg.Headline {
		rows = append(rows, c.Growth)
	}
	for _, c := range pkg.Headline {
		rows = append(rows, c.Ref)
	}
	return b.tableSheet("growth", false, report.GrowthTable(rows, pkg.Currency))
}

func writeComparison(b *book, pkg *report.Package) error {
	return b.tableSheet("comparison", false, report.CompareTable(pkg.Headline, pkg.Currency))
}

// writeFiveYear writes the yearly levels and rates, then the five-year
// comparison (one row) as a list of its fields, so that the two tables do
// not share columns of different kinds.
func writeFiveYear(b *book, pkg *report.Package) error {
	s := b.sheet("fiveyear")
	s.titleRows, s.printRows = 1, 1
	row := 1
	if len(pkg.MultipleYears) > 0 {
		next, err := b.table(s, row, report.TrendTable(pkg.MultipleYears, pkg.Currency), false)
		if err != nil {
			return err
		}
		row = next + 1
	}
	if pkg.Multiple != nil {
		if _, err := b.record(s, row, report.MultipleTable([]stats.Multiple{*pkg.Multiple}, pkg.Currency)); err != nil {
			return err
		}
	}
	return b.finish(s)
}

// writeBreakdown writes each ranked breakdown of the total (partner,
// province, HS, trade mode) under a heading, as ceb stats top lays it out.
func writeBreakdown(b *book, pkg *report.Package) error {
	if len(pkg.Breakdowns) == 0 {
		return nil
	}
	s := b.sheet("breakdown")
	s.titleRows, s.printRows = 2, 2
	row := 1
	for _, bd := range pkg.Breakdowns {
		title := b.langs.Pair(func(l vocab.Lang) string { return l.Dim(bd.By) })
		if err := b.text(s.name, 1, row, title, "label"); err != nil {
			return err
		}
		next, err := b.table(s, row+1, report.TopTable(bd.Rows, bd.By, pkg.Currency, bd.Published), false)
		if err != nil {
			return err
		}
		// The notes below the table, as ceb stats top prints them, worded
		// once per language.
		notes := map[vocab.Lang][]string{}
		for i := range b.first.TopNotes(bd.Rows, bd.By) {
			note := b.langs.Pair(func(l vocab.Lang) string {
				if notes[l] == nil {
					notes[l] = l.TopNotes(bd.Rows, bd.By)
				}
				return notes[l][i]
			})
			if err := b.text(s.name, 1, next, note, "note"); err != nil {
				return err
			}
			next++
		}
		row = next + 1
	}
	return b.finish(s)
}

// writeSeries writes the periods charted, with the native charts that
// reference these cells below the table.
func writeSeries(b *book, pkg *report.Package) error {
	s := b.sheet("series")
	s.titleRows, s.printRows = 1, 1
	t := &report.Table{Currency: pkg.Currency, Columns: []report.Column{
		{Key: "period"},
		{Key: pkg.Series, Word: "series." + pkg.Series, Kind: report.Amount},
		{Key: pkg.Reference, Word: "series." + pkg.Reference, Kind: report.Amount},
		{Key: pkg.Series + " growth", Word: "col.series_growth", Of: pkg.Series, Kind: report.Percent},
		{Key: pkg.Reference + " growth", Word: "col.series_growth", Of: pkg.Reference, Kind: report.Percent},
		{Key: "share", Kind: report.Percent},
	}}
	for _, c := range pkg.History {
		t.Add(report.Str(c.Key.Period.String()), report.Num(c.Value), report.Num(c.Ref.Value), report.Num(c.GrowthPct), report.Num(c.Ref.GrowthPct), report.Num(c.SharePct))
	}
	next, err := b.table(s, 1, t, false)
	if err != nil {
		return err
	}
	if err := b.finish(s); err != nil {
		return err
	}
	n := len(pkg.History)
	if n == 0 {
		return nil
	}
	ref := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("'%s'!$%s$2:$%s$%d", s.name, c, c, n+1)
	}
	name := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("'%s'!$%s$1", s.name, c)
	}
	title := func(words func(vocab.Lang) string) excelize.ChartTitle {
		text := b.langs.Pair(words)
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Family: bookFont, Size: 12, Bold: true}}}}
	}
	// Dark grey: without a colour the axis labels take the pale default
	// (text at 15%), nearly invisible in print.
	axisFont := excelize.Font{Family: bookFont, Size: 9, Color: "404040"}
	line := &excelize.Chart{
		Type:      excelize.Line,
		Series:    []excelize.ChartSeries{{Name: name(2), Categories: ref(1), Values: ref(2), Line: excelize.LineOptions{Width: 2.25}, Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}}},
		Title:     title(func(l vocab.Lang) string { return l.Sprintf("book.chart.value", l.Series(pkg.Series)) }),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 300},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}
	// The charts sit side by side below the table, inside the page width.
	if err := b.f.AddChart(s.name, cellName(1, next+1), line); err != nil {
		return err
	}
	cols := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: name(4), Categories: ref(1), Values: ref(4), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}},
			{Name: name(5), Categories: ref(1), Values: ref(5), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4B183"}}},
		},
		Title:     title(func(l vocab.Lang) string { return l.Word("axis.growth") }),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 300},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}
	// The second chart starts at the first column right of the first one
	// (480 pixels; a column of width w is about 7w+5 pixels).
	at, px := 1, 0
	for px < 500 {
		px += 7*max(s.widths[at], minWidth) + 5
		at++
	}
	return b.f.AddChart(s.name, cellName(at, next+1), cols)
}

// writeRevisions writes how far each figure of the series and the
// reference moved from its first release to its latest (pkg.Revisions),
// under a line saying that this is history, not a forecast, and below it
// the summary by series and flow (stats.SummarizeRevisions).
func writeRevisions(b *book, pkg *report.Package) error {
	if len(pkg.Revisions) == 0 {
		return nil
	}
	s := b.sheet("revisions")
	s.titleRows, s.printRows = 2, 2
	caption := b.langs.Pair(func(l vocab.Lang) string { return l.Sprintf("book.revisions_caption", pkg.AsOf) })
	if err := b.text(s.name, 1, 1, caption, "label"); err != nil {
		return err
	}
	next, err := b.table(s, 2, report.RevisionTable(pkg.Revisions, pkg.Currency), false)
	if err != nil {
		return err
	}
	// The caption runs across the table, on one line where it fits.
	span := len(s.widths)
	if err := b.f.MergeCell(s.name, cellName(1, 1), cellName(span, 1)); err != nil {
		return err
	}
	s.wrap(1, 1, span, caption, true)
	row := next + 1
	if err := b.text(s.name, 1, row, b.langs.Word("caption.revision_summary"), "label"); err != nil {
		return err
	}
	if err := b.f.MergeCell(s.name, cellName(1, row), cellName(span, row)); err != nil {
		return err
	}
	s.wrap(row, 1, span, b.langs.Word("caption.revision_summary"), true)
	if _, err := b.table(s, row+1, report.RevisionSummaryTable(stats.SummarizeRevisions(pkg.Revisions)), false); err != nil {
		return err
	}
	return b.finish(s)
}

func writeData(b *book, pkg *report.Package) error {
	return b.tableSheet("data", true, report.ObservationTable(pkg.Observations, pkg.Currency))
}

// writeProvenance writes one row per figure of the press text and per
// observation it rests on: who published it and in which release first
// (GACC, release of 2024-07-30), then the figure read and where it was
// read (file:line, the address of the release), so that "where does 4.4
// come from?" has an answer on paper.
func writeProvenance(b *book, pkg *report.Package) error {
	s := b.sheet("provenance")
	s.titleRows, s.printRows = 1, 1
	both := len(b.langs) > 1
	keys := []string{"book.col.figure", "book.col.as_written", "book.col.release", "book.col.rests_on", "book.col.read_at", "book.col.url"}
	if both {
		keys = append([]string{"book.col.language"}, keys...)
	}
	if err := b.headers(s, 1, keys); err != nil {
		return err
	}
	row := 1
	facts := report.FactsOf(pkg)
	for _, lg := range b.langs {
		l := lg // each row in the language of its text
		for _, fg := range lg.Paragraph(facts).Figures {
			for _, k := range figureKeys(pkg, fg.Label) {
				for _, o := range observationsOf(pkg, k) {
					row++
					var cells []string
					if both {
						cells = append(cells, l.LangName(lg))
					}
					cells = append(cells, l.FigureLabel(fg), fg.Text, l.Release(o.Vintage),
						l.Series(o.Series)+l.ListSeparator()+l.Flow(o.Flow)+l.ListSeparator()+l.Period(o.Period),
						o.Pos.File+":"+strconv.Itoa(o.Pos.Line), o.Source)
					for i, c := range cells {
						if c == "" {
							continue
						}
						if keys[i] == "book.col.as_written" {
							if err := b.figure(s, i+1, row, c); err != nil {
								return err
							}
							s.width(i+1, displayWidth(c)+2)
							continue
						}
						if err := b.text(s.name, i+1, row, c, "wrap"); err != nil {
							return err
						}
						s.wrap(row, i+1, 1, c, false)
						limit := textWidth
						switch keys[i] {
						case "book.col.url":
							limit = longWidth
						case "book.col.rests_on":
							limit = 36
						}
						s.width(i+1, min(displayWidth(c)+2, limit))
					}
				}
			}
		}
	}
	// The tool that wrote the sheet, as on the cover.
	row += 2
	if err := b.pairs(s, row, [][2]string{{b.langs.Word("book.produced_by"), "ceb " + pkg.Version}}); err != nil {
		return err
	}
	return b.finish(s)
}

// figureKeys are the figures a press figure is computed from, by its label.
func figureKeys(pkg *report.Package, label string) []data.Key {
	key := func(series string, fl data.Flow, p data.Period) data.Key {
		return data.Key{Series: series, Flow: fl, Period: p, Currency: pkg.Currency}
	}
	p, s, r := pkg.Period, pkg.Series, pkg.Reference
	switch label {
	case "total", "growth":
		return []data.Key{key(s, data.Total, p)}
	case "gap", "share":
		return []data.Key{key(s, data.Total, p), key(r, data.Total, p)}
	case "share change":
		return []data.Key{key(s, data.Total, p), key(r, data.Total, p), key(s, data.Total, p.YearAgo()), key(r, data.Total, p.YearAgo())}
	case "export", "export growth":
		return []data.Key{key(s, data.Export, p)}
	case "import", "import growth":
		return []data.Key{key(s, data.Import, p)}
	case "multiple to", "ratio", "increase times", "increase", "cagr":
		if m := pkg.Multiple; m != nil {
			return []data.Key{key(s, data.Total, m.To), key(s, data.Total, m.From)}
		}
	}
	return nil
}

// observationsOf are the package's observations of a figure: the figure
// itself, or, when it was not read but derived, the parts it was derived
// from (its flows, its finer periods).
func observationsOf(pkg *report.Package, k data.Key) []data.Observation {
	var exact, parts []data.Observation
	for _, o := range pkg.Observations {
		switch {
		case o.Key() == k:
			exact = append(exact, o)
		case o.Series == k.Series && o.Currency == k.Currency && k.Period.Contains(o.Period) &&
			(o.Flow == k.Flow || (k.Flow == data.Total && (o.Flow == data.Export || o.Flow == data.Import) && o.Period == k.Period)):
			parts = append(parts, o)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return parts
}

func writeNotes(b *book, pkg *report.Package) error {
	s := b.sheet("notes")
	var lines [][2]string
	add := func(k, v string) { lines = append(lines, [2]string{k, v}) }
	add(b.langs.Word("book.comparable_basis"), b.langs.Word("book.growth_compares_a_figure"))
	add(b.langs.Word("book.growth"), "growth = v(p) / v(p − 1 year) − 1")
	add(b.langs.Word("book.headline_rate"), b.langs.Word("book.the_published_rate_where"))
	add(b.langs.Word("book.percentage_point_gap"), b.langs.Word("book.gap_round_rate_1"))
	add(b.langs.Word("book.share_contribution"), "share = v / v_ref; contribution (拉动) = Δv / v_ref(p − 1 year); share of growth (贡献率) = Δv / Δv_ref")
	add(b.langs.Word("book.multiple_x"), b.langs.Word("book.ratio_v_to_v"))
	add(b.langs.Word("book.rounding"), b.langs.Word("book.numbers_are_computed_from"))
	for _, c := range pkg.Headline {
		for _, g := range []stats.Growth{c.Growth, c.Ref} {
			add(b.langs.Word("book.rate_basis"), b.langs.Pair(func(l vocab.Lang) string {
				what := l.Series(g.Key.Series) + l.ListSeparator() + l.Flow(g.Key.Flow) + l.ListSeparator() + l.Period(g.Key.Period)
				basis := l.BookStatus(string(g.Basis))
				if basis == "" {
					basis = l.Sprintf("book.no_rate", l.Reason(g.Reason))
				}
				return l.Sprintf("book.rate_basis_line", what, basis)
			}))
		}
	}
	for _, lg := range b.langs {
		for _, n := range lg.Notes(report.PackageNotes(pkg)) {
			add(lg.Word("col.notes"), n)
		}
	}
	for _, src := range pkg.Sources {
		add(b.langs.Word("book.input"), src.Path+"  sha256 "+src.SHA256)
	}
	add(b.langs.Word("book.data_as_of"), pkg.AsOf.String())
	add(b.langs.Word("book.ceb_version"), pkg.Version)
	add(b.langs.Word("book.command_line"), pkg.CommandLine)
	if err := b.pairs(s, 1, lines); err != nil {
		return err
	}
	s.width(1, 24)
	s.width(2, 100)
	return b.finish(s)
}
