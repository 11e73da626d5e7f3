package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/render"
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
	cmd.AddCommand(NewCmdGrowth(f, nil), NewCmdCompare(f, nil), NewCmdMultiple(f, nil), NewCmdTrend(f, nil), NewCmdTop(f, nil), NewCmdRevisions(f, nil))
	return asParent(cmd)
}

// selection holds the flags shared by the stats commands, as typed.
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

// query turns the selection flags into a report.Query, before any data is
// read.
func (s *selection) query(cur data.Currency) (report.Query, error) {
	q := report.Query{Currency: cur, Series: s.Series}
	for _, w := range s.Where {
		k, v, ok := strings.Cut(w, "=")
		k = strings.TrimSpace(k)
		if !ok || !oneOf(k, data.DimNames...) {
			return q, usageErrorf("--where %q: use NAME=VALUE with NAME one of %s", w, strings.Join(data.DimNames, ", "))
		}
		q.Dims.Set(k, v)
	}
	var err error
	if q.Flows, err = parseFlows(s.Flows); err != nil {
		return q, err
	}
	q.Period, err = optionalPeriod("--period", s.Period)
	return q, err
}

// optionalPeriod parses a period flag; empty gives nil.
func optionalPeriod(flag, s string) (*data.Period, error) {
	if s == "" {
		return nil, nil
	}
	p, err := data.ParsePeriod(s)
	if err != nil {
		return nil, usageErrorf("%s: %v", flag, err)
	}
	return &p, nil
}

// statsDeps are what every stats command reads and writes with: the data
// (Load, once, as of --as-of) and the table printer.
type statsDeps struct {
	Load func() (*data.View, *data.Dataset, error)
	Out  printer
	// ErrOut and Quiet are where warnings go, and whether they are wanted.
	ErrOut io.Writer
	Quiet  bool
}

func (f *Factory) statsDeps() statsDeps {
	return statsDeps{Load: f.loader(), Out: f.printer(), ErrOut: f.IO.ErrOut, Quiet: f.Quiet}
}

// warnMissing says once, on stderr, which rows have no figure (their
// reason column says why); not under --quiet.
func (d statsDeps) warnMissing(keys []data.Key) {
	if len(keys) > 0 && !d.Quiet && d.ErrOut != nil {
		fmt.Fprintln(d.ErrOut, d.Out.opt.Lang.MissingWarning(keys))
	}
}

// GrowthOptions are the parsed inputs of `ceb stats growth`.
type GrowthOptions struct {
	statsDeps
	Query report.Query
}

// NewCmdGrowth builds `ceb stats growth`; runF, when set, runs instead of
// the command (tests capture the options with it).
func NewCmdGrowth(f *Factory, runF func(*GrowthOptions) error) *cobra.Command {
	opts := &GrowthOptions{}
	var sel selection
	cmd := &cobra.Command{
		Use:   "growth",
		Short: "Year-on-year growth on the comparable basis",
		Long:  growthHelp + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats growth
  $ ceb stats growth --period 2024H1 --series cbec
  $ ceb stats growth --period 2024H1 --as-of 2024-07-31 --format json
  $ ceb stats growth --series trade --period 2024-01..2024-11 --currency USD`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			opts.Query, opts.statsDeps = q, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return growthRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default: every series in the data)", true)
	return cmd
}

func growthRun(opts *GrowthOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	rows, err := report.GrowthRows(v, ds, opts.Query)
	if err != nil {
		return err
	}
	opts.warnMissing(report.Missing(rows))
	out := opts.sayChosen(opts.Query, report.ChosenPeriods(rows, func(g stats.Growth) data.Key { return g.Key }))
	return out.Print(report.GrowthTable(rows, opts.Query.Currency), "stats growth")
}

// sayChosen tells, when the query named no period, which periods were
// chosen: one stderr line (not under --quiet) and JSON meta (period, when
// every series took the same, and period_chosen). It returns the printer
// that carries the meta.
func (d statsDeps) sayChosen(q report.Query, chosen report.Chosen) printer {
	out := d.Out
	if q.Period != nil || len(chosen) == 0 {
		return out
	}
	if !d.Quiet {
		fmt.Fprintln(d.ErrOut, out.opt.Lang.PeriodChosen(chosen))
	}
	prev := out.meta
	out.meta = func(m *report.Meta) {
		if prev != nil {
			prev(m)
		}
		m.PeriodChosen = true
		if p, ok := chosen.Single(); ok {
			m.Period = p.String()
		}
	}
	return out
}

// CompareOptions are the parsed inputs of `ceb stats compare`.
type CompareOptions struct {
	statsDeps
	Query   report.Query
	Against string
}

// NewCmdCompare builds `ceb stats compare`.
func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{}
	var sel selection
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Compare a series with overall foreign trade: gap, share, contribution",
		Long:  compareHelp + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats compare --period 2024H1 --as-of 2024-07-31
  $ ceb stats compare --period 2024H1 --flow export,import --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			opts.Query, opts.statsDeps = q, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return compareRun(opts)
		},
	}
	sel.addFlags(cmd, "series to compare (default cbec)", true)
	cmd.Flags().StringVar(&opts.Against, "against", "trade", "reference series")
	return cmd
}

func compareRun(opts *CompareOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	rows, err := report.CompareRows(v, ds, opts.Query, opts.Against)
	if err != nil {
		return err
	}
	missing := make([]stats.Growth, len(rows))
	for i, c := range rows {
		missing[i] = c.Growth
	}
	opts.warnMissing(report.Missing(missing))
	out := opts.sayChosen(opts.Query, report.ChosenPeriods(missing, func(g stats.Growth) data.Key { return g.Key }))
	return out.Print(report.CompareTable(rows, opts.Query.Currency), "stats compare")
}

// MultipleOptions are the parsed inputs of `ceb stats multiple`.
type MultipleOptions struct {
	statsDeps
	Query report.Query
	Span  report.MultipleSpan
}

// NewCmdMultiple builds `ceb stats multiple`.
func NewCmdMultiple(f *Factory, runF func(*MultipleOptions) error) *cobra.Command {
	opts := &MultipleOptions{}
	var sel selection
	var years int
	var from, to string
	cmd := &cobra.Command{
		Use:   "multiple",
		Short: "Multiple over several years: ratio, 增长X倍, CAGR, log-linear trend",
		Long:  multipleHelp + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats multiple --series cbec --from 2018 --to 2023
  $ ceb stats multiple --to 2024H1 --years 5`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			if opts.Span, err = multipleSpan(years, from, to); err != nil {
				return err
			}
			opts.Query, opts.statsDeps = q, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return multipleRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default cbec)", false)
	cmd.Flags().IntVar(&years, "years", 5, "years between the two periods")
	cmd.Flags().StringVar(&from, "from", "", "earlier year or period (default: --to minus --years)")
	cmd.Flags().StringVar(&to, "to", "", "later year or period (default: the latest complete year)")
	return cmd
}

// multipleSpan checks --years, --from and --to.
func multipleSpan(years int, from, to string) (report.MultipleSpan, error) {
	if years <= 0 {
		return report.MultipleSpan{}, usageErrorf("--years must be at least 1, got %d", years)
	}
	span := report.MultipleSpan{Years: years}
	var err error
	if span.To, err = optionalPeriod("--to", to); err != nil {
		return span, err
	}
	if span.From, err = optionalPeriod("--from", from); err != nil {
		return span, err
	}
	if a, b := span.From, span.To; a != nil && b != nil {
		if a.From != b.From || a.To != b.To {
			return span, usageErrorf("--from %s and --to %s must be the same kind of period", a, b)
		}
		if a.Year >= b.Year {
			return span, usageErrorf("--from %d must be before --to %s", a.Year, b)
		}
	}
	return span, nil
}

func multipleRun(opts *MultipleOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	rows, err := report.MultipleRows(v, ds, opts.Query, opts.Span)
	if err != nil {
		return err
	}
	opts.warnMissing(report.MissingMultiples(rows))
	return opts.Out.Print(report.MultipleTable(rows, opts.Query.Currency), "stats multiple")
}

// TrendOptions are the parsed inputs of `ceb stats trend`.
type TrendOptions struct {
	statsDeps
	Query    report.Query
	Freq     data.PeriodKind
	From, To *data.Period
}

// NewCmdTrend builds `ceb stats trend`.
func NewCmdTrend(f *Factory, runF func(*TrendOptions) error) *cobra.Command {
	opts := &TrendOptions{}
	var sel selection
	var from, to, freq string
	cmd := &cobra.Command{
		Use:   "trend",
		Short: "A series over a span, with each period's growth",
		Long:  trendHelp + formulaHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats trend --series cbec
  $ ceb stats trend --series trade --freq half --from 2019H1 --to 2025H1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			var ok bool
			if opts.Freq, ok = frequencies[freq]; !ok {
				return usageErrorf("--freq %q: use year, half, quarter or month", freq)
			}
			if opts.From, err = optionalPeriod("--from", from); err != nil {
				return err
			}
			if opts.To, err = optionalPeriod("--to", to); err != nil {
				return err
			}
			opts.Query, opts.statsDeps = q, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return trendRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default cbec)", false)
	cmd.Flags().StringVar(&from, "from", "", "first period (default: the first the data covers)")
	cmd.Flags().StringVar(&to, "to", "", "last period (default: the latest the data covers)")
	cmd.Flags().StringVar(&freq, "freq", "year", "frequency: year, half, quarter, month")
	_ = cmd.RegisterFlagCompletionFunc("freq", cobra.FixedCompletions([]string{"year", "half", "quarter", "month"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

var frequencies = map[string]data.PeriodKind{"year": data.KindYear, "half": data.KindHalf, "quarter": data.KindQuarter, "month": data.KindMonth}

func trendRun(opts *TrendOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	rows, leftOut, err := report.TrendRows(v, ds, opts.Query, opts.Freq, opts.From, opts.To)
	if err != nil {
		return err
	}
	opts.warnMissing(report.Missing(rows))
	if len(leftOut) > 0 && !opts.Quiet && opts.ErrOut != nil {
		fmt.Fprintln(opts.ErrOut, opts.Out.opt.Lang.LeftOutWarning(leftOut))
	}
	return opts.Out.Print(report.TrendTable(rows, opts.Query.Currency), "stats trend")
}

// TopOptions are the parsed inputs of `ceb stats top`.
type TopOptions struct {
	statsDeps
	Query report.TopQuery
}

// NewCmdTop builds `ceb stats top`.
func NewCmdTop(f *Factory, runF func(*TopOptions) error) *cobra.Command {
	opts := &TopOptions{}
	var sel selection
	var by string
	var n, hsDigits int
	var groups []string
	cmd := &cobra.Command{
		Use:   "top --by partner|province|hs|trade_mode",
		Short: "Rank partners, provinces, products or trade modes: share, growth, contribution",
		Long:  topHelp + exitStatusHelp,
		Example: `  $ ceb stats top --by trade_mode --data trade_mode.txt
  $ ceb stats top --by partner --n 5 --data by-partner.csv --period 2024`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkTop(by, n, hsDigits); err != nil {
				return err
			}
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			if len(groups) > 0 && by != "partner" {
				return usageErrorf("--group works with --by partner, not --by %s", by)
			}
			opts.Query, opts.statsDeps = report.TopQuery{Query: q, By: by, N: n, HSDigits: hsDigits, Groups: groups}, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return topRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default cbec, else the first with the dimension)", true)
	cmd.Flags().StringVar(&by, "by", "", "dimension: partner, province, hs, trade_mode (required)")
	cmd.Flags().IntVar(&n, "n", 10, "items to show before \"others\"")
	cmd.Flags().IntVar(&hsDigits, "hs-digits", 0, "group HS codes at 2, 4, 6 or 8 digits (default: as in the data)")
	cmd.Flags().StringSliceVar(&groups, "group", nil, "with --by partner, show these groupings as the sum of their members in the data (not ranked): ASEAN, EU, RCEP, BRI (Belt and Road: a secondary list, named beside the figure), ASIA, AFRICA, EUROPE, LATAM, NORTHAM, OCEANIA")
	_ = cmd.RegisterFlagCompletionFunc("group", cobra.FixedCompletions([]string{"ASEAN", "EU", "RCEP", "BRI", "ASIA", "AFRICA", "EUROPE", "LATAM", "NORTHAM", "OCEANIA"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(data.DimNames, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// checkTop checks the flags of a ranked breakdown (stats top, chart top).
func checkTop(by string, n, hsDigits int) error {
	if !oneOf(by, data.DimNames...) {
		return usageErrorf("--by %q: use %s", by, strings.Join(data.DimNames, ", "))
	}
	if n < 1 {
		return usageErrorf("--n must be at least 1, got %d", n)
	}
	if !oneOf(strconv.Itoa(hsDigits), "0", "2", "4", "6", "8") {
		return usageErrorf("--hs-digits %d: use 2, 4, 6 or 8", hsDigits)
	}
	return nil
}

func topRun(opts *TopOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	res, err := report.Top(v, ds, opts.Query)
	if err != nil {
		return err
	}
	out := opts.Out
	out.opt.Caption = out.opt.Lang.TopCaptionOver(res.Series, res.Flow, opts.Query.By, res.Period, res.Over)
	out.meta = func(m *report.Meta) {
		m.Period, m.Series, m.Flow = res.Period.String(), res.Series, string(res.Flow)
		m.SummedOver = res.Over
	}
	if err := out.Print(report.TopTable(res.Rows, opts.Query.By, opts.Query.Currency, res.TotalPublished), "stats top"); err != nil {
		return err
	}
	// Human tables name the members absent in one year, and a grouping
	// from a secondary list, below the table (machine formats have them in
	// the absent and secondary fields).
	if out.human() {
		for _, n := range out.opt.Lang.TopNotes(res.Rows, opts.Query.By) {
			if _, err := fmt.Fprintln(out.out, render.Wrap(n, out.opt.Width)); err != nil {
				return err
			}
		}
	}
	return nil
}

const growthHelp = `Year-on-year growth of each series and flow for a period (any kind: year,
half, quarter, month, year to date, January–February).

Rows (csv/json): series, flow, period, base_period, currency, value,
base_value, change, growth_pct, growth_basis, computed_growth_pct,
reported_growth_pct, consistency, vintage, base_vintage, reason, notes
(Spring Festival moved month, series coverage; printed below a table).
Amounts are in base units (yuan), percentages in percent, unrounded.
`

const compareHelp = `Compare the growth of a series (default cbec) with a reference series
(default trade, all goods trade) for the same period, flow and currency.

Rows (csv/json): the growth fields plus reference, reference_value,
reference_base_value, reference_growth_pct, gap_pp, gap_pp_exact, share_pct,
share_change_pp, contribution_pp, growth_share_pct, reason, notes.
`

const multipleHelp = `Compare a period with the same span some years earlier (default: the latest
complete year the data covers against five years before). --to takes a year
or a half-year (2024H1); --from takes the earlier year (or the same kind of
period).

Rows (csv/json): series, flow, currency, from, to, years, from_value,
to_value, ratio, increase_times, increase_pct, cagr_pct, trend_growth_pct,
trend_r2, reason, notes.
`

const trendHelp = `List a series at a frequency (year, half, quarter or month) over a span, with
each period's year-on-year growth. Years and halves the data cannot give stay
in the list with a reason, so gaps are visible; months and quarters are listed
where the data has a figure, and one line on stderr names the others of the
span. The span defaults to the first and last period of that frequency the
data covers.

Rows (csv/json): series, flow, period, currency, value, growth_pct,
growth_basis, reason, notes.
`

const topHelp = `Rank the items of a dimension for one series, flow and period: value, share of
the total, year-on-year growth, contribution to the total's growth in points
(拉动), share of the total's growth (贡献率) and the rank a year earlier, then
an "others" row (the total less the items shown) and the total, so that the
columns add up. The total is the published dimension-free figure where the
data has one, else the sum of the items; its label says which.

  share        = 100 × v_i / V
  contribution = 100 × (v_i − b_i) / B      (拉动, points)
  growth share = 100 × (v_i − b_i) / (V − B) (贡献率)

Data broken down by --by and other dimensions (a query export by HS chapter
and partner) is ranked summed over the others, each year over the members
present that year; a member missing in one year counts as zero there, and
the row says so (absent; a note below a table). --where selects first.

Where rows carry a first quantity (第一数量) in one unit in both years, growth
is split into unit value and volume:

  unit value        = v / q              (yuan per 千克, dollars per 件)
  unit-value growth = 100 × ((v / q) / (b / q_b) − 1)
  volume growth     = 100 × (q / q_b − 1)
  (1 + value growth) = (1 + unit-value growth) × (1 + volume growth)

with the value growth computed from the levels; where the units differ or a
quantity is missing, these fields are null with a quantity_reason.

Rows (csv/json): rank, the dimension, label, value, share_pct, growth_pct,
[unit_value_growth_pct, volume_growth_pct,] contribution_pp,
growth_share_pct, prev_rank, base_value, reason, kind (item, others, total,
grouping, remainder)[, quantity, quantity_unit, unit_value,
quantity_reason][, absent]. Partner groupings (ASEAN, the EU, RCEP, Belt and
Road, continents) are not ranked: they follow the total; remainders (其他,
亚洲其他国家(地区)) count in the total but are not ranked. Labels come from the
embedded code lists (supervision modes, GB/T 2260 provinces, ISO 3166 and
customs' 3-digit partner codes, HS 2022 chapters and headings) in --lang.
--where takes any spelling of a listed code (partner=US, partner=USA,
partner=502 and partner=美国 agree).
`
