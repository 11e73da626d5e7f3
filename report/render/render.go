package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

// Formats lists the output formats.
var Formats = []string{"table", "csv", "json", "markdown"}

// Options control rendering.
type Options struct {
	Format   string     // table, csv, json or markdown
	Unit     string     // auto or a unit code (1, 10k, 100m, 1b, 1t) for Amount columns in human formats
	Lang     vocab.Lang // of human titles, labels and every code worded
	Terminal bool       // output is a terminal: box-drawing borders
	// Width, when positive, is the terminal's width: a table wider than it
	// leaves out columns that are not key columns, rightmost first, and
	// says so on a line below.
	Width int
	Meta  report.Meta // printed with JSON
	// Caption, when set, is a line a human table prints above itself: what
	// it shows ("cbec total 2024, ranked by trade mode").
	Caption string
}

// Render writes t to w in opt.Format.
func Render(w io.Writer, t *report.Table, opt Options) error {
	switch opt.Format {
	case "", "table":
		return renderTable(w, t, opt, false)
	case "markdown", "md":
		return renderTable(w, t, opt, true)
	case "csv":
		return renderCSV(w, t, opt.Lang)
	case "json":
		return renderJSON(w, t, opt.Lang, opt.Meta)
	}
	return fmt.Errorf("unknown format %q: use %s", opt.Format, strings.Join(Formats, ", "))
}

// machine formats a number at full precision: the shortest decimal that
// reads back as the same float64, never in exponent form.
func machine(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func renderCSV(w io.Writer, t *report.Table, l vocab.Lang) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Key
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, c := range r {
			switch {
			case !t.Columns[i].Kind.IsNumber():
				rec[i] = l.Text(t.Columns[i], c, true)
			case c.F == nil:
				rec[i] = ""
			default:
				rec[i] = machine(*c.F)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func renderJSON(w io.Writer, t *report.Table, l vocab.Lang, meta report.Meta) error {
	var b bytes.Buffer
	m, err := json.MarshalIndent(meta, "  ", "  ")
	if err != nil {
		return err
	}
	b.WriteString("{\n  \"meta\": ")
	b.Write(m)
	b.WriteString(",\n  \"rows\": [")
	for ri, r := range t.Rows {
		if ri > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    {")
		for i, c := range r {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[i].Key)
			b.Write(k)
			b.WriteString(": ")
			col := t.Columns[i]
			switch {
			case col.Kind == report.Notes:
				n, _ := json.Marshal(append([]string{}, l.Notes(c.N)...))
				b.Write(n)
			case !col.Kind.IsNumber():
				text := l.Text(col, c, true)
				if text == "" {
					b.WriteString("null")
					break
				}
				s, _ := json.Marshal(text)
				b.Write(s)
			case c.F == nil:
				b.WriteString("null")
			default:
				b.WriteString(machine(*c.F))
			}
		}
		b.WriteString("}")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	_, err = w.Write(b.Bytes())
	return err
}

// human formats one cell for the table and Markdown formats: text and
// codes worded, numbers as every human output writes them
// (vocab.Lang.TableNumber).
func human(c report.Cell, col report.Column, u data.Unit, decimals int, l vocab.Lang) string {
	if !col.Kind.IsNumber() {
		return escape(l.Text(col, c, false))
	}
	return l.TableNumber(col, c, u, decimals)
}

func renderTable(w io.Writer, t *report.Table, opt Options, markdown bool) error {
	var cols []int
	for i, c := range t.Columns {
		if !c.Detail {
			cols = append(cols, i)
		}
	}
	var dropped []string
	var limit map[int]int
	split := false
	if opt.Width > 0 && !markdown {
		var fits bool
		cols, dropped, limit, fits, split = fit(t, cols, opt)
		if !fits && t.Stack != nil {
			return renderStack(w, t, opt)
		}
	}
	head := make([]string, 0, len(cols))
	align := make([]tw.Align, 0, len(cols))
	units := map[int]data.Unit{}
	decs := map[int]int{}
	for _, i := range cols {
		c := t.Columns[i]
		title := opt.Lang.Title(c)
		if c.Kind == report.Amount {
			units[i], decs[i] = vocab.AmountUnit(t, i, opt.Unit)
			title += " (" + opt.Lang.UnitShort(units[i], t.Currency) + ")"
		}
		if split {
			title = splitTitle(title)
		}
		head = append(head, title)
		if !c.Kind.IsNumber() {
			align = append(align, tw.AlignLeft)
		} else {
			align = append(align, tw.AlignRight)
		}
	}
	if opt.Caption != "" {
		caption := opt.Caption + "\n"
		if markdown {
			caption += "\n"
		}
		if _, err := io.WriteString(w, caption); err != nil {
			return err
		}
	}
	var r tw.Renderer
	if markdown {
		r = renderer.NewMarkdown()
	} else {
		style := tw.StyleASCII
		if opt.Terminal {
			style = tw.StyleLight
		}
		r = renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(style)})
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(r),
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	hs := make([]any, len(head))
	for i, h := range head {
		hs[i] = h
	}
	tbl.Header(hs...)
	for _, row := range t.Rows {
		rec := make([]string, 0, len(cols))
		for _, i := range cols {
			cell := human(row[i], t.Columns[i], units[i], decs[i], opt.Lang)
			if n, ok := limit[i]; ok {
				cell = shorten(cell, n)
			}
			rec = append(rec, cell)
		}
		if err := tbl.Append(rec); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	if len(dropped) > 0 {
		line := opt.Lang.Sprintf("note.left_out", opt.Width, strings.Join(dropped, opt.Lang.ListSeparator()))
		if _, err := io.WriteString(w, Wrap(line, opt.Width)+"\n"); err != nil {
			return err
		}
	}
	width := opt.Width
	if markdown {
		width = 0
	}
	return writeNotes(w, opt.Lang.Notes(t.Notes()), opt.Lang, markdown, width)
}

// writeNotes prints a table's notes below it, one per line ("note: …", in
// Markdown a paragraph each), wrapped to width when it is positive.
func writeNotes(w io.Writer, notes []string, l vocab.Lang, markdown bool, width int) error {
	for _, n := range notes {
		line := Wrap(l.NoteLine(n), width) + "\n"
		if markdown {
			line = "\n" + line
		}
		if _, err := io.WriteString(w, line); err != nil {
			return err
		}
	}
	return nil
}

// fit drops columns that are not key columns, rightmost first and those
// that qualify a number last, until the table is no wider than opt.Width,
// and returns the columns kept and the titles of those left out. When the
// key columns alone are wider, the text columns (names, text from the data)
// are narrowed, the widest first but never below their title, and limit
// holds the width each may show: a longer cell ends in "…" (shorten).
func fit(t *report.Table, cols []int, opt Options) (kept []int, dropped []string, limit map[int]int, fits, split bool) {
	width, cells := map[int]int{}, map[int]int{}
	titles := map[int]string{}
	for _, i := range cols {
		c := t.Columns[i]
		title := opt.Lang.Title(c)
		u, d := data.Unit1, 0
		if c.Kind == report.Amount {
			u, d = vocab.AmountUnit(t, i, opt.Unit)
			title += " (" + opt.Lang.UnitShort(u, t.Currency) + ")"
		}
		titles[i] = title
		for _, row := range t.Rows {
			cells[i] = max(cells[i], runewidth.StringWidth(human(row[i], c, u, d, opt.Lang)))
		}
		width[i] = max(cells[i], runewidth.StringWidth(title))
	}
	total := func(cs []int) int {
		n := 1
		for _, i := range cs {
			n += width[i] + 3 // "| " and " " before the next border
		}
		return n
	}
	// A column empty in every row (names of codes the lists do not name,
	// say) goes first, unlisted: it holds nothing to leave out.
	if total(cols) > opt.Width {
		cols = slices.DeleteFunc(cols, func(i int) bool {
			for _, row := range t.Rows {
				if human(row[i], t.Columns[i], data.Unit1, 0, opt.Lang) != "" {
					return false
				}
			}
			return len(t.Rows) > 0
		})
	}
	// Plain columns go first, then those that qualify a number (basis,
	// check, reason, the computed rate): a rate without them would look
	// published.
	for _, qualifies := range []bool{false, true} {
		for k := len(cols) - 1; k >= 0 && total(cols) > opt.Width; k-- {
			if c := t.Columns[cols[k]]; !c.Keep && c.Qualifies == qualifies {
				dropped = append(dropped, opt.Lang.Title(c))
				cols = append(cols[:k:k], cols[k+1:]...)
			}
		}
	}
	limit = map[int]int{}
	for total(cols) > opt.Width {
		widest := -1
		for _, i := range cols {
			c := t.Columns[i]
			if (c.Kind == report.Text || c.Kind == report.RankLabel) && width[i] > max(runewidth.StringWidth(opt.Lang.Title(c)), 2) && (widest < 0 || width[i] > width[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		width[widest]--
		limit[widest] = width[widest]
	}
	// Still too wide: the headers' parentheses (units, "pp") go on a line
	// of their own, "first" over "(CNY 100m)".
	if total(cols) > opt.Width {
		split = true
		for _, i := range cols {
			if _, shortened := limit[i]; shortened {
				continue
			}
			w := cells[i]
			for _, line := range strings.Split(splitTitle(titles[i]), "\n") {
				w = max(w, runewidth.StringWidth(line))
			}
			width[i] = w
		}
	}
	return cols, dropped, limit, total(cols) <= opt.Width, split
}

// splitTitle puts a header's parenthesis on a second line: "first (CNY
// 100m)" becomes "first" over "(CNY 100m)", 增速修订(百分点) 增速修订 over
// (百分点).
func splitTitle(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i] + "\n" + s[i+1:]
	}
	for _, open := range []string{"(", "（"} {
		if i := strings.Index(s, open); i > 0 {
			return s[:i] + "\n" + s[i:]
		}
	}
	return s
}

// renderStack writes a table too wide for the terminal in its narrow
// layout (report.Stack): a heading line for each run of rows that share
// the group columns, then a line per row, "* label  before → after", the
// star marking a row whose mark column holds a flag, the after text on a
// line of its own when the two do not fit on one; a legend says what the
// star means. Empty texts show as "–".
func renderStack(w io.Writer, t *report.Table, opt Options) error {
	st := t.Stack
	cell := func(row []report.Cell, i int) string {
		return human(row[i], t.Columns[i], data.Unit1, 0, opt.Lang)
	}
	labelWidth := 0
	for _, row := range t.Rows {
		labelWidth = max(labelWidth, runewidth.StringWidth(cell(row, st.Label)))
	}
	indent := 2 + labelWidth + 2 // "* " label "  "
	room := max(opt.Width-indent, 10)
	var b strings.Builder
	if opt.Caption != "" {
		b.WriteString(opt.Caption + "\n")
	}
	marked, last := false, ""
	for _, row := range t.Rows {
		var group []string
		for _, i := range st.Group {
			group = append(group, cell(row, i))
		}
		if g := strings.Join(group, " "); g != last {
			b.WriteString(g + "\n")
			last = g
		}
		mark := "  "
		if cell(row, st.Mark) != "" {
			mark, marked = "* ", true
		}
		from, to := cmp.Or(cell(row, st.From), "–"), cmp.Or(cell(row, st.To), "–")
		label := cell(row, st.Label)
		pad := strings.Repeat(" ", labelWidth-runewidth.StringWidth(label)+2)
		if line := from + " → " + to; runewidth.StringWidth(line) <= room {
			b.WriteString(mark + label + pad + line + "\n")
			continue
		}
		b.WriteString(mark + label + pad + shorten(from, room) + "\n")
		b.WriteString(strings.Repeat(" ", indent) + shorten("→ "+to, room) + "\n")
	}
	if marked {
		b.WriteString(Wrap(opt.Lang.Sprintf("note.stack_mark", opt.Lang.Title(t.Columns[st.Mark])), opt.Width) + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return writeNotes(w, opt.Lang.Notes(t.Notes()), opt.Lang, false, opt.Width)
}

// shorten cuts s to width display columns, ending in "…" when it cuts.
func shorten(s string, width int) string {
	if runewidth.StringWidth(s) <= width {
		return s
	}
	return runewidth.Truncate(s, width, "…")
}

// noLineStart are the characters a Chinese line may not start with.
const noLineStart = "，。、；：！？）】」』”’》〉…—,.;:!?)"

// Wrap breaks s into lines no wider than width (display columns), at the
// last space where there is one (English), else anywhere (Chinese), never
// before closing punctuation; a width of zero or less leaves s alone. It
// is how every note below a table is wrapped.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out strings.Builder
	line := []rune{}
	lineWidth, lastSpace := 0, -1
	for _, r := range s {
		line = append(line, r)
		lineWidth += runewidth.RuneWidth(r)
		if r == ' ' {
			lastSpace = len(line) - 1
		}
		if lineWidth <= width {
			continue
		}
		cut := len(line) - 1
		// A line never starts with closing punctuation (，。、）…): the
		// character before it goes down with it.
		for cut > 1 && strings.ContainsRune(noLineStart, line[cut]) {
			cut--
		}
		rest := line[cut:]
		if lastSpace > 0 {
			cut, rest = lastSpace, line[lastSpace+1:]
		}
		out.WriteString(strings.TrimRight(string(line[:cut]), " "))
		out.WriteString("\n")
		line = append([]rune{}, rest...)
		lineWidth, lastSpace = runewidth.StringWidth(string(line)), -1
	}
	out.WriteString(string(line))
	return out.String()
}

// escape makes text from the data safe for a terminal: control characters
// (an ESC that would clear the screen or set the window title, a newline
// that would break a row) are shown as Go escapes (\x1b, \n) instead of
// being sent to the terminal.
func escape(s string) string { return data.EscapeControl(s) }
