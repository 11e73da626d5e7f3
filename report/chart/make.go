package chart

import (
	"fmt"

	"gonum.org/v1/plot"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// Make draws a chart of kind (one of Kinds) from the data: the rows come
// from package report, the same numbers ceb stats prints.
func Make(kind string, v *data.View, ds *data.Dataset, q report.ChartQuery, opt Options) (*plot.Plot, error) {
	switch kind {
	case "top":
		res, err := report.Top(v, ds, report.TopQuery{Query: q.Query, By: q.By, N: q.N, HSDigits: q.HSDigits})
		if err != nil {
			return nil, err
		}
		return Top(res.Rows, q.By, opt)
	case "revisions":
		rows, err := report.RevisionChartRows(v, ds, q)
		if err != nil {
			return nil, err
		}
		return Revisions(rows, opt)
	case "trend":
		rows, err := report.TrendChartRows(v, q)
		if err != nil {
			return nil, err
		}
		return Trend(rows, opt)
	case "growth":
		rows, err := report.HistoryRows(v, q, func(c stats.Comparison) bool { return c.GrowthPct != nil || c.Ref.GrowthPct != nil })
		if err != nil {
			return nil, err
		}
		return Growth(rows, opt)
	case "share":
		rows, err := report.HistoryRows(v, q, func(c stats.Comparison) bool { return c.SharePct != nil })
		if err != nil {
			return nil, err
		}
		return Share(rows, opt)
	case "compare":
		rows, err := report.CompareChartRows(v, q)
		if err != nil {
			return nil, err
		}
		return Compare(rows, opt)
	case "multiple":
		m, years, err := report.MultipleChartRows(v, q)
		if err != nil {
			return nil, err
		}
		return Multiple(m, years, opt)
	}
	return nil, fmt.Errorf("unknown chart kind %q", kind)
}

// Named is one chart of a report, with the name its files take.
type Named struct {
	Name string // compare, growth, share, multiple, top-partner …
	Lang vocab.Lang
	Plot *plot.Plot
}

// ForPackage draws the charts of a report: the comparison per flow, the
// growth and share over the years, the multiple when there is one, the
// revisions of the series' total when a figure of it was published more
// than once (pkg.SeriesRevisions) and each breakdown (top-partner …), in
// each language of langs, in its order.
func ForPackage(pkg *report.Package, langs vocab.Set, opt Options) ([]Named, error) {
	var out []Named
	for _, l := range langs {
		o := opt
		o.Lang, o.Currency = l, pkg.Currency
		type kind struct {
			name string
			make func() (*plot.Plot, error)
		}
		kinds := []kind{
			{"compare", func() (*plot.Plot, error) { return Compare(pkg.Headline, o) }},
			{"growth", func() (*plot.Plot, error) { return Growth(pkg.History, o) }},
			{"share", func() (*plot.Plot, error) { return Share(pkg.History, o) }},
		}
		if pkg.Multiple != nil {
			kinds = append(kinds, kind{"multiple", func() (*plot.Plot, error) { return Multiple(*pkg.Multiple, pkg.MultipleYears, o) }})
		}
		if rows := pkg.SeriesRevisions(); len(rows) > 0 {
			kinds = append(kinds, kind{"revisions", func() (*plot.Plot, error) { return Revisions(rows, o) }})
		}
		for _, bd := range pkg.Breakdowns {
			kinds = append(kinds, kind{"top-" + bd.By, func() (*plot.Plot, error) { return Top(bd.Rows, bd.By, o) }})
		}
		for _, k := range kinds {
			p, err := k.make()
			if err != nil {
				return nil, fmt.Errorf("chart %s: %v", k.name, err)
			}
			out = append(out, Named{Name: k.name, Lang: l, Plot: p})
		}
	}
	return out, nil
}
