package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/atomicfile"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/chart"
)

// ChartOptions are the parsed inputs of `ceb chart`.
type ChartOptions struct {
	IO    *IOStreams
	Ctx   context.Context
	Load  func() (*data.View, *data.Dataset, error)
	Quiet bool
	Kind  string
	Out   string
	Query report.ChartQuery
	Draw  chart.Options
}

// chartFlags are the flags of `ceb chart` as typed.
type chartFlags struct {
	selection
	out, from, to, freq, against, title, font, by string
	years, width, height, dpi, n, hsDigits        int
}

// NewCmdChart builds `ceb chart`.
func NewCmdChart(f *Factory, runF func(*ChartOptions) error) *cobra.Command {
	var fl chartFlags
	cmd := &cobra.Command{
		Use:         "chart KIND --out FILE.png|FILE.svg",
		Annotations: map[string]string{writesAnnotation: "a PNG or SVG file"},
		Short:       "Draw a PNG or SVG chart: trend, growth, compare, share, multiple, top, revisions",
		Long:        chartHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb chart trend --out cbec.png
  $ ceb chart compare --period 2024H1 --as-of 2024-07-31 --lang zh --out h1.svg
  $ ceb chart multiple --from 2018 --to 2023 --out multiple.png --dpi 300
  $ ceb chart growth --freq half --from 2021H1 --to 2025H1 --out growth.svg
  $ ceb chart top --by trade_mode --n 5 --data trade_mode.txt --lang zh --out modes.png
  $ ceb chart revisions --series cbec --from 2020 --lang zh --out revisions.png`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("name one chart kind: %s (see ceb chart --help)", strings.Join(chart.Kinds, ", "))
			}
			if !oneOf(args[0], chart.Kinds...) {
				return usageErrorf("unknown chart kind %q: use %s", args[0], strings.Join(chart.Kinds, ", "))
			}
			return nil
		},
		ValidArgs: chart.Kinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := fl.options(f, args[0])
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return chartRun(opts)
		},
	}
	fl.addFlags(cmd)
	return cmd
}

func (fl *chartFlags) addFlags(cmd *cobra.Command) {
	fl.selection.addFlags(cmd, "series (default cbec)", true)
	c := cmd.Flags()
	c.StringVarP(&fl.out, "out", "o", "", "output file, .png or .svg (required)")
	c.StringVar(&fl.from, "from", "", "first period or year of the span")
	c.StringVar(&fl.to, "to", "", "last period or year of the span")
	c.StringVar(&fl.freq, "freq", "year", "frequency: year or half (trend also quarter or month)")
	c.IntVar(&fl.years, "years", 5, "multiple: years between the two ends")
	c.StringVar(&fl.against, "against", "trade", "reference series for growth, compare and share")
	c.StringVar(&fl.title, "title", "", "chart title (default: one that says what is shown)")
	c.IntVar(&fl.width, "width", 1200, "width in pixels")
	c.IntVar(&fl.height, "height", 675, "height in pixels")
	c.IntVar(&fl.dpi, "dpi", 150, "resolution of PNG output, dots per inch")
	c.StringVar(&fl.font, "font", "", "TrueType/OpenType font file to draw with instead of ceb's own")
	c.StringVar(&fl.by, "by", "", "top: dimension, partner, province, hs or trade_mode")
	c.IntVar(&fl.n, "n", 10, "top: items to draw")
	c.IntVar(&fl.hsDigits, "hs-digits", 0, "top: group HS codes at 2, 4, 6 or 8 digits")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(data.DimNames, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("freq", cobra.FixedCompletions([]string{"year", "half", "quarter", "month"}, cobra.ShellCompDirectiveNoFileComp))
}

// options checks the flags and turns them into the chart's query and
// drawing options.
func (fl *chartFlags) options(f *Factory, kind string) (*ChartOptions, error) {
	opts := &ChartOptions{IO: f.IO, Ctx: f.Ctx, Load: f.loader(), Quiet: f.Quiet, Kind: kind, Out: fl.out}
	if fl.out == "" {
		return nil, usageErrorf("--out is required: a .png or .svg file")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(fl.out)), ".")
	if format != "png" && format != "svg" {
		return nil, usageErrorf("--out %s: the extension must be .png or .svg", fl.out)
	}
	if fl.width < 100 || fl.height < 100 || fl.width > 20000 || fl.height > 20000 {
		return nil, usageErrorf("--width and --height must be between 100 and 20000 pixels")
	}
	if fl.dpi < 30 || fl.dpi > 1200 {
		return nil, usageErrorf("--dpi must be between 30 and 1200")
	}
	freq, ok := map[string]data.PeriodKind{"year": data.KindYear, "half": data.KindHalf, "quarter": data.KindQuarter, "month": data.KindMonth}[fl.freq]
	switch {
	case !ok:
		return nil, usageErrorf("--freq %q: use year, half, quarter or month", fl.freq)
	case kind != "trend" && (freq == data.KindQuarter || freq == data.KindMonth):
		return nil, usageErrorf("--freq %s: growth and share charts are drawn by year or half; a trend chart takes quarter and month too", fl.freq)
	}
	query, err := fl.query(f.set.Currency)
	if err != nil {
		return nil, err
	}
	q := report.ChartQuery{Query: query, Against: fl.against, Freq: freq, Years: fl.years, By: fl.by, N: fl.n, HSDigits: fl.hsDigits}
	if kind == "top" {
		if err := checkTop(fl.by, fl.n, fl.hsDigits); err != nil {
			return nil, err
		}
	}
	if q.First, err = optionalPeriod("--from", fl.from); err != nil {
		return nil, err
	}
	if q.Last, err = optionalPeriod("--to", fl.to); err != nil {
		return nil, err
	}
	if kind == "multiple" && q.First != nil && q.Last != nil && q.First.Year >= q.Last.Year {
		return nil, usageErrorf("--from %d must be before --to %s", q.First.Year, q.Last)
	}
	opts.Query = q
	opts.Draw = chart.Options{Lang: f.set.Lang, Title: fl.title, Width: fl.width, Height: fl.height, DPI: fl.dpi, Format: format, Currency: query.Currency}
	if fl.font != "" {
		b, err := os.ReadFile(fl.font)
		if err != nil {
			return nil, fmt.Errorf("--font: %v", err)
		}
		opts.Draw.Font = b
	}
	if err := checkOutputs(f.Data, fl.out); err != nil {
		return nil, err
	}
	return opts, nil
}

func chartRun(opts *ChartOptions) error {
	out, err := atomicfile.Create(opts.Out)
	if err != nil {
		return err
	}
	defer out.Abort()
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	p, err := chart.Make(opts.Kind, v, ds, opts.Query, opts.Draw)
	if err != nil {
		return err
	}
	if err := chart.Write(out.Writer(), p, opts.Draw); err != nil {
		return err
	}
	if err := out.Commit(opts.Ctx); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.Out)
	}
	return nil
}

const chartHelp = `Draw a chart from the same numbers ceb stats prints.

Kinds:
  trend     levels of a series by year, half, quarter or month (--freq), one
            line per flow
  growth    grouped bars: the series' growth beside all trade's, by period
  compare   one period: growth of the series and of all trade per flow, the
            gap in points marked
  share     the series' share of all trade over time
  multiple  the levels from --from to --to, annotated with the ratio, 增长X倍
            and CAGR
  top       horizontal bars of a ranked breakdown (--by
            partner|province|hs|trade_mode, --n): names in --lang, values and
            growth, the numbers of ceb stats top
  revisions paired bars by period: each figure's first release beside its latest
            as of --as-of, with the revision of its growth rate in points above
            (latest − first; n/a without both rates): ceb stats revisions for
            one --series and --flow, within --from and --to

The extension of --out chooses PNG or SVG. Chinese labels (--lang zh) use
the font ceb carries, so they render on a machine with no fonts installed;
SVG text is drawn as outlines, so SVGs are self-contained and the same
inputs give byte-identical files. --font FILE uses another TrueType/OpenType
font. Files are written atomically.`
