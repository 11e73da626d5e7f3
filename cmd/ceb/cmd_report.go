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
	"gonum.org/v1/plot"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// ReportOptions are the inputs of `ceb report`.
type ReportOptions struct {
	F         *Factory
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
func NewCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{F: f}
	cmd := &cobra.Command{
		Use:   "report --out FILE.xlsx [--charts DIR] [--text FILE.md]",
		Short: "The press office's package: Excel workbook, charts and press text",
		Long: `Produce the half-year or annual package for a period: an Excel workbook
(Cover, Summary with the press paragraphs, Growth, Comparison, Five-year,
Series with native charts, Data with every observation used, Notes and
method), optionally PNG and SVG charts (--charts DIR) and the press text as
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
			if runF != nil {
				return runF(opts)
			}
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
	fl.StringVar(&opts.Embargo, "embargo", "", "embargo line for the cover and the text, e.g. \"2024-07-30T10:00+08:00\"")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "zh", "both"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func reportRun(ctx context.Context, opts *ReportOptions) error {
	f := opts.F
	lang := opts.Lang
	if lang == "" {
		lang = f.Lang
	}
	if !oneOf(lang, "en", "zh", "both") {
		return usageErrorf("--lang %q: use en, zh or both", lang)
	}
	if opts.Out == "" {
		return usageErrorf("--out is required: the .xlsx workbook to write")
	}
	if !strings.EqualFold(filepath.Ext(opts.Out), ".xlsx") {
		return usageErrorf("--out %s: the workbook must end in .xlsx", opts.Out)
	}
	var period *data.Period
	if opts.Period != "" {
		p, err := data.ParsePeriod(opts.Period)
		if err != nil {
			return usageErrorf("--period: %v", err)
		}
		if p.Kind() != data.KindHalf && p.Kind() != data.KindYear && !(p.Kind() == data.KindRange && p.From == 1) && !(p.Kind() == data.KindQuarter && p.From == 1) {
			return usageErrorf("--period %s: a report covers a half-year, a year or a year to date (2024H1, 2024, 2024-01..2024-10)", p)
		}
		period = &p
	}
	cur, err := f.currency()
	if err != nil {
		return err
	}
	outputs := []string{opts.Out}
	if opts.Text != "" {
		outputs = append(outputs, opts.Text)
	}
	for _, in := range f.Data {
		for _, out := range outputs {
			if in != "-" && in != "builtin" && sameFile(in, out) {
				return usageErrorf("%s is both an input and an output; choose another output file", out)
			}
		}
	}
	if opts.ChartsDir != "" {
		if info, err := os.Stat(opts.ChartsDir); err != nil || !info.IsDir() {
			return fmt.Errorf("--charts %s: not a directory; create it first", opts.ChartsDir)
		}
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
	v, err := f.View()
	if err != nil {
		return err
	}
	ds, _ := f.Dataset()
	if period == nil {
		p, ok := v.Latest(opts.Series, cur, data.KindHalf)
		if !ok {
			return fmt.Errorf("no half-year for series %q in %s as of %s; pass --period", opts.Series, cur, v.AsOf)
		}
		period = &p
	}
	pkg, err := buildPackage(v, ds, *period, opts.Series, opts.Against, cur)
	if err != nil {
		return err
	}
	pkg.Version = ceVersion()
	pkg.CommandLine = "ceb " + strings.Join(f.Args, " ")
	pkg.Embargo = opts.Embargo

	if err := report.Workbook(files[opts.Out].Writer(), pkg, lang); err != nil {
		return err
	}
	if opts.Text != "" {
		if _, err := io.WriteString(files[opts.Text].Writer(), report.PressMarkdown(pkg, lang)); err != nil {
			return err
		}
	}
	var charts []string
	if opts.ChartsDir != "" {
		if charts, err = writeReportCharts(ctx, pkg, opts.ChartsDir, lang); err != nil {
			return err
		}
	}
	for _, out := range outputs {
		if err := files[out].Commit(ctx); err != nil {
			return err
		}
	}
	if !f.Quiet {
		for _, out := range append(outputs, charts...) {
			fmt.Fprintf(f.IO.ErrOut, "wrote %s\n", out)
		}
	}
	return nil
}

// buildPackage computes everything the report shows.
func buildPackage(v *data.View, ds *data.Dataset, p data.Period, series, against string, cur data.Currency) (*report.Package, error) {
	pkg := &report.Package{Period: p, AsOf: v.AsOf, Currency: cur, Series: series, Reference: against, Sources: ds.Sources}
	var keys []data.Key
	for _, fl := range []data.Flow{data.Total, data.Export, data.Import} {
		k := data.Key{Series: series, Flow: fl, Period: p, Currency: cur}
		c, err := stats.Compare(v, k, against)
		if err != nil {
			if fl != data.Total && errors.Is(err, data.ErrNoData) {
				continue
			}
			return nil, err
		}
		pkg.Headline = append(pkg.Headline, c)
		rk := k
		rk.Series = against
		keys = append(keys, k, rk)
	}
	// Five-year multiple: the latest complete year not after the period whose
	// level five years earlier is known.
	if last, ok := v.Latest(series, cur, data.KindYear); ok {
		for y := min(last.Year, p.Year); y > min(last.Year, p.Year)-5; y-- {
			k := data.Key{Series: series, Flow: data.Total, Period: data.Year(y), Currency: cur}
			m, err := stats.MultipleOf(v, k, y-5)
			if err != nil || m.Ratio == nil {
				continue
			}
			pkg.Multiple = &m
			years, _ := stats.Steps(data.KindYear, data.Year(y-5), data.Year(y))
			pkg.MultipleYears, _ = stats.Trend(v, k, years)
			for _, yr := range years {
				kk := k
				kk.Period = yr
				keys = append(keys, kk)
			}
			break
		}
	}
	// History: the same span in the six years to the period. A year without
	// data keeps its place (a gap in charts and on the Series sheet), except
	// before the first year with data.
	for y := p.Year - 5; y <= p.Year; y++ {
		pp := data.Period{Year: y, From: p.From, To: p.To}
		k := data.Key{Series: series, Flow: data.Total, Period: pp, Currency: cur}
		c, err := stats.Compare(v, k, against)
		switch {
		case errors.Is(err, data.ErrNoData):
			if len(pkg.History) > 0 {
				pkg.History = append(pkg.History, stats.Comparison{Growth: stats.Growth{Key: k, Reason: "no data"}, Reference: against})
			}
			continue
		case err != nil:
			return nil, err
		}
		pkg.History = append(pkg.History, c)
		rk := k
		rk.Series = against
		keys = append(keys, k, rk)
	}
	// Every observation the numbers rest on, the bases included.
	seen := map[data.Key]map[data.Date]bool{}
	for _, k := range keys {
		for _, kk := range []data.Key{k, func() data.Key { b := k; b.Period = k.Period.YearAgo(); return b }()} {
			val, err := v.Value(kk)
			if err != nil {
				continue
			}
			for _, o := range val.Parts {
				if seen[o.Key()] == nil {
					seen[o.Key()] = map[data.Date]bool{}
				}
				if !seen[o.Key()][o.Vintage] {
					seen[o.Key()][o.Vintage] = true
					pkg.Observations = append(pkg.Observations, o)
				}
			}
		}
	}
	data.SortObservations(pkg.Observations)
	return pkg, nil
}

// writeReportCharts writes the compare, growth, share and multiple charts
// of the package as PNG and SVG into dir, in each language asked for.
func writeReportCharts(ctx context.Context, pkg *report.Package, dir, lang string) ([]string, error) {
	var written []string
	ls := []string{lang}
	if lang == "both" {
		ls = []string{"zh", "en"}
	}
	for _, l := range ls {
		opt := report.ChartOptions{Lang: l, Currency: pkg.Currency}
		type chart struct {
			name string
			make func() (*plot.Plot, error)
		}
		kinds := []chart{
			{"compare", func() (*plot.Plot, error) { return report.CompareChart(pkg.Headline, opt) }},
			{"growth", func() (*plot.Plot, error) { return report.GrowthChart(pkg.History, opt) }},
			{"share", func() (*plot.Plot, error) { return report.ShareChart(pkg.History, opt) }},
		}
		if pkg.Multiple != nil {
			kinds = append(kinds, chart{"multiple", func() (*plot.Plot, error) { return report.MultipleChart(*pkg.Multiple, pkg.MultipleYears, opt) }})
		}
		for _, k := range kinds {
			p, err := k.make()
			if err != nil {
				return nil, fmt.Errorf("chart %s: %v", k.name, err)
			}
			for _, ext := range []string{"png", "svg"} {
				path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.%s", pkg.Period, k.name, l, ext))
				o := opt
				o.Format = ext
				if err := atomicfile.Write(ctx, path, func(w io.Writer) error { return report.WriteChart(w, p, o) }); err != nil {
					return nil, err
				}
				written = append(written, path)
			}
		}
	}
	return written, nil
}
