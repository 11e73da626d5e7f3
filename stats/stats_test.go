package stats

import (
	"errors"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

// fixture loads testdata/monthly.csv as of asOf ("" = everything). The
// expected numbers below come from testdata/check.R (R 4, base lm), which
// recomputes them independently from the same figures.
func fixture(t *testing.T, asOf string) *data.View {
	t.Helper()
	ds, err := load.Load("testdata/monthly.csv", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var d data.Date
	if asOf != "" {
		d, _ = data.ParseDate(asOf)
	}
	return data.NewView(ds, d)
}

func TestYoY(t *testing.T) {
	tests := []struct {
		name, series, period, asOf string
		cur                        data.Currency
		flow                       data.Flow
		computed                   float64 // from check.R
		headline                   float64
		basis                      Basis
		consistency                Consistency
		derived                    string
	}{
		{"january-february", "m", "2024-01..02", "", data.CNY, data.Total, 15, 15, Reported, OK, ""},
		{"month first release", "m", "2024-03", "2024-04-30", data.CNY, data.Total, 18.1818181818, 18.2, Reported, OK, ""},
		// March 2024 revised on 2024-05-09 against March 2023 as first
		// published: the computed rate breaks the comparable basis.
		{"month revised, no published rate", "m", "2024-03", "", data.CNY, data.Total, 16.3636363636, 16.3636363636, Computed, MixedVintage, ""},
		{"quarter from jan-feb and march", "m", "2024Q1", "", data.CNY, data.Total, 15.4838709677, 15.4838709677, Computed, MixedVintage, "sum of 2024-01..2024-02, 2024-03"},
		{"half from the year to date and June (fewest pieces)", "m", "2024H1", "", data.CNY, data.Total, 12.9927007299, 12.9927007299, Computed, "", "sum of 2024-01..2024-05, 2024-06"},
		{"year to date against a derived base", "m", "2024-01..2024-05", "", data.CNY, data.Total, 12.4324324324, 12.4, Reported, OK, ""},
		{"USD beside CNY", "m", "2024-01..02", "", data.USD, data.Total, 12.0689655172, 12.1, Reported, OK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := fixture(t, tt.asOf)
			g, err := YoY(v, data.Key{Series: tt.series, Flow: tt.flow, Period: data.MustParsePeriod(tt.period), Currency: tt.cur})
			if err != nil {
				t.Fatal(err)
			}
			near(t, "computed", g.ComputedPct, tt.computed, 1e-9)
			near(t, "headline", g.GrowthPct, tt.headline, 1e-9)
			if g.Basis != tt.basis || g.Consistency != tt.consistency || g.Derived != tt.derived {
				t.Errorf("basis %q consistency %q derived %q; want %q %q %q", g.Basis, g.Consistency, g.Derived, tt.basis, tt.consistency, tt.derived)
			}
			if g.Change == nil || *g.Change != *g.Value-*g.BaseValue {
				t.Errorf("change = %v", g.Change)
			}
			switch {
			case tt.consistency == MixedVintage && !strings.Contains(g.Reason, "(2024-05-09)"):
				t.Errorf("reason %q does not name the revision's vintage", g.Reason)
			case tt.consistency != MixedVintage && g.Reason != "":
				t.Errorf("reason %q on a complete row", g.Reason)
			}
		})
	}
}

func TestYoYInterval(t *testing.T) {
	g, err := YoY(fixture(t, ""), data.Key{Series: "m", Flow: data.Total, Period: data.MustParsePeriod("2024-01..2024-05"), Currency: data.CNY})
	if err != nil {
		t.Fatal(err)
	}
	// check.R: ytd5_low, ytd5_high (624 has step 1; the base 200+110+120+125
	// has half-widths 50+5+5+0.5, by the trailing-zero rule).
	near(t, "low", g.ComputedLow, 1.2997562957, 1e-9)
	near(t, "high", g.ComputedHigh, 26.2891809909, 1e-9)
}

func TestYoYEdgeCases(t *testing.T) {
	v := fixture(t, "")
	tests := []struct {
		name, series, period string
		flow                 data.Flow
		reason               string
		signChange           bool
	}{
		{"zero base", "z", "2024", data.Total, "zero base", false},
		{"negative base, still negative", "q", "2024", data.Total, "negative base", false},
		{"a total that changes sign", "n", "2024", data.Total, "the value changed sign", true},
		{"balance changes sign", "b", "2024", data.Balance, "changed sign", true},
		{"missing base", "m", "2023-03", data.Total, "no data for the base period 2022-03", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := YoY(v, data.Key{Series: tt.series, Flow: tt.flow, Period: data.MustParsePeriod(tt.period), Currency: data.CNY})
			if err != nil {
				t.Fatal(err)
			}
			if g.GrowthPct != nil || g.ComputedPct != nil {
				t.Errorf("a rate was given: %v / %v", g.GrowthPct, g.ComputedPct)
			}
			if !strings.Contains(g.Reason, tt.reason) || g.SignChange != tt.signChange {
				t.Errorf("reason %q sign change %v; want %q %v", g.Reason, g.SignChange, tt.reason, tt.signChange)
			}
			if g.Value == nil {
				t.Error("the current level was dropped")
			}
		})
	}
	t.Run("balance levels", func(t *testing.T) {
		g, _ := YoY(v, data.Key{Series: "b", Flow: data.Balance, Period: data.Year(2024), Currency: data.CNY})
		if *g.Value != 20e8 || *g.BaseValue != -20e8 || *g.Change != 40e8 {
			t.Errorf("balance %v base %v change %v", *g.Value, *g.BaseValue, *g.Change)
		}
	})
	t.Run("missing months are an error", func(t *testing.T) {
		_, err := YoY(v, data.Key{Series: "m", Flow: data.Total, Period: data.MustParsePeriod("2024Q3"), Currency: data.CNY})
		if !errors.Is(err, data.ErrNoData) || !strings.Contains(err.Error(), "months 2024-08 are missing") {
			t.Errorf("got %v", err)
		}
	})
}

// The levels 1105 against 1000 allow 10 to 11% (lo, hi). The implied
// bases are worked by hand: 1105 / 1.12 = 986.6 (−1.3% from 1000, a
// revision), 1105 / 1.25 = 884 (−11.6%, none), 1105 / 1.0 = 1105 (+10.5%,
// none); the bound's edges: 1105 / 1.0526 = 1049.8 (+4.98%) and 1105 / 1.0520
// = 1050.4 (+5.04%).
func TestConsistency(t *testing.T) {
	d := func(s string) data.Date { x, _ := data.ParseDate(s); return x }
	lo, hi := 10.0, 11.0
	tests := []struct {
		name      string
		reported  float64
		base, cur data.Date
		want      Consistency
	}{
		{"inside", 10.5, d("2024-01-01"), d("2024-01-01"), OK},
		{"just outside but within the published rounding", 11.04, d("2024-01-01"), d("2024-01-01"), OK},
		{"outside, older base, a plausible revision", 12, d("2023-01-01"), d("2024-01-01"), RevisedBase},
		{"outside, base as recent", 12, d("2024-01-01"), d("2024-01-01"), Inconsistent},
		{"outside below", 9.9, d("2024-01-01"), d("2024-01-01"), Inconsistent},
		{"older base, but the implied base 11.6% lower", 25, d("2023-01-01"), d("2024-01-01"), Inconsistent},
		{"older base, the implied base 10.5% higher", 0, d("2023-01-01"), d("2024-01-01"), Inconsistent},
		{"implied base just inside the bound", 5.26, d("2023-01-01"), d("2024-01-01"), RevisedBase},
		{"implied base just outside the bound", 5.20, d("2023-01-01"), d("2024-01-01"), Inconsistent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := consistency(tt.reported, &lo, &hi, tt.base, tt.cur, 1105, 1000); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	c, err := Compare(fixture(t, ""), data.Key{Series: "m", Flow: data.Total, Period: data.Half(2024, 1), Currency: data.CNY}, "r")
	if err != nil {
		t.Fatal(err)
	}
	// Gap: round1(12.9927) − round1(5.0) = 13.0 − 5.0 (by hand); the rest from check.R.
	near(t, "gap", c.GapPP, 8.0, 1e-12)
	near(t, "gap exact", c.GapPPExact, 12.9927007299-5, 1e-9)
	near(t, "share", c.SharePct, 7.74, 1e-9)
	near(t, "share change", c.ShareChangePP, 0.5294736842, 1e-9)
	near(t, "contribution", c.ContributionPP, 0.9368421053, 1e-9)
	near(t, "growth share", c.GrowthSharePct, 17.8, 1e-9)
}

func TestRound(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{10.45, 10.5}, {10.449, 10.4}, {-3.85, -3.9}, {0.05, 0.1}, {4.3999999999999995, 4.4}, {13.636, 13.6}, {0, 0}, {-0.04, 0},
	}
	for _, tt := range tests {
		if got := Round(tt.in, 1); got != tt.want {
			t.Errorf("Round(%v, 1) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// The official gap subtracts rounded rates: 10.46 − 6.14 is 4.3 exactly,
	// but published 10.5 − 6.1 = 4.4 (H1 2024).
	if got := Round(Round(10.46, 1)-Round(6.14, 1), 1); got != 4.4 {
		t.Errorf("gap = %v", got)
	}
}

func TestMultipleOf(t *testing.T) {
	v := fixture(t, "")
	m, err := MultipleOf(v, data.Key{Series: "y", Flow: data.Total, Period: data.Year(2023), Currency: data.CNY}, 2018)
	if err != nil {
		t.Fatal(err)
	}
	// check.R: ratio, cagr, trend (lm(log(y) ~ year)), r2.
	near(t, "ratio", m.Ratio, 2.4, 1e-12)
	near(t, "times", m.IncreaseTimes, 1.4, 1e-12)
	near(t, "pct", m.IncreasePct, 140, 1e-9)
	near(t, "cagr", m.CAGRPct, 19.1357898167, 1e-9)
	near(t, "trend", m.TrendGrowthPct, 18.6130079449, 1e-9)
	near(t, "r2", m.TrendR2, 0.9886050429, 1e-9)
	if m.Years != 5 || m.TrendPoints != 6 {
		t.Errorf("years %d points %d", m.Years, m.TrendPoints)
	}
	t.Run("zero base", func(t *testing.T) {
		m, err := MultipleOf(v, data.Key{Series: "z", Flow: data.Total, Period: data.Year(2024), Currency: data.CNY}, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if m.Ratio != nil || m.CAGRPct != nil || !strings.Contains(m.Reason, "zero or negative") {
			t.Errorf("ratio %v reason %q", m.Ratio, m.Reason)
		}
	})
	t.Run("too few points for a trend", func(t *testing.T) {
		m, _ := MultipleOf(v, data.Key{Series: "y", Flow: data.Total, Period: data.Year(2019), Currency: data.CNY}, 2018)
		if m.TrendGrowthPct != nil || !strings.Contains(m.Reason, "at least 3 years") || m.Ratio == nil {
			t.Errorf("trend %v reason %q", m.TrendGrowthPct, m.Reason)
		}
	})
	t.Run("to before from", func(t *testing.T) {
		if _, err := MultipleOf(v, data.Key{Series: "y", Flow: data.Total, Period: data.Year(2019), Currency: data.CNY}, 2020); err == nil {
			t.Error("no error")
		}
	})
}

func TestTrend(t *testing.T) {
	v := fixture(t, "")
	steps, err := Steps(data.KindQuarter, data.MustParsePeriod("2024Q1"), data.MustParsePeriod("2024-09"))
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 3 || steps[2].String() != "2024Q3" {
		t.Fatalf("steps = %v", steps)
	}
	rows, err := Trend(v, data.Key{Series: "m", Flow: data.Total, Currency: data.CNY}, steps)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "Q1", rows[0].GrowthPct, 15.4838709677, 1e-9)
	// Q2: (126+140+150)/(120+125+130) − 1, by hand: 416/375 − 1 = 10.9333…%.
	near(t, "Q2", rows[1].GrowthPct, 100*(416.0/375-1), 1e-9)
	if rows[2].GrowthPct != nil || !strings.Contains(rows[2].Reason, "1 of 3 months missing") {
		t.Errorf("Q3 = %v %q", rows[2].GrowthPct, rows[2].Reason)
	}
	if _, err := Steps(data.KindRange, steps[0], steps[1]); err == nil {
		t.Error("a range frequency was accepted")
	}
	if _, err := Steps(data.KindYear, data.Year(2024), data.Year(2023)); err == nil {
		t.Error("a backwards span was accepted")
	}
}
