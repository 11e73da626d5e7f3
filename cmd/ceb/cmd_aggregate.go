package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/data/warehouse"
	"github.com/cbec-stats/ceb/internal/atomicfile"
)

// AggregateOptions are the inputs of `ceb data aggregate`.
type AggregateOptions struct {
	common
	Files   []string
	Out     string
	By      string
	Modes   []string
	Dims    []string
	SkipBad int
	Columns map[string]string
	// MaxMemory is --max-memory: empty for the default, half the machine.
	MaxMemory string
	TempDir   string
}

// NewCmdAggregate builds `ceb data aggregate`.
func NewCmdAggregate(f *Factory) *cobra.Command {
	opts := &AggregateOptions{common: f.common()}
	cmd := &cobra.Command{
		Use:   "aggregate DECLARATIONS...|WAREHOUSE-URL [-o series.csv]",
		Short: "Sum record-level customs declarations into period series",
		Long: `Turn record-level customs declarations into the series ceb computes with:
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
declarations directly (monthly cbec and trade series).` + "\n" + exitStatusHelp,
		Example: `  $ ceb data aggregate decl.csv.gz -o series.csv
  $ ceb data aggregate decl.csv --by quarter --dims province,hs2
  $ ceb data aggregate decl.csv --dims partner,hs4 -o partner-hs4.csv
  $ xzcat decl.csv.xz | ceb data aggregate - -o series.csv
  $ ceb stats growth --data decl.csv --period 2025Q1
  $ ceb data aggregate 'postgres://stats@dw.example:5432/customs?table=cbec.declarations' --dims province
  $ ceb data aggregate 'clickhouse://default@ch.example:9000/customs?table=declarations' --by quarter`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("name at least one declaration file (see ceb data aggregate --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if slices.ContainsFunc(args, warehouse.IsURL) {
				return aggregateWarehouse(cmd.Context(), opts)
			}
			if len(opts.Columns) > 0 {
				return usageErrorf("--columns maps the columns of a warehouse table; a file's header names its own")
			}
			return aggregateRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "", "CSV to write (default: standard output)")
	fl.StringVar(&opts.By, "by", "month", "period: month, quarter, half or year")
	fl.StringSliceVar(&opts.Modes, "cbec-modes", decl.DefaultCBECModes, "supervision modes counted as cross-border e-commerce")
	fl.StringSliceVar(&opts.Dims, "dims", nil, "break down by: province, partner, trade_mode, and one of hs2, hs4, hs6, hs8 (the HS code's first digits)")
	fl.IntVar(&opts.SkipBad, "skip-bad", 0, "bad records to tolerate (and list) before failing")
	fl.StringVar(&opts.MaxMemory, "max-memory", "", "memory for the groups of --dims, such as 512MiB or 2GiB; past it they spill to --temp-dir (default: half the machine's memory)")
	fl.StringVar(&opts.TempDir, "temp-dir", "", "directory for spilled groups (default: $TMPDIR or /tmp)")
	fl.StringToStringVar(&opts.Columns, "columns", nil, "warehouse table columns by declaration column: declared_on=decl_date,value=amount")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions([]string{"month", "quarter", "half", "year"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("dims", cobra.FixedCompletions(decl.DimNames, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func aggregateRun(ctx context.Context, opts *AggregateOptions) error {
	total, err := opts.check()
	if err != nil {
		return err
	}
	io, quiet := opts.IO, opts.Globals.Quiet
	var out *atomicfile.File
	if opts.Out != "" {
		if out, err = atomicfile.Create(opts.Out); err != nil {
			return err
		}
		defer out.Abort()
	}
	aopt := decl.Options{By: opts.By, CBECModes: opts.Modes, Dims: opts.Dims, SkipBad: opts.SkipBad, TempDir: opts.TempDir}
	if aopt.MaxMemory, err = memoryBudget(opts.MaxMemory); err != nil {
		return err
	}
	if io.IsStderrTTY() && !quiet {
		bar := progressbar.NewOptions64(total, progressbar.OptionSetWriter(io.ErrOut), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("aggregating"), progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true)) // shown at once, not after the first throttle period
		aopt.Progress = func(n int64) { _ = bar.Set64(n) }
		defer bar.Finish()
	}
	res, err := decl.Aggregate(ctx, opts.Files, aopt)
	if res != nil {
		defer res.Close()
	}
	return writeAggregate(ctx, opts, res, err, out)
}

// aggregateWarehouse runs the aggregation in the warehouse a URL names.
func aggregateWarehouse(ctx context.Context, opts *AggregateOptions) error {
	if len(opts.Files) > 1 {
		return usageErrorf("name one warehouse URL alone, without files or other URLs")
	}
	if _, err := opts.check(); err != nil {
		return err
	}
	var out *atomicfile.File
	if opts.Out != "" {
		var err error
		if out, err = atomicfile.Create(opts.Out); err != nil {
			return err
		}
		defer out.Abort()
	}
	wopt := warehouse.Options{Options: decl.Options{By: opts.By, CBECModes: opts.Modes, Dims: opts.Dims, SkipBad: opts.SkipBad}, Columns: opts.Columns}
	var bar *progressbar.ProgressBar
	if opts.IO.IsStderrTTY() && !opts.Globals.Quiet {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(opts.IO.ErrOut), progressbar.OptionSetDescription("query running in the warehouse"),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetRenderBlankState(true), progressbar.OptionSpinnerType(14))
		wopt.Progress = func(n int64) {
			if n > 0 {
				bar.Describe(fmt.Sprintf("%d groups from the server", n))
			}
			_ = bar.Set64(n)
		}
	}
	res, err := warehouse.Aggregate(ctx, opts.Files[0], wopt)
	if bar != nil {
		_ = bar.Finish() // cleared before the summary line
	}
	return writeAggregate(ctx, opts, res, err, out)
}

// writeAggregate reports bad records and writes the result.
func writeAggregate(ctx context.Context, opts *AggregateOptions, res *decl.Result, err error, out *atomicfile.File) error {
	io, quiet := opts.IO, opts.Globals.Quiet
	// With --skip-bad the bad records are listed; without it the first one
	// is the error itself.
	if res != nil && len(res.Bad) > 0 && opts.SkipBad > 0 && !quiet {
		switch {
		case res.Stopped():
			fmt.Fprintf(io.ErrOut, "more than %d bad records; reading stopped, having found these:\n", opts.SkipBad)
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

// check validates the flags and returns the input size for the progress
// bar (-1 when unknown: standard input).
func (opts *AggregateOptions) check() (int64, error) {
	if !oneOf(opts.By, "month", "quarter", "half", "year") {
		return 0, usageErrorf("--by %q: use month, quarter, half or year", opts.By)
	}
	for _, d := range opts.Dims {
		if !oneOf(d, decl.DimNames...) {
			return 0, usageErrorf("--dims: unknown dimension %q: use %s", d, strings.Join(decl.DimNames, ", "))
		}
	}
	if opts.SkipBad < 0 {
		return 0, usageErrorf("--skip-bad must be 0 or more")
	}
	if n := countOf(opts.Files, "-"); n > 1 {
		return 0, usageErrorf("standard input (-) can be read only once; it is named %d times", n)
	}
	var total int64 // for the progress bar; -1 when unknown (standard input)
	for _, p := range opts.Files {
		if p == "-" {
			total = -1
			continue
		}
		if warehouse.IsURL(p) {
			continue
		}
		if opts.Out != "" && sameFile(p, opts.Out) {
			return 0, usageErrorf("-o %s is also an input; choose another file", opts.Out)
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
