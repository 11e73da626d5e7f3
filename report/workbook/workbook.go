package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

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
	f      *excelize.File
	langs  vocab.Set
	first  vocab.Lang // the language of the tables' cells
	styles map[string]int
}

func (b *book) style(name string) int { return b.styles[name] }

func (b *book) newStyles() error {
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: bookFont, Size: size, Bold: bold}
	}
	str := func(s string) *string { return &s }
	defs := map[string]*excelize.Style{
		"text":     {Font: font(false, bookFontSize), Alignment: &excelize.Alignment{Vertical: "top"}},
		"wrap":     {Font: font(false, bookFontSize), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		"title":    {Font: font(true, 14)},
		"label":    {Font: font(true, bookFontSize), Alignment: &excelize.Alignment{Vertical: "top"}},
		"header":   {Font: font(true, bookFontSize), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 1}}},
		"amount":   {Font: font(false, bookFontSize), CustomNumFmt: str("#,##0.0")},
		"trillion": {Font: font(false, bookFontSize), CustomNumFmt: str("#,##0.00")},
		"percent":  {Font: font(false, bookFontSize), CustomNumFmt: str("0.0")},
		"points":   {Font: font(false, bookFontSize), CustomNumFmt: str("+0.0;-0.0;0.0")},
		"ratio":    {Font: font(false, bookFontSize), CustomNumFmt: str("0.0")},
		"fraction": {Font: font(false, bookFontSize), CustomNumFmt: str("0.000")},
		"general":  {Font: font(false, bookFontSize), NumFmt: 0},
		"count":    {Font: font(false, bookFontSize), CustomNumFmt: str("#,##0")},
		"embargo":  {Font: &excelize.Font{Family: bookFont, Size: 12, Bold: true, Color: "C00000"}},
	}
	b.styles = map[string]int{}
	for _, name := range []string{"text", "wrap", "title", "label", "header", "amount", "trillion", "percent", "points", "ratio", "fraction", "general", "count", "embargo"} {
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

// displayWidth counts a Chinese character as two columns.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// table writes t at row (1-based) and returns the next free row. Amounts
// go in 亿 (100 million) of t.Currency, or trillions when every value is at
// least one; percentages are numbers in percent with one decimal. Missing
// numbers are empty cells. widths collects the widest content per column.
func (b *book) table(sheet string, row int, t *report.Table, widths map[int]int) (int, error) {
	units := map[int]data.Unit{}
	for i, c := range t.Columns {
		title := b.langs.Pair(func(l vocab.Lang) string { return l.Title(c) })
		if c.Kind == report.Amount {
			u, _ := vocab.AmountUnit(t, i, "auto")
			if u != data.Unit1t {
				u = data.Unit100m
			}
			units[i] = u
			title += " (" + b.langs.Pair(func(l vocab.Lang) string { return l.UnitShort(u, t.Currency) }) + ")"
		}
		if err := b.text(sheet, i+1, row, title, "header"); err != nil {
			return 0, err
		}
		widths[i+1] = max(widths[i+1], min(displayWidth(title), 24))
	}
	// Headers wrap within 24 columns: give them the lines they need.
	lines := 1
	for _, c := range t.Columns {
		lines = max(lines, (displayWidth(b.langs.Pair(func(l vocab.Lang) string { return l.Title(c) }))+12)/22+1)
	}
	if err := b.f.SetRowHeight(sheet, row, float64(lines)*14); err != nil {
		return 0, err
	}
	for r, cells := range t.Rows {
		for i, c := range cells {
			col := t.Columns[i]
			if !col.Kind.IsNumber() {
				s := b.first.Text(col, c, false)
				if s != "" {
					if err := b.text(sheet, i+1, row+1+r, s, "text"); err != nil {
						return 0, err
					}
				}
				widths[i+1] = max(widths[i+1], min(displayWidth(s), 60))
				continue
			}
			if c.F == nil {
				continue
			}
			v, style := *c.F, map[report.Kind]string{report.Percent: "percent", report.Points: "points", report.Ratio: "ratio", report.Fraction: "fraction", report.Count: "count", report.General: "general"}[col.Kind]
			if col.Kind == report.Amount {
				v /= units[i].Factor()
				style = "amount"
				if units[i] == data.Unit1t {
					style = "trillion"
				}
			}
			if err := b.number(sheet, i+1, row+1+r, v, style); err != nil {
				return 0, err
			}
			widths[i+1] = max(widths[i+1], len(vocab.Thousands(v, 2))+1)
		}
	}
	return row + 1 + len(t.Rows), nil
}

func (b *book) finishSheet(sheet string, widths map[int]int, freezeRow int) error {
	cols := make([]int, 0, len(widths))
	for col := range widths {
		cols = append(cols, col)
	}
	sort.Ints(cols) // map order would make the file differ from run to run
	for _, col := range cols {
		name, _ := excelize.ColumnNumberToName(col)
		if err := b.f.SetColWidth(sheet, name, name, float64(max(widths[col], 6))+2); err != nil {
			return err
		}
	}
	if freezeRow > 0 {
		if err := b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: freezeRow, TopLeftCell: cellName(1, freezeRow+1), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	landscape, one, zero, fit := "landscape", 1, 0, true
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// Write writes the report package as an XLSX workbook in the manner of
// official statistical spreadsheets: Cover, Summary (headline table and
// press paragraphs), Growth, Comparison, Five-year, Breakdown (only when
// the data breaks the total down by a dimension), Series (with native
// line and clustered-column charts on its own cells), Data (every
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
	steps := []func(*book, *report.Package) error{writeCover, writeSummary, writeGrowth, writeComparison, writeFiveYear, writeBreakdown, writeSeries, writeData, writeProvenance, writeNotes}
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
	if stamp := langs.Embargo(pkg.Embargo); stamp != "" {
		// A header on every sheet, on screen in page view and on paper.
		for _, name := range f.GetSheetList() {
			header := "&C&\"-,Bold\"" + strings.ReplaceAll(stamp, "&", "&&")
			if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddHeader: header, EvenHeader: header, FirstHeader: header}); err != nil {
				return err
			}
		}
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	return canonicalZip(w, buf.Bytes())
}

var reDefault = regexp.MustCompile(`<Default Extension="[^"]*" ContentType="[^"]*"></Default>|<Default Extension="[^"]*" ContentType="[^"]*"/>`)

// canonicalZip copies an XLSX package, sorting the <Default> entries of
// [Content_Types].xml: excelize appends image types in map order, which
// would make two runs on the same inputs differ. Entries keep their order
// and get a fixed timestamp.
func canonicalZip(w io.Writer, b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if e.Name == "[Content_Types].xml" {
			content = sortDefaults(content)
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := out.Write(content); err != nil {
			return err
		}
	}
	return zw.Close()
}

func sortDefaults(x []byte) []byte {
	locs := reDefault.FindAllIndex(x, -1)
	if len(locs) < 2 {
		return x
	}
	items := make([]string, len(locs))
	for i, l := range locs {
		items[i] = string(x[l[0]:l[1]])
	}
	sort.Strings(items)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(x[prev:l[0]])
		out.WriteString(items[i])
		prev = l[1]
	}
	out.Write(x[prev:])
	return out.Bytes()
}

func writeCover(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("cover")
	title := b.langs.Pair(func(l vocab.Lang) string { return l.BookTitle(pkg.Series, pkg.Period) })
	if err := b.text(sheet, 1, 1, title, "title"); err != nil {
		return err
	}
	row := 3
	if stamp := b.langs.Embargo(pkg.Embargo); stamp != "" {
		if err := b.text(sheet, 1, row, stamp, "embargo"); err != nil {
			return err
		}
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
	for _, kv := range lines {
		if err := b.text(sheet, 1, row, kv[0], "label"); err != nil {
			return err
		}
		if err := b.text(sheet, 2, row, kv[1], "text"); err != nil {
			return err
		}
		row++
	}
	return b.finishSheet(sheet, map[int]int{1: 28, 2: 90}, 0)
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
		flow := langs.Pair(func(l vocab.Lang) string { return l.Flow(c.Key.Flow) })
		t.Add(report.Str(flow), report.Num(c.Value), report.Num(c.GrowthPct), report.Str(string(c.Basis)), report.Num(c.Ref.GrowthPct),
			report.Num(c.GapPP), report.Num(c.SharePct), report.Num(c.ShareChangePP), report.Num(c.ContributionPP))
	}
	return t
}

func writeSummary(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("summary")
	widths := map[int]int{}
	if err := b.text(sheet, 1, 1, b.langs.Word("book.headline_figures")+b.langs.Pair(func(l vocab.Lang) string { return l.Period(pkg.Period) }), "title"); err != nil {
		return err
	}
	t := summaryTable(pkg, b.langs)
	row, err := b.table(sheet, 3, t, widths)
	if err != nil {
		return err
	}
	row++
	if err := b.text(sheet, 1, row, b.langs.Word("book.press_text"), "label"); err != nil {
		return err
	}
	row++
	var presses []vocab.Paragraph
	facts := report.FactsOf(pkg)
	for _, lg := range b.langs {
		p := lg.Paragraph(facts)
		presses = append(presses, p)
		end := cellName(len(t.Columns), row)
		if err := b.text(sheet, 1, row, p.Text, "wrap"); err != nil {
			return err
		}
		if err := b.f.MergeCell(sheet, cellName(1, row), end); err != nil {
			return err
		}
		lines := utf8.RuneCountInString(p.Text)/90 + 2
		if err := b.f.SetRowHeight(sheet, row, float64(lines)*15); err != nil {
			return err
		}
		row += 2
	}
	// The figures the text uses, as written, so each can be traced.
	if err := b.text(sheet, 1, row, b.langs.Word("book.figures_in_the_press"), "label"); err != nil {
		return err
	}
	row++
	// Each figure is published or computed from comparable published
	// figures (basis): what the press office signs is traceable.
	ft := &report.Table{Columns: []report.Column{{Key: "language"}, {Key: "figure"}, {Key: "value", Word: "book.value", Kind: report.General}, {Key: "as written"}, {Key: "growth_basis", Word: "book.figure_basis", Kind: report.Status}}}
	for _, p := range presses {
		for _, fg := range p.Figures {
			basis := "published"
			if fg.Computed {
				basis = "computed"
			}
			ft.Add(report.Str(p.Lang.String()), report.Str(fg.Label), report.Val(fg.Value), report.Str(fg.Text), report.Str(basis))
		}
	}
	if _, err := b.table(sheet, row, ft, widths); err != nil {
		return err
	}
	return b.finishSheet(sheet, widths, 0)
}

func writeGrowth(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("growth")
	var rows []stats.Growth
	for _, c := range pkg.Headline {
		rows = append(rows, c.Growth)
	}
	for _, c := range pkg.Headline {
		rows = append(rows, c.Ref)
	}
	widths := map[int]int{}
	if _, err := b.table(sheet, 1, report.GrowthTable(rows, pkg.Currency), widths); err != nil {
		return err
	}
	return b.finishSheet(sheet, widths, 1)
}

func writeComparison(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("comparison")
	widths := map[int]int{}
	if _, err := b.table(sheet, 1, report.CompareTable(pkg.Headline, pkg.Currency), widths); err != nil {
		return err
	}
	return b.finishSheet(sheet, widths, 1)
}

func writeFiveYear(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("fiveyear")
	widths := map[int]int{}
	row := 1
	if pkg.Multiple != nil {
		var err error
		if row, err = b.table(sheet, row, report.MultipleTable([]stats.Multiple{*pkg.Multiple}, pkg.Currency), widths); err != nil {
			return err
		}
		row++
	}
	if len(pkg.MultipleYears) > 0 {
		if _, err := b.table(sheet, row, report.TrendTable(pkg.MultipleYears, pkg.Currency), widths); err != nil {
			return err
		}
	}
	return b.finishSheet(sheet, widths, 1)
}

// writeBreakdown writes each ranked breakdown of the total (partner,
// province, HS, trade mode) under a heading, as ceb stats top lays it out.
func writeBreakdown(b *book, pkg *report.Package) error {
	if len(pkg.Breakdowns) == 0 {
		return nil
	}
	sheet := b.langs.SheetName("breakdown")
	widths := map[int]int{}
	row := 1
	for _, bd := range pkg.Breakdowns {
		title := b.langs.Pair(func(l vocab.Lang) string { return l.Dim(bd.By) })
		if err := b.text(sheet, 1, row, title, "label"); err != nil {
			return err
		}
		next, err := b.table(sheet, row+1, report.TopTable(bd.Rows, bd.By, pkg.Currency, bd.Published), widths)
		if err != nil {
			return err
		}
		row = next + 1
	}
	return b.finishSheet(sheet, widths, 0)
}

// writeSeries writes the periods charted, with the native charts that
// reference these cells.
func writeSeries(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("series")
	l := b.first
	t := &report.Table{Currency: pkg.Currency, Columns: []report.Column{
		{Key: "period"},
		{Key: pkg.Series, Word: "series." + pkg.Series, Kind: report.Amount},
		{Key: pkg.Reference, Word: "series." + pkg.Reference, Kind: report.Amount},
		{Key: pkg.Series + " growth", Word: "col.series_growth", Of: pkg.Series, Kind: report.Percent},
		{Key: pkg.Reference + " growth", Word: "col.series_growth", Of: pkg.Reference, Kind: report.Percent},
		{Key: "share", Kind: report.Percent},
	}}
	for _, c := range pkg.History {
		t.Add(report.Str(l.Period(c.Key.Period)), report.Num(c.Value), report.Num(c.Ref.Value), report.Num(c.GrowthPct), report.Num(c.Ref.GrowthPct), report.Num(c.SharePct))
	}
	widths := map[int]int{}
	if _, err := b.table(sheet, 1, t, widths); err != nil {
		return err
	}
	if err := b.finishSheet(sheet, widths, 1); err != nil {
		return err
	}
	n := len(pkg.History)
	if n == 0 {
		return nil
	}
	ref := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, c, c, n+1)
	}
	name := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("'%s'!$%s$1", sheet, c)
	}
	title := func(words func(vocab.Lang) string) excelize.ChartTitle {
		text := b.langs.Pair(words)
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Family: bookFont, Size: 12, Bold: true}}}}
	}
	axisFont := excelize.Font{Family: bookFont, Size: 9}
	line := &excelize.Chart{
		Type:      excelize.Line,
		Series:    []excelize.ChartSeries{{Name: name(2), Categories: ref(1), Values: ref(2), Line: excelize.LineOptions{Width: 2.25}, Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}}},
		Title:     title(func(l vocab.Lang) string { return l.Sprintf("book.chart.value", l.Series(pkg.Series)) }),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}
	if err := b.f.AddChart(sheet, "H2", line); err != nil {
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
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	}
	return b.f.AddChart(sheet, "H20", cols)
}

func writeData(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("data")
	t := report.ObservationTable(pkg.Observations, pkg.Currency)
	widths := map[int]int{}
	if _, err := b.table(sheet, 1, t, widths); err != nil {
		return err
	}
	return b.finishSheet(sheet, widths, 1)
}

// writeProvenance writes one row per figure of the press text and per
// observation it rests on: where it was read (file and line), its vintage
// and source, so that "where does 4.4 come from?" has an answer on paper.
func writeProvenance(b *book, pkg *report.Package) error {
	sheet := b.langs.SheetName("provenance")
	t := &report.Table{Columns: []report.Column{{Key: "language"}, {Key: "figure"}, {Key: "as written"}, {Key: "rests on", Word: "col.rests_on"},
		{Key: "file"}, {Key: "line", Kind: report.Count}, {Key: "vintage"}, {Key: "source"}}}
	facts := report.FactsOf(pkg)
	for _, lg := range b.langs {
		for _, fg := range lg.Paragraph(facts).Figures {
			for _, k := range figureKeys(pkg, fg.Label) {
				for _, o := range observationsOf(pkg, k) {
					t.Add(report.Str(lg.String()), report.Str(fg.Label), report.Str(fg.Text), report.Str(k.String()),
						report.Str(o.Pos.File), report.Val(float64(o.Pos.Line)), report.Str(o.Vintage.String()), report.Str(o.Source))
				}
			}
		}
	}
	widths := map[int]int{}
	if _, err := b.table(sheet, 1, t, widths); err != nil {
		return err
	}
	return b.finishSheet(sheet, widths, 1)
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
	sheet := b.langs.SheetName("notes")
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
			basis := string(g.Basis)
			if basis == "" {
				basis = "n/a: " + g.Reason
			}
			add(b.langs.Word("book.rate_basis"), fmt.Sprintf("%s %s %s: %s", g.Key.Series, g.Key.Flow, g.Key.Period, basis))
		}
	}
	for _, lg := range b.langs {
		for _, n := range lg.Notes(report.PackageNotes(pkg)) {
			add(lg.Word("col.notes"), n)
		}
	}
	for _, s := range pkg.Sources {
		add(b.langs.Word("book.input"), s.Path+"  sha256 "+s.SHA256)
	}
	add(b.langs.Word("book.data_as_of"), pkg.AsOf.String())
	add(b.langs.Word("book.ceb_version"), pkg.Version)
	add(b.langs.Word("book.command_line"), pkg.CommandLine)
	row := 1
	for _, kv := range lines {
		if err := b.text(sheet, 1, row, kv[0], "label"); err != nil {
			return err
		}
		if err := b.text(sheet, 2, row, kv[1], "wrap"); err != nil {
			return err
		}
		if n := displayWidth(kv[1]) / 100; n > 0 {
			if err := b.f.SetRowHeight(sheet, row, float64(n+1)*14); err != nil {
				return err
			}
		}
		row++
	}
	return b.finishSheet(sheet, map[int]int{1: 26, 2: 100}, 0)
}
