package vocab

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// TestTopNotes: the lines every human rendering prints below a ranked
// table, in row order, one for a Belt and Road sum from the secondary list
// and one for a row summed over members missing a year earlier; none for
// a plain row.
func TestTopNotes(t *testing.T) {
	rows := []report.TopRow{
		{RankedRow: stats.RankedRow{Code: "US"}},
		{RankedRow: stats.RankedRow{Code: "BRI"}, Secondary: true},
		{RankedRow: stats.RankedRow{Code: "61"}, Over: []string{"partner"},
			Absent: []report.TopAbsent{{Dims: data.Dims{Partner: "VN"}, Period: data.Month(2023, 5)}}},
	}
	for _, tc := range []struct {
		lang Lang
		want [][]string // the words each line holds
	}{
		{En, [][]string{{"BRI", "secondary list"}, {"61 Apparel", "2023-05", "Vietnam"}}},
		{Zh, [][]string{{"BRI", "二手名单"}, {"61", "针织", "2023年5月", "越南"}}},
	} {
		got := tc.lang.TopNotes(rows, "hs")
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d lines, want %d: %q", tc.lang, len(got), len(tc.want), got)
		}
		for i, words := range tc.want {
			for _, w := range words {
				if !strings.Contains(got[i], w) {
					t.Errorf("%s: line %d %q lacks %q", tc.lang, i+1, got[i], w)
				}
			}
		}
	}
}
