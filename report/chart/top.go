package chart

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/report"
)

// Top draws a ranked breakdown (report.Top) as horizontal bars, the first
// rank at the top: each item's name in opt.Lang (from the code lists, else
// its code), its value and its year-on-year rate at the bar's end. The
// others row and the total are not drawn; the title says what share of the
// total the items hold.
func Top(rows []report.TopRow, by string, opt Options) (*plot.Plot, error) {
	opt = opt.withDefaults()
	var items []report.TopRow
	var total *report.TopRow
	for i, r := range rows {
		switch r.Kind {
		case "item":
			if r.Value != nil {
				items = append(items, r)
			}
		case "total":
			total = &rows[i]
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no items to chart")
	}
	k := items[0].Key
	what, dim := report.SeriesName(k.Series, opt.Lang)+report.FlowTitle(k.Flow, opt.Lang), report.Word("dim."+by, opt.Lang)
	if opt.Lang != "zh" {
		what = report.SeriesName(k.Series, opt.Lang) + ", " + strings.ToLower(report.FlowTitle(k.Flow, opt.Lang))
		dim = strings.ReplaceAll(dim, "_", " ")
	}
	title := fmt.Sprintf(report.Word("title.top", opt.Lang), what, dim, report.PeriodLabel(k.Period, opt.Lang))
	p, err := newPlotGrid(opt, title, true)
	if err != nil {
		return nil, err
	}
	var vals []float64
	for _, r := range items {
		vals = append(vals, *r.Value)
	}
	u, numFmt := chartUnit(vals)
	p.X.Label.Text = report.UnitName(u, opt.Currency, opt.Lang)
	n := len(items)
	names := make([]string, n)
	bars := make(plotter.Values, n)
	var xys plotter.XYs
	var texts []string
	var scaled []float64
	sharePct := 0.0
	for i, r := range items {
		y := n - 1 - i // rank 1 at the top
		names[y] = codes.Label(by, r.Code, opt.Lang)
		v := *r.Value / u.Factor()
		bars[y] = v
		scaled = append(scaled, v)
		text := fmt.Sprintf(numFmt, v)
		if r.GrowthPct != nil {
			text += "  " + fmtPct(*r.GrowthPct) + "%"
		}
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
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(9)
		lb.TextStyle[i].XAlign = draw.XLeft
		lb.TextStyle[i].YAlign = draw.YCenter
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
		note := fmt.Sprintf(report.Word("note.top", opt.Lang), n, sharePct)
		ann, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: p.X.Max, Y: -0.55}}, Labels: []string{note}})
		if err != nil {
			return nil, err
		}
		ann.TextStyle[0].Font.Size = vg.Points(9)
		ann.TextStyle[0].Color = palette[2]
		ann.TextStyle[0].XAlign = draw.XRight
		ann.TextStyle[0].YAlign = draw.YBottom
		p.Add(ann)
	}
	return p, nil
}
