package report

import (
	"errors"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// ChartQuery is what a chart shows: the series (the first of Query.Series,
// default cbec) and flow (the first of Query.Flows, default total), the
// reference series, and the span: a frequency (year or half) from First to
// Last, or for a multiple the later period Last (default the latest
// complete year) against First or Years before.
type ChartQuery struct {
	Query
	Against     string
	Freq        data.PeriodKind
	First, Last *data.Period
	Years       int
	// By, N and HSDigits select a ranked breakdown (TopQuery).
	By          string
	N, HSDigits int
}

func (q ChartQuery) seriesName() string {
	if len(q.Series) > 0 {
		return q.Series[0]
	}
	return "cbec"
}

func (q ChartQuery) flow() data.Flow {
	if len(q.Flows) > 0 {
		return q.Flows[0]
	}
	return data.Total
}

// span returns the chart's periods: those of the frequency from First to
// Last, keeping only the parts of a year the series publishes at all
// (CBEC has H1 figures but no H2, and empty H2 slots say nothing); by
// quarter or month, only the periods the series has a figure for (total or
// exports), so a monthly chart is not a row of gaps.
func (q ChartQuery) span(v *data.View) ([]data.Period, error) {
	series := q.seriesName()
	steps, err := Span(v, series, q.Currency, q.Freq, q.First, q.Last, data.HintSpan)
	if err != nil || q.Freq == data.KindYear {
		return steps, err
	}
	has := map[int]bool{}
	for _, fl := range []data.Flow{data.Total, data.Export} {
		for _, p := range v.Periods(series, fl, q.Currency) {
			if p.Kind() == q.Freq {
				has[p.From] = true
			}
		}
	}
	kept := steps[:0:0]
	for _, p := range steps {
		if q.Freq == data.KindMonth || q.Freq == data.KindQuarter {
			if q.hasFigure(v, series, p) {
				kept = append(kept, p)
			}
			continue
		}
		if has[p.From] {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return nil, selectionError(data.NoHint, "series %q has no %s periods between %s and %s", series, q.Freq, steps[0], steps[len(steps)-1])
	}
	return kept, nil
}

// hasFigure reports whether the series has a level for p, total or exports.
func (q ChartQuery) hasFigure(v *data.View, series string, p data.Period) bool {
	for _, fl := range []data.Flow{data.Total, data.Export} {
		if val, err := v.Value(q.key(series, fl, p)); err == nil && val.HasValue {
			return true
		}
	}
	return false
}

// TrendChartRows are the levels of the series over the span, one run per
// flow (default: the flows the data has).
func TrendChartRows(v *data.View, q ChartQuery) ([]stats.Growth, error) {
	steps, err := q.span(v)
	if err != nil {
		return nil, err
	}
	series := q.seriesName()
	flows, _ := q.flows(v, series)
	return trendOf(v, q.Query, series, flows, steps)
}

// HistoryRows compares the series with the reference in every period of
// the span. A period without data keeps its place (a gap), except at both
// ends; keep says which rows have what the chart shows.
func HistoryRows(v *data.View, q ChartQuery, keep func(stats.Comparison) bool) ([]stats.Comparison, error) {
	steps, err := q.span(v)
	if err != nil {
		return nil, err
	}
	series := q.seriesName()
	var rows []stats.Comparison
	first, last := -1, -1
	for _, p := range steps {
		k := q.key(series, q.flow(), p)
		c, err := stats.Compare(v, k, q.Against)
		switch {
		case errors.Is(err, data.ErrNoData):
			// The series lacks the period; the reference's bar still shows.
			c = stats.Comparison{Growth: stats.Growth{Key: k}, Reference: q.Against}
			if r, rerr := stats.YoY(v, withSeries(k, q.Against)); rerr == nil {
				c.Ref = r
			}
		case err != nil:
			return nil, err
		}
		if keep(c) {
			if first < 0 {
				first = len(rows)
			}
			last = len(rows)
		}
		rows = append(rows, c)
	}
	if first < 0 {
		return nil, selectionError(data.HintCompare, "no period from %s to %s has both %s and %s", steps[0], steps[len(steps)-1], series, q.Against)
	}
	return rows[first : last+1], nil
}

// CompareChartRows compare the series with the reference for one period
// (default: the latest), per flow.
func CompareChartRows(v *data.View, q ChartQuery) ([]stats.Comparison, error) {
	series := q.seriesName()
	p, err := q.period(v, series)
	if err != nil {
		return nil, err
	}
	flows := q.Flows
	if len(flows) == 0 {
		flows, _ = q.flows(v, series)
	}
	return eachFlow(flows, false, func(fl data.Flow) (stats.Comparison, error) {
		return stats.Compare(v, q.key(series, fl, p), q.Against)
	})
}

// MultipleChartRows is the multiple over the span and the levels of each
// year between. Without either end the span is the latest complete year
// whose level Years earlier is known, as a report's five-year comparison.
func MultipleChartRows(v *data.View, q ChartQuery) (stats.Multiple, []stats.Growth, error) {
	series := q.seriesName()
	if q.Last == nil && q.First == nil {
		// The latest complete year whose level Years earlier is known.
		if m, ok := LatestMultiple(v, q.key(series, q.flow(), data.Period{}), 9999, q.Years); ok {
			q.Last = &m.To
		}
	}
	to, fromYear, err := MultipleSpan{To: q.Last, From: q.First, Years: q.Years}.end(v, series, q.Currency)
	if err != nil {
		return stats.Multiple{}, nil, err
	}
	k := q.key(series, q.flow(), to)
	m, err := stats.MultipleOf(v, k, fromYear)
	if err != nil {
		return m, nil, err
	}
	var years []data.Period
	for y := fromYear; y <= to.Year; y++ {
		years = append(years, to.AddYears(y-to.Year))
	}
	rows, err := stats.Trend(v, k, years)
	return m, rows, err
}

// RevisionChartRows are the revisions (RevisionRows) of the series and
// flow of q, from First to Last: each period's first release against its
// latest as of v.AsOf.
func RevisionChartRows(v *data.View, ds *data.Dataset, q ChartQuery) ([]stats.Revision, error) {
	rq := q.Query
	rq.Series, rq.Flows = []string{q.seriesName()}, []data.Flow{q.flow()}
	return RevisionRows(v, ds, rq, RevisionSpan{First: q.First, Last: q.Last})
}
