package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// Revisions draws, period by period, a figure's first release beside its
// latest (stats.Revision) as paired bars labelled with their levels, and
// above each pair the revision of the headline growth rate in points
// (latest − first), or n/a (无数据) where either rate is missing. A level
// missing at either release gets no bar and an n/a label on the zero
// line. The revision in points is ceb's subtraction, so the source line
// says the chart is computed with ceb. rows are one series and flow.
func Revisions(rows []stats.Revision, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	if len(rows) == 0 {
		return nil, fmt.Errorf("no revisions to chart")
	}
	k0 := rows[0].Key
	p, err := newPlot(opt, opt.Lang.RevisionsTitle(k0.Series, k0.Flow))
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	var all []float64
	for _, r := range rows {
		for _, v := range []*float64{r.FirstValue, r.LatestValue} {
			if v != nil {
				all = append(all, *v)
			}
		}
	}
	u, numFmt := chartUnit(all)
	p.Y.Label.Text = opt.Lang.UnitName(u, opt.Currency)
	ab.what = append(ab.what, p.Y.Label.Text)
	labels := make([]string, len(rows))
	vals := [][]float64{make([]float64, len(rows)), make([]float64, len(rows))}
	var scaled []float64
	var ppXY plotter.XYs
	var ppText []string
	ppDesc := make([]vocab.ChartPoint, len(rows))
	for i, r := range rows {
		labels[i] = opt.Lang.Period(r.Key.Period)
		top := 0.0
		for g, v := range []*float64{r.FirstValue, r.LatestValue} {
			vals[g][i] = math.NaN()
			if v != nil {
				vals[g][i] = *v / u.Factor()
				scaled = append(scaled, vals[g][i])
				top = math.Max(top, vals[g][i])
			}
		}
		ppXY = append(ppXY, plotter.XY{X: float64(i), Y: top})
		ppText = append(ppText, opt.Lang.GrowthRevision(r.GrowthRevisionPP))
		ppDesc[i] = vocab.ChartPoint{At: labels[i]}
		if r.GrowthRevisionPP != nil {
			ppDesc[i].Value = ppText[i]
			ab.computed = true
		}
	}
	p.NominalX(labels...)
	names := []string{opt.Lang.Word("legend.first_release"), opt.Lang.Word("legend.latest_release")}
	// The first release light, the latest dark: the eye goes to the figure
	// that stands now.
	if err := groupedBars(p, ab, names, labels, vals, opt, []color.Color{palette[1], palette[0]}, func(v float64) string { return level(numFmt, v) }); err != nil {
		return nil, err
	}
	// The revisions in points, over each pair, clear of the value labels.
	key := opt.Lang.Word("note.growth_revision_key")
	ab.describe(key, ppDesc)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: ppXY, Labels: ppText})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(9)
		lb.TextStyle[i].XAlign = draw.XCenter
		lb.TextStyle[i].Color = palette[0]
		if rows[i].GrowthRevisionPP == nil {
			lb.TextStyle[i].Color = muted
		}
	}
	lb.Offset = vg.Point{Y: vg.Points(16)}
	p.Add(lb)
	p.X.Label.Text = key
	p.X.Label.TextStyle.Font.Size = vg.Points(8)
	p.X.Label.TextStyle.Color = muted
	headroom(p, scaled, true)
	p.X.Min, p.X.Max = -0.6, float64(len(rows))-0.4
	return p, nil
}
