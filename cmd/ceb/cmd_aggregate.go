package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/data/warehouse"
	"github.com/cbec-stats/ceb/internal/atomicfile"
)

// AggregateOptions are the inputs of `ceb data aggregate`, parsed and
// checked: the same whether the source is files or a warehouse URL.
type AggregateOptions struct {
	IO    *IOStreams
	Quiet bool
	Ctx   context.Context
	// Sources are the declaration files ("-": standard input), or one
	// warehouse URL.
	Sources []string
	Out     string
	// Decl holds --by, --cbec-modes, --dims, --skip-bad, --max-memory (in
	// bytes; the default is half the machine's memory) and --temp-dir,
	// checked by decl.Options.Plan.
	Decl decl.Options
	// Columns is --columns: a warehouse table's column names.
	Columns map[string]string
}

// aggregateFlags are the raw values of the flags of `ceb data aggregate`.
type aggregateFlags struct {
	out, by, maxMemory, tempDir string
	modes, dims                 []string
	skipBad                     int
	columns                     map[string]string
}

const aggregateLong = `Turn record-level customs declarations into the series ceb computes with:
cbec (records whose supervision mode is one of --cbec-modes) and trade (all
records), per period, flow (and total = export + import) and currency, with
record counts and pieces, optionally broken down by --dims.

Input: CSV (RFC 4180: quoted fields may hold commas, quotes and newlines;
UTF-8, optional BOM, CRLF or LF), optionally gzip- or zstd-compressed (.csv.gz,
.csv.zst, known by their magic numbers), with the header
  declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces
(columns in any order), or Parquet with those columns (value as DECIMAL of
any scale or a decimal string, declared_on as DATE, TIMESTAMP or text; FLOAT
values are refused). A directory of Parquet files is one dataset, read in
path order; hive partitions (year=2024/province=44/part-0.parquet) fill the
columns the files lack. "-" reads CSV from standard input.

A warehouse URL instead of files runs the aggregation in the engine and
fetches only the groups (one GROUP BY; exact NUMERIC/Decimal sums):
  postgres://[user[:password]@]host[:port]/database?table=NAME   (PostgreSQL,
      Citus, Greenplum, openGauss, Redshift…; sslmode, PGHOST, PGPASSWORD and
      service files work as in libpq)
  clickhouse://[user[:password]@]host[:port]/database?table=NAME (native port)
  mysql://[user[:password]@]host[:port]/database?table=NAME      (MySQL,
      MariaDB, TiDB, Doris, StarRocks, OceanBase; MYSQL_PWD and ~/.my.cnf
      [client] password work as in the mysql client)
table defaults to declarations and may be schema.table; --columns maps the
table's column names (declared_on=decl_date,value=amount). The output is
byte for byte what the same records in a file give. Bad records are counted
by the same query; the first few, by declaration_id, are listed. The
password never appears in messages or outputs.
Money is parsed as integer fen and summed exactly: a value with more than two
decimals, a sign, a separator or an overflow is a bad record, not a rounding.
Every record is validated. The first bad record stops the run (exit 1, its
line and reason on stderr, nothing written); --skip-bad N tolerates up to N
and lists them. Files are read in chunks split at record boundaries and
parsed on every core; memory grows with the number of groups, not records.
With --dims the groups may outgrow memory: past --max-memory (default half
the machine's) they spill to files in --temp-dir and are merged at the end,
with the same output. A quarter, half or year (--by) is written only when
every one of its months has records. A progress bar shows on stderr when it
is a terminal.

Output columns: series, flow, period, value (yuan, two decimals), unit,
currency, records, pieces, and the --dims asked for. --data can read the
declarations directly (monthly cbec and trade series).` + "\n" + exitStatusHelp

const aggregateExample = `  $ ceb data aggregate decl.csv.gz -o series.csv
  $ ceb data aggregate decl.csv --by quarter --dims province,hs2
  $ ceb data aggregate decl.csv --dims partner,hs4 -o partner-hs4.csv
  $ xzcat decl.csv.xz | ceb data aggregate - -o series.csv
  $ ceb stats growth --data decl.csv --period 2025Q1
  $ ceb data aggregate 'postgres://stats@dw.example:5432/customs?table=cbec.declarations' --dims province
  $ ceb data aggregate 'clickhouse://default@ch.example:9000/customs?table=declarations' --by quarter
  $ ceb data aggregate 'mysql://stats@doris.example:9030/customs?table=declarations' --dims hs2`

// NewCmdAggregate builds `ceb data aggregate`. RunE parses and checks the
// flags and the sources into AggregateOptions, then calls runF (tests) or
// the real run.
func NewCmdAggregate(f *Factory, runF func(*AggregateOptions) error) *cobra.Command {
	var fl aggregateFlags
	cmd := &cobra.Command{
		Use:         "aggregate DECLARATIONS...|WAREHOUSE-URL [-o series.csv]",
		Annotations: map[string]string{writesAnnotation: "CSV"},
		Short:       "Sum record-level customs declarations into period series",
		Long:        aggregateLong,
		Example:     aggregateExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one declaration file (see ceb data aggregate --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := fl.options(args)
			if err != nil {
				return err
			}
			opts.IO, opts.Quiet, opts.Ctx = f.IO, f.Quiet, cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return aggregateRun(opts)
		},
	}
	flags := cmd.Flags()
	flags.StringVarP(&fl.out, "out", "o", "", "CSV to write (default: standard output)")
	flags.StringVar(&fl.by, "by", "month", "period: month, quarter, half or year")
	flags.StringSliceVar(&fl.modes, "cbec-modes", decl.DefaultCBECModes, "supervision modes counted as cross-border e-commerce")
	flags.StringSliceVar(&fl.dims, "dims", nil, "break down by: province, partner, trade_mode, and one of hs2, hs4, hs6, hs8 (the HS code's first digits)")
	flags.IntVar(&fl.skipBad, "skip-bad", 0, "bad records to tolerate (and list) before failing")
	flags.StringVar(&fl.maxMemory, "max-memory", "", "memory for the groups of --dims, such as 512MiB or 2GiB; past it they spill to --temp-dir (default: half the machine's memory)")
	flags.StringVar(&fl.tempDir, "temp-dir", "", "directory for spilled groups (default: $TMPDIR or /tmp)")
	flags.StringToStringVar(&fl.columns, "columns", nil, "warehouse table columns by declaration column: declared_on=decl_date,value=amount")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions([]string{"month", "quarter", "half", "year"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("dims", cobra.FixedCompletions(decl.DimNames, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// options parses and checks every flag into one options value, then checks
// the sources: files, or one warehouse URL alone.
func (fl *aggregateFlags) options(sources []string) (*AggregateOptions, error) {
	budget, err := memoryBudget(fl.maxMemory)
	if err != nil {
		return nil, err
	}
	opts := &AggregateOptions{Sources: sources, Out: fl.out, Columns: fl.columns,
		Decl: decl.Options{By: fl.by, CBECModes: fl.modes, Dims: fl.dims, SkipBad: fl.skipBad, MaxMemory: budget, TempDir: fl.tempDir}}
	if _, err := opts.Decl.Plan(); err != nil {
		return nil, err // a *data.OptionError: exit 2, worded as its flag
	}
	if n := countOf(sources, "-"); n > 1 {
		return nil, usageErrorf("standard input (-) can be read only once; it is named %d times", n)
	}
	switch {
	case !opts.warehouse() && len(opts.Columns) > 0:
		return nil, usageErrorf("--columns maps the columns of a warehouse table; a file's header names its own")
	case opts.warehouse() && len(sources) > 1:
		return nil, usageErrorf("name one warehouse URL alone, without files or other URLs")
	}
	return opts, nil
}

// warehouse reports whether the source is a warehouse URL.
func (opts *AggregateOptions) warehouse() bool {
	return slices.ContainsFunc(opts.Sources, warehouse.IsURL)
}

// aggregateRun runs the aggregation, in the warehouse or on the files, and
// writes the result.
func aggregateRun(opts *AggregateOptions) error {
	total, err := opts.inputSize()
	if err != nil {
		return err
	}
	var out *atomicfile.File
	if opts.Out != "" {
		if out, err = atomicfile.Create(opts.Out); err != nil {
			return err
		}
		defer out.Abort()
	}
	var res *decl.Result
	if opts.warehouse() {
		res, err = aggregateWarehouse(opts)
	} else {
		res, err = aggregateFiles(opts, total)
	}
	if res != nil {
		defer res.Close()
	}
	return writeAggregate(opts.Ctx, opts, res, err, out)
}

// aggregateFiles aggregates declaration files. With --dims and a memory
// budget, the process's memory limit is the budget while it runs: by
// default the collector lets the heap grow to twice what is live, which
// took the 512 MiB job to 687 MB.
func aggregateFiles(opts *AggregateOptions, total int64) (*decl.Result, error) {
	aopt := opts.Decl
	if aopt.MaxMemory > 0 && len(aopt.Dims) > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(aopt.MaxMemory))
	}
	if opts.IO.IsStderrTTY() && !opts.Quiet {
		bar := progressbar.NewOptions64(total, progressbar.OptionSetWriter(opts.IO.ErrOut), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("aggregating"), progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true)) // shown at once, not after the first throttle period
		aopt.Progress = func(n int64) { _ = bar.Set64(n) }
		defer bar.Finish()
	}
	return decl.Aggregate(opts.Ctx, opts.Sources, aopt)
}

// aggregateWarehouse runs the aggregation in the warehouse a URL names.
func aggregateWarehouse(opts *AggregateOptions) (*decl.Result, error) {
	wopt := warehouse.Options{Options: opts.Decl, Columns: opts.Columns}
	var bar *progressbar.ProgressBar
	if opts.IO.IsStderrTTY() && !opts.Quiet {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(opts.IO.ErrOut), progressbar.OptionSetDescription("query running in the warehouse"),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetRenderBlankState(true), progressbar.OptionSpinnerType(14))
		wopt.Progress = func(n int64) {
			if n > 0 {
				bar.Describe(fmt.Sprintf("%d groups from the server", n))
			}
			_ = bar.Set64(n)
		}
	}
	res, err := warehouse.Aggregate(opts.Ctx, opts.Sources[0], wopt)
	if bar != nil {
		_ = bar.Finish() // cleared before the summary line
	}
	return res, err
}

// writeAggregate reports bad records and writes the result.
func writeAggregate(ctx context.Context, opts *AggregateOptions, res *decl.Result, err error, out *atomicfile.File) error {
	io, quiet := opts.IO, opts.Quiet
	// With --skip-bad the bad records are listed; without it the first one
	// is the error itself.
	if res != nil && len(res.Bad) > 0 && opts.Decl.SkipBad > 0 && !quiet {
		switch {
		case res.Stopped():
			fmt.Fprintf(io.ErrOut, "more than %d bad records; reading stopped, having found these:\n", opts.Decl.SkipBad)
		case res.BadCount > int64(len(res.Bad)):
			fmt.Fprintf(io.ErrOut, "%d bad record(s), the first %d:\n", res.BadCount, len(res.Bad))
		default:
			fmt.Fprintf(io.ErrOut, "%d bad record(s):\n", len(res.Bad))
		}
		for _, b := range res.Bad {
			fmt.Fprintln(io.ErrOut, "  "+b.Error())
		}
	}
	if err != nil {
		return err
	}
	if len(res.Skipped) > 0 && !quiet {
		fmt.Fprintf(io.ErrOut, "left out, months missing: %s\n", strings.Join(res.Skipped, ", "))
	}
	w := io.Out
	if out != nil {
		w = out.Writer()
	}
	if err := res.WriteCSV(w); err != nil {
		return err
	}
	if out != nil {
		if err := out.Commit(ctx); err != nil {
			return err
		}
	}
	if !quiet {
		fmt.Fprintf(io.ErrOut, "%d record(s) in %d group(s)\n", res.Records, res.Len())
	}
	return nil
}

// inputSize checks that the output is not also an input and returns the
// size of the input files for the progress bar (-1 when unknown: standard
// input; 0 for a warehouse).
func (opts *AggregateOptions) inputSize() (int64, error) {
	if err := checkOutputs(opts.Sources, opts.Out); err != nil {
		return 0, err
	}
	var total int64
	for _, p := range opts.Sources {
		if p == "-" {
			total = -1
			continue
		}
		if warehouse.IsURL(p) {
			continue
		}
		size, err := decl.InputSize(p)
		if err != nil {
			return 0, err
		}
		if total >= 0 {
			total += size
		}
	}
	return total, nil
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// memoryBudget reads --max-memory: a size with an optional unit (B, KB,
// MB, GB, KiB, MiB, GiB; K, M, G are binary), or empty for half the
// machine's memory (none when it cannot be read).
func memoryBudget(s string) (int64, error) {
	if s == "" {
		return defaultBudget(), nil
	}
	cut := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if cut < 0 {
		cut = len(s)
	}
	num, unit := s[:cut], strings.TrimSpace(s[cut:])
	n, err := strconv.ParseFloat(num, 64)
	mult, ok := map[string]float64{"": 1, "B": 1, "K": 1 << 10, "KiB": 1 << 10, "KB": 1e3, "M": 1 << 20, "MiB": 1 << 20, "MB": 1e6,
		"G": 1 << 30, "GiB": 1 << 30, "GB": 1e9, "T": 1 << 40, "TiB": 1 << 40, "TB": 1e12}[unit]
	if err != nil || !ok || n <= 0 || n*mult < 1<<20 {
		return 0, usageErrorf("--max-memory %q: give a size of 1MiB or more, such as 512MiB or 2GiB", s)
	}
	return int64(n * mult), nil
}

// defaultBudget is half the machine's memory, from /proc/meminfo.
func defaultBudget() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil {
				return kb << 10 / 2
			}
		}
	}
	return 0
}
