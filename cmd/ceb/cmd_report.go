package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/chart"
	"github.com/cbec-stats/ceb/report/press"
	"github.com/cbec-stats/ceb/report/workbook"
)

// ReportOptions are the inputs of `ceb report`.
type ReportOptions struct {
	common
	Args      []string // the command line, recorded in the workbook
	Period    string
	Series    string
	Against   string
	Out       string
	ChartsDir string
	Text      string
	Lang      string
	Embargo   string
}

// NewCmdReport builds `ceb report`.
func NewCmdReport(f *Factory) *cobra.Command {
	opts := &ReportOptions{common: f.common(), Args: f.Args}
	cmd := &cobra.Command{
		Use:   "report --out FILE.xlsx [--charts DIR] [--text FILE.md]",
		Short: "The press office's package: Excel workbook, charts and press text",
		Long: `Produce the half-year or annual package for a period: an Excel workbook
(Cover, Summary with the press paragraphs, Growth, Comparison, Five-year,
Breakdown when the data has partners, provinces, HS codes or trade modes
(with a chart and a press sentence), Series with native charts, Data with
every observation used, Provenance with the file, line, vintage and source
of each press figure, Notes and method), optionally PNG and SVG charts (--charts DIR) and the press text as
Markdown (--text FILE.md), in English, Chinese or both (--lang).

The kind of --period decides the report: a half-year (default: the latest
half-year the data has), a year, or a year to date. The press text is built
from the same rounded figures as the tables:

  2024年上半年，我国跨境电商进出口约1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。

The five-year comparison is the latest complete year (not after the period)
against five years before ("比2018年增长1.2倍", ratio − 1). Files are written
atomically; the same inputs give byte-identical files.` + "\n" + exitStatusHelp,
		Example: `  $ ceb report --period 2024H1 --out h1.xlsx --text h1.md --lang both
  $ ceb report --period 2024H1 --as-of 2024-07-31 --out h1.xlsx --charts charts/ --embargo "2024-07-30T10:00+08:00"
  $ ceb report --period 2023 --out 2023.xlsx --lang zh`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Period, "period", "", "period: a half-year, year or year to date (default: the latest half-year)")
	fl.StringVar(&opts.Series, "series", "cbec", "series reported")
	fl.StringVar(&opts.Against, "against", "trade", "reference series")
	fl.StringVarP(&opts.Out, "out", "o", "", "workbook to write, .xlsx (required)")
	fl.StringVar(&opts.ChartsDir, "charts", "", "directory for PNG and SVG charts")
	fl.StringVar(&opts.Text, "text", "", "press text to write, Markdown")
	fl.StringVar(&opts.Lang, "lang", "", "language of workbook and text: en, zh or both (default: --lang of ceb)")
	fl.StringVar(&opts.Embargo, "embargo", "", "embargo `time`, e.g. 2024-07-30T10:00+08:00: every artifact (workbook, charts, text) is stamped EMBARGOED until then")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "zh", "both"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// check validates the flags and returns the report's language, the period
// asked for (nil: the default) and the files to write.
func (opts *ReportOptions) check() (string, *data.Period, []string, error) {
	lang := opts.Lang
	if lang == "" {
		lang = opts.Globals.Lang
	}
	if !oneOf(lang, "en", "zh", "both") {
		return "", nil, nil, usageErrorf("--lang %q: use en, zh or both", lang)
	}
	if opts.Out == "" {
		return "", nil, nil, usageErrorf("--out is required: the .xlsx workbook to write")
	}
	if !strings.EqualFold(filepath.Ext(opts.Out), ".xlsx") {
		return "", nil, nil, usageErrorf("--out %s: the workbook must end in .xlsx", opts.Out)
	}
	period, err := optionalPeriod("--period", opts.Period)
	if err != nil {
		return "", nil, nil, err
	}
	if period != nil && !report.Reportable(*period) {
		return "", nil, nil, usageErrorf("--period %s: a report covers a half-year, a year or a year to date (2024H1, 2024, 2024-01..2024-10)", period)
	}
	if _, err := opts.Globals.currency(); err != nil {
		return "", nil, nil, err
	}
	outputs := []string{opts.Out}
	if opts.Text != "" {
		outputs = append(outputs, opts.Text)
	}
	for _, in := range opts.Globals.Data {
		for _, out := range outputs {
			if in != "-" && in != "builtin" && sameFile(in, out) {
				return "", nil, nil, usageErrorf("%s is both an input and an output; choose another output file", out)
			}
		}
	}
	if opts.Embargo != "" {
		if _, err := report.ParseEmbargo(opts.Embargo); err != nil {
			return "", nil, nil, usageErrorf("--embargo: %v", err)
		}
	}
	if opts.ChartsDir != "" {
		// Created as other tools create output directories; a file in the
		// way is an error.
		if err := os.MkdirAll(opts.ChartsDir, 0o755); err != nil {
			return "", nil, nil, fmt.Errorf("--charts %s: %v", opts.ChartsDir, errors.Unwrap(err))
		}
	}
	return lang, period, outputs, nil
}

func reportRun(ctx context.Context, opts *ReportOptions) error {
	lang, period, outputs, err := opts.check()
	if err != nil {
		return err
	}
	// Open every output before any work: a bad path fails fast.
	files := map[string]*atomicfile.File{}
	for _, out := range outputs {
		af, err := atomicfile.Create(out)
		if err != nil {
			return err
		}
		defer af.Abort()
		files[out] = af
	}
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	cur, _ := opts.Globals.currency()
	p, err := report.ReportPeriod(v, period, opts.Series, cur)
	if err != nil {
		return err
	}
	pkg, err := report.BuildPackage(v, ds, p, opts.Series, opts.Against, cur)
	if err != nil {
		return err
	}
	pkg.Version, pkg.CommandLine = ceVersion(), "ceb "+strings.Join(opts.Args, " ")
	if opts.Embargo != "" {
		at, _ := report.ParseEmbargo(opts.Embargo) // checked with the flags
		pkg.Embargo = &at
		if at.Before(opts.Now()) && !opts.Globals.Quiet {
			fmt.Fprintf(opts.IO.ErrOut, "warning: the embargo time %s is in the past; the artifacts are stamped all the same\n", opts.Embargo)
		}
	}
	if err := workbook.Write(files[opts.Out].Writer(), pkg, lang); err != nil {
		return err
	}
	if opts.Text != "" {
		if _, err := io.WriteString(files[opts.Text].Writer(), press.Markdown(pkg, lang)); err != nil {
			return err
		}
	}
	var charts []string
	if opts.ChartsDir != "" {
		if charts, err = writeCharts(ctx, pkg, opts.ChartsDir, lang); err != nil {
			return err
		}
	}
	for _, out := range outputs {
		if err := files[out].Commit(ctx); err != nil {
			return err
		}
	}
	if !opts.Globals.Quiet {
		for _, out := range append(outputs, charts...) {
			fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", out)
		}
	}
	return nil
}

// writeCharts writes the report's charts as PNG and SVG into dir.
func writeCharts(ctx context.Context, pkg *report.Package, dir, lang string) ([]string, error) {
	charts, err := chart.ForPackage(pkg, lang, chart.Options{})
	if err != nil {
		return nil, err
	}
	var written []string
	for _, c := range charts {
		for _, ext := range []string{"png", "svg"} {
			path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.%s", pkg.Period, c.Name, c.Lang, ext))
			o := chart.Options{Lang: c.Lang, Currency: pkg.Currency, Format: ext, Stamp: pkg.EmbargoStamp(lang)}
			if err := atomicfile.Write(ctx, path, func(w io.Writer) error { return chart.Write(w, c.Plot, o) }); err != nil {
				return nil, err
			}
			written = append(written, path)
		}
	}
	return written, nil
}
