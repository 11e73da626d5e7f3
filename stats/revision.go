package stats

import (
	"errors"
	"math"
	"sort"

	"github.com/cbec-stats/ceb/data"
)

// Revision is how far a figure moved between its first release and its
// latest, as of a date: the level and the headline growth rate at each.
//
//	RevisionPct      = 100 × (LatestValue / FirstValue − 1)
//	GrowthRevisionPP = LatestGrowthPct − FirstGrowthPct
//
// The first level is the figure as ceb read it on its first release date,
// the latest as ceb reads it on asOf (data.View: a total's more precise
// parts where they agree, even when they came out after the total); each
// growth rate is that vintage's headline (the published rate where there
// is one, else the rate computed on the comparable basis, nil across a
// method break); GrowthRevisionPP is kept to 1e-9 pp, so that the
// difference of two published one-decimal rates carries no binary noise.
// RevisionPct is nil when a level is missing or the first
// is zero; GrowthRevisionPP when either rate is nil.
type Revision struct {
	Key                             data.Key
	FirstVintage, LatestVintage     data.Date
	FirstRelease, LatestRelease     data.Release
	FirstValue, LatestValue         *float64
	RevisionPct                     *float64
	FirstGrowthPct, LatestGrowthPct *float64
	GrowthRevisionPP                *float64
	// Vintages is how many dated releases gave the figure a level.
	Vintages int
}

// Revisions lists, for every figure of ds with a level at two or more
// dated vintages not after asOf, the date of latest (data.NewView(ds,
// asOf); a zero date: every vintage), how far it moved from the first to
// the latest as latest reads it, in the order of data.SortObservations.
// keep, when not nil, selects the figures. Observations without a vintage
// cannot be ordered in time and are not counted.
func Revisions(ds *data.Dataset, latest *data.View, keep func(data.Key) bool) ([]Revision, error) {
	asOf := latest.AsOf
	vintages := map[data.Key]map[data.Date]bool{}
	var keys []data.Observation // one observation per key, for the order
	for _, o := range ds.Obs {
		if !o.HasValue || o.Vintage.IsZero() || (!asOf.IsZero() && o.Vintage.After(asOf)) {
			continue
		}
		k := o.Key()
		if keep != nil && !keep(k) {
			continue
		}
		if vintages[k] == nil {
			vintages[k] = map[data.Date]bool{}
			keys = append(keys, o)
		}
		vintages[k][o.Vintage] = true
	}
	data.SortObservations(keys)
	views := map[data.Date]*data.View{asOf: latest}
	view := func(d data.Date) *data.View {
		if views[d] == nil {
			views[d] = data.NewView(ds, d)
		}
		return views[d]
	}
	var out []Revision
	for _, o := range keys {
		k := o.Key()
		if len(vintages[k]) < 2 {
			continue
		}
		dates := make([]data.Date, 0, len(vintages[k]))
		for d := range vintages[k] {
			dates = append(dates, d)
		}
		sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
		r := Revision{Key: k, FirstVintage: dates[0], LatestVintage: dates[len(dates)-1], Vintages: len(dates)}
		var err error
		if r.FirstValue, r.FirstGrowthPct, r.FirstRelease, _, err = levelAndRate(view(r.FirstVintage), k); err != nil {
			return nil, err
		}
		// The latest as ceb reads the figure on asOf: a total whose parts
		// came out later is their finer sum (CBEC 2022: 2.1 trillion on
		// 2023-06-26, 1.53 + 0.5278 = 2.0578 from 2023-06-30).
		var at data.Date
		if r.LatestValue, r.LatestGrowthPct, r.LatestRelease, at, err = levelAndRate(latest, k); err != nil {
			return nil, err
		}
		if at.After(r.LatestVintage) {
			r.LatestVintage = at // the parts' release, later than the total's
		}
		if r.FirstValue != nil && r.LatestValue != nil && *r.FirstValue != 0 {
			r.RevisionPct = ptr(100 * (*r.LatestValue / *r.FirstValue - 1))
		}
		if r.FirstGrowthPct != nil && r.LatestGrowthPct != nil {
			// To 1e-9 pp: 25.7 − 31.1 is −5.4, not −5.400000000000002.
			r.GrowthRevisionPP = ptr(math.Round((*r.LatestGrowthPct-*r.FirstGrowthPct)*1e9) / 1e9)
		}
		out = append(out, r)
	}
	return out, nil
}

// levelAndRate is a figure's level, headline growth rate, release kind and
// vintage (the latest of its parts') in the view; a missing base leaves
// the rate nil.
func levelAndRate(v *data.View, k data.Key) (*float64, *float64, data.Release, data.Date, error) {
	g, err := YoY(v, k)
	if err != nil && !errors.Is(err, data.ErrNoData) {
		return nil, nil, "", data.Date{}, err
	}
	return g.Value, g.GrowthPct, g.Release, g.Vintage, nil
}

// RevisionSummary sums up the revisions of one series and flow (in one
// currency, with the same dimensions):
//
//	MeanRevisionPct    = Σ RevisionPct / Periods
//	MeanAbsRevisionPct = Σ |RevisionPct| / Periods
//	Up                 = #{RevisionPct > 0}
//
// over the Periods figures that have a RevisionPct; both means are nil
// when there are none.
type RevisionSummary struct {
	Series             string
	Flow               data.Flow
	Currency           data.Currency
	Dims               data.Dims
	Periods            int
	MeanRevisionPct    *float64
	MeanAbsRevisionPct *float64
	Up                 int
}

// SummarizeRevisions sums up rows by series, flow, currency and
// dimensions, in the order they first appear.
func SummarizeRevisions(rows []Revision) []RevisionSummary {
	var out []RevisionSummary
	at := map[data.Key]int{}
	sums := map[data.Key][2]float64{}
	for _, r := range rows {
		g := r.Key
		g.Period = data.Period{}
		i, ok := at[g]
		if !ok {
			i = len(out)
			at[g] = i
			out = append(out, RevisionSummary{Series: g.Series, Flow: g.Flow, Currency: g.Currency, Dims: g.Dims})
		}
		if r.RevisionPct == nil {
			continue
		}
		s := &out[i]
		s.Periods++
		if *r.RevisionPct > 0 {
			s.Up++
		}
		sum := sums[g]
		sums[g] = [2]float64{sum[0] + *r.RevisionPct, sum[1] + math.Abs(*r.RevisionPct)}
	}
	for g, i := range at {
		if n := out[i].Periods; n > 0 {
			out[i].MeanRevisionPct = ptr(sums[g][0] / float64(n))
			out[i].MeanAbsRevisionPct = ptr(sums[g][1] / float64(n))
		}
	}
	return out
}
