package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/chart"
	"github.com/cbec-stats/ceb/report/html"
	"github.com/cbec-stats/ceb/report/press"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/report/workbook"
)

// ReportOptions are the parsed inputs of `ceb report`.
type ReportOptions struct {
	IO        *IOStreams
	Ctx       context.Context
	Load      func() (*data.View, *data.Dataset, error)
	Now       func() time.Time
	Quiet     bool
	Args      []string     // the command line, recorded in the workbook
	Period    *data.Period // nil: the latest half-year or year, whichever ends later (report.ReportPeriod)
	Series    string
	Against   string
	Currency  data.Currency
	Out       string
	ChartsDir string
	Text      string
	HTML      string
	Langs     vocab.Set
	Embargo   *time.Time
	// EmbargoText is --embargo as typed, for messages.
	EmbargoText string
}

// reportFlags are the flags of `ceb report` as typed.
type reportFlags struct {
	period, lang, embargo string
}

// NewCmdReport builds `ceb report`.
func NewCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{}
	var fl reportFlags
	cmd := &cobra.Command{
		Use:         "report [--out FILE.xlsx] [--html FILE.html] [--text FILE.md] [--charts DIR]",
		Annotations: map[string]string{writesAnnotation: "files"},
		Short:       "The press office's package: Excel workbook, charts, press text and release page",
		Long:        reportHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb report --period 2024H1 --out h1.xlsx --text h1.md --lang both
  $ ceb report --period 2024H1 --as-of 2024-07-31 --out h1.xlsx --charts charts/ --embargo "2024-07-30T10:00+08:00"
  $ ceb report --period 2023 --out 2023.xlsx --lang zh
  $ ceb report --period 2024H1 --as-of 2024-07-31 --html h1.html --lang both`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.parse(f, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
	c := cmd.Flags()
	c.StringVar(&fl.period, "period", "", "period: a half-year, year or year to date (default: the latest half-year or year in the data, whichever ends later)")
	c.StringVar(&opts.Series, "series", "cbec", "series reported")
	c.StringVar(&opts.Against, "against", "trade", "reference series")
	c.StringVarP(&opts.Out, "out", "o", "", "workbook to write, .xlsx")
	c.StringVar(&opts.ChartsDir, "charts", "", "directory for PNG and SVG charts")
	c.StringVar(&opts.Text, "text", "", "press text to write, Markdown")
	c.StringVar(&opts.HTML, "html", "", "release page to write, .html: one self-contained file (inline CSS and SVG charts, no scripts)")
	c.StringVar(&fl.lang, "lang", "", "language of workbook, text and page: en, zh or both (default: --lang of ceb)")
	c.StringVar(&fl.embargo, "embargo", "", "embargo `time`, e.g. 2024-07-30T10:00+08:00: every artifact (workbook, charts, text, page) is stamped EMBARGOED until then")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "zh", "both"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// parse checks the flags and fills opts, before any work.
func (fl reportFlags) parse(f *Factory, opts *ReportOptions) error {
	lang := fl.lang
	if lang == "" {
		lang = f.Globals.Lang
	}
	var err error
	if opts.Langs, err = vocab.ParseSet(lang); err != nil {
		return usageErrorf("--lang %q: use en, zh or both", lang)
	}
	if opts.Out == "" && opts.HTML == "" && opts.Text == "" && opts.ChartsDir == "" {
		return usageErrorf("nothing to write: give --out FILE.xlsx (the workbook), --html FILE.html, --text FILE.md or --charts DIR")
	}
	if opts.Out != "" && !strings.EqualFold(filepath.Ext(opts.Out), ".xlsx") {
		return usageErrorf("--out %s: the workbook must end in .xlsx", opts.Out)
	}
	if ext := filepath.Ext(opts.HTML); opts.HTML != "" && !strings.EqualFold(ext, ".html") && !strings.EqualFold(ext, ".htm") {
		return usageErrorf("--html %s: the page must end in .html", opts.HTML)
	}
	if opts.Period, err = optionalPeriod("--period", fl.period); err != nil {
		return err
	}
	if opts.Period != nil && !report.Reportable(*opts.Period) {
		return usageErrorf("--period %s: a report covers a half-year, a year or a year to date (2024H1, 2024, 2024-01..2024-10)", opts.Period)
	}
	if err := checkOutputs(f.Data, opts.outputs()...); err != nil {
		return err
	}
	if fl.embargo != "" {
		at, err := report.ParseEmbargo(fl.embargo)
		if err != nil {
			return usageErrorf("--embargo: %v", err)
		}
		opts.Embargo, opts.EmbargoText = &at, fl.embargo
	}
	if opts.ChartsDir != "" {
		// Created as other tools create output directories; a file in the
		// way is an error.
		if err := os.MkdirAll(opts.ChartsDir, 0o755); err != nil {
			return fmt.Errorf("--charts %s: %v", opts.ChartsDir, errors.Unwrap(err))
		}
	}
	opts.IO, opts.Ctx, opts.Load, opts.Now, opts.Quiet, opts.Args = f.IO, f.Ctx, f.loader(), f.today, f.Quiet, f.Args
	opts.Currency = f.set.Currency
	return nil
}

// outputs are the files the report writes (the charts aside).
func (opts *ReportOptions) outputs() []string {
	var out []string
	for _, f := range []string{opts.Out, opts.Text, opts.HTML} {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func reportRun(opts *ReportOptions) error {
	// Open every output before any work: a bad path fails fast.
	files := map[string]*atomicfile.File{}
	for _, out := range opts.outputs() {
		af, err := atomicfile.Create(out)
		if err != nil {
			return err
		}
		defer af.Abort()
		files[out] = af
	}
	pkg, err := opts.build()
	if err != nil {
		return err
	}
	if opts.Out != "" {
		if err := workbook.Write(files[opts.Out].Writer(), pkg, opts.Langs); err != nil {
			return err
		}
	}
	if opts.Text != "" {
		if _, err := io.WriteString(files[opts.Text].Writer(), press.Markdown(pkg, opts.Langs)); err != nil {
			return err
		}
	}
	if opts.HTML != "" {
		charts, err := pageCharts(pkg, opts.Langs)
		if err != nil {
			return err
		}
		if err := html.Write(files[opts.HTML].Writer(), pkg, opts.Langs, charts); err != nil {
			return err
		}
	}
	var charts []string
	if opts.ChartsDir != "" {
		if charts, err = writeCharts(opts.Ctx, pkg, opts.ChartsDir, opts.Langs); err != nil {
			return err
		}
	}
	for _, out := range opts.outputs() {
		if err := files[out].Commit(opts.Ctx); err != nil {
			return err
		}
	}
	if !opts.Quiet {
		for _, out := range append(opts.outputs(), charts...) {
			fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", out)
		}
	}
	return nil
}

// build computes the package the report publishes.
func (opts *ReportOptions) build() (*report.Package, error) {
	v, ds, err := opts.Load()
	if err != nil {
		return nil, err
	}
	p, err := report.ReportPeriod(v, opts.Period, opts.Series, opts.Currency)
	if err != nil {
		return nil, err
	}
	if opts.Period == nil && !opts.Quiet {
		fmt.Fprintln(opts.IO.ErrOut, opts.Langs.First().ReportChosen(p, opts.Series))
	}
	pkg, err := report.BuildPackage(v, ds, p, opts.Series, opts.Against, opts.Currency)
	if err != nil {
		return nil, err
	}
	pkg.Version, pkg.CommandLine, pkg.Embargo = ceVersion(), "ceb "+strings.Join(opts.Args, " "), opts.Embargo
	if at := opts.Embargo; at != nil && at.Before(opts.Now()) && !opts.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "warning: the embargo time %s is in the past; the artifacts are stamped all the same\n", opts.EmbargoText)
	}
	return pkg, nil
}

// writeCharts writes the report's charts as PNG and SVG into dir.
func writeCharts(ctx context.Context, pkg *report.Package, dir string, langs vocab.Set) ([]string, error) {
	charts, err := chart.ForPackage(pkg, langs, chart.Options{})
	if err != nil {
		return nil, err
	}
	var written []string
	for _, c := range charts {
		for _, ext := range []string{"png", "svg"} {
			path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.%s", pkg.Period, c.Name, c.Lang, ext))
			o := chart.Options{Lang: c.Lang, Currency: pkg.Currency, Format: ext, Stamp: vocab.Set{c.Lang}.Embargo(pkg.Embargo)}
			if err := atomicfile.Write(ctx, path, func(w io.Writer) error { return chart.Write(w, c.Plot, o) }); err != nil {
				return nil, err
			}
			written = append(written, path)
		}
	}
	return written, nil
}

// pageCharts draws the report's charts as SVG for the release page, each
// with its title (the SVG draws text as outlines) and the embargo stamp.
func pageCharts(pkg *report.Package, langs vocab.Set) ([]html.Chart, error) {
	charts, err := chart.ForPackage(pkg, langs, chart.Options{})
	if err != nil {
		return nil, err
	}
	out := make([]html.Chart, 0, len(charts))
	for _, c := range charts {
		var b strings.Builder
		// A smaller canvas than the files' (480 × 307 points): scaled to a
		// phone's width, its labels stay legible.
		o := chart.Options{Lang: c.Lang, Currency: pkg.Currency, Format: "svg", Width: 1000, Height: 640, Stamp: vocab.Set{c.Lang}.Embargo(pkg.Embargo)}
		if err := chart.Write(&b, c.Plot, o); err != nil {
			return nil, fmt.Errorf("chart %s: %v", c.Name, err)
		}
		out = append(out, html.Chart{Lang: c.Lang, Title: c.Plot.Title.Text, SVG: []byte(b.String())})
	}
	return out, nil
}

const reportHelp = `Produce the half-year or annual package for a period: an Excel workbook
(Cover, Summary with the press paragraphs, Growth, Comparison, Five-year,
Breakdown when the data has partners, provinces, HS codes or trade modes
(with a chart and a press sentence), Series with native charts, Data with
every observation used, Provenance with the file, line, vintage and source
of each press figure, Notes and method), optionally PNG and SVG charts
(--charts DIR), the press text as Markdown (--text FILE.md) and the release
page (--html FILE.html: one self-contained file with the press text, the
tables, the charts as inline SVG, notes and sources, readable on a phone
and printable on A4; with --html the workbook is optional), in English,
Chinese or both (--lang).

The kind of --period decides the report: a half-year (default: the latest
half-year the data has), a year, or a year to date. The press text is built
from the same rounded figures as the tables:

  2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。

The five-year comparison is the latest complete year (not after the period)
against five years before ("比2018年增长1.2倍", ratio − 1). Files are written
atomically; the same inputs give byte-identical files.`
