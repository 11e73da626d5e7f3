package report

import (
	"math"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

// Whatever n, the shares of the rows shown (items and others) add up to
// 100 and their contributions to the total's growth in points; with a
// published total as with the items' sum.
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
	} {
		ds, err := load.Load("-", load.Options{Stdin: strings.NewReader("series,flow,period,value,unit,partner\n" + body)})
		if err != nil {
			t.Fatal(err)
		}
		v := data.NewView(ds, data.Date{})
		for n := 1; n <= 5; n++ {
			rows, published, err := Top(v, ds, TopQuery{Query: Query{Currency: data.CNY}, By: "partner", N: n})
			if err != nil {
				t.Fatal(err)
			}
			if published != (name == "published total") {
				t.Errorf("%s: published = %v", name, published)
			}
			var share, contrib float64
			for _, r := range rows[:len(rows)-1] {
				share += *r.SharePct
				contrib += *r.ContributionPP
			}
			total := rows[len(rows)-1]
			if math.Abs(share-100) > 1e-9 || math.Abs(contrib-*total.GrowthPct) > 1e-9 {
				t.Errorf("%s, n=%d: shares add to %v, contributions to %v against growth %v", name, n, share, contrib, *total.GrowthPct)
			}
		}
	}
}
