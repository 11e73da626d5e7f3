package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
	"gonum.org/v1/plot"
)

// Every glyph a chart can contain must be in ceb's font: a missing glyph
// fails here instead of silently vanishing from a chart.
func TestChartGlyphCoverage(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		missing, err := MissingGlyphs(nil, lang.Glyphs())
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("%s: no glyph for %q", lang, string(missing))
		}
	}
	// The check itself works: a character outside GB2312 is reported.
	if m, _ := MissingGlyphs(nil, "𠀀"); len(m) != 1 {
		t.Errorf("a missing glyph was not detected: %q", m)
	}
}

// charts builds each kind from the embedded dataset as of 2026-11-23.
func charts(t *testing.T, lang vocab.Lang) map[string]*plot.Plot {
	t.Helper()
	v := testkit.BuiltinView(t, "2026-11-23")
	opt := Options{Lang: lang, Format: "svg"}
	key := func(flow data.Flow, p data.Period) data.Key {
		return data.Key{Series: "cbec", Flow: flow, Period: p, Currency: data.CNY}
	}
	must := func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := map[string]*plot.Plot{}
	years, _ := stats.Steps(data.KindYear, data.Year(2018), data.Year(2024))
	var trend []stats.Growth
	for _, f := range []data.Flow{data.Total, data.Export, data.Import} {
		rows, err := stats.Trend(v, key(f, data.Period{}), years)
		if err != nil {
			t.Fatal(err)
		}
		trend = append(trend, rows...)
	}
	out["trend"] = must(Trend(trend, opt))
	var halves []stats.Comparison
	for y := 2023; y <= 2025; y++ {
		c, err := stats.Compare(v, key(data.Total, data.Half(y, 1)), "trade")
		if err != nil {
			t.Fatal(err)
		}
		halves = append(halves, c)
	}
	out["growth"] = must(Growth(halves, opt))
	out["share"] = must(Share(halves, opt))
	var flows []stats.Comparison
	for _, f := range []data.Flow{data.Total, data.Export, data.Import} {
		c, err := stats.Compare(v, key(f, data.Half(2024, 1)), "trade")
		if err != nil {
			t.Fatal(err)
		}
		flows = append(flows, c)
	}
	out["compare"] = must(Compare(flows, opt))
	m, err := stats.MultipleOf(v, key(data.Total, data.Year(2023)), 2018)
	if err != nil {
		t.Fatal(err)
	}
	ys, _ := stats.Steps(data.KindYear, data.Year(2018), data.Year(2023))
	rows, _ := stats.Trend(v, key(data.Total, data.Period{}), ys)
	out["multiple"] = must(Multiple(m, rows, opt))
	out["revisions"] = must(Revisions(revisionRows(t, v), opt))
	return out
}

// revisionRows are the revisions of CBEC's total in the embedded data as
// of v's date, as ceb chart revisions reads them.
func revisionRows(t *testing.T, v *data.View) []stats.Revision {
	t.Helper()
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := report.RevisionChartRows(v, ds, report.ChartQuery{Query: report.Query{Currency: data.CNY}})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Same inputs give byte-identical SVG; the golden files are the reference
// (go test ./report -update rewrites them; open them to review a change).
func TestChartSVGGolden(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		for kind, p := range charts(t, lang) {
			t.Run(kind+"_"+lang.String(), func(t *testing.T) {
				var a, b bytes.Buffer
				if err := Write(&a, p, Options{Format: "svg"}); err != nil {
					t.Fatal(err)
				}
				if err := Write(&b, charts(t, lang)[kind], Options{Format: "svg"}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Error("two renderings differ")
				}
				if bytes.Contains(a.Bytes(), []byte("<text")) {
					t.Error("the SVG has <text> elements; text must be outlines")
				}
				testkit.Golden(t, fmt.Sprintf("chart_%s_%s.svg", kind, lang), a.Bytes())
			})
		}
	}
}

func TestChartPNG(t *testing.T) {
	p := charts(t, vocab.Zh)["compare"]
	var b bytes.Buffer
	if err := Write(&b, p, Options{Format: "png", Width: 800, Height: 450, DPI: 100}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 800 || r.Dy() != 450 {
		t.Errorf("size %v", r)
	}
	if err := Write(&b, p, Options{Format: "pdf"}); err == nil {
		t.Error("pdf accepted")
	}
}

func TestChartErrors(t *testing.T) {
	if _, err := Trend(nil, Options{}); err == nil {
		t.Error("empty trend accepted")
	}
	if _, err := Multiple(stats.Multiple{Reason: "no level for 2019"}, nil, Options{}); err == nil {
		t.Error("a multiple without a ratio was charted")
	}
	if _, err := Trend([]stats.Growth{{}}, Options{Font: []byte("not a font")}); err == nil {
		t.Error("a bad --font was accepted")
	}
}

// Axes tick at round steps that include zero (worked by hand): a range of
// 0…43 every 10, never at −5, 10, 25; one reaching below zero by a finer
// step gets a tick there (−6.3…25: every 5 from −5), one that barely dips
// does not (−0.5…25).
func TestRoundTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{-6.3, 25, "−5 0 5 10 15 20 25"},
		{-0.5, 25, "0 10 20"},
		{0, 43, "0 10 20 30 40"},
		{-12, 9, "−10 −5 0 5"}, // minus signs (U+2212), not hyphens
		{0, 2.9, "0 1 2"},      // 2.9 / 5 = 0.58, rounded up to 1
		{0, 1.3, "0 0.5 1"},    // 0.26, rounded up to 0.5
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (roundTicks{}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("ticks(%v, %v) = %v, want %s", tt.lo, tt.hi, got, tt.want)
		}
	}
}

// Level labels take a minus sign, not a hyphen, as the axis does: a
// balance below zero reads "−1,200".
func TestLevelLabels(t *testing.T) {
	for _, tt := range []struct {
		format string
		v      float64
		want   string
	}{
		{"%.2f", 1.22, "1.22"},
		{"%.0f", -1200, "−1200"},
		{"%.1f", -0.4, "−0.4"},
		{"%.1f", 0, "0.0"},
	} {
		if got := level(tt.format, tt.v); got != tt.want {
			t.Errorf("level(%q, %v) = %q, want %q", tt.format, tt.v, got, tt.want)
		}
	}
}
