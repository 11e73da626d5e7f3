package stats

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// QAChecks are the publication checks of validation, by name: the model's
// (data.ModelChecks) and those that need statistics:
//
//   - rates: a published rate that the published levels cannot give
//     although the base is as recent as the figure (consistency
//     inconsistent, see YoY);
//   - currencies: the CNY and the USD rate of one figure further apart than
//     the exchange-rate move allows. The move m is read from the data's own
//     CNY/USD pairs of all trade for the period and a year earlier:
//     expected USD rate = (1 + CNY rate) / (1 + m) − 1, allowed to differ by
//     CurrencyTolerance points;
//   - shares: the members of a breakdown (provinces, trade modes, partners,
//     HS codes of one length) that add up to more than their published
//     total beyond rounding, members of a partner grouping (ASEAN, the EU, a
//     continent) that add up to more than the grouping, and a complete
//     breakdown (with its remainder 其他, or every member of a grouping)
//     that adds up to less (data.BreakdownChecks). Partner groupings are
//     never summed as members.
var QAChecks = append(append([]string{}, data.ModelChecks...), "rates", "currencies", "shares")

// CurrencyTolerance is how far, in points, a figure's USD rate may lie from
// the one its CNY rate and the exchange-rate move imply: rounding of both
// rates and of the levels the move comes from.
const CurrencyTolerance = 0.5

// QA runs the checks named (none: all) over a dataset, each figure as
// published at its own vintage, and returns the findings as warnings in
// file and line order. An unknown name is an *data.OptionError.
func QA(ds *data.Dataset, names []string) ([]data.Finding, error) {
	var on map[string]bool
	if len(names) > 0 {
		on = map[string]bool{}
		for _, n := range names {
			if !slices.Contains(QAChecks, n) {
				return nil, &data.OptionError{Option: "check", Value: n, Err: fmt.Errorf("unknown check: use %s", strings.Join(QAChecks, ", "))}
			}
			on[n] = true
		}
	}
	run := func(n string) bool { return on == nil || on[n] }
	fs := data.CheckOnly(ds, on)
	v := data.NewView(ds, data.Date{})
	if run("rates") {
		fs = append(fs, rateChecks(ds, v)...)
	}
	if run("currencies") {
		fs = append(fs, currencyChecks(v)...)
	}
	if run("shares") {
		fs = append(fs, shareChecks(v)...)
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		return fs[i].Line < fs[j].Line
	})
	return fs, nil
}

// num writes a level in full, without an exponent.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func warning(check string, o data.Observation, format string, a ...any) data.Finding {
	return data.Finding{File: o.Pos.File, Line: o.Pos.Line, Severity: data.SevWarning, Check: check, Message: fmt.Sprintf(format, a...)}
}

// rateChecks: every published rate against the levels as published by its
// own vintage.
func rateChecks(ds *data.Dataset, latest *data.View) []data.Finding {
	var out []data.Finding
	views := map[data.Date]*data.View{}
	for _, o := range latest.Observations() {
		if o.ReportedYoY == nil || !o.HasValue {
			continue
		}
		v := latest
		if !o.Vintage.IsZero() {
			if views[o.Vintage] == nil {
				views[o.Vintage] = data.NewView(ds, o.Vintage)
			}
			v = views[o.Vintage]
		}
		g, err := YoY(v, o.Key())
		if err != nil || g.Consistency != Inconsistent {
			continue
		}
		implied := *g.Value / (1 + *o.ReportedYoY/100)
		out = append(out, warning("rates", o, "%s: published rate %.1f%% but the levels give %.2f%% (from %.2f%% to %.2f%% within their rounding); the rate would need a base of %s, %+.1f%% from the %s held (%s), more than a revision (±%.0f%%) or with a base as recent as the figure",
			o.Key(), *o.ReportedYoY, *g.ComputedPct, *g.ComputedLow, *g.ComputedHigh, num(implied), 100*(implied / *g.BaseValue - 1), num(*g.BaseValue), g.BaseVintage, 100*RevisionBound))
	}
	return out
}

// currencyChecks: a figure's CNY and USD rates against the exchange-rate
// move read from all trade's CNY/USD levels.
func currencyChecks(v *data.View) []data.Finding {
	move := func(p data.Period) (float64, bool) {
		level := func(c data.Currency, p data.Period) (float64, bool) {
			val, err := v.Value(data.Key{Series: "trade", Flow: data.Total, Period: p, Currency: c})
			return val.Value, err == nil && val.HasValue && val.Value > 0
		}
		cn, ok1 := level(data.CNY, p)
		us, ok2 := level(data.USD, p)
		cb, ok3 := level(data.CNY, p.YearAgo())
		ub, ok4 := level(data.USD, p.YearAgo())
		if !(ok1 && ok2 && ok3 && ok4) {
			return 0, false
		}
		return (cn / us) / (cb / ub), true
	}
	var out []data.Finding
	for _, o := range v.Observations() {
		if o.Currency != data.USD || o.ReportedYoY == nil {
			continue
		}
		ck := o.Key()
		ck.Currency = data.CNY
		cny, err := v.Value(ck)
		if err != nil || cny.Reported == nil {
			continue
		}
		m, ok := move(o.Period)
		if !ok {
			continue
		}
		want := 100 * ((1+*cny.Reported/100)/m - 1)
		if math.Abs(want-*o.ReportedYoY) > CurrencyTolerance {
			out = append(out, warning("currencies", o, "%s: USD rate %.1f%% but the CNY rate %.1f%% and the yuan's move against the dollar (%.2f%%, from all trade's levels) imply %.1f%%", o.Key(), *o.ReportedYoY, *cny.Reported, 100*(m-1), want))
		}
	}
	return out
}

// shareChecks: the parts of a breakdown against their whole
// (data.BreakdownChecks).
func shareChecks(v *data.View) []data.Finding { return data.BreakdownChecks(v) }
