package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/cbec-stats/ceb/data"
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
	Meta     Meta   // printed with JSON
}

// Render writes t to w in opt.Format.
func Render(w io.Writer, t *Table, opt Options) error {
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

func renderCSV(w io.Writer, t *Table) error {
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
			case t.Columns[i].Kind == Text:
				rec[i] = c.S
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

func renderJSON(w io.Writer, t *Table, meta Meta) error {
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
			case t.Columns[i].Kind == Text && c.S == "":
				b.WriteString("null")
			case t.Columns[i].Kind == Text:
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
func human(c Cell, col Column, u data.Unit, decimals int) string {
	if col.Kind == Text {
		return c.S
	}
	if c.F == nil {
		if col.Kind == Count {
			return ""
		}
		return "n/a"
	}
	f := *c.F
	switch col.Kind {
	case Amount:
		return thousands(f/u.Factor(), decimals)
	case Percent:
		return signed(f, 1) + "%"
	case Points:
		return signed(f, 1)
	case Ratio:
		return strconv.FormatFloat(stats.Round(f, 1), 'f', 1, 64)
	case Fraction:
		return strconv.FormatFloat(f, 'f', 3, 64)
	case Count:
		return thousands(f, 0)
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

func thousands(f float64, d int) string {
	s := strconv.FormatFloat(stats.Round(f, d), 'f', d, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.,") != "" {
		out = "-" + out
	}
	return out
}

// amountUnit picks the display unit for an Amount column: the requested one,
// or for "auto" trillions when every value is at least one trillion, 100
// million (亿) when every value is at least 100 million, 10 thousand (万) at
// or above ten thousand, else base units. It returns the decimals to show.
func amountUnit(t *Table, col int, want string) (data.Unit, int) {
	if want != "" && want != "auto" {
		u, _, err := data.ParseUnit(want)
		if err == nil {
			return u, decimalsFor(u)
		}
	}
	minAbs := math.Inf(1)
	for _, r := range t.Rows {
		if f := r[col].F; f != nil && *f != 0 {
			minAbs = math.Min(minAbs, math.Abs(*f))
		}
	}
	var u data.Unit
	switch {
	case math.IsInf(minAbs, 1):
		u = data.Unit100m
	case minAbs >= 1e12:
		u = data.Unit1t
	case minAbs >= 1e8:
		u = data.Unit100m
	case minAbs >= 1e4:
		u = data.Unit10k
	default:
		u = data.Unit1
	}
	return u, decimalsFor(u)
}

func decimalsFor(u data.Unit) int {
	switch u {
	case data.Unit1t, data.Unit1b:
		return 2
	case data.Unit100m, data.Unit1m, data.Unit10k, data.Unit1k:
		return 1
	}
	return 2
}

func renderTable(w io.Writer, t *Table, opt Options, markdown bool) error {
	var cols []int
	for i, c := range t.Columns {
		if !c.Detail {
			cols = append(cols, i)
		}
	}
	head := make([]string, 0, len(cols))
	align := make([]tw.Align, 0, len(cols))
	units := map[int]data.Unit{}
	decs := map[int]int{}
	for _, i := range cols {
		c := t.Columns[i]
		title := c.Title(opt.Lang)
		if c.Kind == Amount {
			units[i], decs[i] = amountUnit(t, i, opt.Unit)
			title += " (" + UnitShort(units[i], t.Currency, opt.Lang) + ")"
		}
		head = append(head, title)
		if c.Kind == Text {
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
	return tbl.Render()
}
