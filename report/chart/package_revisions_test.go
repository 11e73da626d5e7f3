package chart

import (
	"math"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/reporttest"
	"github.com/cbec-stats/ceb/report/vocab"
)

// TestPackageRevisionsChart: the H1 2024 package as of 2024-07-31 charts
// the revisions of its own total only (not the reference's, which
// pkg.Revisions also holds), one chart per language. The first releases
// are GACC's January releases of each following year (2020: 1.69 trillion,
// +31.1%; 2021: 1.98, +15%; 2022: 2.11, +9.8%; 2023: 2.38, +15.6%), and
// each revision in points is the latest rate less the first, subtracted
// here again.
func TestPackageRevisionsChart(t *testing.T) {
	pkg := reporttest.H1Package(t)
	rows := pkg.SeriesRevisions()
	want := []struct {
		year          int
		first, growth float64 // trillion yuan, per cent, as first published
	}{{2020, 1.69, 31.1}, {2021, 1.98, 15.0}, {2022, 2.11, 9.8}, {2023, 2.38, 15.6}}
	if len(rows) != len(want) || len(pkg.Revisions) <= len(rows) {
		t.Fatalf("%d series revisions of %d in the package, want %d of more", len(rows), len(pkg.Revisions), len(want))
	}
	for i, r := range rows {
		w := want[i]
		if r.Key.Series != "cbec" || r.Key.Flow != data.Total || r.Key.Period != data.Year(w.year) {
			t.Errorf("row %d: %v %v %v, want cbec total %d", i, r.Key.Series, r.Key.Flow, r.Key.Period, w.year)
			continue
		}
		if r.FirstValue == nil || math.Abs(*r.FirstValue/1e12-w.first) > 1e-9 || r.FirstGrowthPct == nil || math.Abs(*r.FirstGrowthPct-w.growth) > 1e-9 {
			t.Errorf("%d: first release %v, %v; want %.2f trillion, %+.1f%%", w.year, r.FirstValue, r.FirstGrowthPct, w.first, w.growth)
		}
		if r.LatestGrowthPct == nil || r.GrowthRevisionPP == nil || math.Abs(*r.GrowthRevisionPP-(*r.LatestGrowthPct-*r.FirstGrowthPct)) > 1e-9 {
			t.Errorf("%d: revision %v pp, latest rate %v", w.year, r.GrowthRevisionPP, r.LatestGrowthPct)
		}
	}
	charts, err := ForPackage(pkg, vocab.Set{vocab.En, vocab.Zh}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	per := map[vocab.Lang]int{}
	for _, c := range charts {
		if c.Name == "revisions" {
			per[c.Lang]++
		}
	}
	if per[vocab.En] != 1 || per[vocab.Zh] != 1 {
		t.Errorf("revisions charts per language: %v, want one each", per)
	}
}
