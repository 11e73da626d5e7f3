package vocab

import (
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// ceb diff marks a press figure changed exactly when its press form,
// direction included, changed: +0.5% → −0.5% ("增长0.5%" → "下降0.5%") is
// a change though the unsigned figure is the same; 10.50 → 10.54 ("10.5%"
// both times) is none; a deficit that turns into a surplus of the same
// size is one.
func TestDiffFollowsFigureText(t *testing.T) {
	obs := func(vintage string, rate float64, balance float64) []data.Observation {
		d, _ := data.ParseDate(vintage)
		r := rate
		return []data.Observation{
			{Series: "x", Flow: data.Total, Period: data.Year(2024), Value: 100e8, HasValue: true, Currency: data.CNY, Vintage: d, ReportedYoY: &r},
			{Series: "x", Flow: data.Balance, Period: data.Year(2024), Value: balance, HasValue: true, Currency: data.CNY, Vintage: d},
		}
	}
	tests := []struct {
		name                string
		before, after       float64
		bBalance, aBalance  float64
		wantRate, wantLevel bool
	}{
		{"rate turns from up to down", 0.5, -0.5, 20e8, 20e8, true, false},
		{"rate within its rounding", 10.50, 10.54, 20e8, 20e8, false, false},
		{"balance turns from deficit to surplus", 10.5, 10.5, -20e8, 20e8, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &data.Dataset{Obs: append(obs("2025-01-10", tt.before, tt.bBalance), obs("2025-03-10", tt.after, tt.aBalance)...)}
			b, _ := data.ParseDate("2025-02-01")
			a, _ := data.ParseDate("2025-04-01")
			q := report.DiffQuery{Currency: data.CNY, Press: func(k report.FigureKind, x float64, cur data.Currency) string { return Zh.FigureText(k, x, cur) }}
			var rate, level bool
			for _, c := range report.Diff(data.NewView(ds, b), data.NewView(ds, a), q) {
				switch {
				case c.What == "published rate" && c.Key.Flow == data.Total:
					rate = c.Headline
				case c.What == "level" && c.Key.Flow == data.Balance:
					level = c.Headline
				}
			}
			if rate != tt.wantRate || level != tt.wantLevel {
				t.Errorf("rate changed %v, balance changed %v; want %v, %v", rate, level, tt.wantRate, tt.wantLevel)
			}
		})
	}
}
