package stats

import (
	"errors"
	"fmt"
	"math"

	"github.com/cbec-stats/ceb/data"
)

// Basis says where a headline growth rate comes from.
type Basis string

// Growth bases.
const (
	Reported Basis = "reported" // the officially published rate
	Computed Basis = "computed" // computed from the levels in the data
)

// Consistency relates a published rate to the published levels.
type Consistency string

// Consistency verdicts; the empty string means there is no published rate
// (or no computable one) to compare.
const (
	// OK: the published rate lies within the rounding interval of the rate
	// computed from the rounded published levels.
	OK Consistency = "ok"
	// RevisedBase: outside the interval, but the base observation predates
	// the current one and the base the published rate implies lies within
	// a plausible revision of it (RevisionBound), so the publication used a
	// revised base the data does not hold (comparable basis).
	RevisedBase Consistency = "revised-base"
	// Inconsistent: outside the interval, with a base as recent as the
	// current figure, or one the published rate could only come from
	// through a revision larger than RevisionBound: a real discrepancy to
	// look at (1100 → 1220 published as +25.0% implies a base of 976, 11%
	// below the 1100 held).
	Inconsistent Consistency = "inconsistent"
	// MethodBreak: the two levels come from releases of different methods
	// (a preliminary estimate against a survey result): no rate is
	// computed between them, and a published rate cannot be checked
	// against them. The row's Reason names both releases.
	MethodBreak Consistency = "method-break"
	// MixedVintage: a computed rate whose two levels break the comparable
	// basis, a revised figure against a base as first published (customs
	// would have revised the base too). The row's Reason names both
	// vintages.
	MixedVintage Consistency = "mixed-vintage"
)

// RateTolerance is half the last digit of a rate published to one decimal:
// customs print 10.5 for anything in [10.45, 10.55).
const RateTolerance = 0.05

// RevisionBound is how far, as a fraction, a revised base may plausibly
// lie from the base the data holds: the base a published rate implies,
//
//	implied = v / (1 + r/100)
//
// is a revision of the base b when |implied / b − 1| ≤ RevisionBound. The
// revisions in ceb's reference figures span −4% to +3% for CBEC (2022:
// 2.11 → 2.06万亿, 2020: 1.69 → 1.62) and −1.5% to +0.5% for all trade; 5%
// keeps every one of them and refuses a rate that fits no plausible base.
const RevisionBound = 0.05

// Growth is the year-on-year growth of one figure on the comparable basis.
// Pointers are nil where a number cannot be given; Reason then says why.
type Growth struct {
	Key        data.Key
	BasePeriod data.Period

	Value *float64 // current level, base units
	// PublishedValue is the current level as published when Value is the
	// finer sum of its published parts ("2.1万亿" for 2.0578万亿).
	PublishedValue *float64
	BaseValue      *float64 // level a year earlier, base units
	// BasePublishedValue is the base level as published when BaseValue is
	// the finer sum of its published parts.
	BasePublishedValue *float64
	Change             *float64 // Value − BaseValue (absolute change, 增加/减少)

	// GrowthPct is the headline rate in percent: the published rate where
	// there is one, else the computed rate. Basis says which.
	GrowthPct *float64
	Basis     Basis

	// ComputedPct is 100 × (Value/BaseValue − 1); ComputedLow and
	// ComputedHigh bound it given the rounding of both published levels.
	ComputedPct  *float64
	ComputedLow  *float64
	ComputedHigh *float64

	ReportedPct *float64
	Consistency Consistency

	Vintage     data.Date
	BaseVintage data.Date
	// Release and BaseRelease are the kinds of release of the two levels;
	// MethodBreak says they come from different methods (data.MethodBreak).
	Release, BaseRelease data.Release
	MethodBreak          bool
	Derived              string // how Value was derived, when not published as such
	BaseDerived          string

	// SignChange is set when the figure changes sign between the two
	// periods (a balance, or any user series): a rate across zero means
	// nothing, so it is worded instead.
	SignChange bool
	Reason     string
}

// YoY computes year-on-year growth of the figure k against the same period a
// year earlier, each taken at its latest vintage in the view (the comparable
// basis):
//
//	change   = v(p) − v(p − 1 year)
//	computed = 100 × (v(p) / v(p − 1 year) − 1)
//
// The computed rate's interval comes from the rounding of the published
// levels: with half-widths h and hb,
//
//	low  = 100 × ((v − h) / (b + hb) − 1)
//	high = 100 × ((v + h) / (b − hb) − 1)
//
// The headline is the published rate of the current observation where the
// data has one (Basis reported), else the computed rate (Basis computed).
// Consistency compares the published rate, widened by RateTolerance, with
// that interval; a computed headline of a revised level against a base as
// first published is MixedVintage.
//
// Figures of different methods are never compared (data.MethodBreak: a
// preliminary estimate against a survey result, CBEC 2025's 2.75 trillion
// of January 2026 against 2024's survey 2.71 trillion): the change and the
// computed rate are nil, Consistency is MethodBreak and Reason names both
// releases; a published rate, where there is one, stays the headline.
//
// Edge cases: a zero or negative base gives no computed rate (Reason says
// why); so does a figure that changes sign (SignChange). A current period
// the data cannot give is an error (*data.MissingError listing what is
// covered); a missing base is not: the row carries the published rate, if
// any, and Reason. No field is ever NaN or Inf.
func YoY(v *data.View, k data.Key) (Growth, error) {
	g := Growth{Key: k, BasePeriod: k.Period.YearAgo()}
	cur, err := v.Value(k)
	if err != nil {
		return g, err
	}
	g.Vintage, g.Derived, g.PublishedValue, g.Release = cur.Vintage, cur.Derived, cur.Published, cur.Release()
	g.ReportedPct = cur.Reported
	if cur.HasValue {
		g.Value = ptr(cur.Value)
	}
	bk := k
	bk.Period = g.BasePeriod
	base, berr := v.Value(bk)
	switch {
	case berr != nil && !errors.Is(berr, data.ErrNoData):
		return g, berr
	case berr != nil:
		g.Reason = fmt.Sprintf("no data for the base period %s", g.BasePeriod)
	case !base.HasValue:
		g.Reason = fmt.Sprintf("no level published for the base period %s", g.BasePeriod)
		g.BaseVintage = base.Vintage
	default:
		g.BaseValue, g.BaseVintage, g.BaseDerived, g.BaseRelease, g.BasePublishedValue = ptr(base.Value), base.Vintage, base.Derived, base.Release(), base.Published
	}
	if g.BaseValue != nil && data.MethodBreak(g.Release, g.BaseRelease) {
		// Different methods are never compared: no change, no computed
		// rate; a published rate stays the headline (customs computed it
		// on a comparable basis the data does not hold).
		g.MethodBreak = true
		g.Consistency = MethodBreak
		g.Reason = fmt.Sprintf("the %s level is a %s (%s) and the %s level a %s (%s): different methods, not compared", k.Period, releaseName(g.Release), g.Vintage, g.BasePeriod, releaseName(g.BaseRelease), g.BaseVintage)
		if g.ReportedPct != nil {
			g.GrowthPct, g.Basis = g.ReportedPct, Reported
		}
		return g, nil
	}
	if g.Value == nil && g.Reason == "" {
		g.Reason = fmt.Sprintf("no level published for %s, only a rate", k.Period)
	}
	if g.Value != nil && g.BaseValue != nil {
		c, b := *g.Value, *g.BaseValue
		g.Change = ptr(c - b)
		switch {
		case (c < 0) != (b < 0) && c != 0 && b != 0:
			// Any series can change sign (a balance does often); a rate
			// across zero means nothing, so it is worded instead.
			g.SignChange = true
			g.Reason = "the value changed sign; a rate across zero is not meaningful"
			if k.Flow == data.Balance {
				g.Reason = "the balance changed sign; a rate across zero is not meaningful"
			}
		case b == 0:
			g.Reason = "zero base"
		case b < 0:
			g.Reason = "negative base"
		default:
			g.ComputedPct = ptr(100 * (c/b - 1))
			h, hb := cur.HalfWidth, base.HalfWidth
			g.ComputedLow = ptr(100 * ((c-h)/(b+hb) - 1))
			if b-hb > 0 {
				g.ComputedHigh = ptr(100 * ((c+h)/(b-hb) - 1))
			}
		}
	}
	switch {
	case g.ReportedPct != nil:
		g.GrowthPct, g.Basis = g.ReportedPct, Reported
	case g.ComputedPct != nil:
		g.GrowthPct, g.Basis = g.ComputedPct, Computed
	}
	if g.ReportedPct != nil && g.ComputedPct != nil {
		g.Consistency = consistency(*g.ReportedPct, g.ComputedLow, g.ComputedHigh, g.BaseVintage, g.Vintage, *g.Value, *g.BaseValue)
	}
	if g.Basis == Computed && v.Revised(cur) && v.FirstPublished(base) && base.Vintage.Before(cur.Vintage) {
		g.Consistency = MixedVintage
		g.Reason = fmt.Sprintf("the %s level is a revision (%s) and the %s level as first published (%s): customs compare with a revised base the data does not hold", k.Period, cur.Vintage, g.BasePeriod, base.Vintage)
	}
	return g, nil
}

// releaseName words a release kind in a reason: "preliminary estimate",
// "survey result", "revision".
func releaseName(r data.Release) string {
	switch r {
	case data.Preliminary:
		return "preliminary estimate"
	case data.Survey:
		return "survey result"
	}
	return string(r)
}

// consistency relates a published rate to the interval the levels allow:
// ok inside it; outside, revised-base when the base predates the figure
// and the base the rate implies is within RevisionBound of the base held,
// else inconsistent.
func consistency(reported float64, low, high *float64, baseVintage, vintage data.Date, value, base float64) Consistency {
	lo, hi := *low, math.MaxFloat64
	if high != nil {
		hi = *high
	}
	if reported+RateTolerance >= lo-1e-9 && reported-RateTolerance <= hi+1e-9 {
		return OK
	}
	if baseVintage.Before(vintage) && reported > -100 {
		if implied := value / (1 + reported/100); math.Abs(implied/base-1) <= RevisionBound {
			return RevisedBase
		}
	}
	return Inconsistent
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
