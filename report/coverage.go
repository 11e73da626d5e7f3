package report

import (
	"slices"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// Coverage is one line of `ceb data list`.
type Coverage struct {
	Series       string
	Flow         data.Flow
	Currency     data.Currency
	Observations int
	Periods      int
	Kinds        string
	First, Last  data.Period
	Vintages     int
	FirstVintage data.Date
	LastVintage  data.Date
}

// CoverageOf summarises what a dataset holds: one Coverage per series,
// currency and flow, in that order, over every observation and vintage.
func CoverageOf(ds *data.Dataset) []Coverage {
	type key struct {
		s string
		f data.Flow
		c data.Currency
	}
	groups := map[key][]data.Observation{}
	for _, o := range ds.Obs {
		k := key{o.Series, o.Flow, o.Currency}
		groups[k] = append(groups[k], o)
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.s != b.s {
			return a.s < b.s
		}
		if a.c != b.c {
			return a.c < b.c
		}
		return a.f.Order() < b.f.Order()
	})
	rows := make([]Coverage, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, coverage(k.s, k.f, k.c, groups[k]))
	}
	return rows
}

func coverage(series string, fl data.Flow, cur data.Currency, obs []data.Observation) Coverage {
	c := Coverage{Series: series, Flow: fl, Currency: cur, Observations: len(obs)}
	periods := map[data.Period]bool{}
	vintages := map[data.Date]bool{}
	kinds := map[data.PeriodKind]bool{}
	for i, o := range obs {
		periods[o.Period] = true
		kinds[o.Period.Kind()] = true
		if i == 0 || o.Period.Compare(c.First) < 0 {
			c.First = o.Period
		}
		if i == 0 || o.Period.EndsAfter(c.Last) {
			c.Last = o.Period
		}
		if !o.Vintage.IsZero() {
			vintages[o.Vintage] = true
			if c.FirstVintage.IsZero() || o.Vintage.Before(c.FirstVintage) {
				c.FirstVintage = o.Vintage
			}
			if o.Vintage.After(c.LastVintage) {
				c.LastVintage = o.Vintage
			}
		}
	}
	c.Periods, c.Vintages = len(periods), len(vintages)
	var ks []string
	for _, pk := range []data.PeriodKind{data.KindYear, data.KindHalf, data.KindQuarter, data.KindMonth, data.KindRange} {
		if kinds[pk] {
			ks = append(ks, pk.String())
		}
	}
	c.Kinds = strings.Join(ks, " ")
	return c
}

// ShowQuery selects the observations `ceb data show` lists: the latest
// vintage of each figure as of the view's date, or every vintage not after
// it; of some series and flows (empty: all), within a period (nil: all),
// in one currency.
type ShowQuery struct {
	Series      []string
	Flows       []data.Flow
	Within      *data.Period
	Currency    data.Currency
	AllVintages bool
}

// Observations returns the observations the query selects, in canonical
// order.
func (q ShowQuery) observations(v *data.View, ds *data.Dataset) []data.Observation {
	var obs []data.Observation
	if q.AllVintages {
		for _, o := range ds.Obs {
			if !o.Vintage.After(v.AsOf) {
				obs = append(obs, o)
			}
		}
		data.SortObservations(obs)
	} else {
		obs = v.Observations()
	}
	out := obs[:0:0]
	for _, o := range obs {
		if o.Currency != q.Currency || (len(q.Series) > 0 && !slices.Contains(q.Series, o.Series)) ||
			(len(q.Flows) > 0 && !slices.Contains(q.Flows, o.Flow)) || (q.Within != nil && !q.Within.Contains(o.Period)) {
			continue
		}
		out = append(out, o)
	}
	return out
}

// Observations returns the observations the query selects (see
// observations); an empty selection is an error naming the filter.
func (q ShowQuery) Observations(v *data.View, ds *data.Dataset) ([]data.Observation, error) {
	obs := q.observations(v, ds)
	if len(obs) > 0 {
		return obs, nil
	}
	filter := []string{"currency " + string(q.Currency)}
	if len(q.Series) > 0 {
		filter = append(filter, "series "+strings.Join(q.Series, ","))
	}
	if len(q.Flows) > 0 {
		fl := make([]string, len(q.Flows))
		for i, f := range q.Flows {
			fl[i] = string(f)
		}
		filter = append(filter, "flow "+strings.Join(fl, ","))
	}
	if q.Within != nil {
		filter = append(filter, "period "+q.Within.String())
	}
	return nil, selectionError(data.HintCoverage, "no observation matches %s as of %s", strings.Join(filter, ", "), v.AsOf)
}
