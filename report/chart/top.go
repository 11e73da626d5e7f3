package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// Top draws a ranked breakdown (report.Top) as horizontal bars, the first
// rank at the top: each item's name in opt.Lang (from the code lists, else
// its code), its value and its year-on-year rate at the bar's end (n/a
// for an item without one when others have one). The
// others row and the total are not drawn; the title says what share of the
// total the items hold.
func Top(rows []report.TopRow, by string, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	var items []report.TopRow
	var total *report.TopRow
	for i, r := range rows {
		switch r.Kind {
		case stats.RowItem:
			if r.Value != nil {
				items = append(items, r)
			}
		case stats.RowTotal:
			total = &rows[i]
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no items to chart")
	}
	k := items[0].Key
	p, err := newPlotGrid(opt, opt.Lang.TopTitle(k.Series, k.Flow, by, k.Period), true)
	if err != nil {
		return nil, err
	}
	ab := newAbout(p, opt.Lang)
	var vals []float64
	for _, r := range items {
		vals = append(vals, *r.Value)
	}
	u, numFmt := chartUnit(vals)
	p.X.Label.Text = opt.Lang.UnitName(u, opt.Currency)
	ab.what = append(ab.what, p.X.Label.Text)
	points := make([]vocab.ChartPoint, len(items))
	n := len(items)
	names := make([]string, n)
	bars := make(plotter.Values, n)
	var xys plotter.XYs
	var texts []string
	var scaled []float64
	sharePct := 0.0
	rates := false // some item has a rate: those without one say n/a
	for _, r := range items {
		rates = rates || r.GrowthPct != nil
	}
	for i, r := range items {
		y := n - 1 - i // rank 1 at the top
		names[y] = opt.Lang.Code(by, r.Code)
		v := *r.Value / u.Factor()
		bars[y] = v
		scaled = append(scaled, v)
		text := level(numFmt, v)
		if r.GrowthPct != nil {
			text += "  " + fmtPct(*r.GrowthPct) + "%"
			// A rate beside a base may be ceb's: Rank computes one where
			// the data has no published rate.
			ab.computed = ab.computed || r.Base != nil
		} else if rates {
			text += "  " + opt.Lang.Word("note.nodata")
		}
		points[i] = vocab.ChartPoint{At: names[y], Value: text}
		xys = append(xys, plotter.XY{X: math.Max(v, 0), Y: float64(y)})
		texts = append(texts, text)
		if r.SharePct != nil {
			sharePct += *r.SharePct
		}
	}
	w := vg.Points(float64(opt.Height) * 72 / float64(opt.DPI) / float64(n+1) * 0.6)
	b, err := plotter.NewBarChart(bars, w)
	if err != nil {
		return nil, err
	}
	b.Horizontal = true
	b.Color = palette[0]
	b.LineStyle.Width = vg.Points(0.5)
	p.Add(b)
	p.NominalY(names...)
	ab.describe("", points)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(9)
		lb.TextStyle[i].XAlign = draw.XLeft
		lb.TextStyle[i].YAlign = draw.YCenter
		lb.TextStyle[i].Color = ink
	}
	lb.Offset = vg.Point{X: vg.Points(4)}
	p.Add(lb)
	hi := 0.0
	for _, v := range scaled {
		hi = math.Max(hi, v)
	}
	p.X.Min, p.X.Max = 0, hi*1.4 // room for the value labels
	p.X.Tick.Marker = roundTicks{}
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	if total != nil && total.Value != nil {
		note := opt.Lang.TopNote(n, sharePct)
		ab.computed = true // the sum of the items' shares
		ab.what = append(ab.what, note)
		ann, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: p.X.Max, Y: -0.55}}, Labels: []string{note}})
		if err != nil {
			return nil, err
		}
		ann.TextStyle[0].Font.Size = vg.Points(9)
		ann.TextStyle[0].Color = muted
		ann.TextStyle[0].XAlign = draw.XRight
		ann.TextStyle[0].YAlign = draw.YBottom
		p.Add(ann)
	}
	return p, nil
}
