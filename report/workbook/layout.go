package workbook

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

// Column widths, in Excel's units (about one Latin character of the book
// font; a Chinese character counts two). Text wraps within its column, so
// no table is wider than a landscape page at a readable size.
const (
	minWidth    = 6
	numberWidth = 14 // widest number column; headers wrap above it
	textWidth   = 26 // widest column of names and codes
	longWidth   = 44 // notes, reasons and addresses
	lineHeight  = 14 // points per line of 10-point Noto Sans CJK
)

// sheet is a worksheet being laid out: its column widths and the cells
// that wrap, whose rows get the height their lines need once the widths
// are known.
type sheet struct {
	name   string
	widths map[int]int
	wraps  []wrapped
	// titleRows are the rows at the top frozen on screen; printRows those
	// repeated on every printed page (0: none).
	titleRows, printRows int
}

type wrapped struct {
	row, col, span int
	text           string
	bold           bool
}

func (b *book) sheet(key string) *sheet {
	return &sheet{name: b.langs.SheetName(key), widths: map[int]int{}}
}

// width widens column col to at least w.
func (s *sheet) width(col, w int) { s.widths[col] = max(s.widths[col], w) }

// wrap records a cell whose text may need more than one line.
func (s *sheet) wrap(row, col, span int, text string, bold bool) {
	s.wraps = append(s.wraps, wrapped{row, col, span, text, bold})
}

// displayWidth is the width of s in Excel's column units: a Latin
// character of the 10-point book font is about 0.9 of a unit, a Chinese
// character (any wide character) about two.
func displayWidth(s string) int { return int(math.Ceil(width(s))) }

func width(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 1.7
		} else {
			w += 0.9
		}
	}
	return w
}

// tokens splits a line where it may wrap: after a space, and around every
// wide character.
func tokens(s string) []string {
	var out []string
	cur := strings.Builder{}
	for _, r := range s {
		switch {
		case r >= 0x2E80:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			out = append(out, string(r))
		case unicode.IsSpace(r):
			cur.WriteRune(r)
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// lines is the number of lines s takes wrapped in a column of width w.
func lines(s string, w int, bold bool) int {
	room := float64(w) - 1.5
	scale := 1.0
	if bold {
		scale = 1.08
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n++
		cur := 0.0
		for _, t := range tokens(para) {
			if cur > 0 && cur+width(strings.TrimRight(t, " "))*scale > room {
				n++
				cur = 0
			}
			cur += width(t) * scale
			for cur > room && room > 0 {
				n++
				cur -= room
			}
		}
	}
	return n
}

// longestWord is the display width of the widest token of s.
func longestWord(s string) int {
	w := 0
	for _, t := range tokens(strings.ReplaceAll(s, "\n", " ")) {
		w = max(w, displayWidth(strings.TrimSpace(t)))
	}
	return w
}

// cellOut is a cell as the workbook writes it: text, or a number with the
// name of its style.
type cellOut struct {
	text  string
	num   *float64
	style string
}

var periodKeys = map[string]bool{"period": true, "base_period": true, "from": true, "to": true}

// dateKeys are the columns of release dates, written as dates (a number
// Excel sorts and filters as a date) and centred, so that a date never
// runs into the number beside it.
var dateKeys = map[string]bool{"first_vintage": true, "latest_vintage": true}

// signedKeys are the percentages that are changes, written with their
// sign as points are: a revision of +2.2% or −4.1%.
var signedKeys = map[string]bool{"revision_pct": true, "mean_revision_pct": true}

// excelEpoch is day 0 of Excel's dates (1900 date system, after its leap
// year bug).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// cell words a table cell for a reader: flows, series and statuses in
// words, periods as labels (an English year as the number it is), numbers
// with the style of their kind.
func (b *book) cell(c report.Column, cell report.Cell, units map[int]data.Unit, i int) cellOut {
	l := b.first
	if c.Kind.IsNumber() {
		if cell.F == nil {
			return cellOut{}
		}
		v := *cell.F
		style := map[report.Kind]string{report.Percent: "percent", report.Share: "percent", report.Price: "price", report.Points: "points", report.Ratio: "ratio", report.Fraction: "fraction", report.Count: "count", report.General: "general"}[c.Kind]
		if c.Kind == report.Percent && signedKeys[c.Key] {
			style = "signed"
		}
		if c.Kind == report.Amount {
			v /= units[i].Factor()
			style = "amount"
			if units[i] == data.Unit1t {
				style = "trillion"
			}
		}
		return cellOut{num: &v, style: style}
	}
	switch {
	case dateKeys[c.Key] && cell.S != "":
		d, err := data.ParseDate(cell.S)
		if err != nil {
			return cellOut{text: cell.S, style: "text"}
		}
		days := math.Round(d.Time().Sub(excelEpoch).Hours() / 24)
		return cellOut{num: &days, style: "date"}
	case c.Kind == report.Flow || (c.Kind == report.Text && c.Key == "flow"):
		if cell.S == "" {
			return cellOut{}
		}
		return cellOut{text: l.Flow(data.Flow(cell.S)), style: "text"}
	case c.Kind == report.Text && (c.Key == "series" || c.Key == "reference"):
		if cell.S == "" {
			return cellOut{}
		}
		return cellOut{text: l.Series(cell.S), style: "text"}
	case c.Kind == report.Period || (c.Kind == report.Text && periodKeys[c.Key]):
		p, err := data.ParsePeriod(cell.S)
		if err != nil || cell.S == "" {
			return cellOut{text: cell.S, style: "text"}
		}
		if p.Kind() == data.KindYear && l == vocab.En {
			y := float64(p.Year)
			return cellOut{num: &y, style: "year"}
		}
		return cellOut{text: l.Period(p), style: "text"}
	case c.Kind == report.Status:
		return cellOut{text: l.BookStatus(cell.S), style: "status"}
	case c.Kind == report.Notes:
		return cellOut{text: strings.Join(l.Notes(cell.N), "\n"), style: "wrap"}
	}
	return cellOut{text: l.Text(c, cell, false), style: "wrap"}
}

// capOf is the widest a column of kind k and key may be before it wraps.
func capOf(c report.Column) int {
	switch {
	case c.Kind.IsNumber():
		return numberWidth
	case c.Kind == report.Notes || c.Kind == report.Reason || c.Key == "source" || c.Key == "note":
		return longWidth
	}
	return textWidth
}

// title is a column's heading in each of the book's languages, one per
// line, with its unit: an amount's currency and scale, "%" or points.
func (b *book) title(t *report.Table, i int, units map[int]data.Unit) string {
	c := t.Columns[i]
	parts := make([]string, len(b.langs))
	for j, l := range b.langs {
		s := l.Title(c)
		switch c.Kind {
		case report.Amount:
			s += " (" + l.UnitShort(units[i], t.Currency) + ")"
		case report.Percent:
			if !strings.Contains(s, "%") {
				s += unitSuffix(l, l.Word("book.unit.percent"))
			}
		case report.Points:
			if !strings.Contains(s, "pp") && !strings.Contains(s, "point") && !strings.Contains(s, "百分点") {
				s += unitSuffix(l, l.Word("book.unit.points"))
			}
		}
		parts[j] = s
	}
	return strings.Join(parts, "\n")
}

func unitSuffix(l vocab.Lang, unit string) string {
	if l == vocab.Zh {
		return "(" + unit + ")"
	}
	return ", " + unit
}

// shown reports whether the workbook shows column i of t: a column human
// tables leave out (Detail) only when detail is asked for, never the unit
// code (the heading names the unit), and never a column empty in every
// row. Notes always have their own column.
func shown(t *report.Table, i int, detail bool) bool {
	c := t.Columns[i]
	if c.Key == "unit" || (c.Detail && !detail && c.Kind != report.Notes) {
		return false
	}
	for _, r := range t.Rows {
		cell := r[i]
		if cell.F != nil || cell.S != "" || len(cell.N) > 0 || cell.Sign != nil || cell.Row != "" {
			return true
		}
	}
	return false
}

// table writes t at row (1-based) from column 1 and returns the next free
// row. Amounts go in 亿 (100 million) of t.Currency, or trillions when
// every value is at least one; percentages are numbers in percent with one
// decimal. Missing numbers are empty cells. detail keeps the columns human
// tables leave out.
func (b *book) table(s *sheet, row int, t *report.Table, detail bool) (int, error) {
	units := map[int]data.Unit{}
	col := 0
	for i, c := range t.Columns {
		if !shown(t, i, detail) {
			continue
		}
		col++
		if c.Kind == report.Amount {
			u, _ := vocab.AmountUnit(t, i, "auto")
			if u != data.Unit1t {
				u = data.Unit100m
			}
			units[i] = u
		}
		title := b.title(t, i, units)
		if err := b.text(s.name, col, row, title, "header"); err != nil {
			return 0, err
		}
		s.wrap(row, col, 1, title, true)
		// A heading wraps to at most three lines, never inside a word.
		w := max(longestWord(title)+2, (displayWidth(title)+2)/3+2)
		for r, cells := range t.Rows {
			out := b.cell(c, cells[i], units, i)
			switch {
			case out.num != nil:
				if err := b.number(s.name, col, row+1+r, *out.num, out.style); err != nil {
					return 0, err
				}
				w = max(w, len(vocab.Thousands(*out.num, 2))+3)
			case out.text != "":
				if err := b.text(s.name, col, row+1+r, out.text, out.style); err != nil {
					return 0, err
				}
				s.wrap(row+1+r, col, 1, out.text, false)
				for _, line := range strings.Split(out.text, "\n") {
					w = max(w, displayWidth(line)+2)
				}
			}
		}
		s.width(col, min(w, max(capOf(c), longestWord(title)+2)))
	}
	return row + 1 + len(t.Rows), nil
}

// finish sets the sheet's column widths and row heights, freezes its title
// rows and sets it up for print: A4 landscape, one page wide and as many
// tall as needed, the title rows repeated on every page.
func (b *book) finish(s *sheet) error {
	cols := make([]int, 0, len(s.widths))
	for col := range s.widths {
		cols = append(cols, col)
	}
	sort.Ints(cols) // map order would make the file differ from run to run
	for _, col := range cols {
		name, _ := excelize.ColumnNumberToName(col)
		if err := b.f.SetColWidth(s.name, name, name, float64(max(s.widths[col], minWidth))); err != nil {
			return err
		}
	}
	heights := map[int]int{}
	for _, w := range s.wraps {
		width := 0
		for c := w.col; c < w.col+w.span; c++ {
			width += max(s.widths[c], minWidth)
		}
		heights[w.row] = max(heights[w.row], lines(w.text, width, w.bold))
	}
	rows := make([]int, 0, len(heights))
	for r := range heights {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	for _, r := range rows {
		if n := heights[r]; n > 1 {
			if err := b.f.SetRowHeight(s.name, r, float64(n*lineHeight)+2); err != nil {
				return err
			}
		}
	}
	if s.titleRows > 0 {
		if err := b.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: s.titleRows, TopLeftCell: cellName(1, s.titleRows+1), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	if s.printRows > 0 {
		if err := b.f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: "'" + strings.ReplaceAll(s.name, "'", "''") + "'!$1:$" + strconv.Itoa(s.printRows),
			Scope:    s.name,
		}); err != nil {
			return err
		}
	}
	landscape, a4, one, zero, fit := "landscape", 9, 1, 0, true
	if err := b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	margin := 0.5
	header := 0.3
	if err := b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: ptr(0.75), Bottom: ptr(0.75), Header: &header, Footer: &header}); err != nil {
		return err
	}
	return b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func ptr[T any](v T) *T { return &v }

// headerFooter is the page header and footer of every sheet: the book's
// title (and the embargo stamp) above, the source and the page number
// below, in the book's languages.
func (b *book) headerFooter(title, stamp string) *excelize.HeaderFooterOptions {
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	// The size comes before the font: a size code right before the text
	// would swallow its leading digits ("&11" + "2024…").
	font := "&11&\"" + bookFont + ",Bold\""
	header := "&C" + font + esc(title)
	if stamp != "" {
		header += "\n&KC00000" + font + esc(stamp)
	}
	plain := "&9&\"" + bookFont + ",Regular\""
	footer := "&L" + plain + esc(b.langs.Word("book.print.source")) +
		"&R" + plain + b.langs.Word("book.print.page")
	return &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer}
}

// reWritten finds the number in a press figure as written.
var reWritten = regexp.MustCompile(`^([^0-9"]*)([0-9][0-9,]*)(?:\.([0-9]+))?([^0-9"]*)$`)

// written is a press figure as written ("RMB 1.22 trillion", "4.4个百分点")
// as a number with a number format that writes it so: the cell holds 1.22,
// and Excel shows the text around it. ok is false when the text is not one
// number with words around it.
func written(s string) (v float64, format string, ok bool) {
	m := reWritten.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	digits := strings.ReplaceAll(m[2], ",", "")
	if m[3] != "" {
		digits += "." + m[3]
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, "", false
	}
	f := "0"
	if strings.Contains(m[2], ",") {
		f = "#,##0"
	}
	if m[3] != "" {
		f += "." + strings.Repeat("0", len(m[3]))
	}
	quote := func(t string) string {
		if t == "" {
			return ""
		}
		return `"` + t + `"`
	}
	return v, quote(m[1]) + f + quote(m[4]), true
}

// writtenStyle is the style of a press figure written as format.
func (b *book) writtenStyle(format string) (int, error) {
	if id, ok := b.formats[format]; ok {
		return id, nil
	}
	id, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bookFont, Size: bookFontSize}, CustomNumFmt: &format, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top", Indent: 1}})
	if err != nil {
		return 0, err
	}
	b.formats[format] = id
	return id, nil
}

// figure writes a press figure as written: a number whose format shows the
// words around it, or, if the text is not one number, the text.
func (b *book) figure(s *sheet, col, row int, text string) error {
	v, format, ok := written(text)
	if !ok {
		s.wrap(row, col, 1, text, false)
		return b.text(s.name, col, row, text, "wrap")
	}
	id, err := b.writtenStyle(format)
	if err != nil {
		return err
	}
	c := cellName(col, row)
	if err := b.f.SetCellFloat(s.name, c, v, -1, 64); err != nil {
		return err
	}
	return b.f.SetCellStyle(s.name, c, c, id)
}

// record writes the first row of t as a list from row down: each shown
// column's title in column A, its value in column B. It returns the next
// free row.
func (b *book) record(s *sheet, row int, t *report.Table) (int, error) {
	if len(t.Rows) == 0 {
		return row, nil
	}
	units := map[int]data.Unit{}
	for i, c := range t.Columns {
		if !shown(t, i, false) {
			continue
		}
		if c.Kind == report.Amount {
			u, _ := vocab.AmountUnit(t, i, "auto")
			if u != data.Unit1t {
				u = data.Unit100m
			}
			units[i] = u
		}
		title := strings.ReplaceAll(b.title(t, i, units), "\n", " / ")
		if err := b.text(s.name, 1, row, title, "label"); err != nil {
			return 0, err
		}
		s.wrap(row, 1, 1, title, true)
		s.width(1, min(displayWidth(title)+3, textWidth))
		out := b.cell(c, t.Rows[0][i], units, i)
		switch {
		case out.num != nil:
			if err := b.number(s.name, 2, row, *out.num, out.style); err != nil {
				return 0, err
			}
			s.width(2, len(vocab.Thousands(*out.num, 2))+3)
		case out.text != "":
			// Text runs across the columns of any table above it.
			span := max(len(s.widths)-1, 1)
			if err := b.text(s.name, 2, row, out.text, out.style); err != nil {
				return 0, err
			}
			if span > 1 {
				if err := b.f.MergeCell(s.name, cellName(2, row), cellName(1+span, row)); err != nil {
					return 0, err
				}
			}
			s.wrap(row, 2, span, out.text, false)
		}
		row++
	}
	return row, nil
}
