package data

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           PeriodKind
	}{
		{"year", "2023", "2023", KindYear},
		{"half", "2024H1", "2024H1", KindHalf},
		{"half lower case", "2024h2", "2024H2", KindHalf},
		{"quarter", "2024Q1", "2024Q1", KindQuarter},
		{"month", "2024-06", "2024-06", KindMonth},
		{"month one digit", "2024-6", "2024-06", KindMonth},
		{"month dotted", "2024.06", "2024-06", KindMonth},
		{"month compact", "202406", "2024-06", KindMonth},
		{"range full", "2024-01..2024-10", "2024-01..2024-10", KindRange},
		{"range short", "2024-01..10", "2024-01..2024-10", KindRange},
		{"jan-feb", "2024-01..02", "2024-01..2024-02", KindRange},
		{"range that is a half", "2024-01..2024-06", "2024H1", KindHalf},
		{"range that is a quarter", "2020-04..06", "2020Q2", KindQuarter},
		{"range that is a year", "2024-01..12", "2024", KindYear},
		{"zh year", "2024年", "2024", KindYear},
		{"zh first half", "2024年上半年", "2024H1", KindHalf},
		{"zh second half", "2024年下半年", "2024H2", KindHalf},
		{"zh 1-6", "2024年1-6月", "2024H1", KindHalf},
		{"zh 1至6", "2024年1至6月", "2024H1", KindHalf},
		{"zh 1至10", "2024年1至10月", "2024-01..2024-10", KindRange},
		{"zh jan-feb", "2024年1-2月", "2024-01..2024-02", KindRange},
		{"zh 1月-2月", "2024年1月-2月", "2024-01..2024-02", KindRange},
		{"zh quarter", "2024年一季度", "2024Q1", KindQuarter},
		{"zh quarter 第", "2024年第三季度", "2024Q3", KindQuarter},
		{"zh first three quarters", "2024年前三季度", "2024-01..2024-09", KindRange},
		{"zh first n months", "2024年前10个月", "2024-01..2024-10", KindRange},
		{"zh month", "2024年6月", "2024-06", KindMonth},
		{"en range", "Jan-Jun 2024", "2024H1", KindHalf},
		{"en range long", "January-February 2024", "2024-01..2024-02", KindRange},
		{"en half", "H1 2024", "2024H1", KindHalf},
		{"en quarter", "Q3 2024", "2024Q3", KindQuarter},
		{"en month", "Jun 2024", "2024-06", KindMonth},
		{"en month full", "September 2024", "2024-09", KindMonth},
		{"spaces", "  2024H1 ", "2024H1", KindHalf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tt.in, err)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("ParsePeriod(%q) = %s, want %s", tt.in, got, tt.want)
			}
			if p.Kind() != tt.kind {
				t.Errorf("kind = %s, want %s", p.Kind(), tt.kind)
			}
			// The canonical form reads back to the same period.
			q, err := ParsePeriod(p.String())
			if err != nil || q != p {
				t.Errorf("round trip of %s: %v, %v", p, q, err)
			}
		})
	}
}

func TestParsePeriodErrors(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"quarter 5", "2024Q5", "quarters Q1 to Q4"},
		{"month 13", "2024-13", "months run from 1 to 12"},
		{"month 0", "2024-00", "months run from 1 to 12"},
		{"half 3", "2024H3", "halves H1 and H2"},
		{"reversed range", "2024-06..2024-02", "ends before it starts"},
		{"range across years", "2023-11..2024-02", "within one year"},
		{"empty", "", "empty"},
		{"garbage", "last year", "use 2024, 2024H1"},
		{"two-digit year", "24H1", "use 2024"},
		{"full-width digits", "２０２４", "use 2024"},
		{"bad month name", "Foo 2024", "unknown month name"},
		{"zh month 13", "2024年13月", "months run from 1 to 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePeriod(tt.in)
			if err == nil {
				t.Fatalf("ParsePeriod(%q) succeeded", tt.in)
			}
			if !errors.Is(err, ErrPeriod) {
				t.Errorf("error %v does not wrap ErrPeriod", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestPeriodArithmetic(t *testing.T) {
	h1 := MustParsePeriod("2024H1")
	if got := h1.YearAgo().String(); got != "2023H1" {
		t.Errorf("YearAgo = %s", got)
	}
	if !h1.Contains(MustParsePeriod("2024-01..02")) || h1.Contains(MustParsePeriod("2024Q3")) || h1.Contains(MustParsePeriod("2023-03")) {
		t.Error("Contains is wrong")
	}
	if got := len(MustParsePeriod("2024").Months()); got != 12 {
		t.Errorf("a year has %d months", got)
	}
	if !MustParsePeriod("2025").EndsAfter(MustParsePeriod("2025-06")) || !MustParsePeriod("2025H1").EndsAfter(MustParsePeriod("2025-06")) {
		t.Error("EndsAfter is wrong")
	}
}
