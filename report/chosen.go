package report

import (
	"slices"

	"github.com/cbec-stats/ceb/data"
)

// SeriesPeriod is the period a query chose for a series when none was
// asked for: the latest the data covers for it.
type SeriesPeriod struct {
	Series string
	Period data.Period
}

// Chosen lists the periods a query chose, one per series, in the order of
// the rows: what a command says it chose (a stderr line and JSON meta).
type Chosen []SeriesPeriod

// ChosenPeriods collects the period of each series of the rows (key gives
// a row's figure); rows without a period (a series the data lacks) are
// passed over.
func ChosenPeriods[T any](rows []T, key func(T) data.Key) Chosen {
	var c Chosen
	for _, r := range rows {
		k := key(r)
		if !k.Period.Valid() || slices.ContainsFunc(c, func(sp SeriesPeriod) bool { return sp.Series == k.Series }) {
			continue
		}
		c = append(c, SeriesPeriod{k.Series, k.Period})
	}
	return c
}

// Single is the one period every series took, if they all took the same.
func (c Chosen) Single() (data.Period, bool) {
	if len(c) == 0 {
		return data.Period{}, false
	}
	for _, sp := range c[1:] {
		if sp.Period != c[0].Period {
			return data.Period{}, false
		}
	}
	return c[0].Period, true
}
