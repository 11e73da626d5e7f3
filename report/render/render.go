package render

import (
	"bytes"
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
	"github.com/cbec-stats/ceb/stats"
)

// Formats lists the output formats.
var Formats = []string{"table", "csv", "json", "markdown"}

// Options control rendering.
type Options struct {
	Format   string // table, csv, json or markdown
	Unit     string // auto or a unit code (1, 10k, 100m, 1b, 1t) for Amount columns in human formats
	Lang     string // en or zh, for human titles and labels
	Terminal bool   // output is a terminal: box-drawing borders
	// Width, when positive, is the terminal's width: a table wider than it
	// leaves out columns that are not key columns, rightmost first, and
	// says so on a line below.
	Width int
	Meta  report.Meta // printed with JSON
}

// Render writes t to w in opt.Format.
func Render(w io.Writer, t *report.Table, opt Options) error {
	switch opt.Format {
	case "", "table":
		return renderTable(w, t, opt, false)
	case "markdown", "md":
		return renderTable(w, t, opt, true)
	case "csv":
		return renderCSV(w, t)
	case "json":
		return renderJSON(w, t, opt.Meta)
	}
	return fmt.Errorf("unknown format %q: use %s", opt.Format, strings.Join(Formats, ", "))
}

// machine formats a number at full precision: the shortest decimal that
// reads back as the same float64, never in exponent form.
func machine(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func renderCSV(w io.Writer, t *report.Table) error {
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
			case t.Columns[i].Kind == report.Text:
				rec[i] = c.S
			case t.Columns[i].Kind == report.List:
				rec[i] = strings.Join(c.L, report.NoteSeparator)
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

func renderJSON(w io.Writer, t *report.Table, meta report.Meta) error {
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
			switch {
			case t.Columns[i].Kind == report.List:
				l, _ := json.Marshal(append([]string{}, c.L...))
				b.Write(l)
			case t.Columns[i].Kind == report.Text && c.S == "":
				b.WriteString("null")
			case t.Columns[i].Kind == report.Text:
				s, _ := json.Marshal(c.S)
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

// human formats one cell for the table and Markdown formats.
func human(c report.Cell, col report.Column, u data.Unit, decimals int) string {
	switch col.Kind {
	case report.Text:
		return c.S
	case report.List:
		return strings.Join(c.L, report.NoteSeparator)
	}
	if c.F == nil {
		if col.Kind == report.Count {
			return ""
		}
		return "n/a"
	}
	f := *c.F
	switch col.Kind {
	case report.Amount:
		return report.Thousands(f/u.Factor(), decimals)
	case report.Percent:
		return signed(f, 1) + "%"
	case report.Points:
		return signed(f, 1)
	case report.Ratio:
		return strconv.FormatFloat(stats.Round(f, 1), 'f', 1, 64)
	case report.Fraction:
		return strconv.FormatFloat(f, 'f', 3, 64)
	case report.Count:
		return report.Thousands(f, 0)
	}
	return machine(f)
}

// binary error of decimal halves (10.45 → 10.5), as published tables do.
func signed(f float64, d int) string {
	r := stats.Round(f, d)
	s := strconv.FormatFloat(r, 'f', d, 64)
	if r > 0 {
		return "+" + s
	}
	if r == 0 {
		return strconv.FormatFloat(0, 'f', d, 64)
	}
	return s
}

func renderTable(w io.Writer, t *report.Table, opt Options, markdown bool) error {
	var cols []int
	for i, c := range t.Columns {
		if !c.Detail {
			cols = append(cols, i)
		}
	}
	var dropped []string
	if opt.Width > 0 && !markdown {
		cols, dropped = fit(t, cols, opt)
	}
	head := make([]string, 0, len(cols))
	align := make([]tw.Align, 0, len(cols))
	units := map[int]data.Unit{}
	decs := map[int]int{}
	for _, i := range cols {
		c := t.Columns[i]
		title := c.Title(opt.Lang)
		if c.Kind == report.Amount {
			units[i], decs[i] = report.AmountUnit(t, i, opt.Unit)
			title += " (" + report.UnitShort(units[i], t.Currency, opt.Lang) + ")"
		}
		head = append(head, title)
		if c.Kind == report.Text {
			align = append(align, tw.AlignLeft)
		} else {
			align = append(align, tw.AlignRight)
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
			rec = append(rec, human(row[i], t.Columns[i], units[i], decs[i]))
		}
		if err := tbl.Append(rec); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	if len(dropped) > 0 {
		sep := ", "
		if opt.Lang == "zh" {
			sep = "、"
		}
		line := fmt.Sprintf(report.Word("note.left_out", opt.Lang), opt.Width, strings.Join(dropped, sep))
		if _, err := io.WriteString(w, wrap(line, opt.Width)+"\n"); err != nil {
			return err
		}
	}
	width := opt.Width
	if markdown {
		width = 0
	}
	return writeNotes(w, t.Notes(), opt.Lang, markdown, width)
}

// writeNotes prints a table's notes below it, one per line ("note: …", in
// Markdown a paragraph each), wrapped to width when it is positive.
func writeNotes(w io.Writer, notes []string, lang string, markdown bool, width int) error {
	for _, n := range notes {
		line := wrap(report.Word("note", lang)+n, width) + "\n"
		if markdown {
			line = "\n" + line
		}
		if _, err := io.WriteString(w, line); err != nil {
			return err
		}
	}
	return nil
}

// fit drops columns that are not key columns, rightmost first, until the
// table is no wider than opt.Width, and returns the columns kept and the
// titles of those left out.
func fit(t *report.Table, cols []int, opt Options) ([]int, []string) {
	width := map[int]int{}
	for _, i := range cols {
		c := t.Columns[i]
		title := c.Title(opt.Lang)
		u, d := data.Unit1, 0
		if c.Kind == report.Amount {
			u, d = report.AmountUnit(t, i, opt.Unit)
			title += " (" + report.UnitShort(u, t.Currency, opt.Lang) + ")"
		}
		width[i] = runewidth.StringWidth(title)
		for _, row := range t.Rows {
			width[i] = max(width[i], runewidth.StringWidth(human(row[i], c, u, d)))
		}
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
				if human(row[i], t.Columns[i], data.Unit1, 0) != "" {
					return false
				}
			}
			return len(t.Rows) > 0
		})
	}
	var dropped []string
	for k := len(cols) - 1; k >= 0 && total(cols) > opt.Width; k-- {
		if c := t.Columns[cols[k]]; !c.Keep {
			dropped = append(dropped, c.Title(opt.Lang))
			cols = append(cols[:k:k], cols[k+1:]...)
		}
	}
	return cols, dropped
}

// wrap breaks s into lines no wider than width (display columns), at the
// last space where there is one (English), else anywhere (Chinese); a
// width of zero or less leaves s alone.
func wrap(s string, width int) string {
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
