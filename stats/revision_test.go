package stats

import (
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// The revisions of the embedded dataset against the published figures,
// worked by hand (python3 -c 'print(100*(1.62/1.69-1))'):
// CBEC 2020: 1.69 trillion, +31.1% (2021-01-14) → 1.62, +25.7% (the survey
// of 2022-11-30): 100 × (1.62/1.69 − 1) = −4.1420%, 25.7 − 31.1 = −5.4 pp.
// CBEC H1 2024: 1.22, +10.5% (2024-07-30) → 1.2463, +13.0% (2024-10-14):
// +2.1557%, +2.5 pp. CBEC 2024: 2.63, +10.8% (2025-01-13) → 2.71 (2025-11-25),
// no published rate, computed on 2023's 2.37: 100 × (2.71/2.37 − 1) = 14.3460%,
// so +3.5460 pp; level +3.0418%. CBEC 2022: 2.11, +9.8% (2023-01-13) →
// 2.1 (2023-06-26), whose parts of 2023-06-30 give the finer 1.53 + 0.5278
// = 2.0578: 100 × (2.0578/2.11 − 1) = −2.4739%, +7.1% published.
func TestRevisionsBuiltin(t *testing.T) {
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		first, latest       string
		firstVal, latestVal float64
		revPct              float64
		firstG, latestG     float64
		growthRevPP         float64
		vintages            int
	}
	tests := []struct {
		name string
		asOf string
		key  data.Key
		want *want // nil: no row (fewer than two vintages by then)
	}{
		{"2020, preliminary then survey", "", key("cbec", data.Total, "2020"),
			&want{"2021-01-14", "2022-11-30", 1.69e12, 1.62e12, -4.1420, 31.1, 25.7, -5.4, 2}},
		{"H1 2024, first published then the survey", "", key("cbec", data.Total, "2024H1"),
			&want{"2024-07-30", "2024-10-14", 1.22e12, 1.2463e12, 2.1557, 10.5, 13.0, 2.5, 2}},
		{"2022, the latest the finer sum of parts published after the total", "", key("cbec", data.Total, "2022"),
			&want{"2023-01-13", "2023-06-30", 2.11e12, 2.0578e12, -2.4739, 9.8, 7.1, -2.7, 2}},
		{"2024, the latest rate computed", "", key("cbec", data.Total, "2024"),
			&want{"2025-01-13", "2025-11-25", 2.63e12, 2.71e12, 3.0418, 10.8, 14.3460, 3.5460, 2}},
		{"H1 2024 as of 2024-07-31: one vintage, no row", "2024-07-31", key("cbec", data.Total, "2024H1"), nil},
		{"2023 as of 2024-08-01: republished unchanged, the September revision not yet out", "2024-08-01", key("cbec", data.Total, "2023"),
			&want{"2024-01-12", "2024-02-07", 2.38e12, 2.38e12, 0, 15.6, 15.6, 0, 2}},
		{"2023 in full: three vintages", "", key("cbec", data.Total, "2023"),
			&want{"2024-01-12", "2024-09-26", 2.38e12, 2.37e12, -0.4202, 15.6, 15.3, -0.3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asOf data.Date
			if tt.asOf != "" {
				asOf = testkit.MustDate(tt.asOf)
			}
			rows, err := Revisions(ds, data.NewView(ds, asOf), func(k data.Key) bool { return k == tt.key })
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(rows) != 0 {
					t.Fatalf("got %d rows, want none: %+v", len(rows), rows)
				}
				return
			}
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(rows))
			}
			r, w := rows[0], tt.want
			if r.FirstVintage.String() != w.first || r.LatestVintage.String() != w.latest || r.Vintages != w.vintages {
				t.Errorf("vintages %s → %s (%d), want %s → %s (%d)", r.FirstVintage, r.LatestVintage, r.Vintages, w.first, w.latest, w.vintages)
			}
			near(t, "first value", r.FirstValue, w.firstVal, 1)
			near(t, "latest value", r.LatestValue, w.latestVal, 1)
			near(t, "revision", r.RevisionPct, w.revPct, 5e-5)
			near(t, "first growth", r.FirstGrowthPct, w.firstG, 5e-5)
			near(t, "latest growth", r.LatestGrowthPct, w.latestG, 5e-5)
			near(t, "growth revision", r.GrowthRevisionPP, w.growthRevPP, 5e-5)
		})
	}
}

// The summary of CBEC's total: six figures revised (2020–2024 and H1
// 2024), by hand: (−4.1420 − 3.0303 − 2.4739 − 0.4202 + 2.1557 + 3.0418) / 6
// = −0.8115; mean absolute 15.2639 / 6 = 2.5440; two revised up.
func TestSummarizeRevisions(t *testing.T) {
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Revisions(ds, data.NewView(ds, data.Date{}), func(k data.Key) bool { return k.Series == "cbec" && k.Flow == data.Total })
	if err != nil {
		t.Fatal(err)
	}
	sum := SummarizeRevisions(rows)
	if len(sum) != 1 || sum[0].Periods != 6 || sum[0].Up != 2 {
		t.Fatalf("summary %+v, want one of 6 periods, 2 up", sum)
	}
	near(t, "mean", sum[0].MeanRevisionPct, -0.8115, 5e-5)
	near(t, "mean absolute", sum[0].MeanAbsRevisionPct, 2.5440, 5e-5)

	// Edge cases: a row without a revision is not counted; no rows, no means.
	x := 5.0
	got := SummarizeRevisions([]Revision{{Key: key("s", data.Total, "2024"), RevisionPct: &x}, {Key: key("s", data.Total, "2023")}})
	if got[0].Periods != 1 || *got[0].MeanRevisionPct != 5 || got[0].Up != 1 {
		t.Errorf("summary %+v, want 1 period, mean 5, 1 up", got[0])
	}
	if got := SummarizeRevisions([]Revision{{Key: key("s", data.Total, "2023")}}); got[0].MeanRevisionPct != nil {
		t.Errorf("a summary of no revision has mean %v, want nil", *got[0].MeanRevisionPct)
	}
}
