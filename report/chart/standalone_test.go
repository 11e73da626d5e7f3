package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gonum.org/v1/plot"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/data/load"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// The tests of charts that stand alone read each chart's SVG as a machine
// would (encoding/xml): its title and description, and the words of each
// text run from the aria-label of the group of its outlines.

// svgPath is one <path> of an SVG: its fill and its bounding box in the
// SVG's own coordinates (y up, before the root's flip).
type svgPath struct {
	fill, stroke           string // #RRGGBB; fill "" is black, "none" none
	minX, minY, maxX, maxY float64
}

// svgText is a text run: its words and the outlines of its glyphs.
type svgText struct {
	label string
	paths []svgPath
}

type svgDoc struct {
	role, labelledBy string
	children         []string // the root's first child elements, id#name
	title, desc      string
	texts            []svgText
	shapes           []svgPath // paths that are not text
}

func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	dec := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	inText := -1 // depth of the open labelled group
	var chars *string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch {
			case el.Name.Local == "svg":
				doc.role, doc.labelledBy = attr("role"), attr("aria-labelledby")
			case depth == 2:
				doc.children = append(doc.children, attr("id")+"#"+el.Name.Local)
			}
			switch el.Name.Local {
			case "title":
				chars = &doc.title
			case "desc":
				chars = &doc.desc
			case "g":
				if label := attr("aria-label"); label != "" {
					if inText >= 0 {
						t.Fatalf("text group %q inside another", label)
					}
					inText = depth
					doc.texts = append(doc.texts, svgText{label: label})
				}
			case "path":
				p := pathOf(t, attr("d"), attr("style"))
				if inText >= 0 {
					tx := &doc.texts[len(doc.texts)-1]
					tx.paths = append(tx.paths, p)
				} else {
					doc.shapes = append(doc.shapes, p)
				}
			}
		case xml.CharData:
			if chars != nil {
				*chars += string(el)
			}
		case xml.EndElement:
			if depth == inText {
				inText = -1
			}
			chars = nil
			depth--
		}
	}
	return doc
}

var (
	pathToken  = regexp.MustCompile(`[MLQCAZ]|-?[0-9.]+(e-?[0-9]+)?`)
	styleColor = regexp.MustCompile(`(?:^|;)(fill|stroke):(#[0-9A-Fa-f]{6}|none)`)
)

// pathOf reads a path's bounding box from its end and control points
// (arcs by their end points) and its colours from its style.
func pathOf(t *testing.T, d, style string) svgPath {
	p := svgPath{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, m := range styleColor.FindAllStringSubmatch(style, -1) {
		if m[1] == "fill" {
			p.fill = strings.ToUpper(m[2])
		} else {
			p.stroke = strings.ToUpper(m[2])
		}
	}
	var nums []float64
	cmd := ""
	flush := func() {
		if cmd == "A" { // rx ry rotation large sweep x y: only x y is a point
			for len(nums) >= 7 {
				nums = append(nums[:0], nums[5:]...)
				p.add(nums[0], nums[1])
				nums = nums[2:]
			}
		}
		for ; len(nums) >= 2; nums = nums[2:] {
			p.add(nums[0], nums[1])
		}
		nums = nums[:0]
	}
	for _, tok := range pathToken.FindAllString(d, -1) {
		if strings.ContainsAny(tok, "MLQCAZ") {
			flush()
			cmd = tok
			continue
		}
		x, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			t.Fatalf("path %q: %v", d, err)
		}
		nums = append(nums, x)
	}
	flush()
	return p
}

func (p *svgPath) add(x, y float64) {
	p.minX, p.maxX = math.Min(p.minX, x), math.Max(p.maxX, x)
	p.minY, p.maxY = math.Min(p.minY, y), math.Max(p.maxY, y)
}

// box is the bounding box of a text run's outlines.
func (tx svgText) box() svgPath {
	b := svgPath{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, p := range tx.paths {
		b.add(p.minX, p.minY)
		b.add(p.maxX, p.maxY)
	}
	return b
}

func (d svgDoc) labels() map[string]bool {
	m := map[string]bool{}
	for _, tx := range d.texts {
		m[tx.label] = true
	}
	return m
}

// standalone is a chart to check, with what it must say.
type standalone struct {
	name     string
	lang     vocab.Lang
	plot     *plot.Plot
	computed bool // the source line says "computed with ceb"
	missing  int  // n/a labels it must carry
	bars     bool // a missing value must have no bar under its label
}

// standaloneCharts are the charts of each kind in lang: the embedded data
// as of 2026-11-23 (charts), as published by 2024-07-31 (the H1 2024
// report, where cross-border e-commerce has no H1 2022 rate or share;
// both have no 2019 level), and the GACC trade-mode table of May 2024.
func standaloneCharts(t *testing.T, lang vocab.Lang) []standalone {
	t.Helper()
	must := func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	now := charts(t, lang)
	opt := Options{Lang: lang, Format: "svg"}
	// The H1 2024 report's data, as ceb report builds it.
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := report.BuildPackage(testkit.BuiltinView(t, "2024-07-31"), ds, data.Half(2024, 1), "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	halves := pkg.History
	if len(halves) < 2 || halves[1].Key.Period != data.Half(2022, 1) || halves[1].GrowthPct != nil || halves[1].SharePct != nil {
		t.Fatal("the H1 2024 report has a figure for H1 2022; pick another missing value")
	}
	flows := append([]stats.Comparison(nil), pkg.Headline...)
	if len(flows) == 0 {
		t.Fatalf("the H1 2024 report compares %d flows", len(flows))
	}
	flows[len(flows)-1].Ref.GrowthPct = nil // all trade's rate left out
	if pkg.Multiple == nil || len(pkg.MultipleYears) < 2 || pkg.MultipleYears[1].Value != nil {
		t.Fatal("the H1 2024 report has a 2019 level; pick another missing value")
	}
	m, years := *pkg.Multiple, pkg.MultipleYears
	// Revisions with a growth revision missing (2020's), with a latest
	// level missing (2021's), and with no growth revision at all: nothing
	// computed by ceb is drawn then.
	revs := revisionRows(t, testkit.BuiltinView(t, "2026-11-23"))
	if len(revs) < 2 {
		t.Fatalf("%d revisions of CBEC's total, want two or more", len(revs))
	}
	noPP := append([]stats.Revision(nil), revs...)
	noPP[0].GrowthRevisionPP = nil
	noLatest := append([]stats.Revision(nil), revs...)
	noLatest[1].LatestValue = nil
	nonePP := append([]stats.Revision(nil), revs...)
	for i := range nonePP {
		nonePP[i].GrowthRevisionPP = nil
	}
	return []standalone{
		// 2022's total is export + import, more precise than the published
		// 2.1万亿: ceb's sum. 2019 has no level.
		{name: "trend", lang: lang, plot: now["trend"], computed: true, missing: 1},
		{name: "growth", lang: lang, plot: now["growth"]},
		{name: "compare", lang: lang, plot: now["compare"], computed: true},
		{name: "share", lang: lang, plot: now["share"], computed: true},
		{name: "multiple", lang: lang, plot: now["multiple"], computed: true, missing: 1, bars: true},
		{name: "growth, H1 2022 missing", lang: lang, plot: must(Growth(halves, opt)), missing: 1, bars: true},
		{name: "share, H1 2022 missing", lang: lang, plot: must(Share(halves, opt)), computed: true, missing: 1},
		{name: "compare, a reference rate missing", lang: lang, plot: must(Compare(flows, opt)), computed: true, missing: 1, bars: true},
		{name: "multiple, 2019 missing", lang: lang, plot: must(Multiple(m, years, opt)), computed: true, missing: 1, bars: true},
		{name: "trend, 2019 missing", lang: lang, plot: must(Trend(years, opt)), computed: true, missing: 1},
		{name: "top trade modes", lang: lang, plot: must(Top(tradeModes(t), "trade_mode", opt)), computed: true},
		// The growth revisions in points are ceb's subtraction.
		{name: "revisions", lang: lang, plot: now["revisions"], computed: true},
		{name: "revisions, a growth revision missing", lang: lang, plot: must(Revisions(noPP, opt)), computed: true, missing: 1},
		{name: "revisions, a latest level missing", lang: lang, plot: must(Revisions(noLatest, opt)), computed: true, missing: 1, bars: true},
		{name: "revisions, no growth revision", lang: lang, plot: must(Revisions(nonePP, opt)), missing: len(nonePP)},
	}
}

// tradeModes is the ranked breakdown of GACC's trade-mode table for May
// 2024, in CNY: ten modes from 24,225.6亿 (ordinary trade) down to 20.1亿.
func tradeModes(t *testing.T) []report.TopRow {
	t.Helper()
	ds, _, err := load.LoadAll(filepath.Join("..", "..", "testdata", "gacc", "trade_mode_2024-05_cny.html"), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := report.Top(data.NewView(ds, data.Date{}), ds, report.TopQuery{Query: report.Query{Currency: data.CNY}, By: "trade_mode", N: 10})
	if err != nil {
		t.Fatal(err)
	}
	return res.Rows
}

func svgOf(t *testing.T, p *plot.Plot) svgDoc {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, p, Options{Format: "svg"}); err != nil {
		t.Fatal(err)
	}
	return parseSVG(t, b.Bytes())
}

// ticks are the tick labels an axis draws.
func ticks(ax plot.Axis) []string {
	var out []string
	for _, tk := range ax.Tick.Marker.Ticks(ax.Min, ax.Max) {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

// Each SVG says what it is to a machine: role="img", labelled by a <title>
// equal to the chart's title and a <desc> that carries the source line,
// both the root's first children; and its words are text: the title, the
// axis titles, every tick label and the source line are labels of text
// runs.
func TestChartSVGSaysWhatItIs(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		for _, c := range standaloneCharts(t, lang) {
			t.Run(c.name+"_"+lang.String(), func(t *testing.T) {
				doc := svgOf(t, c.plot)
				if doc.role != "img" {
					t.Errorf("role = %q, want img", doc.role)
				}
				if len(doc.children) < 2 || !strings.HasSuffix(doc.children[0], "#title") || !strings.HasSuffix(doc.children[1], "#desc") {
					t.Fatalf("the root's first children are %v, want title and desc", doc.children)
				}
				ids := strings.TrimSuffix(doc.children[0], "#title") + " " + strings.TrimSuffix(doc.children[1], "#desc")
				if doc.labelledBy != ids {
					t.Errorf("aria-labelledby = %q, want %q", doc.labelledBy, ids)
				}
				if doc.title != c.plot.Title.Text || doc.title == "" {
					t.Errorf("<title> = %q, want %q", doc.title, c.plot.Title.Text)
				}
				source := lang.ChartSource(c.computed)
				if !strings.Contains(doc.desc, source) {
					t.Errorf("<desc> %q lacks the source line %q", doc.desc, source)
				}
				labels := doc.labels()
				want := append([]string{c.plot.Title.Text, source, c.plot.X.Label.Text, c.plot.Y.Label.Text}, ticks(c.plot.X)...)
				want = append(want, ticks(c.plot.Y)...)
				for _, w := range want {
					if w != "" && !labels[w] {
						t.Errorf("no text run %q", w)
					}
				}
				if other := lang.ChartSource(!c.computed); labels[other] {
					t.Errorf("the source line is %q, want %q", other, source)
				}
				for _, tx := range doc.texts {
					if len(tx.paths) == 0 && strings.TrimSpace(tx.label) != "" {
						t.Errorf("text run %q has no outlines", tx.label)
					}
				}
			})
		}
	}
}

// A missing value is labelled n/a (无数据) at its place, with no bar (not
// even one of zero height) under the label.
func TestChartMissingValues(t *testing.T) {
	barFills := map[string]bool{}
	for _, c := range palette {
		r, g, b, _ := c.RGBA()
		barFills[strings.ToUpper("#"+hex2(r)+hex2(g)+hex2(b))] = true
	}
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		na := lang.Word("note.nodata")
		for _, c := range standaloneCharts(t, lang) {
			t.Run(c.name+"_"+lang.String(), func(t *testing.T) {
				doc := svgOf(t, c.plot)
				var found []svgText
				for _, tx := range doc.texts {
					if tx.label == na {
						found = append(found, tx)
					}
				}
				if len(found) != c.missing {
					t.Fatalf("%d %q labels, want %d", len(found), na, c.missing)
				}
				if c.missing > 0 && !strings.Contains(doc.desc, na) {
					t.Errorf("<desc> %q does not say %q", doc.desc, na)
				}
				if !c.bars {
					return
				}
				for _, tx := range found {
					lb := tx.box()
					x := (lb.minX + lb.maxX) / 2
					for _, s := range doc.shapes {
						// A bar under the label: its colour, across the
						// label's centre, reaching the band just below it.
						if barFills[s.fill] && s.minX <= x && x <= s.maxX && s.maxY >= lb.minY-12 && s.minY <= lb.maxY {
							t.Errorf("a bar (%s, x %.1f–%.1f, y %.1f–%.1f) at the %q label (x %.1f)", s.fill, s.minX, s.maxX, s.minY, s.maxY, na, x)
						}
					}
				}
			})
		}
	}
}

func hex2(v uint32) string {
	s := strconv.FormatUint(uint64(v>>8), 16)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

// A Chinese chart has no English: every text run, the title and the
// description are in Chinese, with digits, signs (+ − - . , % ×), Chinese
// and ASCII punctuation and spaces; the one Latin word allowed is "ceb",
// the tool's name, in the source line's "ceb计算".
func TestChineseChartsHaveNoEnglish(t *testing.T) {
	for _, c := range standaloneCharts(t, vocab.Zh) {
		t.Run(c.name, func(t *testing.T) {
			doc := svgOf(t, c.plot)
			texts := []string{doc.title, doc.desc}
			for _, tx := range doc.texts {
				texts = append(texts, tx.label)
			}
			for _, s := range texts {
				if w := englishIn(s); w != "" {
					t.Errorf("%q has English %q", s, w)
				}
			}
		})
	}
	if englishIn("资料来源：海关总署，ceb计算") != "" || englishIn("Imports 进口") != "Imports" {
		t.Error("englishIn does not tell English from what is allowed")
	}
}

// englishIn returns the first run of Latin letters in s other than "ceb".
func englishIn(s string) string {
	for _, w := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(s, -1) {
		if w != "ceb" {
			return w
		}
	}
	return ""
}

// Tick labels and axis titles are near-black, legible on paper: the fill
// of their glyphs is no lighter than #444444.
func TestChartAxisTextIsDark(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		for _, c := range standaloneCharts(t, lang) {
			t.Run(c.name+"_"+lang.String(), func(t *testing.T) {
				doc := svgOf(t, c.plot)
				axis := map[string]bool{c.plot.X.Label.Text: true, c.plot.Y.Label.Text: true, lang.ChartSource(c.computed): true}
				for _, l := range append(ticks(c.plot.X), ticks(c.plot.Y)...) {
					axis[l] = true
				}
				checked := 0
				for _, tx := range doc.texts {
					if !axis[tx.label] {
						continue
					}
					for _, p := range tx.paths {
						checked++
						if !dark(p.fill) {
							t.Errorf("text %q is drawn in %s", tx.label, p.fill)
						}
					}
				}
				if checked == 0 {
					t.Error("no axis text found")
				}
			})
		}
	}
}

// dark says whether an SVG fill ("" is black) has no channel above 0x44.
func dark(fill string) bool {
	if fill == "" {
		return true
	}
	if len(fill) != 7 {
		return false
	}
	for i := 1; i < 7; i += 2 {
		v, err := strconv.ParseUint(fill[i:i+2], 16, 8)
		if err != nil || v > 0x44 {
			return false
		}
	}
	return true
}

// The trade-mode chart in Chinese names every bar in Chinese (the code
// lists' names) and labels every bar with a nonzero value: 20.1亿 beside
// 24,225.6亿 is not 0.00 (万亿).
func TestTopTradeModeChart(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.Zh, vocab.En} {
		t.Run(lang.String(), func(t *testing.T) {
			p, err := Top(tradeModes(t), "trade_mode", Options{Lang: lang, Format: "svg"})
			if err != nil {
				t.Fatal(err)
			}
			names := ticks(p.Y)
			if len(names) != 10 {
				t.Fatalf("%d bars, want 10: %q", len(names), names)
			}
			for _, n := range names {
				han := strings.IndexFunc(n, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
				if lang == vocab.Zh && (!han || englishIn(n) != "") {
					t.Errorf("bar %q is not named in Chinese", n)
				}
				if lang == vocab.En && (han || englishIn(n) == "") {
					t.Errorf("bar %q is not named in English", n)
				}
			}
			doc := svgOf(t, p)
			values := 0
			for _, tx := range doc.texts {
				// Value labels: "24226  +7.1%", the level then the rate.
				f := strings.Fields(tx.label)
				if len(f) != 2 || !strings.HasSuffix(f[1], "%") {
					continue
				}
				values++
				if x, err := strconv.ParseFloat(f[0], 64); err != nil || x == 0 {
					t.Errorf("value label %q reads as zero", tx.label)
				}
			}
			if values != 10 {
				t.Errorf("%d value labels, want 10", values)
			}
			if unit := p.X.Label.Text; unit != lang.UnitName(data.Unit100m, data.CNY) {
				t.Errorf("unit %q, want 亿 (100 million)", unit)
			}
		})
	}
}

// A chart's unit and decimals never label a nonzero value 0 (worked by
// hand: 20.1亿 = 0.00201万亿).
func TestChartUnit(t *testing.T) {
	tests := []struct {
		name string
		vals []float64
		unit data.Unit
		fmt  string
	}{
		{"trillions, two decimals", []float64{2.38e12, 1.06e12}, data.Unit1t, "%.2f"},
		{"trillions down to 0.05", []float64{2.42e12, 0.05e12}, data.Unit1t, "%.2f"},
		{"a small one steps down to 亿", []float64{2.42e12, 20.1e8}, data.Unit100m, "%.0f"},
		{"below a trillion: 亿", []float64{9.2e11, 3e10}, data.Unit100m, "%.0f"},
		{"亿 with a decimal", []float64{50e8, 0.3e8}, data.Unit100m, "%.1f"},
		{"亿 with two", []float64{50e8, 0.03e8}, data.Unit100m, "%.2f"},
		{"万 below that", []float64{50e8, 2e5}, data.Unit10k, "%.0f"},
		{"zero stays zero", []float64{2.4e12, 0}, data.Unit1t, "%.2f"},
		{"negative small: −0.00 is zero too", []float64{-3e8, 1e12}, data.Unit100m, "%.0f"},
		{"negative tiny", []float64{-3e7, 1e12}, data.Unit100m, "%.1f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, f := chartUnit(tt.vals)
			if u != tt.unit || f != tt.fmt {
				t.Errorf("chartUnit(%v) = %v %q, want %v %q", tt.vals, u, f, tt.unit, tt.fmt)
			}
		})
	}
}

// The PNG carries the source line too: the strip under the chart has
// near-black text at its left and nothing at its right.
func TestChartPNGSourceLine(t *testing.T) {
	p := charts(t, vocab.En)["compare"]
	var b bytes.Buffer
	if err := Write(&b, p, Options{Format: "png", Width: 800, Height: 450, DPI: 100}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	strip := int(sourceStrip * 100 / 72) // points to pixels at 100 dpi
	darkAt := func(x0, x1 int) int {
		n := 0
		for y := 450 - strip; y < 450; y++ {
			for x := x0; x < x1; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if r < 0x6000 && g < 0x6000 && b < 0x6000 {
					n++
				}
			}
		}
		return n
	}
	if n := darkAt(0, 200); n < 50 {
		t.Errorf("%d dark pixels in the source line's place, want its text", n)
	}
	if n := darkAt(400, 800); n != 0 {
		t.Errorf("%d dark pixels right of the source line", n)
	}
}

// Every word a chart's source line and n/a labels draw has a glyph in
// ceb's font.
func TestSourceLineGlyphs(t *testing.T) {
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		missing, err := MissingGlyphs(nil, lang.ChartSource(true)+lang.Word("note.nodata"))
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("%s: no glyph for %q", lang, string(missing))
		}
	}
}

// An item of a ranked breakdown without a rate, beside items with one,
// says n/a (无数据) where its rate would be.
func TestTopChartMissingRate(t *testing.T) {
	ds := &data.Dataset{}
	add := func(partner string, y int, v float64) {
		o := data.Observation{Series: "cbec", Flow: data.Total, Period: data.Year(y), Currency: data.CNY, Value: v * 1e8, HasValue: true}
		o.Dims.Set("partner", partner)
		ds.Obs = append(ds.Obs, o)
	}
	add("US", 2024, 40)
	add("US", 2023, 30)
	add("DE", 2024, 15) // no 2023: no rate
	res, err := report.Top(data.NewView(ds, data.Date{}), ds, report.TopQuery{Query: report.Query{Currency: data.CNY}, By: "partner", N: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang       vocab.Lang
		with, none string
	}{
		{vocab.En, "40  +33.3%", "15  n/a"},
		{vocab.Zh, "40  +33.3%", "15  无数据"},
	} {
		t.Run(tt.lang.String(), func(t *testing.T) {
			p, err := Top(res.Rows, "partner", Options{Lang: tt.lang, Format: "svg"})
			if err != nil {
				t.Fatal(err)
			}
			labels := svgOf(t, p).labels()
			for _, w := range []string{tt.with, tt.none} {
				if !labels[w] {
					t.Errorf("no label %q in %v", w, labels)
				}
			}
		})
	}
}
