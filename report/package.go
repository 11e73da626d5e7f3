package report

import (
	"errors"
	"fmt"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Package is everything `ceb report` publishes for one period: the
// headline comparison per flow, the five-year multiple, the series charted,
// and provenance. BuildPackage fills it from package stats; the renderers
// only format it.
type Package struct {
	Period    data.Period
	AsOf      data.Date
	Currency  data.Currency
	Series    string // cbec
	Reference string // trade

	// Headline holds the comparison for total, export and import (those
	// the data has), total first.
	Headline []stats.Comparison
	// Multiple is the latest complete year against five years before, with
	// the levels of the years between.
	Multiple      *stats.Multiple
	MultipleYears []stats.Growth
	// History is the same kind of period over recent years, for the Series
	// sheet and the charts: the series and the reference, total flow.
	History []stats.Comparison
	// Breakdowns rank the total by each dimension the data breaks it down
	// by (partner, province, hs, trade_mode), the top ten and the rest.
	Breakdowns []Breakdown
	// Observations are the published figures the numbers rest on.
	Observations []data.Observation
	// Revisions are the revisions of the series and the reference (every
	// flow) as of AsOf: each figure's first release against its latest.
	Revisions []stats.Revision

	Sources     []data.Source
	Version     string
	CommandLine string
	// Embargo is the time before which nothing of the package may be
	// published; when set, every artifact carries EmbargoStamp.
	Embargo *time.Time
}

// ParseEmbargo reads an embargo time: RFC 3339 with or without seconds
// (2025-07-14T10:00+08:00), or a date (midnight UTC).
func ParseEmbargo(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time such as 2025-07-14T10:00+08:00", s)
}

// ReportPeriod returns the period a report covers: p when given, else the
// latest half-year or year the data has for the series, whichever ends
// later (the year when both end in December: 2025, not 2025H2; 2025 over
// 2025H1). A report covers a half-year, a year or a year to date (a first
// quarter is one).
func ReportPeriod(v *data.View, p *data.Period, series string, cur data.Currency) (data.Period, error) {
	if p == nil {
		year, okY := v.Latest(series, cur, data.KindYear)
		half, okH := v.Latest(series, cur, data.KindHalf)
		switch {
		case okY && (!okH || !half.EndsAfter(year) || half.To == year.To && half.Year == year.Year):
			return year, nil
		case okH:
			return half, nil
		}
		return data.Period{}, selectionError(data.HintPeriod, "no half-year or year for series %q in %s as of %s", series, cur, v.AsOf)
	}
	if !Reportable(*p) {
		return *p, &QueryError{errors.New("a report covers a half-year, a year or a year to date (2024H1, 2024, 2024-01..2024-10)")}
	}
	return *p, nil
}

// Reportable reports whether a report can cover p: a half-year, a year or
// a year to date.
func Reportable(p data.Period) bool {
	switch p.Kind() {
	case data.KindHalf, data.KindYear:
		return true
	case data.KindRange, data.KindQuarter:
		return p.From == 1
	}
	return false
}

// BuildPackage computes everything a report on period p shows: the
// comparison with the reference for each flow the data has, the five-year
// multiple, the same period over the six years to it, and every
// observation those numbers rest on.
func BuildPackage(v *data.View, ds *data.Dataset, p data.Period, series, against string, cur data.Currency) (*Package, error) {
	pkg := &Package{Period: p, AsOf: v.AsOf, Currency: cur, Series: series, Reference: against, Sources: ds.Sources}
	var keys []data.Key
	for _, fl := range []data.Flow{data.Total, data.Export, data.Import} {
		k := data.Key{Series: series, Flow: fl, Period: p, Currency: cur}
		c, err := stats.Compare(v, k, against)
		if err != nil {
			if fl != data.Total && errors.Is(err, data.ErrNoData) {
				continue
			}
			return nil, err
		}
		pkg.Headline = append(pkg.Headline, c)
		keys = append(keys, k, withSeries(k, against))
	}
	keys = append(keys, pkg.addMultiple(v)...)
	history, err := pkg.addHistory(v)
	if err != nil {
		return nil, err
	}
	keys = append(keys, history...)
	pkg.Observations = observationsOf(v, keys)
	pkg.Breakdowns = breakdowns(v, ds, p, series, cur)
	pkg.Revisions, err = stats.Revisions(ds, v, func(k data.Key) bool {
		return (k.Series == series || k.Series == against) && k.Currency == cur && k.Dims == (data.Dims{})
	})
	if err != nil {
		return nil, err
	}
	return pkg, nil
}

// SeriesRevisions are the revisions of the package's own total
// (pkg.Revisions, which have no breakdown, of its series and the total
// flow), in the order stats.Revisions gives them: the rows of the
// package's revisions chart. None when no figure of it was published more
// than once.
func (pkg *Package) SeriesRevisions() []stats.Revision {
	var out []stats.Revision
	for _, r := range pkg.Revisions {
		if r.Key.Series == pkg.Series && r.Key.Flow == data.Total {
			out = append(out, r)
		}
	}
	return out
}

// Breakdown is a ranked breakdown of the package's total (see Top).
type Breakdown struct {
	By        string
	Rows      []TopRow
	Published bool // the total is the published figure, not the items' sum
}

// breakdowns ranks the series' total for the period by each dimension the
// data has for it; a dimension without one is left out.
func breakdowns(v *data.View, ds *data.Dataset, p data.Period, series string, cur data.Currency) []Breakdown {
	var out []Breakdown
	for _, by := range data.DimNames {
		q := TopQuery{Query: Query{Series: []string{series}, Flows: []data.Flow{data.Total}, Period: &p, Currency: cur}, By: by, N: 10}
		res, err := Top(v, ds, q)
		if err != nil || len(res.Rows) == 0 {
			continue
		}
		out = append(out, Breakdown{By: by, Rows: res.Rows, Published: res.TotalPublished})
	}
	return out
}

func withSeries(k data.Key, series string) data.Key {
	k.Series = series
	return k
}

// addMultiple sets the five-year multiple: the latest complete year not
// after the period whose level five years earlier is known. It returns the
// keys of the years it uses.
func (pkg *Package) addMultiple(v *data.View) []data.Key {
	k := data.Key{Series: pkg.Series, Flow: data.Total, Currency: pkg.Currency}
	// The latest complete year that ends within the report's period: a
	// report on 2025H1 does not cite the year 2025.
	last := pkg.Period.Year
	if pkg.Period.To != 12 {
		last--
	}
	m, ok := LatestMultiple(v, k, last, 5)
	if !ok {
		return nil
	}
	k.Period = m.To
	pkg.Multiple = &m
	years, _ := stats.Steps(data.KindYear, m.From, m.To)
	pkg.MultipleYears, _ = stats.Trend(v, k, years)
	var keys []data.Key
	for _, yr := range years {
		kk := k
		kk.Period = yr
		keys = append(keys, kk)
	}
	return keys
}

// LatestMultiple is the multiple over years of the latest complete year,
// not after notAfter, for which both levels are known (k's period is
// ignored): the default span of the five-year comparison.
func LatestMultiple(v *data.View, k data.Key, notAfter, years int) (stats.Multiple, bool) {
	last, ok := v.Latest(k.Series, k.Currency, data.KindYear)
	if !ok {
		return stats.Multiple{}, false
	}
	end := min(last.Year, notAfter)
	for y := end; y > end-5; y-- {
		k.Period = data.Year(y)
		if m, err := stats.MultipleOf(v, k, y-years); err == nil && m.Ratio != nil {
			return m, true
		}
	}
	return stats.Multiple{}, false
}

// addHistory sets the same span in the six years to the period. A year
// without data keeps its place (a gap in charts and on the Series sheet),
// except before the first year with data.
func (pkg *Package) addHistory(v *data.View) ([]data.Key, error) {
	var keys []data.Key
	for y := pkg.Period.Year - 5; y <= pkg.Period.Year; y++ {
		k := data.Key{Series: pkg.Series, Flow: data.Total, Period: pkg.Period.AddYears(y - pkg.Period.Year), Currency: pkg.Currency}
		c, err := stats.Compare(v, k, pkg.Reference)
		switch {
		case errors.Is(err, data.ErrNoData):
			if len(pkg.History) > 0 {
				c := stats.Comparison{Growth: stats.Growth{Key: k, Reason: "no data"}, Reference: pkg.Reference}
				if r, rerr := stats.YoY(v, withSeries(k, pkg.Reference)); rerr == nil {
					c.Ref = r // the reference's figure still shows
				}
				pkg.History = append(pkg.History, c)
			}
			continue
		case err != nil:
			return nil, err
		}
		pkg.History = append(pkg.History, c)
		keys = append(keys, k, withSeries(k, pkg.Reference))
	}
	return keys, nil
}

// observationsOf returns every observation the values of keys and of their
// bases a year earlier rest on, once each, sorted: their parts, and the
// published figure a finer sum of parts stands in for (its release gave
// the rate and the level the press text writes).
func observationsOf(v *data.View, keys []data.Key) []data.Observation {
	var out []data.Observation
	seen := map[data.Key]map[data.Date]bool{}
	for _, k := range keys {
		base := k
		base.Period = k.Period.YearAgo()
		for _, kk := range []data.Key{k, base} {
			val, err := v.Value(kk)
			if err != nil {
				continue
			}
			parts := val.Parts
			if val.PublishedObs != nil {
				parts = append(parts[:len(parts):len(parts)], *val.PublishedObs)
			}
			for _, o := range parts {
				if seen[o.Key()] == nil {
					seen[o.Key()] = map[data.Date]bool{}
				}
				if !seen[o.Key()][o.Vintage] {
					seen[o.Key()][o.Vintage] = true
					out = append(out, o)
				}
			}
		}
	}
	data.SortObservations(out)
	return out
}
