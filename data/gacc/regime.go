package gacc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// regimeCols are the four columns of the bulletin table (5), in order:
// exports for the month and January to it, then imports.
var regimeCols = [4]struct {
	flow data.Flow
	ytd  bool
}{{data.Export, false}, {data.Export, true}, {data.Import, false}, {data.Import, true}}

// regimeRow is one row of the table (5): a regime's four values and the
// four year-on-year rates printed on the line below them.
type regimeRow struct {
	label       string
	line        int
	vals, rates [4]data.Number
	has, rated  [4]bool
	rateLine    int // 0 when no line of rates follows
}

// regime reads the bulletin table (5) by customs regime: label | exports
// month | exports January to month | imports month | imports January to
// month, and on the next row, without a label, the four year-on-year %.
// The TOTAL row is all trade; the others carry the trade_mode dimension.
// A "-" cell is missing (no observation, or no rate); a row or a line
// inside the table that is not four numbers or marks is an error naming
// its line, never a row read as nothing.
func (b *gaccBuilder) regime() error {
	m := b.m
	if err := b.needPeriod("customs-regime table", "…by Customs Regime,10.2019"); err != nil {
		return err
	}
	n := len(b.f.List)
	rows := b.regimeRows()
	if len(rows) == 0 {
		return data.Fail(b.g.Name, 0, "no customs-regime rows (TOTAL, Ordinary Trade, …) with four values: %s", gaccExpected)
	}
	b.regimeStrayLines(rows)
	// The errors in the order of their lines, so that the first names the
	// first broken line.
	sort.SliceStable(b.f.List[n:], func(i, j int) bool { return b.f.List[n+i].Line < b.f.List[n+j].Line })
	month, ytd := data.Month(m.year, m.to), data.Range(m.year, 1, m.to)
	for _, r := range rows {
		var dims data.Dims
		if !totalRow(r.label) {
			dims.TradeMode = r.label
		}
		for j, c := range regimeCols {
			if !r.has[j] || c.ytd && m.to == 1 {
				continue // "-", or January to January, which is the month
			}
			p := month
			if c.ytd {
				p = ytd
			}
			b.obs(r.line, c.flow, p, r.vals[j], ptrOf(r.rates[j], r.rated[j]), dims, "")
		}
	}
	return nil
}

// regimeRows reads the table's rows in order. Rows that cannot be read
// before the first row of values are its header (Exports, Imports, 10,
// 1 to 10); after it, each row is a regime's values or, right below them,
// its rates, and any other row is an error naming its line.
func (b *gaccBuilder) regimeRows() []regimeRow {
	var out []regimeRow
	open := -1 // index in b.g.Rows of the row of values whose rates may follow
	type skipped struct {
		i, col int
		err    error
	}
	head := skipped{i: -2} // the last row taken for the header
	bad := func(r Row, col int, err error) {
		b.f.Add(data.SevError, b.g.Name, r.Line, col, err, "row %q: %v; correct the line, writing - for an empty cell", rowText(r), err)
	}
	for i, r := range b.g.Rows {
		label := strings.TrimSpace(r.Cells[0])
		nums, oks, col, err := regimeCells(r)
		switch {
		case err != nil && len(out) == 0:
			head = skipped{i, col, err}
		case err != nil:
			bad(r, col, err)
			open = -1
		case label == "" && len(out) == 0 && head.i == i-1:
			// Rates below a row taken for the header: that row was the
			// first row of values, unreadable.
			bad(b.g.Rows[head.i], head.col, head.err)
		case label != "":
			out = append(out, regimeRow{label: label, line: r.Line, vals: nums, has: oks})
			open = i
		case open >= 0 && open == i-1:
			last := &out[len(out)-1]
			last.rates, last.rated, last.rateLine = nums, oks, r.Line
			open = -1
		default:
			b.f.Add(data.SevError, b.g.Name, r.Line, 0, nil, "rates %q with no row of values right above them (is that row malformed?); give each regime its values, then its rates on the next line", rowText(r))
		}
	}
	return out
}

// regimeCells reads the four cells after the label (trailing empty cells
// of a spanning header left out): a number, or missing for a mark such as
// "-". col is the 1-based column of an unreadable cell, 0 for a wrong count.
func regimeCells(r Row) (nums [4]data.Number, oks [4]bool, col int, err error) {
	cells := r.Cells[1:]
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) != 4 {
		return nums, oks, 0, fmt.Errorf("%d numbers where the table has 4 (exports and imports, the month and January to it)", len(cells))
	}
	for j, c := range cells {
		n, ok, perr := gaccNumber(c)
		if perr != nil {
			return nums, oks, j + 2, fmt.Errorf("cell %d %q is not a number", j+2, c)
		}
		nums[j], oks[j] = n, ok
	}
	return nums, oks, 0, nil
}

// regimeStrayLines reports the text lines inside the table, between its
// first and last rows, and the lines of numbers after it: in page text a
// row with an unreadable last cell is not a row at all, and would
// otherwise drop out unseen.
func (b *gaccBuilder) regimeStrayLines(rows []regimeRow) {
	first, last := rows[0].line, 0
	for _, r := range rows {
		last = max(last, r.line, r.rateLine)
	}
	for _, l := range b.g.Lines {
		if l.line <= first || l.line > last && !numbersLine(l.Text) {
			continue
		}
		b.f.Add(data.SevError, b.g.Name, l.line, 0, nil, "line %q inside the customs-regime table is neither four values nor four rates; correct it, writing - for an empty cell", l.Text)
	}
}

// numbersLine reports whether a text line after a table holds two numbers
// or more, as a broken row does (footnotes beginning Note, 注 or Figures
// in shaded areas are text).
func numbersLine(t string) bool {
	low := strings.ToLower(t)
	for _, p := range []string{"note", "注", "figures in shaded", "source", "release", "date"} {
		if strings.HasPrefix(low, p) {
			return false
		}
	}
	n := 0
	for _, tok := range strings.Fields(t) {
		if _, ok, err := gaccNumber(tok); ok && err == nil {
			n++
		}
	}
	return n >= 2
}

// rowText is a row as one line of text, for messages.
func rowText(r Row) string {
	return strings.TrimSpace(strings.Join(r.Cells, " "))
}
