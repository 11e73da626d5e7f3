package report

import (
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// A trend chart by month or quarter charts the periods the series has a
// figure for: every period of its rows has a level (the embedded trade
// series has months only here and there), and more than one is kept.
func TestTrendChartKeepsPeriodsWithFigures(t *testing.T) {
	v := testkit.BuiltinView(t, "2026-11-23")
	for _, freq := range []data.PeriodKind{data.KindMonth, data.KindQuarter} {
		rows, err := TrendChartRows(v, ChartQuery{Query: Query{Series: []string{"trade"}, Flows: []data.Flow{data.Total}, Currency: data.CNY}, Freq: freq})
		if err != nil {
			t.Fatalf("%s: %v", freq, err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %d rows", freq, len(rows))
		}
		for _, g := range rows {
			if g.Value == nil || g.Key.Period.Kind() != freq {
				t.Errorf("%s: row %s without a level (%s)", freq, g.Key.Period, g.Reason)
			}
		}
	}
	// Months without a figure are not filled in: fewer months are charted
	// than the span from the first to the last holds.
	rows, _ := TrendChartRows(v, ChartQuery{Query: Query{Series: []string{"trade"}, Flows: []data.Flow{data.Total}, Currency: data.CNY}, Freq: data.KindMonth})
	steps, _ := Span(v, "trade", data.CNY, data.KindMonth, nil, nil, data.HintSpan)
	if len(rows) >= len(steps) {
		t.Errorf("%d months charted of %d in the span: months without figures are charted", len(rows), len(steps))
	}
}
