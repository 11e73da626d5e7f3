package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

const formulaHelp = `
Conventions (as customs publish):
  growth      = v(p) / v(p − 1 year) − 1, both at their latest vintage under
                --as-of (the comparable basis). The headline is the published
                rate where the data has one (basis "reported"), else the
                computed rate (basis "computed"); the computed rate is always
                shown. check: ok (the published rate is within the rounding
                interval of the published levels), revised-base (outside, but
                the base predates the figure: customs used a revised base the
                data does not hold), inconsistent (a real discrepancy).
  gap (pp)    = round1(rate) − round1(reference rate): 10.5 − 6.1 = 4.4
  share       = v / v_ref;  contribution (拉动) = Δv / v_ref(p − 1 year);
  share of growth (贡献率) = Δv / Δv_ref
  multiple    = v(to) / v(from); "grew X times" (增长X倍) is ratio − 1: 2.38 vs
                1.06 trillion is ratio 2.2, grew 1.2 times (+124.5%)
  CAGR        = ratio^(1/years) − 1;  trend = exp(β) − 1 of a least-squares
                fit of ln v on the year, with R²
A zero, negative or missing base gives no rate and a reason; a balance that
changes sign is worded, never a rate across zero.`

// NewCmdStats builds `ceb stats`.
func NewCmdStats(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Growth, comparison with overall trade, multiples and trends",
		Long:  "Compute the statistics of official releases from the data.\n" + formulaHelp,
		Example: `  $ ceb stats growth --period 2024H1
  $ ceb stats compare --period 2024H1 --as-of 2024-07-31
  $ ceb stats multiple --series cbec --from 2018 --to 2023
  $ ceb stats trend --series trade --freq half`,
		Args: noArgs,
	}
	cmd.AddCommand(NewCmdGrowth(f, nil), NewCmdCompare(f, nil), NewCmdMultiple(f, nil), NewCmdTrend(f, nil))
	return cmd
}

// selection holds the flags shared by the stats commands.
type selection struct {
	Series []string
	Flows  []string
	Period string
	Where  []string
}

func (s *selection) addFlags(cmd *cobra.Command, seriesHelp string, period bool) {
	cmd.Flags().StringSliceVar(&s.Series, "series", nil, seriesHelp)
	cmd.Flags().StringSliceVar(&s.Flows, "flow", nil, "flows: total, export, import, balance (default: those the data has, balance only when asked)")
	cmd.Flags().StringArrayVar(&s.Where, "where", nil, "select a dimension, e.g. partner=US (repeatable)")
	if period {
		cmd.Flags().StringVar(&s.Period, "period", "", "period, e.g. 2024H1, 2024, 2024Q1, 2024-06, 2024-01..2024-10 (default: the latest the data covers)")
	}
	_ = cmd.RegisterFlagCompletionFunc("flow", cobra.FixedCompletions([]string{"total", "export", "import", "balance"}, cobra.ShellCompDirectiveNoFileComp))
}

func (s *selection) dims() (data.Dims, error) {
	var d data.Dims
	for _, w := range s.Where {
		k, v, ok := strings.Cut(w, "=")
		k = strings.TrimSpace(k)
		if !ok || !oneOf(k, data.DimNames...) {
			return d, usageErrorf("--where %q: use NAME=VALUE with NAME one of %s", w, strings.Join(data.DimNames, ", "))
		}
		d.Set(k, v)
	}
	return d, nil
}

// eachFlow computes one row per flow. When the flows were defaulted rather
// than asked for, an export or import the data lacks is left out; a
// missing total, or any flow asked for, is an error.
func eachFlow[T any](flows []data.Flow, explicit bool, fn func(data.Flow) (T, error)) ([]T, error) {
	var out []T
	for _, fl := range flows {
		row, err := fn(fl)
		if err != nil {
			if !explicit && errors.Is(err, data.ErrNoData) && fl != data.Total {
				continue
			}
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// prepare checks the selection flags before any data is read and returns
// the currency and dimensions.
func (s *selection) prepare(f *Factory) (data.Currency, data.Dims, error) {
	cur, err := f.currency()
	if err != nil {
		return "", data.Dims{}, err
	}
	dims, err := s.dims()
	if err != nil {
		return "", data.Dims{}, err
	}
	if _, err := parseFlows(s.Flows); err != nil {
		return "", data.Dims{}, err
	}
	return cur, dims, nil
}

// perFlow computes one row per flow of the selection (flowsFor, then
// eachFlow).
func perFlow[T any](s *selection, v *data.View, series string, cur data.Currency, fn func(data.Flow) (T, error)) ([]T, error) {
	flows, explicit, err := s.flowsFor(v, series, cur)
	if err != nil {
		return nil, err
	}
	return eachFlow(flows, explicit, fn)
}

// flowsFor returns the flows asked for, or those the data has for the
// series (total, export, import; balance only when asked).
func (s *selection) flowsFor(v *data.View, series string, cur data.Currency) ([]data.Flow, bool, error) {
	if len(s.Flows) > 0 {
		fl, err := parseFlows(s.Flows)
		return fl, true, err
	}
	var out []data.Flow
	for _, fl := range []data.Flow{data.Total, data.Export, data.Import} {
		if len(v.Periods(series, fl, cur)) > 0 || (fl == data.Total && len(v.Periods(series, data.Export, cur)) > 0) {
			out = append(out, fl)
		} else if _, ok := hasRateOnly(v, series, fl, cur); ok {
			out = append(out, fl)
		}
	}
	return out, false, nil
}

func hasRateOnly(v *data.View, series string, fl data.Flow, cur data.Currency) (data.Observation, bool) {
	for _, o := range v.Observations() {
		if o.Series == series && o.Flow == fl && o.Currency == cur {
			return o, true
		}
	}
	return data.Observation{}, false
}

// seriesList returns --series, or every series in the data.
func (s *selection) seriesList(ds *data.Dataset, def string) []string {
	if len(s.Series) > 0 {
		return s.Series
	}
	if def != "" {
		return []string{def}
	}
	return ds.Series()
}

// periodFor returns --period, or the latest period the data covers for the
// series.
func (s *selection) periodFor(v *data.View, series string, cur data.Currency, kinds ...data.PeriodKind) (data.Period, error) {
	if s.Period != "" {
		p, err := data.ParsePeriod(s.Period)
		if err != nil {
			return p, usageErrorf("--period: %v", err)
		}
		return p, nil
	}
	p, ok := v.Latest(series, cur, kinds...)
	if !ok {
		return p, fmt.Errorf("no data for series %q in %s as of %s; see ceb data list", series, cur, v.AsOf)
	}
	return p, nil
}

// GrowthOptions are the inputs of `ceb stats growth`.
type GrowthOptions struct {
	F *Factory
	selection
}

// NewCmdGrowth builds `ceb stats growth`.
func NewCmdGrowth(f *Factory, runF func(*GrowthOptions) error) *cobra.Command {
	opts := &GrowthOptions{F: f}
	cmd := &cobra.Command{
		Use:   "growth",
		Short: "Year-on-year growth on the comparable basis",
		Long: `Year-on-year growth of each series and flow for a period (any kind: year,
half, quarter, month, year to date, January–February).

Rows (csv/json): series, flow, period, base_period, currency, value,
base_value, change, growth_pct, growth_basis, computed_growth_pct,
reported_growth_pct, consistency, vintage, base_vintage, reason. Amounts are
in base units (yuan), percentages in percent, unrounded.
` + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats growth
  $ ceb stats growth --period 2024H1 --series cbec
  $ ceb stats growth --period 2024H1 --as-of 2024-07-31 --format json
  $ ceb stats growth --series trade --period 2024-01..2024-11 --currency USD`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return growthRun(opts)
		},
	}
	opts.addFlags(cmd, "series (default: every series in the data)", true)
	return cmd
}

func growthRun(opts *GrowthOptions) error {
	f := opts.F
	cur, dims, err := opts.prepare(f)
	if err != nil {
		return err
	}
	if opts.Period != "" {
		if _, err := data.ParsePeriod(opts.Period); err != nil {
			return usageErrorf("--period: %v", err)
		}
	}
	v, err := f.View()
	if err != nil {
		return err
	}
	ds, _ := f.Dataset()
	var rows []stats.Growth
	for _, series := range opts.seriesList(ds, "") {
		p, err := opts.periodFor(v, series, cur)
		if err != nil {
			if len(opts.Series) == 0 && opts.Period == "" {
				continue // a series with no data in this currency
			}
			return err
		}
		flows, explicit, err := opts.flowsFor(v, series, cur)
		if err != nil {
			return err
		}
		n := 0
		var firstErr error
		for _, fl := range flows {
			g, err := stats.YoY(v, data.Key{Series: series, Flow: fl, Period: p, Currency: cur, Dims: dims})
			if err != nil {
				if !explicit && errors.Is(err, data.ErrNoData) {
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				return err
			}
			rows = append(rows, g)
			n++
		}
		if n == 0 && firstErr != nil && (len(opts.Series) > 0 || opts.Period != "") {
			return firstErr
		}
	}
	if len(rows) == 0 {
		return fmt.Errorf("no growth to show: the data has nothing for this selection in %s; see ceb data list", cur)
	}
	return f.render(report.GrowthTable(rows, cur, f.Lang), "stats growth")
}

// CompareOptions are the inputs of `ceb stats compare`.
type CompareOptions struct {
	F *Factory
	selection
	Against string
}

// NewCmdCompare builds `ceb stats compare`.
func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{F: f}
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Compare a series with overall foreign trade: gap, share, contribution",
		Long: `Compare the growth of a series (default cbec) with a reference series
(default trade, all goods trade) for the same period, flow and currency.

Rows (csv/json): the growth fields plus reference, reference_value,
reference_base_value, reference_growth_pct, gap_pp, gap_pp_exact, share_pct,
share_change_pp, contribution_pp, growth_share_pct, reason.
` + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats compare --period 2024H1 --as-of 2024-07-31
  $ ceb stats compare --period 2024H1 --flow export,import --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return compareRun(opts)
		},
	}
	opts.addFlags(cmd, "series to compare (default cbec)", true)
	cmd.Flags().StringVar(&opts.Against, "against", "trade", "reference series")
	return cmd
}

func compareRun(opts *CompareOptions) error {
	f := opts.F
	cur, dims, err := opts.prepare(f)
	if err != nil {
		return err
	}
	v, err := f.View()
	if err != nil {
		return err
	}
	ds, _ := f.Dataset()
	var rows []stats.Comparison
	for _, series := range opts.seriesList(ds, "cbec") {
		p, err := opts.periodFor(v, series, cur)
		if err != nil {
			return err
		}
		cs, err := perFlow(&opts.selection, v, series, cur, func(fl data.Flow) (stats.Comparison, error) {
			return stats.Compare(v, data.Key{Series: series, Flow: fl, Period: p, Currency: cur, Dims: dims}, opts.Against)
		})
		if err != nil {
			return err
		}
		rows = append(rows, cs...)
	}
	return f.render(report.CompareTable(rows, cur, f.Lang), "stats compare")
}

// MultipleOptions are the inputs of `ceb stats multiple`.
type MultipleOptions struct {
	F *Factory
	selection
	Years    int
	From, To string
}

// NewCmdMultiple builds `ceb stats multiple`.
func NewCmdMultiple(f *Factory, runF func(*MultipleOptions) error) *cobra.Command {
	opts := &MultipleOptions{F: f}
	cmd := &cobra.Command{
		Use:   "multiple",
		Short: "Multiple over several years: ratio, 增长X倍, CAGR, log-linear trend",
		Long: `Compare a period with the same span some years earlier (default: the latest
complete year the data covers against five years before). --to takes a year
or a half-year (2024H1); --from takes the earlier year (or the same kind of
period).

Rows (csv/json): series, flow, currency, from, to, years, from_value,
to_value, ratio, increase_times, increase_pct, cagr_pct, trend_growth_pct,
trend_r2, reason.
` + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats multiple --series cbec --from 2018 --to 2023
  $ ceb stats multiple --to 2024H1 --years 5`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return multipleRun(opts)
		},
	}
	opts.addFlags(cmd, "series (default cbec)", false)
	cmd.Flags().IntVar(&opts.Years, "years", 5, "years between the two periods")
	cmd.Flags().StringVar(&opts.From, "from", "", "earlier year or period (default: --to minus --years)")
	cmd.Flags().StringVar(&opts.To, "to", "", "later year or period (default: the latest complete year)")
	return cmd
}

func multipleRun(opts *MultipleOptions) error {
	f := opts.F
	cur, dims, err := opts.prepare(f)
	if err != nil {
		return err
	}
	if opts.Years <= 0 {
		return usageErrorf("--years must be at least 1, got %d", opts.Years)
	}
	var to, from *data.Period
	for _, x := range []struct {
		flag string
		s    string
		p    **data.Period
	}{{"--to", opts.To, &to}, {"--from", opts.From, &from}} {
		if x.s == "" {
			continue
		}
		p, err := data.ParsePeriod(x.s)
		if err != nil {
			return usageErrorf("%s: %v", x.flag, err)
		}
		*x.p = &p
	}
	if to != nil && from != nil && (to.From != from.From || to.To != from.To) {
		return usageErrorf("--from %s and --to %s must be the same kind of period", from, to)
	}
	v, err := f.View()
	if err != nil {
		return err
	}
	ds, _ := f.Dataset()
	var rows []stats.Multiple
	for _, series := range opts.seriesList(ds, "cbec") {
		p := to
		if p == nil {
			latest, ok := v.Latest(series, cur, data.KindYear)
			if !ok {
				return fmt.Errorf("no complete year for series %q in %s as of %s; pass --to", series, cur, v.AsOf)
			}
			p = &latest
		}
		fromYear := p.Year - opts.Years
		if from != nil {
			fromYear = from.Year
			if from.Kind() == data.KindYear && p.Kind() != data.KindYear {
				return usageErrorf("--from %s and --to %s must be the same kind of period", from, p)
			}
		}
		if fromYear >= p.Year {
			return usageErrorf("--from %d must be before --to %s", fromYear, p)
		}
		ms, err := perFlow(&opts.selection, v, series, cur, func(fl data.Flow) (stats.Multiple, error) {
			return stats.MultipleOf(v, data.Key{Series: series, Flow: fl, Period: *p, Currency: cur, Dims: dims}, fromYear)
		})
		if err != nil {
			return err
		}
		rows = append(rows, ms...)
	}
	return f.render(report.MultipleTable(rows, cur, f.Lang), "stats multiple")
}

// TrendOptions are the inputs of `ceb stats trend`.
type TrendOptions struct {
	F *Factory
	selection
	From, To string
	Freq     string
}

// NewCmdTrend builds `ceb stats trend`.
func NewCmdTrend(f *Factory, runF func(*TrendOptions) error) *cobra.Command {
	opts := &TrendOptions{F: f}
	cmd := &cobra.Command{
		Use:   "trend",
		Short: "A series over a span, with each period's growth",
		Long: `List a series at a frequency (year, half, quarter or month) over a span, with
each period's year-on-year growth. Periods the data cannot give stay in the
list with a reason, so gaps are visible. The span defaults to the first and
last period of that frequency the data covers.

Rows (csv/json): series, flow, period, currency, value, growth_pct,
growth_basis, reason.
` + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats trend --series cbec
  $ ceb stats trend --series trade --freq half --from 2019H1 --to 2025H1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return trendRun(opts)
		},
	}
	opts.addFlags(cmd, "series (default cbec)", false)
	cmd.Flags().StringVar(&opts.From, "from", "", "first period (default: the first the data covers)")
	cmd.Flags().StringVar(&opts.To, "to", "", "last period (default: the latest the data covers)")
	cmd.Flags().StringVar(&opts.Freq, "freq", "year", "frequency: year, half, quarter, month")
	_ = cmd.RegisterFlagCompletionFunc("freq", cobra.FixedCompletions([]string{"year", "half", "quarter", "month"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func trendRun(opts *TrendOptions) error {
	f := opts.F
	cur, dims, err := opts.prepare(f)
	if err != nil {
		return err
	}
	kinds := map[string]data.PeriodKind{"year": data.KindYear, "half": data.KindHalf, "quarter": data.KindQuarter, "month": data.KindMonth}
	freq, ok := kinds[opts.Freq]
	if !ok {
		return usageErrorf("--freq %q: use year, half, quarter or month", opts.Freq)
	}
	parse := func(flag, s string) (*data.Period, error) {
		if s == "" {
			return nil, nil
		}
		p, err := data.ParsePeriod(s)
		if err != nil {
			return nil, usageErrorf("%s: %v", flag, err)
		}
		return &p, nil
	}
	from, err := parse("--from", opts.From)
	if err != nil {
		return err
	}
	to, err := parse("--to", opts.To)
	if err != nil {
		return err
	}
	v, err := f.View()
	if err != nil {
		return err
	}
	ds, _ := f.Dataset()
	var rows []stats.Growth
	for _, series := range opts.seriesList(ds, "cbec") {
		flows, _, err := opts.flowsFor(v, series, cur)
		if err != nil {
			return err
		}
		if len(opts.Flows) == 0 {
			flows = []data.Flow{data.Total}
		}
		a, b := from, to
		if a == nil || b == nil {
			var covered []data.Period
			for _, fl := range []data.Flow{data.Total, data.Export} {
				for _, p := range v.Periods(series, fl, cur) {
					if p.Kind() == freq {
						covered = append(covered, p)
					}
				}
			}
			if len(covered) == 0 {
				return fmt.Errorf("series %q has no %s periods in %s as of %s; pass --from and --to or another --freq", series, opts.Freq, cur, v.AsOf)
			}
			first, last := covered[0], covered[0]
			for _, p := range covered {
				if p.Compare(first) < 0 {
					first = p
				}
				if p.Compare(last) > 0 {
					last = p
				}
			}
			if a == nil {
				a = &first
			}
			if b == nil {
				b = &last
			}
		}
		steps, err := stats.Steps(freq, *a, *b)
		if err != nil {
			return usageErrorf("%v", err)
		}
		for _, fl := range flows {
			g, err := stats.Trend(v, data.Key{Series: series, Flow: fl, Currency: cur, Dims: dims}, steps)
			if err != nil {
				return err
			}
			rows = append(rows, g...)
		}
	}
	return f.render(report.TrendTable(rows, cur, f.Lang), "stats trend")
}
