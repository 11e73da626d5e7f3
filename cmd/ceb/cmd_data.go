package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/data/load"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// NewCmdData builds `ceb data` and its subcommands.
func NewCmdData(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "List, show, validate, import and aggregate data",
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
	return asParent(cmd)
}

// DataListOptions are the inputs of `ceb data list`.
type DataListOptions struct {
	statsDeps
}

// NewCmdDataList builds `ceb data list`.
func NewCmdDataList(f *Factory, runF func(*DataListOptions) error) *cobra.Command {
	opts := &DataListOptions{}
	return &cobra.Command{
		Use:   "list",
		Short: "List series, flows, currencies, period coverage and vintages",
		Long:  listHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb data list
  $ ceb data list --data h1.csv --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.statsDeps = f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return dataListRun(opts)
		},
	}
}

func dataListRun(opts *DataListOptions) error {
	_, ds, err := opts.Load()
	if err != nil {
		return err
	}
	return opts.Out.Print(report.CoverageTable(report.CoverageOf(ds)), "data list")
}

// DataShowOptions are the parsed inputs of `ceb data show`.
type DataShowOptions struct {
	statsDeps
	Query report.ShowQuery
}

// NewCmdDataShow builds `ceb data show`.
func NewCmdDataShow(f *Factory, runF func(*DataShowOptions) error) *cobra.Command {
	opts := &DataShowOptions{}
	var series, flows []string
	var period string
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show observations, filtered by series, flow, period and currency",
		Long:  showHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb data show --series cbec
  $ ceb data show --series trade --period 2024 --all-vintages
  $ ceb data show --format csv > figures.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query.Series, opts.Query.Currency = series, f.set.Currency
			var err error
			if opts.Query.Flows, err = parseFlows(flows); err != nil {
				return err
			}
			if opts.Query.Within, err = optionalPeriod("--period", period); err != nil {
				return err
			}
			opts.statsDeps = f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return dataShowRun(opts)
		},
	}
	cmd.Flags().StringSliceVar(&series, "series", nil, "series to show (default all)")
	cmd.Flags().StringSliceVar(&flows, "flow", nil, "flows to show: total, export, import, balance (default all)")
	cmd.Flags().StringVar(&period, "period", "", "show only observations within this period")
	cmd.Flags().BoolVar(&opts.Query.AllVintages, "all-vintages", false, "show every vintage, not only the latest as of --as-of")
	_ = cmd.RegisterFlagCompletionFunc("flow", cobra.FixedCompletions([]string{"total", "export", "import", "balance"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func dataShowRun(opts *DataShowOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	obs, err := opts.Query.Observations(v, ds)
	if err != nil {
		return err
	}
	return opts.Out.Print(report.ObservationTable(obs, opts.Query.Currency), "data show")
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

// DataValidateOptions are the inputs of `ceb data validate`.
type DataValidateOptions struct {
	IO  *IOStreams
	Out printer
	// Table prints findings one a line, as compilers do (--format table).
	Table bool
	Open  func(path string) (*data.Dataset, []data.Finding, error)
	// Use makes ds the data whose provenance output records.
	Use    func(ds *data.Dataset)
	Files  []string
	Strict bool
	Checks []string
	// Vintage dates the GACC tables whose page gives no release date, and
	// overrides the page's, as ceb data import --vintage does (zero: the
	// page's own).
	Vintage data.Date
}

// NewCmdDataValidate builds `ceb data validate`.
func NewCmdDataValidate(f *Factory, runF func(*DataValidateOptions) error) *cobra.Command {
	opts := &DataValidateOptions{IO: f.IO, Use: func(ds *data.Dataset) { f.ds = ds }}
	opts.Open = func(path string) (*data.Dataset, []data.Finding, error) {
		lo := f.loadOptions()
		lo.Vintage = opts.Vintage
		return load.LoadAll(path, lo)
	}
	var vintage string
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check files for schema errors and consistency problems",
		Long:  validateHelp,
		Example: `  $ ceb data validate h1.csv
  $ ceb data validate data/ --strict --format json
  $ ceb data validate --strict --vintage 2024-06-20 trade_mode.txt`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one file to validate (see ceb data validate --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Vintage, err = f.parseVintage(vintage); err != nil {
				return err
			}
			opts.Files, opts.Out, opts.Table = args, f.printer(), f.Format == "table"
			if runF != nil {
				return runF(opts)
			}
			return dataValidateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	cmd.Flags().StringVar(&vintage, "vintage", "", "release date YYYY-MM-DD of GACC tables, when the page gives none or to override it (as for data import)")
	cmd.Flags().StringSliceVar(&opts.Checks, "check", nil, "run only these checks: "+strings.Join(stats.QAChecks, ", ")+" (default all)")
	_ = cmd.RegisterFlagCompletionFunc("check", cobra.FixedCompletions(stats.QAChecks, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func dataValidateRun(opts *DataValidateOptions) error {
	var all []data.Finding
	ds := &data.Dataset{}
	var ioErrs []error
	for _, path := range opts.Files {
		one, fs, err := opts.Open(path)
		var fd *data.Finding
		switch {
		case data.IsIO(err):
			// An input that cannot be read at all is an I/O failure (exit
			// 1), not a finding about its content; the other files are
			// still checked and their findings printed before it.
			ioErrs = append(ioErrs, err)
			continue
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
	opts.Use(ds)
	qa, err := stats.QA(ds, opts.Checks)
	if err != nil {
		return err
	}
	all = append(all, qa...)
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
	if opts.Table {
		for i := range all {
			fd := all[i]
			msg := fd.Message
			fd.Message = string(fd.Severity) + ": " + msg
			if _, err := fmt.Fprintln(opts.IO.Out, fd.Error()); err != nil {
				return err
			}
		}
	} else if err := opts.Out.Print(report.FindingsTable(all), "data validate"); err != nil {
		return err
	}
	if n := len(ioErrs); n > 0 {
		// A line for each file that could not be read, the last as the
		// command's error, instead of a summary of what was read.
		for _, err := range ioErrs[:n-1] {
			fmt.Fprintln(opts.IO.ErrOut, errorText(err))
		}
		return ioErrs[n-1]
	}
	fmt.Fprintf(opts.IO.ErrOut, "%d file(s), %d observation(s): %d error(s), %d warning(s)\n", len(opts.Files), len(ds.Obs), errs, warns)
	if errs > 0 {
		return &ValidationError{Errors: errs, Warnings: warns}
	}
	return nil
}

// parseVintage reads --vintage: a date, not after today (a release date
// cannot be; the page's own future date is a finding about the page), or
// none (the zero date) when s is empty.
func (f *Factory) parseVintage(s string) (data.Date, error) {
	if s == "" {
		return data.Date{}, nil
	}
	d, err := data.ParseDate(s)
	if err != nil {
		return d, usageErrorf("--vintage: %v", err)
	}
	if today := data.DateOf(f.today()); d.After(today) {
		return d, usageErrorf("--vintage %s is after today, %s: give the date the figures were released", d, today)
	}
	return d, nil
}

// DataImportOptions are the inputs of `ceb data import`.
type DataImportOptions struct {
	IO      *IOStreams
	Ctx     context.Context
	Quiet   bool
	Open    func(path string, series string, vintage data.Date, flow data.Flow) (*data.Dataset, []data.Finding, error)
	Files   []string
	Out     string
	Series  string
	Vintage data.Date // zero: the page's own
	Flow    data.Flow // empty: the table's own
}

// NewCmdDataImport builds `ceb data import`.
func NewCmdDataImport(f *Factory, runF func(*DataImportOptions) error) *cobra.Command {
	var vintage, flow string
	opts := &DataImportOptions{IO: f.IO, Open: func(path, series string, vintage data.Date, flow data.Flow) (*data.Dataset, []data.Finding, error) {
		lo := f.loadOptions()
		lo.Series, lo.Vintage, lo.Flow = series, vintage, flow
		return load.LoadAll(path, lo)
	}}
	cmd := &cobra.Command{
		Use:         "import FILE... -o canonical.csv",
		Annotations: map[string]string{writesAnnotation: "CSV"},
		Short:       "Convert GACC's published tables to canonical CSV",
		Long:        importHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb data import release_2024-11.html -o 2024-11.csv
  $ ceb data import bulletin.csv --series trade --vintage 2024-07-20 -o bulletin-canonical.csv
  $ ceb stats growth --data release_2023-11.html --data release_2024-11.html --period 2024-11 --currency USD`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one table to import (see ceb data import --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Layout == load.LayoutCanonical {
				return usageErrorf("--layout canonical: import reads GACC tables; use auto or a gacc- layout")
			}
			var err error
			if opts.Vintage, err = f.parseVintage(vintage); err != nil {
				return err
			}
			switch flow {
			case "":
			case "export", "import":
				opts.Flow = data.Flow(flow)
			default:
				return usageErrorf("--flow %q: use export or import", flow)
			}
			opts.Files, opts.Ctx, opts.Quiet = args, cmd.Context(), f.Quiet
			if runF != nil {
				return runF(opts)
			}
			return dataImportRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "canonical CSV to write (default: standard output)")
	cmd.Flags().StringVar(&opts.Series, "series", "trade", "series the tables belong to")
	cmd.Flags().StringVar(&vintage, "vintage", "", "release date YYYY-MM-DD, when the page gives none or to override it")
	cmd.Flags().StringVar(&flow, "flow", "", "flow of a query-platform export without a 进出口 column: export or import")
	_ = cmd.RegisterFlagCompletionFunc("flow", cobra.FixedCompletions([]string{"export", "import"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func dataImportRun(opts *DataImportOptions) error {
	ctx := opts.Ctx
	var out *atomicfile.File
	if opts.Out != "" {
		if err := checkOutputs(opts.Files, opts.Out); err != nil {
			return err
		}
		var err error
		if out, err = atomicfile.Create(opts.Out); err != nil {
			return err
		}
		defer out.Abort()
	}
	var obs []data.Observation
	for _, p := range opts.Files {
		ds, fs, err := opts.Open(p, opts.Series, opts.Vintage, opts.Flow)
		if err != nil {
			return err
		}
		for i := range fs {
			if fs[i].Severity == data.SevError {
				return &fs[i]
			}
			if !opts.Quiet {
				fd := fs[i]
				fd.Message, fd.Hint = "warning: "+fd.Full(flagHint), data.NoHint
				fmt.Fprintln(opts.IO.ErrOut, fd.Error())
			}
		}
		obs = append(obs, ds.Obs...)
	}
	data.SortObservations(obs)
	w := opts.IO.Out
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
		if !opts.Quiet {
			fmt.Fprintf(opts.IO.ErrOut, "wrote %d observation(s) to %s\n", len(obs), opts.Out)
		}
	}
	return nil
}

const importHelp = `Read customs tables as GACC publishes them and write canonical observations.

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
  gacc-trade-mode  release tables (2)/(3) by trade mode, for a month or
                 January to it: "Total Value" is all trade, every other row
                 the trade_mode dimension, with the printed rates
  gacc-regime    bulletin table (5) by customs regime: exports and imports
                 for the month and January to it, each row's rates on the
                 line below its values
  gacc-query     the online query platform's export (数据在线查询, CSV in
                 GBK or XLSX): 数据年月 (YYYYMM), 人民币 or 美元 (yuan or
                 dollars), and any of 进出口, 商品编码, 贸易伙伴, 贸易方式,
                 注册地 as dimensions; without a 进出口 column give --flow

Files may be saved HTML pages, CSV or XLSX exports, or the page text copied
into a .txt file (cells separated by spaces), UTF-8 or GB18030. The unit
line decides the unit (亿元, 万元, CNY 100 Million, USD 100 Million, USD1
Million, US$1,000, 百万美元, 千美元); "-", "—" and "…" are missing. The
Excel 97-2003 .xls downloads are not read: convert them with
libreoffice --headless --convert-to xlsx FILE.xls. Published year-on-year
rates become reported_yoy; the page's release date (or --vintage) becomes the
vintage. Missing months are de-accumulated from year-to-date values and the
two are checked against each other; January and February are never split.

The same files can be given to --data directly. The output keeps the units
as published.`

const validateHelp = `Check canonical data files and report every problem found, not only the first.

Errors: missing or duplicate columns, ragged rows, bad numbers, periods,
units, currencies, flows and dates, vintages in the future. A file that cannot
be read at all (missing, a directory without data, no permission) is a
failure (exit 1), after the other files' findings are printed.
Warnings come from named checks (--check selects some):
  duplicates  one figure published twice in one release with different values
  totals      export + import ≠ total beyond the rounding of the digits (the
              precision read from the release: 13万亿 beside 8.79万亿 is 13.00)
  parts       months against the cumulative figure, quarters against halves
              and the year, beyond rounding
  negative    negative exports, imports or totals
  ytd         a year-to-date series that falls
  rates       a published rate the levels cannot give, with a base as recent
  currencies  CNY and USD rates of one figure further apart than the
              yuan's move against the dollar (from all trade's levels) allows
  shares      provinces, trade modes or HS codes of one length adding up to
              more than the published total (partners are not summed:
              customs list groupings beside their members)

With --format table findings are printed one a line, file:line:col: severity:
message, as compilers do; csv, json and markdown give rows with file, line,
column, severity, message. A summary line goes to stderr.` + "\n" + exitStatusHelp + `

Exit status 3 means errors were found; --strict counts warnings as errors;
1 that a file could not be read.`

const showHelp = `Show the observations as published: by default the latest vintage of each
figure as of --as-of; --all-vintages shows every vintage. --period selects the
observations that lie within a period (2024 shows the year, its halves,
quarters, months and ranges).

Rows (csv/json) are canonical observations with values in base units (unit 1),
so the CSV output loads back into ceb: series, flow, period, value, unit,
currency, vintage, reported_yoy, source, note, release (preliminary, survey,
revision: the kind of release, which keeps figures of different methods
apart).`

const listHelp = `List what the data holds: one row per series, flow and currency, with the
number of observations and distinct periods, the period kinds, the first and
last period, and the number and range of vintages (publication dates).

Rows (csv/json): series, flow, currency, observations, periods, kinds, first,
last, vintages, first_vintage, last_vintage.`
