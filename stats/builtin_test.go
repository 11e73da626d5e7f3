package stats

import (
	"math"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
)

func key(series string, flow data.Flow, period string) data.Key {
	return data.Key{Series: series, Flow: flow, Period: data.MustParsePeriod(period), Currency: data.CNY}
}

func near(t *testing.T, name string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got nil, want %v", name, want)
		return
	}
	if math.Abs(*got-want) > tol {
		t.Errorf("%s: got %.6f, want %.6f (±%g)", name, *got, want, tol)
	}
}

// The official figures the embedded dataset must reproduce. Expected values
// computed by hand from the published levels (1 万亿 = 1e12 yuan; H1 2023 is
// its parts 8210 + 2760 = 10970亿, finer than the headline "1.1万亿"):
// 12200/10970 − 1 = 11.212%; 211700/201000 − 1 = 5.323%;
// 12463/10970 − 1 = 13.610%; 23800/10600 = 2.24528, ^(1/5) − 1 = 17.5585%;
// 417568/420700 − 1 = −0.7445% (checked with python3: 100*((23800/10600)**0.2-1)).
func TestBuiltinOfficialFigures(t *testing.T) {
	t.Run("H1 2024 as first published", func(t *testing.T) {
		v := testkit.BuiltinView(t, "2024-07-31")
		c, err := Compare(v, key("cbec", data.Total, "2024H1"), "trade")
		if err != nil {
			t.Fatal(err)
		}
		near(t, "value", c.Value, 1.22e12, 0)
		near(t, "growth", c.GrowthPct, 10.5, 0)
		if c.Basis != Reported {
			t.Errorf("basis = %s, want reported", c.Basis)
		}
		// Customs computed +10.5% on a revised H1 2023 (about 1.106万亿)
		// that the data does not hold.
		near(t, "computed", c.ComputedPct, 100*(12200.0/10970-1), 1e-6)
		if c.Consistency != RevisedBase {
			t.Errorf("cbec consistency = %q, want revised-base", c.Consistency)
		}
		near(t, "trade growth", c.Ref.GrowthPct, 6.1, 0)
		near(t, "trade computed", c.Ref.ComputedPct, 5.3233830846, 1e-6)
		if c.Ref.Consistency != RevisedBase {
			t.Errorf("trade consistency = %q, want revised-base", c.Ref.Consistency)
		}
		near(t, "gap", c.GapPP, 4.4, 1e-12)
		near(t, "share", c.SharePct, 100*12200.0/211700, 1e-9)
	})
	t.Run("H1 2024 revised", func(t *testing.T) {
		v := testkit.BuiltinView(t, "2026-11-23")
		g, err := YoY(v, key("cbec", data.Total, "2024H1"))
		if err != nil {
			t.Fatal(err)
		}
		near(t, "value", g.Value, 1.2463e12, 1e-3)
		near(t, "growth", g.GrowthPct, 13.0, 0)
		// The October 2024 survey result against the preliminary estimate
		// of H1 2023: different methods, so no rate is computed between
		// them (the +13.6% of the levels is on no comparable basis); the
		// published +13% stays the headline.
		if g.ComputedPct != nil || g.Change != nil || g.Consistency != MethodBreak || !g.MethodBreak ||
			!strings.Contains(g.Reason, "survey result (2024-10-14)") || !strings.Contains(g.Reason, "preliminary estimate (2023-07-13)") {
			t.Errorf("computed %v, change %v, consistency %q, reason %q; want a method break naming both releases", g.ComputedPct, g.Change, g.Consistency, g.Reason)
		}
	})
	t.Run("multiple 2018 to 2023 as published on 2024-07-30", func(t *testing.T) {
		// 2023 was revised to 2.37 on 2024-09-26; the "增长1.2倍" of the
		// 2024-07-30 briefing is on 2.38.
		v := testkit.BuiltinView(t, "2024-07-31")
		m, err := MultipleOf(v, key("cbec", data.Total, "2023"), 2018)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "from", m.FromValue, 1.06e12, 0)
		near(t, "to", m.ToValue, 2.38e12, 0)
		near(t, "ratio", m.Ratio, 2.245283019, 1e-8)
		near(t, "times", m.IncreaseTimes, 1.245283019, 1e-8)
		near(t, "pct", m.IncreasePct, 124.5283019, 1e-6)
		near(t, "cagr", m.CAGRPct, 17.558549, 1e-5)
		if Round(*m.IncreaseTimes, 1) != 1.2 {
			t.Errorf("grew %v times, want 1.2", Round(*m.IncreaseTimes, 1))
		}
	})
	t.Run("trade 2023 revised base", func(t *testing.T) {
		v := testkit.BuiltinView(t, "")
		g, err := YoY(v, key("trade", data.Total, "2023"))
		if err != nil {
			t.Fatal(err)
		}
		near(t, "reported", g.GrowthPct, 0.2, 0)
		near(t, "computed", g.ComputedPct, -0.744473, 1e-5)
		if g.Consistency != RevisedBase {
			t.Errorf("consistency = %q, want revised-base", g.Consistency)
		}
	})
}

// Claims of official releases that the embedded dataset must reproduce,
// each as published on its date (sources: data/canonical/reference/figures.csv).
// The gaps subtract the one-decimal rates by hand: 10.8 − 5.0 = 5.8,
// 9.6 − 5.0 = 4.6; the 2022 share is (1.53 + 0.5278) / 42.07 = 4.89%.
func TestOfficialClaims(t *testing.T) {
	tests := []struct {
		name, asOf, series, period string
		value                      float64 // 0: not checked
		growth, refGrowth, gap     float64 // 0 growth: not checked
		share                      float64 // 0: not checked
		consistency                Consistency
	}{
		// SCIO briefing 2025-01-13: CBEC 2.63万亿 +10.8%, all trade +5.0%.
		{"2024 CBEC against all trade", "2025-01-31", "cbec", "2024", 2.63e12, 10.8, 5.0, 5.8, 0, ""},
		// SCIO 2024-04: CBEC Q1 5776亿 +9.6%; all trade Q1 +5.0%.
		{"Q1 2024 CBEC against all trade", "2024-04-30", "cbec", "2024Q1", 5776e8, 9.6, 5.0, 4.6, 0, ""},
		// GACC 2024-07-30: 1.22万亿 +10.5%, 4.4 points above all trade (+6.1%).
		{"H1 2024 as first published", "2024-07-31", "cbec", "2024H1", 1.22e12, 10.5, 6.1, 4.4, 0, RevisedBase},
		// GACC annual report, June 2023: CBEC 4.9% of all trade in 2022.
		{"CBEC share 2022", "", "cbec", "2022", 2.0578e12, 7.1, 7.7, -0.6, 4.9, OK},
		// Annual briefing 2026-01-15: CBEC 2025 2.75万亿.
		{"CBEC 2025", "", "cbec", "2025", 2.75e12, 0, 0, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := testkit.BuiltinView(t, tt.asOf)
			c, err := Compare(v, key(tt.series, data.Total, tt.period), "trade")
			if err != nil {
				t.Fatal(err)
			}
			near(t, "value", c.Value, tt.value, 1e-3)
			if tt.growth != 0 {
				near(t, "growth", c.GrowthPct, tt.growth, 1e-9)
				near(t, "reference growth", c.Ref.GrowthPct, tt.refGrowth, 1e-9)
				near(t, "gap", c.GapPP, tt.gap, 1e-9)
			}
			if tt.share != 0 && (c.SharePct == nil || Round(*c.SharePct, 1) != tt.share) {
				t.Errorf("share = %v, want %v", c.SharePct, tt.share)
			}
			if tt.consistency != "" && c.Consistency != tt.consistency {
				t.Errorf("consistency = %q, want %q", c.Consistency, tt.consistency)
			}
		})
	}
	// China Daily 2025-07-15: all trade H1 2025 21.79万亿, +2.9% (13 + 8.79).
	g, err := YoY(testkit.BuiltinView(t, ""), key("trade", data.Total, "2025H1"))
	if err != nil {
		t.Fatal(err)
	}
	near(t, "H1 2025 trade", g.Value, 21.79e12, 1e-3)
	near(t, "H1 2025 trade growth", g.GrowthPct, 2.9, 0)
	if g.Consistency != OK {
		t.Errorf("H1 2025 trade consistency = %q, want ok", g.Consistency)
	}
	// CBEC 2021 revised to 1.92 (+18.6%) on the revised 2020 base (1.62),
	// both published on 2022-11-30 (NOTES §8): 19200/16200 − 1 = 18.52%,
	// inside the levels' rounding of the published +18.6%.
	g, err = YoY(testkit.BuiltinView(t, ""), key("cbec", data.Total, "2021"))
	if err != nil {
		t.Fatal(err)
	}
	near(t, "CBEC 2021 growth", g.GrowthPct, 18.6, 0)
	near(t, "CBEC 2021 computed", g.ComputedPct, 100*(19200.0/16200-1), 1e-9)
	if g.Consistency != OK {
		t.Errorf("CBEC 2021: consistency %q, reason %q; want ok", g.Consistency, g.Reason)
	}
	// CBEC 2025: the preliminary 2.75 trillion of January 2026 against
	// 2024's survey result 2.71: customs published no rate, and ceb
	// computes none (2.75 / 2.71 − 1 = +1.5% is on no comparable basis).
	g, err = YoY(testkit.BuiltinView(t, ""), key("cbec", data.Total, "2025"))
	if err != nil {
		t.Fatal(err)
	}
	if g.GrowthPct != nil || g.ComputedPct != nil || g.Consistency != MethodBreak || !strings.Contains(g.Reason, "preliminary estimate (2026-01-15)") || !strings.Contains(g.Reason, "survey result (2025-11-25)") {
		t.Errorf("CBEC 2025: growth %v, computed %v, consistency %q, reason %q; want no rate, a method break", g.GrowthPct, g.ComputedPct, g.Consistency, g.Reason)
	}
	// Nor a multiple against the 2020 survey base (customs said 比2020年增长
	// 69.7%, which the data does not hold as a figure).
	m25, err := MultipleOf(testkit.BuiltinView(t, ""), key("cbec", data.Total, "2025"), 2020)
	if err != nil {
		t.Fatal(err)
	}
	if m25.Ratio != nil || m25.Consistency != MethodBreak {
		t.Errorf("CBEC 2020-2025: ratio %v, consistency %q; want none, a method break", m25.Ratio, m25.Consistency)
	}
	// Trade 2020 → 2025: +41.4% from the levels, customs +41.1% on a revised
	// 2020 base: flagged.
	m, err := MultipleOf(testkit.BuiltinView(t, ""), key("trade", data.Total, "2025"), 2020)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "trade 2020-2025", m.IncreasePct, 100*(454700.0/321600-1), 1e-9)
	if m.Consistency != MixedVintage {
		t.Errorf("trade 2020-2025 consistency = %q, want mixed-vintage", m.Consistency)
	}
}
