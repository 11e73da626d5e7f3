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
