package vocab

import (
	"math"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// Thousands writes f rounded to d decimals with thousands separators:
// 12,200.0.
func Thousands(f float64, d int) string {
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

// AmountUnit picks the display unit for the Amount columns of a table (col
// is one of them): the requested one, or for "auto" trillions when every
// amount is at least one trillion, 100 million (亿) when every amount is at
// least 100 million, 10 thousand (万) at or above ten thousand, else base
// units. It returns the decimals to show.
func AmountUnit(t *report.Table, col int, want string) (data.Unit, int) {
	if want != "" && want != "auto" {
		u, _, err := data.ParseUnit(want)
		if err == nil {
			return u, decimalsFor(u)
		}
	}
	// One unit for every amount of the table, so that columns compare at a
	// glance: not CNY tn in one and CNY 100m in the next.
	minAbs := math.Inf(1)
	for _, r := range t.Rows {
		for i, c := range t.Columns {
			if f := r[i].F; c.Kind == report.Amount && !c.Detail && f != nil && *f != 0 {
				minAbs = math.Min(minAbs, math.Abs(*f))
			}
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

// TableNumber writes the number of a cell of a number column c as the
// human tables write it: an amount in unit u with decimals and thousands
// separators (12,200.0), a percentage signed to one decimal (+10.5%),
// a share unsigned (5.8%), a unit value with separators (2,400.00),
// points signed (+4.4), a ratio to one decimal (2.2), a fraction to three
// (0.987), a count with separators. A missing number is "n/a" (无数据); a
// missing count is empty.
func (l Lang) TableNumber(c report.Column, cell report.Cell, u data.Unit, decimals int) string {
	if cell.F == nil {
		if c.Kind == report.Count {
			return ""
		}
		return l.Word("note.nodata")
	}
	f := *cell.F
	switch c.Kind {
	case report.Amount:
		return Thousands(f/u.Factor(), decimals)
	case report.Percent:
		return signedDecimal(f, 1) + "%"
	case report.Share:
		return strconv.FormatFloat(stats.Round(f, 1), 'f', 1, 64) + "%"
	case report.Price:
		return Thousands(f, 2)
	case report.Points:
		return signedDecimal(f, 1)
	case report.Ratio:
		return strconv.FormatFloat(stats.Round(f, 1), 'f', 1, 64)
	case report.Fraction:
		return strconv.FormatFloat(f, 'f', 3, 64)
	case report.Count:
		return Thousands(f, 0)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// signedDecimal writes f to d decimals with its sign, "+" included; zero
// at that precision is unsigned.
func signedDecimal(f float64, d int) string {
	r := stats.Round(f, d)
	s := strconv.FormatFloat(r, 'f', d, 64)
	switch {
	case r > 0:
		return "+" + s
	case r == 0:
		return strconv.FormatFloat(0, 'f', d, 64)
	}
	return s
}
