package report

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

// Whatever n, the shares of the rows shown (items and others) add up to
// 100 and their contributions to the total's growth in points; with a
// published total as with the items' sum, and when the data also lists
// partner groupings (which follow the total, unranked, and are not summed).
func TestTopAddsUp(t *testing.T) {
	items := `cbec,total,2024,40,100m,US
cbec,total,2023,30,100m,US
cbec,total,2024,20,100m,GB
cbec,total,2023,18,100m,GB
cbec,total,2024,15,100m,DE
cbec,total,2023,12,100m,DE
cbec,total,2024,5,100m,FR
cbec,total,2023,6,100m,FR
`
	for name, body := range map[string]string{
		"published total": "cbec,total,2024,100,100m,\ncbec,total,2023,80,100m,\n" + items,
		"sum of items":    items,
		"with groupings":  "cbec,total,2024,100,100m,\ncbec,total,2023,80,100m,\ncbec,total,2024,60,100m,欧洲联盟\ncbec,total,2023,50,100m,欧洲联盟\ncbec,total,2024,70,100m,ASEAN\ncbec,total,2023,55,100m,ASEAN\n" + items,
	} {
		ds, err := load.Load("-", load.Options{Stdin: strings.NewReader("series,flow,period,value,unit,partner\n" + body)})
		if err != nil {
			t.Fatal(err)
		}
		v := data.NewView(ds, data.Date{})
		for n := 1; n <= 5; n++ {
			res, err := Top(v, ds, TopQuery{Query: Query{Currency: data.CNY}, By: "partner", N: n})
			if err != nil {
				t.Fatal(err)
			}
			rows, published := res.Rows, res.TotalPublished
			// What it ranks, chosen: cbec, total, the latest year.
			if res.Series != "cbec" || res.Flow != data.Total || res.Period.String() != "2024" {
				t.Errorf("%s: ranked %s %s %s, want cbec total 2024", name, res.Series, res.Flow, res.Period)
			}
			if published != (name != "sum of items") {
				t.Errorf("%s: published = %v", name, published)
			}
			var share, contrib float64
			var total TopRow
			groupings := 0
			for _, r := range rows {
				switch r.Kind {
				case "item", "others":
					share += *r.SharePct
					contrib += *r.ContributionPP
					if r.Code == "ASEAN" || r.Code == "欧洲联盟" {
						t.Errorf("%s: grouping %s ranked", name, r.Code)
					}
				case "total":
					total = r
				case "grouping":
					groupings++
				}
			}
			if want := map[bool]int{true: 2, false: 0}[name == "with groupings"]; groupings != want {
				t.Errorf("%s, n=%d: %d grouping rows, want %d", name, n, groupings, want)
			}
			if math.Abs(share-100) > 1e-9 || math.Abs(contrib-*total.GrowthPct) > 1e-9 {
				t.Errorf("%s, n=%d: shares add to %v, contributions to %v against growth %v", name, n, share, contrib, *total.GrowthPct)
			}
		}
	}
}

// A breakdown published by month ranks for a year as the same breakdown
// published by year: the items are found in the months, and their values
// are the sums of the months (as data aggregate --dims writes by default).
// The yearly figures are the monthly ones summed by hand.
func TestTopFromMonths(t *testing.T) {
	var monthly, yearly strings.Builder
	sums := map[string]float64{}
	for _, y := range []int{2023, 2024} {
		for m := 1; m <= 12; m++ {
			for i, p := range []string{"US", "DE", "FR"} {
				v := float64((i+1)*m + (y-2023)*(3-i)*2)
				sums[fmt.Sprintf("%d %s", y, p)] += v
				fmt.Fprintf(&monthly, "cbec,total,%d-%02d,%g,100m,%s\n", y, m, v, p)
			}
		}
	}
	for k, v := range sums {
		var y int
		var p string
		fmt.Sscan(k, &y, &p)
		fmt.Fprintf(&yearly, "cbec,total,%d,%g,100m,%s\n", y, v, p)
	}
	top := func(body string) []TopRow {
		ds, err := load.Load("-", load.Options{Stdin: strings.NewReader("series,flow,period,value,unit,partner\n" + body)})
		if err != nil {
			t.Fatal(err)
		}
		p := data.Year(2024)
		res, err := Top(data.NewView(ds, data.Date{}), ds, TopQuery{Query: Query{Currency: data.CNY, Period: &p}, By: "partner", N: 2})
		rows := res.Rows
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	got, want := top(monthly.String()), top(yearly.String())
	if len(got) != len(want) || len(got) != 4 {
		t.Fatalf("%d rows from months, %d from years", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Code != w.Code || g.Rank != w.Rank || g.PrevRank != w.PrevRank || math.Abs(*g.Value-*w.Value) > 1e-6 || math.Abs(*g.GrowthPct-*w.GrowthPct) > 1e-9 {
			t.Errorf("row %d: %s rank %d value %v growth %v; from years %s rank %d value %v growth %v",
				i, g.Code, g.Rank, *g.Value, *g.GrowthPct, w.Code, w.Rank, *w.Value, *w.GrowthPct)
		}
	}
}

// Without --flow, Top ranks the total where the breakdown has it, else the
// one flow it has (a customs query of exports), else the total derived as
// export + import. Worked by hand: US 120 + 80 = 200 of 300 in total.
func TestTopDefaultFlow(t *testing.T) {
	tests := []struct {
		name, body string
		want       data.Flow
		value      float64 // the first item's
	}{
		{"exports only", "cbec,export,2024,120,100m,US\ncbec,export,2024,55,100m,GB\n", data.Export, 120e8},
		{"imports only", "cbec,import,2024,80,100m,US\ncbec,import,2024,20,100m,GB\n", data.Import, 80e8},
		{"both, no total", "cbec,export,2024,120,100m,US\ncbec,import,2024,80,100m,US\ncbec,export,2024,60,100m,GB\ncbec,import,2024,40,100m,GB\n", data.Total, 200e8},
		{"total published", "cbec,total,2024,300,100m,US\ncbec,export,2024,120,100m,US\n", data.Total, 300e8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := load.Load("-", load.Options{Stdin: strings.NewReader("series,flow,period,value,unit,partner\n" + tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Top(data.NewView(ds, data.Date{}), ds, TopQuery{Query: Query{Currency: data.CNY}, By: "partner", N: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Flow != tt.want || *res.Rows[0].Value != tt.value {
				t.Errorf("ranked %s with %s first at %v, want %s at %v", res.Flow, res.Rows[0].Code, *res.Rows[0].Value, tt.want, tt.value)
			}
		})
	}
}
