package report

import (
	"time"

	"github.com/cbec-stats/ceb/data"
)

// StaleAfter is how old the newest release in the data may be before a
// command says so: about a quarter, past which customs have published
// newer tables.
const StaleAfter = 90 // days

// Staleness returns the newest release (vintage) in the data and how many
// days before today it is; ok is false when no observation has a vintage.
func Staleness(ds *data.Dataset, today data.Date) (newest data.Date, days int, ok bool) {
	for _, o := range ds.Obs {
		if o.Vintage.After(newest) {
			newest = o.Vintage
		}
	}
	if newest.IsZero() {
		return newest, 0, false
	}
	return newest, int(today.Time().Sub(newest.Time()).Round(time.Hour).Hours() / 24), true
}
