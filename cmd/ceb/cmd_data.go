package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/data/load"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
)

// NewCmdData builds `ceb data` and its subcommands.
func NewCmdData(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "List, show and validate datasets",
		Long: `Inspect the data ceb computes from: the embedded dataset of official figures,
or files given with --data.

Canonical files are long CSV (UTF-8 with or without BOM, or GB18030/GBK),
JSON (an array of objects) or XLSX (first sheet, or --sheet) with the columns

  series,flow,period,value,unit,currency,vintage,reported_yoy,source,note

of which series, flow, period and value are required (value may be empty when
reported_yoy is given). Periods: 2023, 2024H1, 2024Q1, 2024-06,
2024-01..2024-10 (year to date), 2024-01..02 (January–February), or labels as
published (2024年上半年, 2024年1-6月, Jan-Jun 2024). Units: 1, 10k, 100m, 1t or
万元, 亿元, 万亿元, 千美元, 百万美元, 亿美元. Thousands separators are accepted.`,
		Example: `  $ ceb data list
  $ ceb data show --series cbec --all-vintages
  $ ceb data validate h1.csv --strict`,
		Args: noArgs,
	}
	cmd.AddCommand(NewCmdDataList(f, nil), NewCmdDataShow(f, nil), NewCmdDataValidate(f, nil), NewCmdDataImport(f, nil), NewCmdAggregate(f, nil))
	return cmd
}

// DataListOptions are the inputs of `ceb data list`.
type DataListOptions struct {
	F *Factory
}

// NewCmdDataList builds `ceb data list`; runF replaces the run in tests.
func NewCmdDataList(f *Factory, runF func(*DataListOptions) error) *cobra.Command {
	opts := &DataListOptions{F: f}
	return &cobra.Command{
		Use:   "list",
		Short: "List series, flows, currencies, period coverage and vintages",
		Long: `List what the data holds: one row per series, flow and currency, with the
number of observations and distinct periods, the period kinds, the first and
last period, and the number and range of vintages (publication dates).

Rows (csv/json): series, flow, currency, observations, periods, kinds, first,
last, vintages, first_vintage, last_vintage.` + "\n" + exitStatusHelp,
		Example: `  $ ceb data list
  $ ceb data list --data h1.csv --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return dataListRun(opts)
		},
	}
}

func dataListRun(opts *DataListOptions) error {
	f := opts.F
	ds, err := f.Dataset()
	if err != nil {
		return err
	}
	type k struct {
		s string
		f data.Flow
		c data.Currency
	}
	groups := map[k][]data.Observation{}
	for _, o := range ds.Obs {
		kk := k{o.Series, o.Flow, o.Currency}
		groups[kk] = append(groups[kk], o)
	}
	keys := make([]k, 0, len(groups))
	for kk := range groups {
		keys = append(keys, kk)
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
	var rows []report.Coverage
	for _, kk := range keys {
		obs := groups[kk]
		c := report.Coverage{Series: kk.s, Flow: kk.f, Currency: kk.c, Observations: len(obs)}
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
		rows = append(rows, c)
	}
	return f.render(report.CoverageTable(rows), "data list")
}

// DataShowOptions are the inputs of `ceb data show`.
type DataShowOptions struct {
	F           *Factory
	Series      []string
	Flows       []string
	Period      string
	AllVintages bool
}

// NewCmdDataShow builds `ceb data show`.
func NewCmdDataShow(f *Factory, runF func(*DataShowOptions) error) *cobra.Command {
	opts := &DataShowOptions{F: f}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show observations, filtered by series, flow, period and currency",
		Long: `Show the observations as published: by default the latest vintage of each
figure as of --as-of; --all-vintages shows every vintage. --period selects the
observations that lie within a period (2024 shows the year, its halves,
quarters, months and ranges).

Rows (csv/json) are canonical observations with values in base units (unit 1),
so the CSV output loads back into ceb: series, flow, period, value, unit,
currency, vintage, reported_yoy, source, note.` + "\n" + exitStatusHelp,
		Example: `  $ ceb data show --series cbec
  $ ceb data show --series trade --period 2024 --all-vintages
  $ ceb data show --format csv > figures.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return dataShowRun(opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Series, "series", nil, "series to show (default all)")
	cmd.Flags().StringSliceVar(&opts.Flows, "flow", nil, "flows to show: total, export, import, balance (default all)")
	cmd.Flags().StringVar(&opts.Period, "period", "", "show only observations within this period")
	cmd.Flags().BoolVar(&opts.AllVintages, "all-vintages", false, "show every vintage, not only the latest as of --as-of")
	_ = cmd.RegisterFlagCompletionFunc("flow", cobra.FixedCompletions([]string{"total", "export", "import", "balance"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func dataShowRun(opts *DataShowOptions) error {
	f := opts.F
	cur, err := f.currency()
	if err != nil {
		return err
	}
	flows, err := parseFlows(opts.Flows)
	if err != nil {
		return err
	}
	var within *data.Period
	if opts.Period != "" {
		p, err := data.ParsePeriod(opts.Period)
		if err != nil {
			return usageErrorf("--period: %v", err)
		}
		within = &p
	}
	var obs []data.Observation
	if opts.AllVintages {
		ds, err := f.Dataset()
		if err != nil {
			return err
		}
		asOf, _ := f.asOf()
		for _, o := range ds.Obs {
			if !o.Vintage.After(asOf) {
				obs = append(obs, o)
			}
		}
		data.SortObservations(obs)
	} else {
		v, err := f.View()
		if err != nil {
			return err
		}
		obs = v.Observations()
	}
	out := obs[:0:0]
	for _, o := range obs {
		if o.Currency != cur || (len(opts.Series) > 0 && !oneOf(o.Series, opts.Series...)) ||
			(len(flows) > 0 && !containsFlow(flows, o.Flow)) || (within != nil && !within.Contains(o.Period)) {
			continue
		}
		out = append(out, o)
	}
	return f.render(report.ObservationTable(out, cur, f.Lang), "data show")
}

func parseFlows(in []string) ([]data.Flow, error) {
	var out []data.Flow
	for _, s := range in {
		fl, err := data.ParseFlow(s)
		if err != nil {
			return nil, usageErrorf("--flow: %v", err)
		}
		out = append(out, fl)
	}
	return out, nil
}

func containsFlow(list []data.Flow, f data.Flow) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// DataValidateOptions are the inputs of `ceb data validate`.
type DataValidateOptions struct {
	F      *Factory
	Files  []string
	Strict bool
}

// NewCmdDataValidate builds `ceb data validate`.
func NewCmdDataValidate(f *Factory, runF func(*DataValidateOptions) error) *cobra.Command {
	opts := &DataValidateOptions{F: f}
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check files for schema errors and consistency problems",
		Long: `Check canonical data files and report every problem found, not only the first.

Errors: unreadable files, missing or duplicate columns, ragged rows, bad
numbers, periods, units, currencies, flows and dates, vintages in the future.
Warnings: duplicate figures (same key and vintage) with different values,
export + import ≠ total beyond rounding, months or quarters that disagree with
a published total, negative flows, a year-to-date series that falls.

With --format table findings are printed one a line, file:line:col: severity:
message, as compilers do; csv, json and markdown give rows with file, line,
column, severity, message. A summary line goes to stderr.` + "\n" + exitStatusHelp + `

Exit status 3 means errors were found; --strict counts warnings as errors.`,
		Example: `  $ ceb data validate h1.csv
  $ ceb data validate data/ --strict --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one file to validate (see ceb data validate --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return dataValidateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	return cmd
}

func dataValidateRun(opts *DataValidateOptions) error {
	f := opts.F
	var all []data.Finding
	ds := &data.Dataset{}
	for _, path := range opts.Files {
		one, fs, err := load.LoadAll(path, f.loadOptions())
		var fd *data.Finding
		switch {
		case errors.As(err, &fd):
			all = append(all, *fd)
			continue
		case err != nil:
			all = append(all, data.Finding{File: path, Severity: data.SevError, Message: err.Error()})
			continue
		}
		all = append(all, fs...)
		ds.Merge(one)
	}
	f.ds = ds
	all = append(all, data.Check(ds)...)
	errs, warns := 0, 0
	for i := range all {
		if all[i].Severity == data.SevWarning && opts.Strict {
			all[i].Severity = data.SevError
		}
		if all[i].Severity == data.SevError {
			errs++
		} else {
			warns++
		}
	}
	all = withFlagHints(all)
	if f.Format == "table" {
		for i := range all {
			fd := all[i]
			msg := fd.Message
			fd.Message = string(fd.Severity) + ": " + msg
			if _, err := fmt.Fprintln(f.IO.Out, fd.Error()); err != nil {
				return err
			}
		}
	} else if err := f.render(report.FindingsTable(all), "data validate"); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "%d file(s), %d observation(s): %d error(s), %d warning(s)\n", len(opts.Files), len(ds.Obs), errs, warns)
	if errs > 0 {
		return &ValidationError{Errors: errs, Warnings: warns}
	}
	return nil
}

// DataImportOptions are the inputs of `ceb data import`.
type DataImportOptions struct {
	F       *Factory
	Files   []string
	Out     string
	Series  string
	Vintage string
}

// NewCmdDataImport builds `ceb data import`.
func NewCmdDataImport(f *Factory, runF func(*DataImportOptions) error) *cobra.Command {
	opts := &DataImportOptions{F: f}
	cmd := &cobra.Command{
		Use:   "import FILE... -o canonical.csv",
		Short: "Convert GACC's published tables to canonical CSV",
		Long: `Read customs tables as GACC publishes them and write canonical observations.

Layouts (detected, or chosen with --layout):
  gacc-release   preliminary release table (1): 2024年11月全国进出口总值表（人民币值）
                 or (1) China's Total Export & Import Values, Nov 2024 (in USD):
                 rows 进出口/出口/进口/贸易差额; month, January-to-month,
                 month-on-month %, year-on-year %, cumulative year-on-year %;
                 the January–February table has one value and its rate
  gacc-bulletin  monthly bulletin table (1)B: rows YYYY.MM, 当月 and 1至当月累计
                 for 进出口/出口/进口/贸易差额; footnotes begin 注
  gacc-country   the country/region table: partners (hierarchy by
                 indentation, 其中 rows) as the partner dimension

Files may be saved HTML pages, CSV or XLSX, UTF-8 or GB18030. The unit line
decides the unit (亿元, 万元, CNY 100 Million, USD 100 Million, USD1 Million,
百万美元, 千美元); "-", "—" and "…" are missing. Published year-on-year
rates become reported_yoy; the page's release date (or --vintage) becomes the
vintage. Missing months are de-accumulated from year-to-date values and the
two are checked against each other; January and February are never split.

The same files can be given to --data directly. The output keeps the units
as published.` + "\n" + exitStatusHelp,
		Example: `  $ ceb data import release_2024-11.html -o 2024-11.csv
  $ ceb data import bulletin.csv --series trade --vintage 2024-07-20 -o bulletin.csv
  $ ceb stats growth --data release_2023-11.html --data release_2024-11.html --period 2024-11 --currency USD`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one table to import (see ceb data import --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return dataImportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "canonical CSV to write (default: standard output)")
	cmd.Flags().StringVar(&opts.Series, "series", "trade", "series the tables belong to")
	cmd.Flags().StringVar(&opts.Vintage, "vintage", "", "release date YYYY-MM-DD, when the page gives none or to override it")
	return cmd
}

func dataImportRun(ctx context.Context, opts *DataImportOptions) error {
	f := opts.F
	lo := f.loadOptions()
	lo.Series = opts.Series
	if lo.Layout == load.LayoutCanonical {
		return usageErrorf("--layout canonical: import reads GACC tables; use auto or a gacc- layout")
	}
	if opts.Vintage != "" {
		d, err := data.ParseDate(opts.Vintage)
		if err != nil {
			return usageErrorf("--vintage: %v", err)
		}
		lo.Vintage = d
	}
	var out *atomicfile.File
	if opts.Out != "" {
		for _, in := range opts.Files {
			if sameFile(in, opts.Out) {
				return usageErrorf("-o %s is also an input; choose another file", opts.Out)
			}
		}
		var err error
		if out, err = atomicfile.Create(opts.Out); err != nil {
			return err
		}
		defer out.Abort()
	}
	var obs []data.Observation
	for _, p := range opts.Files {
		ds, fs, err := load.LoadAll(p, lo)
		if err != nil {
			return err
		}
		for i := range fs {
			if fs[i].Severity == data.SevError {
				return &fs[i]
			}
			if !f.Quiet {
				fmt.Fprintf(f.IO.ErrOut, "%s: warning: %s\n", fs[i].Text(flagHint), "")
			}
		}
		obs = append(obs, ds.Obs...)
	}
	data.SortObservations(obs)
	w := f.IO.Out
	if out != nil {
		w = out.Writer()
	}
	if err := canonical.WriteCSV(w, obs); err != nil {
		return err
	}
	if out != nil {
		if err := out.Commit(ctx); err != nil {
			return err
		}
		if !f.Quiet {
			fmt.Fprintf(f.IO.ErrOut, "wrote %d observation(s) to %s\n", len(obs), opts.Out)
		}
	}
	return nil
}
