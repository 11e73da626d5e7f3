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

// ChartOptions are the inputs of `ceb chart`.
type ChartOptions struct {
	common
	selection
	Kind     string
	Out      string
	From, To string
	Freq     string
	Years    int
	Against  string
	Title    string
	Width    int
	Height   int
	DPI      int
	FontFile string
	By       string
	N        int
	HSDigits int
}

// NewCmdChart builds `ceb chart`.
func NewCmdChart(f *Factory) *cobra.Command {
	opts := &ChartOptions{common: f.common()}
	cmd := &cobra.Command{
		Use:   "chart KIND --out FILE.png|FILE.svg",
		Short: "Draw a PNG or SVG chart: trend, growth, compare, share, multiple, top",
		Long: `Draw a chart from the same numbers ceb stats prints.

Kinds:
  trend     levels of a series over years or halves, one line per flow
  growth    grouped bars: the series' growth beside all trade's, by period
  compare   one period: growth of the series and of all trade per flow, gap in points marked
  share     the series' share of all trade over time
  multiple  the levels from --from to --to, annotated with the ratio, 增长X倍 and CAGR
  top       horizontal bars of a ranked breakdown (--by partner|province|hs|trade_mode,
            --n): names in --lang, values and growth, the numbers of ceb stats top

The extension of --out chooses PNG or SVG. Chinese labels (--lang zh) use
the font ceb carries, so they render on a machine with no fonts installed;
SVG text is drawn as outlines, so SVGs are self-contained and the same
inputs give byte-identical files. --font FILE uses another TrueType/OpenType
font. Files are written atomically.` + "\n" + exitStatusHelp,
		Example: `  $ ceb chart trend --out cbec.png
  $ ceb chart compare --period 2024H1 --as-of 2024-07-31 --lang zh --out h1.svg
  $ ceb chart multiple --from 2018 --to 2023 --out multiple.png --dpi 300
  $ ceb chart growth --freq half --from 2021H1 --to 2025H1 --out growth.svg
  $ ceb chart top --by trade_mode --n 5 --data trade_mode.txt --lang zh --out modes.png`,
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
			opts.Kind = args[0]
			return chartRun(cmd.Context(), opts)
		},
	}
	opts.addFlags(cmd, "series (default cbec)", true)
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "", "output file, .png or .svg (required)")
	fl.StringVar(&opts.From, "from", "", "first period or year of the span")
	fl.StringVar(&opts.To, "to", "", "last period or year of the span")
	fl.StringVar(&opts.Freq, "freq", "year", "frequency of trend, growth and share: year or half")
	fl.IntVar(&opts.Years, "years", 5, "multiple: years between the two ends")
	fl.StringVar(&opts.Against, "against", "trade", "reference series for growth, compare and share")
	fl.StringVar(&opts.Title, "title", "", "chart title (default: one that says what is shown)")
	fl.IntVar(&opts.Width, "width", 1200, "width in pixels")
	fl.IntVar(&opts.Height, "height", 675, "height in pixels")
	fl.IntVar(&opts.DPI, "dpi", 150, "resolution of PNG output, dots per inch")
	fl.StringVar(&opts.FontFile, "font", "", "TrueType/OpenType font file to draw with instead of ceb's own")
	fl.StringVar(&opts.By, "by", "", "top: dimension, partner, province, hs or trade_mode")
	fl.IntVar(&opts.N, "n", 10, "top: items to draw")
	fl.IntVar(&opts.HSDigits, "hs-digits", 0, "top: group HS codes at 2, 4, 6 or 8 digits")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(data.DimNames, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("freq", cobra.FixedCompletions([]string{"year", "half"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// options checks the flags and turns them into the chart's query and
// drawing options.
func (opts *ChartOptions) options() (report.ChartQuery, chart.Options, error) {
	var q report.ChartQuery
	var copt chart.Options
	if opts.Out == "" {
		return q, copt, usageErrorf("--out is required: a .png or .svg file")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(opts.Out)), ".")
	if format != "png" && format != "svg" {
		return q, copt, usageErrorf("--out %s: the extension must be .png or .svg", opts.Out)
	}
	if opts.Width < 100 || opts.Height < 100 || opts.Width > 20000 || opts.Height > 20000 {
		return q, copt, usageErrorf("--width and --height must be between 100 and 20000 pixels")
	}
	if opts.DPI < 30 || opts.DPI > 1200 {
		return q, copt, usageErrorf("--dpi must be between 30 and 1200")
	}
	freq, ok := map[string]data.PeriodKind{"year": data.KindYear, "half": data.KindHalf}[opts.Freq]
	if !ok {
		return q, copt, usageErrorf("--freq %q: use year or half", opts.Freq)
	}
	query, err := opts.query(opts.Globals)
	if err != nil {
		return q, copt, err
	}
	q = report.ChartQuery{Query: query, Against: opts.Against, Freq: freq, Years: opts.Years, By: opts.By, N: opts.N, HSDigits: opts.HSDigits}
	if opts.Kind == "top" {
		if err := checkTop(opts.By, opts.N, opts.HSDigits); err != nil {
			return q, copt, err
		}
	}
	if q.First, err = optionalPeriod("--from", opts.From); err != nil {
		return q, copt, err
	}
	if q.Last, err = optionalPeriod("--to", opts.To); err != nil {
		return q, copt, err
	}
	if opts.Kind == "multiple" && q.First != nil && q.Last != nil && q.First.Year >= q.Last.Year {
		return q, copt, usageErrorf("--from %d must be before --to %s", q.First.Year, q.Last)
	}
	copt = chart.Options{Lang: opts.Globals.Lang, Title: opts.Title, Width: opts.Width, Height: opts.Height, DPI: opts.DPI, Format: format, Currency: query.Currency}
	if opts.FontFile != "" {
		b, err := os.ReadFile(opts.FontFile)
		if err != nil {
			return q, copt, fmt.Errorf("--font: %v", err)
		}
		copt.Font = b
	}
	for _, p := range opts.Globals.Data {
		if p != "-" && p != "builtin" && sameFile(p, opts.Out) {
			return q, copt, usageErrorf("--out %s is also an input; choose another file", opts.Out)
		}
	}
	return q, copt, nil
}

func chartRun(ctx context.Context, opts *ChartOptions) error {
	q, copt, err := opts.options()
	if err != nil {
		return err
	}
	out, err := atomicfile.Create(opts.Out)
	if err != nil {
		return err
	}
	defer out.Abort()
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	p, err := chart.Make(opts.Kind, v, ds, q, copt)
	if err != nil {
		return err
	}
	if err := chart.Write(out.Writer(), p, copt); err != nil {
		return err
	}
	if err := out.Commit(ctx); err != nil {
		return err
	}
	if !opts.Globals.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.Out)
	}
	return nil
}

// sameFile reports whether a and b name the same file (both may not exist).
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}
