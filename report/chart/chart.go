package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

var plotMu sync.Mutex

// Kinds lists the chart kinds of `ceb chart`.
var Kinds = []string{"trend", "growth", "compare", "share", "multiple", "top", "revisions"}

// Options control how a chart looks and is written.
type Options struct {
	Lang     vocab.Lang // the language of every word of the chart
	Title    string     // overrides the default title
	Width    int        // pixels (PNG) at DPI; SVG uses the same size in points × 72/DPI
	Height   int
	DPI      int
	Format   string // png or svg
	Font     []byte // a TTF/OTF/TTC to use instead of ceb's own
	Currency data.Currency
	// Stamp, when set, is written in the top right corner (the embargo
	// line) and, in SVG, as the document's description.
	Stamp string
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 1200
	}
	if o.Height <= 0 {
		o.Height = 675
	}
	if o.DPI <= 0 {
		o.DPI = 150
	}
	if o.Currency == "" {
		o.Currency = data.CNY
	}
	return o
}

var palette = []color.Color{
	color.RGBA{0x1F, 0x4E, 0x79, 0xFF},
	color.RGBA{0xF4, 0xB1, 0x83, 0xFF},
	color.RGBA{0x7F, 0x7F, 0x7F, 0xFF},
}

// chartUnit picks the unit of a chart of levels and the decimals of its
// value labels, as press releases do: trillions (万亿) with two decimals
// when the largest value reaches one trillion, else 100 million (亿) with
// none. A nonzero value is never labelled 0: where one would be (2.42万亿
// beside 20.1亿, which is 0.00万亿) the chart steps down to 亿, and in 亿
// and below adds up to two decimals before stepping down again (10k, 1).
func chartUnit(vals []float64) (data.Unit, string) {
	maxAbs := 0.0
	for _, v := range vals {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	type choice struct {
		u      data.Unit
		digits []int
	}
	choices := []choice{{data.Unit100m, []int{0, 1, 2}}, {data.Unit10k, []int{0, 1, 2}}, {data.Unit1, []int{0, 1, 2}}}
	if maxAbs >= 1e12 {
		choices = append([]choice{{data.Unit1t, []int{2}}}, choices...)
	}
	for _, c := range choices {
		for _, d := range c.digits {
			if nonzeroLabels(vals, c.u.Factor(), d) {
				return c.u, "%." + strconv.Itoa(d) + "f"
			}
		}
	}
	return data.Unit1, "%.2f"
}

// nonzeroLabels says whether every nonzero value of vals, divided by
// factor and written with digits decimals, reads as nonzero.
func nonzeroLabels(vals []float64, factor float64, digits int) bool {
	for _, v := range vals {
		if v == 0 {
			continue
		}
		s := strconv.FormatFloat(v/factor, 'f', digits, 64)
		if x, err := strconv.ParseFloat(s, 64); err != nil || x == 0 {
			return false
		}
	}
	return true
}

// runs splits points at gaps in their x positions (missing periods), and
// before the positions in apart (a period that does not follow the one
// before it: months charted only where the data has them), so lines are
// not drawn across periods without data.
func runs(xys plotter.XYs, apart map[int]bool) []plotter.XYs {
	var out []plotter.XYs
	start := 0
	for i := 1; i <= len(xys); i++ {
		if i == len(xys) || xys[i].X-xys[i-1].X > 1 || apart[int(xys[i].X)] {
			out = append(out, xys[start:i])
			start = i
		}
	}
	return out
}

// nextPeriod is the period of the same kind right after p: the next year,
// half, quarter or month.
func nextPeriod(p data.Period) data.Period {
	n := p.Len()
	if p.To+n > 12 {
		return data.Period{Year: p.Year + 1, From: 1, To: n}
	}
	return data.Period{Year: p.Year, From: p.From + n, To: p.To + n}
}

// addLine draws xys as a line broken at gaps, with point markers, and
// returns the pieces for the legend.
func addLine(p *plot.Plot, xys plotter.XYs, i int, apart map[int]bool) (plot.Thumbnailer, plot.Thumbnailer, error) {
	var first *plotter.Line
	var firstPts *plotter.Scatter
	for _, r := range runs(xys, apart) {
		line, pts, err := plotter.NewLinePoints(r)
		if err != nil {
			return nil, nil, err
		}
		line.Color = palette[i%len(palette)]
		line.Width = vg.Points(2)
		line.Dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}}[i%3]
		pts.Color = line.Color
		pts.Shape = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}}[i%3]
		pts.Radius = vg.Points(3)
		p.Add(line, pts)
		if first == nil {
			first, firstPts = line, pts
		}
	}
	return first, firstPts, nil
}

// missingLabels marks positions without data with a small dark grey "n/a"
// (无数据) on the zero line.
func missingLabels(p *plot.Plot, xs []float64, lang vocab.Lang) error {
	if len(xs) == 0 {
		return nil
	}
	xys := make(plotter.XYs, len(xs))
	texts := make([]string, len(xs))
	for i, x := range xs {
		xys[i] = plotter.XY{X: x, Y: 0}
		texts[i] = lang.Word("note.nodata")
	}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(8)
		lb.TextStyle[i].XAlign = draw.XCenter
		lb.TextStyle[i].Color = muted
	}
	lb.Offset = vg.Point{Y: vg.Points(3)}
	p.Add(lb)
	return nil
}

func newPlot(opt Options, title string) (*plot.Plot, error) {
	return newPlotGrid(opt, title, false)
}

// newPlotGrid is newPlot with the grid lines of horizontal bars when
// across is set: vertical lines only, since horizontal ones would cut
// through the bars.
func newPlotGrid(opt Options, title string, across bool) (*plot.Plot, error) {
	face := font.Font{Typeface: FontName}
	b, key := cebSans, "builtin"
	if opt.Font != nil {
		key = fontKey(opt.Font)
		b, face.Typeface = opt.Font, font.Typeface("user "+key)
	}
	f, err := parseFont(key, b)
	if err != nil {
		return nil, &data.OptionError{Option: "font", Err: err}
	}
	// gonum/plot reads its default fonts from package variables when a plot
	// and its labels are made; set them under a lock.
	plotMu.Lock()
	defer plotMu.Unlock()
	font.DefaultCache.Add(font.Collection{{Font: face, Face: f}})
	plot.DefaultFont = face
	plotter.DefaultFont = face
	p := plot.New()
	if opt.Title != "" {
		title = opt.Title
	}
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(8)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(3)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Title.TextStyle.Color = ink
	p.Legend.TextStyle.Color = ink
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Color = ink
		ax.Tick.Label.Color = ink
		ax.Color, ax.Tick.Color = ink, ink
	}
	// Horizontal grid lines only: vertical ones would cut through bar
	// groups.
	grid := plotter.NewGrid()
	if across {
		grid.Horizontal.Color = nil
	} else {
		grid.Vertical.Color = nil
	}
	p.Add(grid)
	return p, nil
}

// indexTicks labels positions 0..n-1 with labels, thinned so that they do
// not overlap on a chart width pixels wide.
type indexTicks struct {
	labels []string
	width  int
	dpi    int
}

// labelWidth estimates a tick label's width in pixels at 9 points: an em
// for a Chinese character, about half an em for others, plus a gap.
func labelWidth(s string, dpi int) float64 {
	em := 9.0 * float64(dpi) / 72
	w := 2 * em
	for _, r := range s {
		if r >= 0x2E80 {
			w += em
		} else {
			w += 0.6 * em
		}
	}
	return w
}

func (t indexTicks) Ticks(min, max float64) []plot.Tick {
	widest := 0.0
	for _, l := range t.labels {
		widest = math.Max(widest, labelWidth(l, t.dpi))
	}
	fit := int(0.85 * float64(t.width) / math.Max(widest, 1))
	step := 1
	if fit > 0 && len(t.labels) > fit {
		step = (len(t.labels) + fit - 1) / fit
	}
	var out []plot.Tick
	for i, l := range t.labels {
		if i%step == 0 {
			out = append(out, plot.Tick{Value: float64(i), Label: l})
		}
	}
	return out
}

// headroom sets the Y range from the data to a margin above it, so that the
// legend and value labels stay clear of the data.
func headroom(p *plot.Plot, vals []float64, zero bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	p.Y.Max = hi + 0.35*span
	if lo < 0 || !zero {
		p.Y.Min = lo - 0.12*span
	} else {
		p.Y.Min = 0
	}
	p.Y.Tick.Marker = roundTicks{}
	if lo < 0 && hi > 0 {
		// Bars cross zero: draw the zero line.
		zl := plotter.NewFunction(func(float64) float64 { return 0 })
		zl.Color, zl.Width = color.Gray{Y: 0x40}, vg.Points(0.8)
		p.Add(zl)
	}
}

// roundTicks marks the Y axis at round steps (1, 2, 2.5 or 5 × 10^k, about
// five of them) that include zero: 0, 10, 20, 30, not −5, 10, 25. An axis
// reaching below zero by at least a finer round step gets a tick there
// (−5, 0, 5 … for −6.3…25), so that a bar below zero has a number beside it.
type roundTicks struct{}

func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	step := roundStep((hi - lo) / 5)
	if lo < 0 && math.Ceil(lo/step)*step >= 0 {
		if s := roundStep(step / 2); s < step && math.Ceil(lo/s)*s < 0 {
			step = s
		}
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, plot.Tick{Value: v, Label: vocab.Negative(v)})
	}
	return out
}

// roundStep is the round number (1, 2, 2.5, 5 × 10^k) nearest above x.
func roundStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

func fmtPct(v float64) string { return vocab.Signed(v) }

// level writes a level in a chart's number format, a negative one (a
// balance) with a minus sign, not a hyphen: "−1,200" beside the axis's
// "−500".
func level(format string, v float64) string {
	s := fmt.Sprintf(format, v)
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return vocab.Minus + rest
	}
	return s
}

// Trend draws the levels of each flow of a series over periods: one
// line per flow, values in trillions or 亿. The first flow's points are
// labelled with their values, and its periods without one with n/a.
func Trend(rows []stats.Growth, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return nil, fmt.Errorf("no data to chart")
	}
	var periods []data.Period
	idx := map[data.Period]int{}
	var flows []data.Flow
	seenFlow := map[data.Flow]bool{}
	var all []float64
	for _, g := range rows {
		if _, ok := idx[g.Key.Period]; !ok {
			idx[g.Key.Period] = len(periods)
			periods = append(periods, g.Key.Period)
		}
		if !seenFlow[g.Key.Flow] {
			seenFlow[g.Key.Flow] = true
			flows = append(flows, g.Key.Flow)
		}
		if g.Value != nil {
			all = append(all, *g.Value)
		}
	}
	u, numFmt := chartUnit(all)
	series := rows[0].Key.Series
	p, err := newPlot(opt, opt.Lang.TrendTitle(series))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	p.Y.Label.Text = opt.Lang.UnitName(u, opt.Currency)
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(periods))
	for i, pr := range periods {
		labels[i] = opt.Lang.Period(pr)
	}
	p.X.Tick.Marker = indexTicks{labels, opt.Width, opt.DPI}
	apart := map[int]bool{}
	for i := 1; i < len(periods); i++ {
		apart[i] = periods[i] != nextPeriod(periods[i-1])
	}
	var scaled []float64
	for fi, fl := range flows {
		var xys plotter.XYs
		var texts []string
		points := make([]vocab.ChartPoint, len(periods))
		for i := range periods {
			points[i].At = labels[i]
		}
		for _, g := range rows {
			if g.Key.Flow != fl || g.Value == nil {
				continue
			}
			v := *g.Value / u.Factor()
			xys = append(xys, plotter.XY{X: float64(idx[g.Key.Period]), Y: v})
			texts = append(texts, level(numFmt, v))
			points[idx[g.Key.Period]].Value = texts[len(texts)-1]
			scaled = append(scaled, v)
			// A level summed from finer periods or parts is ceb's.
			ab.computed = ab.computed || g.Derived != "" || g.PublishedValue != nil
		}
		ab.describe(opt.Lang.FlowTitle(fl), points)
		if fi == 0 {
			var none []float64
			for i := range points {
				if points[i].Value == "" {
					none = append(none, float64(i))
				}
			}
			if err := missingLabels(p, none, opt.Lang); err != nil {
				return nil, err
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, pts, err := addLine(p, xys, fi, apart)
		if err != nil {
			return nil, err
		}
		if len(runs(xys, apart)) > 1 || len(xys) == 1 {
			// Years without data break the line; say so rather than leave
			// lone points unexplained.
			p.X.Label.Text = opt.Lang.Word("note.gaps")
			p.X.Label.TextStyle.Font.Size = vg.Points(8)
			p.X.Label.TextStyle.Color = muted
		}
		p.Legend.Add(opt.Lang.FlowTitle(fl), line, pts)
		// Value labels on the first flow only: more would crowd the chart.
		if fi == 0 {
			if err := valueLabels(p, xys, texts, 8, 6); err != nil {
				return nil, err
			}
		}
	}
	headroom(p, scaled, true)
	p.X.Min, p.X.Max = -0.5, float64(len(periods))-0.5
	return p, nil
}

// valueLabels writes texts centred above the points xys, in size points,
// offset points above them.
func valueLabels(p *plot.Plot, xys plotter.XYs, texts []string, size, offset float64) error {
	if len(xys) == 0 {
		return nil
	}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(size)
		lb.TextStyle[i].XAlign = draw.XCenter
		lb.TextStyle[i].Color = ink
	}
	lb.Offset = vg.Point{Y: vg.Points(offset)}
	p.Add(lb)
	return nil
}

// addBars draws vals (NaN: none) as bars of width w at positions 0..n-1
// shifted by offset, one bar chart per run of values: a missing value gets
// no bar at all, not a zero-height one. It returns a bar chart of the
// colour for the legend.
func addBars(p *plot.Plot, vals []float64, w vg.Length, c color.Color, offset vg.Length) (*plotter.BarChart, error) {
	style := func(b *plotter.BarChart) {
		b.Color = c
		b.LineStyle.Width = vg.Points(0.5)
		b.Offset = offset
	}
	var first *plotter.BarChart
	for start := 0; start < len(vals); {
		if math.IsNaN(vals[start]) {
			start++
			continue
		}
		end := start
		for end < len(vals) && !math.IsNaN(vals[end]) {
			end++
		}
		b, err := plotter.NewBarChart(plotter.Values(vals[start:end]), w)
		if err != nil {
			return nil, err
		}
		style(b)
		b.XMin = float64(start)
		p.Add(b)
		if first == nil {
			first = b
		}
		start = end
	}
	if first == nil {
		b, err := plotter.NewBarChart(plotter.Values{0}, w)
		if err != nil {
			return nil, err
		}
		style(b)
		first = b
	}
	return first, nil
}

// groupedBars adds bars for several groups side by side at positions
// 0..n-1, group g in colors[g], each labelled with its value written by
// format, or n/a (无数据) on the zero line where it has none; vals[g][i] is
// group g at position i (NaN: none). points are the positions' names, for
// the description.
func groupedBars(p *plot.Plot, ab *about, names, points []string, vals [][]float64, opt Options, colors []color.Color, format func(float64) string) error {
	w := vg.Points(float64(opt.Width) * 72 / float64(opt.DPI) / float64(len(vals[0])+1) / float64(len(vals)+1))
	for g := range vals {
		offset := vg.Length(float64(g)-float64(len(vals)-1)/2) * w
		bars, err := addBars(p, vals[g], w, colors[g%len(colors)], offset)
		if err != nil {
			return err
		}
		p.Legend.Add(names[g], bars)
		xys := make(plotter.XYs, len(vals[g]))
		texts := make([]string, len(vals[g]))
		desc := make([]vocab.ChartPoint, len(vals[g]))
		for i, v := range vals[g] {
			desc[i].At = points[i]
			if math.IsNaN(v) {
				xys[i] = plotter.XY{X: float64(i)}
				texts[i] = opt.Lang.Word("note.nodata")
				continue
			}
			xys[i] = plotter.XY{X: float64(i), Y: v}
			texts[i] = format(v)
			desc[i].Value = texts[i]
		}
		ab.describe(names[g], desc)
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			return err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].Font.Size = vg.Points(8)
			lb.TextStyle[i].XAlign = draw.XCenter
			lb.TextStyle[i].Color = ink
			if math.IsNaN(vals[g][i]) {
				lb.TextStyle[i].Color = muted
			} else if xys[i].Y < 0 {
				lb.TextStyle[i].YAlign = draw.YTop
			}
		}
		lb.Offset = vg.Point{X: offset, Y: vg.Points(3)}
		p.Add(lb)
	}
	return nil
}

func nanToZero(v []float64) plotter.Values {
	out := make(plotter.Values, len(v))
	for i, x := range v {
		if !math.IsNaN(x) {
			out[i] = x
		}
	}
	return out
}

func headline(g stats.Growth) float64 {
	if g.GrowthPct == nil {
		return math.NaN()
	}
	return *g.GrowthPct
}

// computedRate says whether g's headline rate is ceb's, not GACC's.
func computedRate(g stats.Growth) bool { return g.GrowthPct != nil && g.Basis != stats.Reported }

// Growth draws grouped bars of the headline growth of a series and of
// its reference, period by period.
func Growth(rows []stats.Comparison, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return nil, fmt.Errorf("no data to chart")
	}
	s, r := rows[0].Key.Series, rows[0].Reference
	p, err := newPlot(opt, opt.Lang.GrowthTitle(s, r))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	p.Y.Label.Text = opt.Lang.Word("axis.growth")
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(rows))
	vals := [][]float64{make([]float64, len(rows)), make([]float64, len(rows))}
	var all []float64
	for i, c := range rows {
		labels[i] = opt.Lang.Period(c.Key.Period)
		vals[0][i], vals[1][i] = headline(c.Growth), headline(c.Ref)
		all = append(all, nanToZero(vals[0][i : i+1])[0], nanToZero(vals[1][i : i+1])[0])
		ab.computed = ab.computed || computedRate(c.Growth) || computedRate(c.Ref)
	}
	p.NominalX(labels...)
	if err := groupedBars(p, ab, []string{opt.Lang.Series(s), opt.Lang.Series(r)}, labels, vals, opt, palette, fmtPct); err != nil {
		return nil, err
	}
	headroom(p, all, true)
	p.X.Min, p.X.Max = -0.6, float64(len(rows))-0.4
	return p, nil
}

// Compare draws, for one period, the growth of a series and of its
// reference for each flow, with the official gap in points marked above.
// The gap is ceb's subtraction of the two rates, so the chart says it is
// computed.
func Compare(rows []stats.Comparison, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return nil, fmt.Errorf("no data to chart")
	}
	c0 := rows[0]
	p, err := newPlot(opt, opt.Lang.CompareTitle(c0.Key.Series, c0.Reference, c0.Key.Period))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	p.Y.Label.Text = opt.Lang.Word("axis.growth")
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(rows))
	vals := [][]float64{make([]float64, len(rows)), make([]float64, len(rows))}
	var all []float64
	var gapXY plotter.XYs
	var gapText []string
	var gapDesc []vocab.ChartPoint
	for i, c := range rows {
		labels[i] = opt.Lang.FlowTitle(c.Key.Flow)
		vals[0][i], vals[1][i] = headline(c.Growth), headline(c.Ref)
		ab.computed = ab.computed || computedRate(c.Growth) || computedRate(c.Ref)
		for _, v := range []float64{vals[0][i], vals[1][i]} {
			if !math.IsNaN(v) {
				all = append(all, v)
			}
		}
		if c.GapPP != nil {
			top := math.Max(nanToZero(vals[0][i : i+1])[0], nanToZero(vals[1][i : i+1])[0])
			gapXY = append(gapXY, plotter.XY{X: float64(i), Y: top})
			gapText = append(gapText, opt.Lang.GapLabel(*c.GapPP))
			gapDesc = append(gapDesc, vocab.ChartPoint{At: labels[i], Value: gapText[len(gapText)-1]})
			ab.computed = true
		}
	}
	p.NominalX(labels...)
	if err := groupedBars(p, ab, []string{opt.Lang.Series(c0.Key.Series), opt.Lang.Series(c0.Reference)}, labels, vals, opt, palette, fmtPct); err != nil {
		return nil, err
	}
	if len(gapXY) > 0 {
		ab.describe("", gapDesc)
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: gapXY, Labels: gapText})
		if err != nil {
			return nil, err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].Font.Size = vg.Points(10)
			lb.TextStyle[i].XAlign = draw.XCenter
			lb.TextStyle[i].Color = palette[0]
		}
		lb.Offset = vg.Point{Y: vg.Points(18)}
		p.Add(lb)
	}
	headroom(p, all, true)
	p.X.Min, p.X.Max = -0.6, float64(len(rows))-0.4
	return p, nil
}

// Share draws a series' share of its reference over periods, a share ceb
// computes from the two levels; periods without one are labelled n/a.
func Share(rows []stats.Comparison, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return nil, fmt.Errorf("no data to chart")
	}
	c0 := rows[0]
	p, err := newPlot(opt, opt.Lang.ShareTitle(c0.Key.Series, c0.Reference))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	p.Y.Label.Text = opt.Lang.Word("axis.share")
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(rows))
	var xys plotter.XYs
	var texts []string
	var all, none []float64
	points := make([]vocab.ChartPoint, len(rows))
	for i, c := range rows {
		labels[i] = opt.Lang.Period(c.Key.Period)
		points[i].At = labels[i]
		if c.SharePct == nil {
			none = append(none, float64(i))
			continue
		}
		xys = append(xys, plotter.XY{X: float64(i), Y: *c.SharePct})
		texts = append(texts, fmt.Sprintf("%.1f%%", stats.Round(*c.SharePct, 1)))
		points[i].Value = texts[len(texts)-1]
		all = append(all, *c.SharePct)
		ab.computed = true
	}
	ab.describe(opt.Lang.Series(c0.Key.Series), points)
	p.X.Tick.Marker = indexTicks{labels, opt.Width, opt.DPI}
	if len(xys) > 0 {
		if _, _, err := addLine(p, xys, 0, nil); err != nil {
			return nil, err
		}
		if err := valueLabels(p, xys, texts, 8, 6); err != nil {
			return nil, err
		}
	}
	if err := missingLabels(p, none, opt.Lang); err != nil {
		return nil, err
	}
	headroom(p, all, true)
	p.X.Min, p.X.Max = -0.5, float64(len(rows))-0.5
	return p, nil
}

// Multiple draws the levels of each year from the multiple's start to
// its end as bars, the two ends dark, annotated with the ratio, the increase
// in times (增长X倍 = ratio − 1) and the CAGR, all computed by ceb. A year
// without a level gets no bar and an n/a label.
func Multiple(m stats.Multiple, years []stats.Growth, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if m.Ratio == nil || m.FromValue == nil || m.ToValue == nil {
		return nil, fmt.Errorf("no multiple to chart: %s", m.Reason)
	}
	p, err := newPlot(opt, opt.Lang.MultipleTitle(m.Series, m.Flow, m.From, m.To))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	ab.computed = true
	var all []float64
	for _, g := range years {
		if g.Value != nil {
			all = append(all, *g.Value)
		}
	}
	u, numFmt := chartUnit(all)
	p.Y.Label.Text = opt.Lang.UnitName(u, opt.Currency)
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(years))
	var none []float64
	ends, mids := make([]float64, len(years)), make([]float64, len(years))
	var xys plotter.XYs
	var texts []string
	var scaled []float64
	points := make([]vocab.ChartPoint, len(years))
	for i, g := range years {
		labels[i] = opt.Lang.Period(g.Key.Period)
		points[i].At = labels[i]
		ends[i], mids[i] = math.NaN(), math.NaN()
		if g.Value == nil {
			none = append(none, float64(i))
			continue
		}
		v := *g.Value / u.Factor()
		if g.Key.Period == m.From || g.Key.Period == m.To {
			ends[i] = v
		} else {
			mids[i] = v
		}
		xys = append(xys, plotter.XY{X: float64(i), Y: v})
		texts = append(texts, level(numFmt, v))
		points[i].Value = texts[len(texts)-1]
		scaled = append(scaled, v)
	}
	ab.describe(opt.Lang.Series(m.Series), points)
	p.NominalX(labels...)
	if err := missingLabels(p, none, opt.Lang); err != nil {
		return nil, err
	}
	w := vg.Points(float64(opt.Width) * 72 / float64(opt.DPI) / float64(len(years)+1) * 0.6)
	for i, vals := range [][]float64{ends, mids} {
		if _, err := addBars(p, vals, w, palette[i*2], 0); err != nil {
			return nil, err
		}
	}
	if err := valueLabels(p, xys, texts, 9, 3); err != nil {
		return nil, err
	}
	note := opt.Lang.MultipleNote(m)
	ab.what = append(ab.what, note)
	headroom(p, scaled, true)
	ann, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: -0.4, Y: p.Y.Max}}, Labels: []string{note}})
	if err != nil {
		return nil, err
	}
	ann.TextStyle[0].Font.Size = vg.Points(11)
	ann.TextStyle[0].Color = palette[0]
	ann.TextStyle[0].YAlign = draw.YTop
	ann.Offset = vg.Point{Y: -vg.Points(4)}
	p.Add(ann)
	p.X.Min, p.X.Max = -0.6, float64(len(years))-0.4
	return p, nil
}

// sourceStrip is the height of the strip under a chart that carries its
// source line.
const sourceStrip = 14

// drawStamped draws the plot above a strip that carries its source line
// at the left, and with a stamp a strip above it that carries the stamp at
// its right, in red, so that neither crosses anything.
func drawStamped(c *aboutCanvas, p *plot.Plot, stamp string) {
	dc := draw.New(c)
	// A margin at the sides: gonum/plot sets tick labels flush with the
	// canvas edge, where a glyph's side bearing was cut off.
	dc = draw.Crop(dc, vg.Points(6), -vg.Points(6), 0, 0)
	top := vg.Length(0)
	if stamp != "" {
		top = vg.Points(14)
	}
	p.Draw(draw.Crop(dc, 0, 0, vg.Points(sourceStrip), -top))
	sty := p.Title.TextStyle
	sty.Font.Size = vg.Points(8)
	if c.about != nil {
		src := sty
		src.Color = ink
		src.XAlign, src.YAlign = draw.XLeft, draw.YBottom
		dc.FillText(src, vg.Point{X: dc.Min.X, Y: dc.Min.Y + vg.Points(3)}, c.about.source())
	}
	if stamp != "" {
		sty.Color = color.RGBA{0xC0, 0x00, 0x00, 0xFF}
		sty.XAlign, sty.YAlign = draw.XRight, draw.YTop
		dc.FillText(sty, vg.Point{X: dc.Max.X - vg.Points(4), Y: dc.Max.Y - vg.Points(3)}, stamp)
	}
}

// Write draws p as PNG (at opt.DPI) or SVG to w, with the chart's source
// line under it. An SVG draws its text as outlines and keeps the words
// readable by machines: role="img", a <title> (the chart's title) and a
// <desc> (what is charted, the source line, the stamp), and each text
// run's outlines in a group labelled with its words (aria-label).
func Write(w io.Writer, p *plot.Plot, opt Options) error {
	opt = opt.withDefaults()
	wi := vg.Length(float64(opt.Width) / float64(opt.DPI) * float64(vg.Inch))
	hi := vg.Length(float64(opt.Height) / float64(opt.DPI) * float64(vg.Inch))
	switch opt.Format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(wi, hi), vgimg.UseDPI(opt.DPI), vgimg.UseBackgroundColor(color.White))
		drawStamped(&aboutCanvas{CanvasSizer: c}, p, opt.Stamp)
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case "svg":
		c := &pathTextCanvas{Canvas: vgsvg.NewWith(vgsvg.UseWH(wi, hi))}
		ac := &aboutCanvas{CanvasSizer: c}
		drawStamped(ac, p, opt.Stamp)
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		desc := opt.Stamp
		if a := ac.about; a != nil {
			desc = a.lang.ChartDescription(append(append([]string(nil), a.what...), a.source(), opt.Stamp)...)
		}
		svg, err := accessible(buf.Bytes(), p.Title.Text, desc, c.runs)
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	}
	return fmt.Errorf("unknown chart format %q: use png or svg", opt.Format)
}
