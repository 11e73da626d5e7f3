package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/cbec-stats/ceb/data"
)

// Multiple compares a figure with the same period some years earlier, the
// "five-year" comparison of press releases.
type Multiple struct {
	Series   string
	Flow     data.Flow
	Currency data.Currency
	Dims     data.Dims
	From, To data.Period
	Years    int // To.Year − From.Year

	FromValue, ToValue *float64
	// Ratio is To/From (是…的X倍); IncreaseTimes is Ratio − 1 (增长X倍);
	// IncreasePct is 100 × (Ratio − 1).
	Ratio, IncreaseTimes, IncreasePct *float64
	// CAGRPct is the compound annual growth rate, percent (年均增长).
	CAGRPct *float64
	// TrendGrowthPct and TrendR2 describe a log-linear least-squares fit
	// over the periods between From and To that the data has; TrendPoints
	// says how many there were.
	TrendGrowthPct *float64
	TrendR2        *float64
	TrendPoints    int
	// Vintage and FromVintage are the publication dates of the two levels.
	Vintage, FromVintage data.Date
	// Consistency is MixedVintage when the earlier level is as first
	// published, before the later period began: customs compare with a
	// revised level the data does not hold, so the ratio can differ from
	// theirs (Reason says so). Empty otherwise.
	Consistency Consistency
	Reason      string
}

// MultipleOf compares the figure of k.Period (the later period, "to") with
// the same span in year from (the earlier period):
//
//	ratio          = v(to) / v(from)
//	increase_times = ratio − 1          (增长X倍: 2.38 vs 1.06 trillion grew 1.2 times)
//	increase_pct   = 100 × (ratio − 1)
//	cagr_pct       = 100 × (ratio^(1/n) − 1),   n = years between
//	trend_growth   = 100 × (exp(β) − 1),  β the OLS slope of ln v(t) on year t
//
// The trend uses every year from..to for which the data has a level (at
// least three, else it is nil with a Reason) and reports R² of the fit in
// log space (gonum stat.LinearRegression and stat.RSquared, unweighted).
//
// Edge cases: a missing or non-positive level at either end gives no ratio
// and a Reason; to must be later than from. Errors: a missing "to" period is
// a *data.MissingError.
func MultipleOf(v *data.View, k data.Key, fromYear int) (Multiple, error) {
	m := Multiple{Series: k.Series, Flow: k.Flow, Currency: k.Currency, Dims: k.Dims, To: k.Period,
		From: k.Period.AddYears(fromYear - k.Period.Year)}
	m.Years = m.To.Year - m.From.Year
	if m.Years <= 0 {
		return m, fmt.Errorf("the earlier year %d must be before %d", fromYear, k.Period.Year)
	}
	to, err := v.Value(k)
	if err != nil {
		return m, err
	}
	fk := k
	fk.Period = m.From
	from, ferr := v.Value(fk)
	m.Vintage = to.Vintage
	if to.HasValue {
		m.ToValue = ptr(to.Value)
	}
	if ferr == nil && from.HasValue {
		m.FromValue, m.FromVintage = ptr(from.Value), from.Vintage
	}
	switch {
	case m.ToValue == nil:
		m.Reason = fmt.Sprintf("no level for %s", m.To)
	case m.FromValue == nil:
		m.Reason = fmt.Sprintf("no level for %s", m.From)
	case *m.FromValue <= 0 || *m.ToValue <= 0:
		m.Reason = "a level is zero or negative; ratios need positive levels"
	case data.MethodBreak(to.Release(), from.Release()):
		m.Consistency = MethodBreak
		m.Reason = fmt.Sprintf("the %s level is a %s (%s) and the %s level a %s (%s): different methods, not compared", m.To, releaseName(to.Release()), to.Vintage, m.From, releaseName(from.Release()), from.Vintage)
	default:
		r := *m.ToValue / *m.FromValue
		m.Ratio = ptr(r)
		m.IncreaseTimes = ptr(r - 1)
		m.IncreasePct = ptr(100 * (r - 1))
		m.CAGRPct = ptr(100 * (math.Pow(r, 1/float64(m.Years)) - 1))
		if v.FirstPublished(from) && !from.Vintage.IsZero() && from.Vintage.Time().Before(m.To.Start()) {
			m.Consistency = MixedVintage
			m.Reason = fmt.Sprintf("the %s level is as first published (%s), before %s began: customs compare with a revised %s level the data does not hold", m.From, from.Vintage, m.To, m.From)
		}
	}
	var xs, ys []float64
	for y := m.From.Year; y <= m.To.Year; y++ {
		yk := k
		yk.Period = k.Period.AddYears(y - k.Period.Year)
		if val, err := v.Value(yk); err == nil && val.HasValue && val.Value > 0 {
			xs = append(xs, float64(y))
			ys = append(ys, math.Log(val.Value))
		}
	}
	m.TrendPoints = len(xs)
	if len(xs) >= 3 {
		alpha, beta := stat.LinearRegression(xs, ys, nil, false)
		m.TrendGrowthPct = ptr(100 * (math.Exp(beta) - 1))
		m.TrendR2 = ptr(stat.RSquared(xs, ys, nil, alpha, beta))
	} else if m.Reason == "" {
		m.Reason = fmt.Sprintf("trend needs at least 3 years with data, found %d", len(xs))
	}
	return m, nil
}
