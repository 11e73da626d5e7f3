package data

import (
	"math"
	"strings"
	"testing"
)

// The fuzz targets check that no input makes a parser panic, and that what
// parses is sound. .ci/run runs each for a bounded time; crashers found are
// kept under testdata/fuzz as regression cases.

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024", "2024H1", "2024Q4", "2024-06", "2024-01..2024-10", "2024-01..02", "2024年上半年", "2024年1至6月", "2024年一季度", "2024年前三季度", "Jan-Jun 2024", "H1 2024", "2024.06", "202406", "2024Q5", "2024-13", "2023-11..2024-02", "", "年", "２０２４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = invalid %+v", s, p)
		}
		q, err := ParsePeriod(p.String())
		if err != nil || q != p {
			t.Fatalf("canonical form %q of %q does not read back: %v %v", p.String(), s, q, err)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12200", "12,200", "5271.8", "-3.9", "+10.5", "10.5%", "1,2x", "1e400", "NaN", "Inf", "--5", "(12.5)", "１２３", "", "0.000", "999,999,999,999,999,999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, percent bool) {
		n, err := ParseNumber(s, percent)
		if err != nil {
			if !strings.Contains(err.Error(), "not a number") {
				t.Fatalf("error without the sentinel: %v", err)
			}
			return
		}
		if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) || n.Step <= 0 || math.IsInf(n.Step, 0) {
			t.Fatalf("ParseNumber(%q) = %+v", s, n)
		}
	})
}

func FuzzParseUnit(f *testing.F) {
	for _, s := range []string{"1", "10k", "100m", "1t", "亿元", "万亿元", "百万美元", "千美元", "CNY 100 Million", "USD1 Million", "单位：亿元", "Unit: USD 100 Million", "gallons", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, _, err := ParseUnit(s)
		if err == nil && (u.Factor() < 1 || u.Factor() > 1e12) {
			t.Fatalf("ParseUnit(%q) = factor %v", s, u.Factor())
		}
	})
}

// checkLoaded asserts the invariants of a successful load.
