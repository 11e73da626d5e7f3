package chart

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

func topRows(t *testing.T) []report.TopRow {
	t.Helper()
	ds := &data.Dataset{}
	add := func(partner string, y int, v float64) {
		o := data.Observation{Series: "cbec", Flow: data.Total, Period: data.Year(y), Currency: data.CNY, Value: v * 1e8, HasValue: true}
		o.Dims.Set("partner", partner)
		ds.Obs = append(ds.Obs, o)
	}
	for _, r := range []struct {
		p        string
		cur, old float64
	}{{"US", 40, 30}, {"GB", 20, 18}, {"DE", 15, 12}, {"FR", 5, 6}} {
		add(r.p, 2024, r.cur)
		add(r.p, 2023, r.old)
	}
	res, err := report.Top(data.NewView(ds, data.Date{}), ds, report.TopQuery{Query: report.Query{Currency: data.CNY}, By: "partner", N: 3})
	if err != nil {
		t.Fatal(err)
	}
	return res.Rows
}

// The first rank is drawn at the top, named in the chart's language.
func TestTopChart(t *testing.T) {
	for _, tt := range []struct {
		lang        vocab.Lang
		first, last string
	}{
		{vocab.En, "United States", "Germany"},
		{vocab.Zh, "美国", "德国"},
	} {
		t.Run(tt.lang.String(), func(t *testing.T) {
			p, err := Top(topRows(t), "partner", Options{Lang: tt.lang, Format: "svg"})
			if err != nil {
				t.Fatal(err)
			}
			ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
			names := map[float64]string{}
			for _, tk := range ticks {
				names[tk.Value] = tk.Label
			}
			if names[2] != tt.first || names[0] != tt.last {
				t.Errorf("top to bottom: %q … %q, want %q … %q", names[2], names[0], tt.first, tt.last)
			}
			var b bytes.Buffer
			if err := Write(&b, p, Options{Format: "svg"}); err != nil || !strings.Contains(b.String(), "<svg") {
				t.Errorf("writing the chart: %v", err)
			}
		})
	}
}

func TestTopChartNeedsItems(t *testing.T) {
	if _, err := Top([]report.TopRow{{RankedRow: stats.RankedRow{Kind: stats.RowTotal}}}, "partner", Options{}); err == nil || !strings.Contains(err.Error(), "no items") {
		t.Errorf("err = %v, want no items to chart", err)
	}
}

// Every name of the code lists can be drawn with ceb's font.
func TestCodeListGlyphs(t *testing.T) {
	var names strings.Builder
	for _, dim := range codes.Dims() {
		for _, e := range codes.List(dim) {
			names.WriteString(e.Zh + e.En)
		}
	}
	missing, err := MissingGlyphs(nil, names.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("no glyph for %q", string(missing))
	}
}
