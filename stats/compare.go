package stats

import (
	"errors"

	"github.com/cbec-stats/ceb/data"
)

// Comparison sets a series' growth beside a reference series (by default
// all goods trade) for the same period, flow, currency and dimensions.
type Comparison struct {
	Growth              // the series
	Reference  string   // the reference series slug
	Ref        Growth   // the reference's growth
	GapPP      *float64 // official gap, percentage points
	GapPPExact *float64 // unrounded gap of the headline rates
	SharePct   *float64 // share of the reference, percent
	// ShareChangePP is the change of the share from a year earlier, points.
	ShareChangePP *float64
	// ContributionPP is how many points of the reference's growth the series
	// accounts for (拉动).
	ContributionPP *float64
	// GrowthSharePct is the series' share of the reference's increase (贡献率).
	GrowthSharePct *float64
}

// Compare computes the series' growth and the reference's (both with YoY)
// and relates them. With g and r the headline rates, v and w the levels of
// series and reference, and b and c their levels a year earlier:
//
//	gap_pp          = round1(g) − round1(r)    (official: one-decimal rates subtracted, 10.5 − 6.1 = 4.4)
//	gap_pp_exact    = g − r
//	share_pct       = 100 × v / w
//	share_change_pp = 100 × (v / w − b / c)
//	contribution_pp = 100 × (v − b) / c        (拉动)
//	growth_share    = 100 × (v − b) / (w − c)  (贡献率)
//
// A method break of either series (Growth.MethodBreak) leaves the share
// change, the contribution and the growth share nil: each compares levels
// of different methods. The gap needs only the two headline rates, so a
// published rate still gives one.
//
// round1 is Round(x, 1). The gap uses the published rates where there are some,
// so it is the figure a press release prints. Shares and contributions use
// the levels in the data, so the reference's base is its latest vintage.
//
// Edge cases: any missing level leaves the numbers that need it nil with a
// Reason; a zero reference level or a zero reference change gives no share
// or growth share; a reference with no data for the period leaves every
// comparison nil. Errors are those of YoY for the series.
func Compare(v *data.View, k data.Key, reference string) (Comparison, error) {
	g, err := YoY(v, k)
	if err != nil {
		return Comparison{}, err
	}
	rk := k
	rk.Series = reference
	r, err := YoY(v, rk)
	switch {
	case errors.Is(err, data.ErrNoData):
		// The reference lacks this figure (all trade's exports are often
		// published as a rate only, or not at all): compare nothing, say why.
		r = Growth{Key: rk, BasePeriod: rk.Period.YearAgo(), Reason: err.Error()}
	case err != nil:
		return Comparison{}, err
	}
	c := Comparison{Growth: g, Reference: reference, Ref: r}
	if g.GrowthPct != nil && r.GrowthPct != nil {
		c.GapPP = ptr(Round(*g.GrowthPct, 1) - Round(*r.GrowthPct, 1))
		// Subtracting two one-decimal numbers leaves binary noise (4.3999…).
		*c.GapPP = Round(*c.GapPP, 1)
		c.GapPPExact = ptr(*g.GrowthPct - *r.GrowthPct)
	}
	if g.Value != nil && r.Value != nil && *r.Value != 0 {
		c.SharePct = ptr(100 * *g.Value / *r.Value)
		if g.BaseValue != nil && r.BaseValue != nil && *r.BaseValue != 0 && !g.MethodBreak && !r.MethodBreak {
			c.ShareChangePP = ptr(100 * (*g.Value / *r.Value - *g.BaseValue / *r.BaseValue))
		}
	}
	if g.Change != nil && r.BaseValue != nil && *r.BaseValue > 0 {
		c.ContributionPP = ptr(100 * *g.Change / *r.BaseValue)
	}
	if g.Change != nil && r.Change != nil && *r.Change != 0 {
		c.GrowthSharePct = ptr(100 * *g.Change / *r.Change)
	}
	switch {
	case c.Reason != "":
		c.Reason = k.Series + ": " + c.Reason
	case r.Reason != "":
		c.Reason = reference + ": " + r.Reason
	case c.SharePct == nil:
		c.Reason = "no level for the reference"
	}
	return c, nil
}
