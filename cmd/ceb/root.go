package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
	"github.com/cbec-stats/ceb/data/warehouse"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/render"
	"github.com/cbec-stats/ceb/report/vocab"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// the build info says which ceb this is (versionOf).
var version = ""

func ceVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	return versionOf(bi, ok)
}

// unversioned is the version of a build that carries neither a module
// version nor a VCS revision (go run, go test, -buildvcs=false): said
// plainly, not dressed up as one.
const unversioned = "unversioned build (no module version or VCS revision)"

// versionOf is ceb's version from its build info: the module version of
// `go install …@v1.2.3`; else the VCS revision of the checkout it was built
// from, "devel+<revision>" with "+dirty" when it had changes; else
// unversioned.
func versionOf(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return unversioned
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return unversioned
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		return "devel+" + rev + "+dirty"
	}
	return "devel+" + rev
}

// Globals are the values of the global flags.
type Globals struct {
	Data     []string
	Format   string
	Currency string
	Unit     string
	Lang     string
	AsOf     string
	Quiet    bool
	Encoding string
	Sheet    string
	MaxInput int // MiB
	Layout   string
	Wide     bool // every column, even past the terminal's width
}

// Factory holds what commands need: IO, the clock, the global flags (as
// typed, then parsed once before any command runs) and a lazily loaded
// dataset. Each command's options take from it only the pieces it uses.
type Factory struct {
	IO  *IOStreams
	Now func() time.Time
	// Args is the command line, recorded in provenance.
	Args []string
	Globals
	// Ctx is the run's context: a warehouse query stops with it.
	Ctx context.Context

	set settings
	ds  *data.Dataset
	// warned is set once the data's age has been looked at (warnStale).
	warned bool
	// conflictsSaid are the conflicts already warned of, by their lines:
	// a command that makes several views says each once.
	conflictsSaid map[[2]data.Pos]bool
}

// settings are the global flags parsed and checked once, before any
// command runs (parseGlobals).
type settings struct {
	Lang     vocab.Lang
	Currency data.Currency
	AsOf     data.Date // --as-of, or today
	Unit     string    // --unit as a unit code (100m), or auto
}

// unitCode reads --unit: auto, a unit code (1, 10k, 100m, 1b, 1t), or the
// unit words ceb itself prints (亿, 万, 万亿, 亿元, "CNY 100 million"), as
// the code of that unit.
func unitCode(s string) (string, error) {
	if s == "auto" {
		return s, nil
	}
	for _, t := range []string{s, s + "元"} {
		if u, _, err := data.ParseUnit(t); err == nil {
			return u.Code(), nil
		}
	}
	return "", usageErrorf("--unit %q: use auto, 1, 10k, 100m, 1b or 1t (or 万, 亿, 万亿)", s)
}

// today is the local date, or SOURCE_DATE_EPOCH's when set (reproducible
// runs and tests).
func (f *Factory) today() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return f.Now()
}

// dataset loads --data (default: the embedded dataset) once.
func (f *Factory) dataset() (*data.Dataset, error) {
	if f.ds != nil {
		return f.ds, nil
	}
	paths := f.Data
	if len(paths) == 0 {
		paths = []string{"builtin"}
	}
	ds, err := f.loadPaths(paths)
	if err != nil {
		return nil, err
	}
	f.ds = ds
	return ds, nil
}

// loadPaths reads inputs into one dataset. The first error stops it; a
// warning (a file without a unit column, say) is printed on stderr, one
// line each, unless --quiet: nothing is read differently without a word.
func (f *Factory) loadPaths(paths []string) (*data.Dataset, error) {
	ds := &data.Dataset{}
	for _, p := range paths {
		one, fs, err := load.LoadAll(p, f.loadOptions())
		if err != nil {
			return nil, err
		}
		for i := range fs {
			if fs[i].Severity == data.SevError {
				return nil, &fs[i]
			}
		}
		if !f.Quiet {
			for _, fd := range withFlagHints(fs) {
				fd.Message = "warning: " + fd.Message
				fmt.Fprintln(f.IO.ErrOut, fd.Error())
			}
		}
		ds.Merge(one)
	}
	return ds, nil
}

func (f *Factory) loadOptions() load.Options {
	return load.Options{Encoding: f.Encoding, Sheet: f.Sheet, Stdin: f.IO.In, Today: data.DateOf(f.today()), MaxBytes: int64(f.MaxInput) << 20, Layout: f.Layout, Context: f.Ctx}
}

// loader returns the function that reads --data (default: the embedded
// dataset) once and selects vintages as of --as-of.
func (f *Factory) loader() func() (*data.View, *data.Dataset, error) {
	return func() (*data.View, *data.Dataset, error) {
		ds, err := f.dataset()
		if err != nil {
			return nil, nil, err
		}
		f.warnStale(ds)
		v := data.NewView(ds, f.set.AsOf)
		f.warnConflicts(v)
		return v, ds, nil
	}
}

// warnConflicts says, a line each on stderr, which figures the data gives
// twice at one vintage with different values or rates, and which line ceb
// uses (--quiet silences it; data validate lists them as findings).
func (f *Factory) warnConflicts(v *data.View) {
	if f.Quiet {
		return
	}
	for _, c := range v.Conflicts() {
		id := [2]data.Pos{c.Used.Pos, c.Other.Pos}
		if f.conflictsSaid[id] {
			continue
		}
		if f.conflictsSaid == nil {
			f.conflictsSaid = map[[2]data.Pos]bool{}
		}
		f.conflictsSaid[id] = true
		fmt.Fprintln(f.IO.ErrOut, f.set.Lang.ConflictWarning(c.Used.Key(), c.Used.Vintage, c.Used.Pos.String(), c.Other.Pos.String()))
	}
}

// warnStale says once, on stderr, when the newest release in the data is
// more than report.StaleAfter days before today and --as-of was not given
// (docs/design.md, Commands); --quiet silences it.
func (f *Factory) warnStale(ds *data.Dataset) {
	if f.warned || f.Quiet || f.Globals.AsOf != "" {
		return
	}
	f.warned = true
	if newest, days, ok := report.Staleness(ds, data.DateOf(f.today())); ok && days > report.StaleAfter {
		fmt.Fprintln(f.IO.ErrOut, f.set.Lang.StaleWarning(newest, days))
	}
}

// writesAnnotation marks a command whose output has one form whatever
// --format says (CSV, a chart's or a package's files): its value names the
// form, for the error that refuses another --format.
const writesAnnotation = "writes"

// checkFormat refuses a --format the command cmd would ignore: a script
// asking data aggregate for JSON must not get CSV with exit 0. "csv" is
// taken where the command writes CSV.
func checkFormat(cmd *cobra.Command, format string) error {
	w, ok := cmd.Annotations[writesAnnotation]
	if !ok || !cmd.Flags().Changed("format") || w == "CSV" && format == "csv" {
		return nil
	}
	return usageErrorf("--format %s: %s writes %s whatever --format says; leave --format out", format, cmd.CommandPath(), w)
}

// parseGlobals checks the global flags and parses them, before any work.
func (f *Factory) parseGlobals() error {
	if !oneOf(f.Format, render.Formats...) && f.Format != "md" {
		return usageErrorf("--format %q: use %s", f.Format, strings.Join(render.Formats, ", "))
	}
	lang, err := vocab.Parse(f.Globals.Lang)
	if err != nil {
		return usageErrorf("--lang %q: use en or zh", f.Globals.Lang)
	}
	unit, err := unitCode(f.Unit)
	if err != nil {
		return err
	}
	cur, err := data.ParseCurrency(f.Globals.Currency)
	if err != nil {
		return usageErrorf("--currency: %v", err)
	}
	if !oneOf(f.Layout, load.Layouts...) {
		return usageErrorf("--layout %q: use %s", f.Layout, strings.Join(load.Layouts, ", "))
	}
	if f.MaxInput < 1 {
		return usageErrorf("--max-input must be at least 1 (MiB)")
	}
	asOf := data.DateOf(f.today())
	if f.Globals.AsOf != "" {
		if asOf, err = data.ParseDate(f.Globals.AsOf); err != nil {
			return usageErrorf("--as-of: %v", err)
		}
	}
	f.set = settings{Lang: lang, Currency: cur, AsOf: asOf, Unit: unit}
	return nil
}

func oneOf(s string, list ...string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// printer writes a command's table to standard output in --format, with
// the provenance of JSON output.
type printer struct {
	out      io.Writer
	opt      render.Options
	metaOf   func(command string) report.Meta
	terminal bool
	// meta, when set, adds what the command chose to the provenance.
	meta func(*report.Meta)
}

// human reports whether the printer writes for people (table, Markdown),
// not for machines (CSV, JSON).
func (p printer) human() bool {
	return p.opt.Format == "" || p.opt.Format == "table" || p.opt.Format == "markdown" || p.opt.Format == "md"
}

// Print writes t, the result of command.
func (p printer) Print(t *report.Table, command string) error {
	opt := p.opt
	opt.Meta = p.metaOf(command)
	if p.meta != nil {
		p.meta(&opt.Meta)
	}
	return render.Render(p.out, t, opt)
}

// printer is how a command writes tables: --format, --unit, --lang,
// --wide and the terminal's width.
func (f *Factory) printer() printer {
	width := f.IO.TerminalWidth()
	if f.Wide {
		width = 0
	}
	return printer{out: f.IO.Out, metaOf: f.meta, terminal: f.IO.IsStdoutTTY(),
		opt: render.Options{Format: f.Format, Unit: f.set.Unit, Lang: f.set.Lang, Terminal: f.IO.IsStdoutTTY(), Width: width}}
}

// meta is the provenance JSON output carries.
func (f *Factory) meta(command string) report.Meta {
	var sources []data.Source
	if f.ds != nil {
		sources = f.ds.Sources
	}
	if sources == nil {
		sources = []data.Source{}
	}
	return report.Meta{Command: command, Datasets: sources, AsOf: f.set.AsOf.String(), Currency: string(f.set.Currency), Version: ceVersion()}
}

const exitStatusHelp = `
Exit status:
  0    success
  1    runtime failure (unreadable input, bad data while computing)
  2    usage error (unknown command, bad flag or value)
  3    validation found errors (ceb data validate)
  4    a press figure changed (ceb diff --fail-on-change)
  130  interrupted`

// NewRootCmd builds the command tree around f.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "ceb",
		Short: "Cross-border e-commerce trade statistics from customs data",
		Long: `ceb loads customs import/export data and computes the statistics of official
releases: year-on-year growth on the comparable basis, the comparison with
overall foreign trade in percentage points, five-year multiples (增长X倍 means
ratio − 1) and trends. Without --data it uses an embedded dataset of official
published figures (series cbec, cbec_platform and trade).` + "\n" + exitStatusHelp,
		Example: `  $ ceb stats growth --period 2024H1
  $ ceb stats compare --period 2024H1 --as-of 2024-07-31
  $ ceb data list
  $ ceb data validate h1.csv --format json`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       ceVersion(),
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := f.parseGlobals(); err != nil {
				return err
			}
			return checkFormat(cmd, f.Format)
		},
	}
	// Flag help wrapped to 80 columns, as the rest of the help is written:
	// cobra's default prints each flag's text on one line, up to 250
	// characters.
	root.SetUsageTemplate(strings.NewReplacer(
		".LocalFlags.FlagUsages", ".LocalFlags.FlagUsagesWrapped 80",
		".InheritedFlags.FlagUsages", ".InheritedFlags.FlagUsagesWrapped 80",
	).Replace(root.UsageTemplate()))
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetIn(f.IO.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &FlagError{fmt.Errorf("%v (see %s --help)", err, c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringArrayVar(&f.Data, "data", nil, "input `path`: CSV, JSON, XLSX, a directory, - for stdin, builtin for the embedded dataset (repeatable)")
	pf.StringVar(&f.Format, "format", "table", "output format: table, csv, json, markdown")
	pf.StringVar(&f.Currency, "currency", "CNY", "currency: CNY (RMB) or USD; never converted into each other")
	pf.StringVar(&f.Unit, "unit", "auto", "unit for amounts in tables: auto, 1, 10k (万), 100m (亿), 1b, 1t (万亿)")
	pf.StringVar(&f.Lang, "lang", "en", "language of labels: en or zh")
	pf.StringVar(&f.AsOf, "as-of", "", "use the data as published on this `date` (YYYY-MM-DD; default today)")
	pf.BoolVarP(&f.Quiet, "quiet", "q", false, "print no warnings or notes on stderr")
	pf.StringVar(&f.Encoding, "encoding", "", "text encoding of CSV input: utf-8 or gb18030 (default: detect)")
	pf.StringVar(&f.Sheet, "sheet", "", "XLSX sheet to read (default: the first)")
	pf.IntVar(&f.MaxInput, "max-input", load.DefaultMaxBytes>>20, "largest input file to read, MiB")
	pf.BoolVar(&f.Wide, "wide", false, "show every column of a table, even past the terminal's width")
	pf.StringVar(&f.Layout, "layout", "auto", "input layout: "+strings.Join(load.Layouts, ", "))
	enum := func(name string, values ...string) {
		_ = root.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
	enum("format", render.Formats...)
	enum("currency", "CNY", "USD")
	enum("unit", "auto", "1", "10k", "100m", "1b", "1t")
	enum("lang", "en", "zh")
	enum("encoding", "utf-8", "gb18030")
	enum("layout", load.Layouts...)

	root.AddCommand(NewCmdVersion(f), NewCmdData(f), NewCmdStats(f), NewCmdChart(f, nil), NewCmdReport(f, nil), NewCmdDiff(f, nil), NewCmdExplain(f, nil))
	asParent(root)
	f.completeData(root)
	return root
}

// NewCmdVersion builds `ceb version`.
func NewCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print ceb's version",
		Args:    noArgs,
		Example: "  $ ceb version",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "ceb %s\n", ceVersion())
			return err
		},
	}
}

// completeData offers, wherever a command has them, the series of the loaded
// data (--data as typed, default the embedded dataset) for --series and
// --against, and its periods, latest first, for --period, --from and --to.
func (f *Factory) completeData(cmd *cobra.Command) {
	series := func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ds, err := f.dataset()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return ds.Series(), cobra.ShellCompDirectiveNoFileComp
	}
	periods := func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ds, err := f.dataset()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		seen := map[data.Period]bool{}
		var ps []data.Period
		for _, o := range ds.Obs {
			if !seen[o.Period] {
				seen[o.Period] = true
				ps = append(ps, o.Period)
			}
		}
		sort.Slice(ps, func(i, j int) bool {
			return ps[i].EndsAfter(ps[j]) || (!ps[j].EndsAfter(ps[i]) && ps[i].Compare(ps[j]) < 0)
		})
		out := make([]string, 0, min(len(ps), 40))
		for _, p := range ps[:min(len(ps), 40)] {
			out = append(out, p.String())
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
	for _, name := range []string{"series", "against"} {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, series)
		}
	}
	for _, name := range []string{"period", "from", "to"} {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, periods)
		}
	}
	for _, c := range cmd.Commands() {
		f.completeData(c)
	}
}

// asParent makes a command with subcommands print its help when called
// alone, and answer an unknown subcommand with a usage error (exit 2) and
// the nearest name: cobra would print the help and exit 0, so that a CI
// script with a typo passes.
func asParent(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
		if c.SuggestionsMinimumDistance <= 0 {
			c.SuggestionsMinimumDistance = 2
		}
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		}
		return usageErrorf("%s", msg)
	}
	return cmd
}

// noArgs is cobra.NoArgs returning a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q (see %s --help)", cmd.CommandPath(), args[0], cmd.CommandPath())
	}
	return nil
}

// run executes the command line args with the given streams and clock and
// returns the exit code. Errors are printed here, once, as one line.
func run(ctx context.Context, args []string, io *IOStreams, now func() time.Time) int {
	f := &Factory{IO: io, Now: now, Args: redactArgs(args), Ctx: ctx}
	root := NewRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	code := exitCode(err)
	switch {
	case err == nil:
	case code == exitInterrupted:
		fmt.Fprintln(io.ErrOut, "ceb: interrupted")
	case code == exitValidation, code == exitChanged:
		// The findings or changes are already written.
	default:
		msg := errorText(err)
		fmt.Fprintln(io.ErrOut, strings.ReplaceAll(msg, "\n", " "))
	}
	return code
}

// Main runs ceb as a process: it wires the system streams and the clock,
// and returns the exit code. On SIGINT or SIGTERM it cancels the run and
// removes the temporary files of outputs not yet written. The run then has
// up to two seconds to return (a warehouse query is being cancelled on the
// server, which takes a round trip); after that, or at a second signal, it
// exits 130 at once: a blocked read (stdin, a slow disk) must not keep it
// alive.
func Main() int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
		case <-done:
			return
		}
		cancel()
		atomicfile.RemoveAll()
		select {
		case <-done:
			return // the run says it was interrupted and returns 130
		case <-sig:
		case <-time.After(2 * time.Second):
		}
		fmt.Fprintln(os.Stderr, "ceb: interrupted")
		os.Exit(exitInterrupted)
	}()
	code := run(ctx, os.Args[1:], System(), time.Now)
	close(done)
	return code
}

// redactArgs is the command line as it may be recorded: warehouse URLs
// without their passwords (also in --flag=URL).
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if name, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(name, "-") {
			out[i] = name + "=" + warehouse.Redact(v)
			continue
		}
		out[i] = warehouse.Redact(a)
	}
	return out
}
