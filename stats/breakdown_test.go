package stats

import (
	"math/rand/v2"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// Rank on a breakdown worked by hand: US 40 (30 a year earlier), GB 20
// (18), DE 15 (12), FR 5 (6), and ASEAN 70 (55), a grouping; the published
// total 100 (80).
//
//	shares        40%, 20%, 15%, others (100 − 40 − 20) = 40%
//	growth        US 40/30 − 1 = 33.33%, GB 11.11%, DE 25%
//	contribution  US (40 − 30) / 80 = 12.5, GB 2.5, others (40 − 32) / 80 = 10
//	growth share  US 10 / 20 = 50%, GB 10%, others 40%
//	prev rank     by the bases 30, 18, 12, 6: US 1, GB 2, DE 3, FR 4
func TestRankByHand(t *testing.T) {
	items := []BreakdownItem{
		{Code: "FR", Value: 5, Base: 6, HasBase: true},
		{Code: "DE", Value: 15, Base: 12, HasBase: true},
		{Code: "ASEAN", Value: 70, Base: 55, HasBase: true, Grouping: true},
		{Code: "US", Value: 40, Base: 30, HasBase: true},
		{Code: "GB", Value: 20, Base: 18, HasBase: true},
	}
	rows := Rank(items, BreakdownTotal{Value: 100, Base: 80, HasBase: true, Published: true}, 2, data.Year(2024))
	type want struct {
		kind, code                          string
		rank, prev                          int
		share, growth, contrib, growthShare float64
	}
	wants := []want{
		{RowItem, "US", 1, 1, 40, 100 * (40.0/30 - 1), 12.5, 50},
		{RowItem, "GB", 2, 2, 20, 100 * (20.0/18 - 1), 2.5, 10},
		{RowOthers, RowOthers, 0, 0, 40, 100 * (40.0/32 - 1), 10, 40},
		{RowTotal, RowTotal, 0, 0, 100, 25, 25, 100},
		{RowGrouping, "ASEAN", 0, 0, 70, 100 * (70.0/55 - 1), 100 * 15.0 / 80, 75},
	}
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	for i, w := range wants {
		r := rows[i]
		if r.Kind != w.kind || r.Code != w.code || r.Rank != w.rank || r.PrevRank != w.prev {
			t.Errorf("row %d = %s %s rank %d prev %d, want %+v", i, r.Kind, r.Code, r.Rank, r.PrevRank, w)
			continue
		}
		near(t, w.code+" share", r.SharePct, w.share, 1e-9)
		near(t, w.code+" growth", r.GrowthPct, w.growth, 1e-9)
		near(t, w.code+" contribution", r.ContributionPP, w.contrib, 1e-9)
		near(t, w.code+" growth share", r.GrowthSharePct, w.growthShare, 1e-9)
	}
}

// Whatever the order the items come in, the sum of items is the same to
// the last bit, and the shares of the rows shown add up to 100, their
// contributions to the total's growth.
func TestRankAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var items []BreakdownItem
	for i := range 40 {
		items = append(items, BreakdownItem{Code: string(rune('A'+i%26)) + string(rune('a'+i/26)), Value: rng.Float64() * 1e9, Base: rng.Float64() * 1e9, HasBase: true})
	}
	total := SumItems(items)
	for range 5 {
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		if again := SumItems(items); again != total {
			t.Fatalf("the sum depends on the order: %v against %v", again, total)
		}
	}
	for _, n := range []int{1, 5, 40} {
		var share, contrib float64
		for _, r := range Rank(items, total, n, data.Year(2024)) {
			if r.Kind == RowItem || r.Kind == RowOthers {
				share += *r.SharePct
				contrib += *r.ContributionPP
			}
		}
		growth := 100 * (total.Value/total.Base - 1)
		if d := share - 100; d > 1e-9 || d < -1e-9 {
			t.Errorf("n=%d: shares add to %v", n, share)
		}
		if d := contrib - growth; d > 1e-9 || d < -1e-9 {
			t.Errorf("n=%d: contributions add to %v, growth %v", n, contrib, growth)
		}
	}
}

// TestRankNamesTheBasePeriod: an item without a base, or with a zero one,
// says which period lacks it (a year before the ranked period), and an
// item with quantities now but none a year earlier says so too.
func TestRankNamesTheBasePeriod(t *testing.T) {
	items := []BreakdownItem{
		{Code: "US", Value: 40, Base: 30, HasBase: true},
		{Code: "VN", Value: 10},
		{Code: "KH", Value: 5, HasBase: true},
		{Code: "DE", Value: 8, Base: 6, HasBase: true, Quantity: &data.Quantity{Amount: 2, Unit: "吨"}},
	}
	want := map[string]string{"VN": "no level for 2023H1", "KH": "no level for 2023H1"}
	seen := 0
	for _, r := range Rank(items, SumItems(items), 0, data.Half(2024, 1)) {
		if w, ok := want[r.Code]; ok {
			seen++
			if r.Reason != w {
				t.Errorf("%s: reason %q, want %q", r.Code, r.Reason, w)
			}
		}
		if r.Code == "DE" {
			seen++
			if r.Volume.Reason != "no quantity for 2023H1" {
				t.Errorf("DE: volume reason %q", r.Volume.Reason)
			}
		}
	}
	if seen != 3 {
		t.Errorf("%d of VN, KH and DE ranked", seen)
	}
}
