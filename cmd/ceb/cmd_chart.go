package main

import (
	"context"
	"errors"
	"fmt"
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

// ChartOptions are the inputs of `ceb chart`.
type ChartOptions struct {
	F *Factory
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
}

// NewCmdChart builds `ceb chart`.
func NewCmdChart(f *Factory, runF func(*ChartOptions) error) *cobra.Command {
	opts := &ChartOptions{F: f}
	cmd := &cobra.Command{
		Use:   "chart KIND --out FILE.png|FILE.svg",
		Short: "Draw a PNG or SVG chart: trend, growth, compare, share, multiple",
		Long: `Draw a chart from the same numbers ceb stats prints.

Kinds:
  trend     levels of a series over years or halves, one line per flow
  growth    grouped bars: the series' growth beside all trade's, by period
  compare   one period: growth of the series and of all trade per flow, gap in points marked
  share     the series' share of all trade over time
  multiple  the levels from --from to --to, annotated with the ratio, 增长X倍 and CAGR

The extension of --out chooses PNG or SVG. Chinese labels (--lang zh) use
the font ceb carries, so they render on a machine with no fonts installed;
SVG text is drawn as outlines, so SVGs are self-contained and the same
inputs give byte-identical files. --font FILE uses another TrueType/OpenType
font. Files are written atomically.` + "\n" + exitStatusHelp,
		Example: `  $ ceb chart trend --out cbec.png
  $ ceb chart compare --period 2024H1 --as-of 2024-07-31 --lang zh --out h1.svg
  $ ceb chart multiple --from 2018 --to 2023 --out multiple.png --dpi 300
  $ ceb chart growth --freq half --from 2021H1 --to 2025H1 --out growth.svg`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("name one chart kind: %s (see ceb chart --help)", strings.Join(report.ChartKinds, ", "))
			}
			if !oneOf(args[0], report.ChartKinds...) {
				return usageErrorf("unknown chart kind %q: use %s", args[0], strings.Join(report.ChartKinds, ", "))
			}
			return nil
		},
		ValidArgs: report.ChartKinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Kind = args[0]
			if runF != nil {
				return runF(opts)
			}
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
	_ = cmd.RegisterFlagCompletionFunc("freq", cobra.FixedCompletions([]string{"year", "half"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func chartRun(ctx context.Context, opts *ChartOptions) error {
	f := opts.F
	if opts.Out == "" {
		return usageErrorf("--out is required: a .png or .svg file")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(opts.Out)), ".")
	if format != "png" && format != "svg" {
		return usageErrorf("--out %s: the extension must be .png or .svg", opts.Out)
	}
	if opts.Width < 100 || opts.Height < 100 || opts.Width > 20000 || opts.Height > 20000 {
		return usageErrorf("--width and --height must be between 100 and 20000 pixels")
	}
	if opts.DPI < 30 || opts.DPI > 1200 {
		return usageErrorf("--dpi must be between 30 and 1200")
	}
	freq := map[string]data.PeriodKind{"year": data.KindYear, "half": data.KindHalf}
	kind, ok := freq[opts.Freq]
	if !ok {
		return usageErrorf("--freq %q: use year or half", opts.Freq)
	}
	cur, dims, err := opts.prepare(f)
	if err != nil {
		return err
	}
	flows, _ := parseFlows(opts.Flows) // checked by prepare
	copt := report.ChartOptions{Lang: f.Lang, Title: opts.Title, Width: opts.Width, Height: opts.Height, DPI: opts.DPI, Format: format, Currency: cur}
	if opts.FontFile != "" {
		b, err := os.ReadFile(opts.FontFile)
		if err != nil {
			return fmt.Errorf("--font: %v", err)
		}
		copt.Font = b
	}
	for _, p := range f.Data {
		if p != "-" && p != "builtin" && sameFile(p, opts.Out) {
			return usageErrorf("--out %s is also an input; choose another file", opts.Out)
		}
	}
	out, err := atomicfile.Create(opts.Out)
	if err != nil {
		return err
	}
	defer out.Abort()
	v, err := f.View()
	if err != nil {
		return err
	}
	series := "cbec"
	if len(opts.Series) > 0 {
		series = opts.Series[0]
	}
	key := data.Key{Series: series, Flow: data.Total, Currency: cur, Dims: dims}
	if len(flows) > 0 {
		key.Flow = flows[0]
	}
	var p *plot.Plot
	switch opts.Kind {
	case "trend":
		steps, err := opts.span(v, series, cur, kind)
		if err != nil {
			return err
		}
		fls := flows
		if len(fls) == 0 {
			fls, _, _ = opts.flowsFor(v, series, cur)
		}
		var rows []stats.Growth
		for _, fl := range fls {
			k := key
			k.Flow = fl
			g, err := stats.Trend(v, k, steps)
			if err != nil {
				return err
			}
			rows = append(rows, g...)
		}
		p, err = report.TrendChart(rows, copt)
		if err != nil {
			return err
		}
	case "growth", "share":
		steps, err := opts.span(v, series, cur, kind)
		if err != nil {
			return err
		}
		// Every period of the span keeps its place on the axis; a period
		// without data stays as a gap, trimmed only at both ends.
		var rows []stats.Comparison
		first, last := -1, -1
		for _, pr := range steps {
			k := key
			k.Period = pr
			c, err := stats.Compare(v, k, opts.Against)
			switch {
			case errors.Is(err, data.ErrNoData):
				c = stats.Comparison{Growth: stats.Growth{Key: k}, Reference: opts.Against}
			case err != nil:
				return err
			}
			if (opts.Kind == "share" && c.SharePct != nil) || (opts.Kind == "growth" && (c.GrowthPct != nil || c.Ref.GrowthPct != nil)) {
				if first < 0 {
					first = len(rows)
				}
				last = len(rows)
			}
			rows = append(rows, c)
		}
		if first >= 0 {
			rows = rows[first : last+1]
		} else {
			rows = nil
		}
		if len(rows) == 0 {
			return fmt.Errorf("no period from %s to %s has both %s and %s; see ceb stats compare", steps[0], steps[len(steps)-1], series, opts.Against)
		}
		if opts.Kind == "growth" {
			p, err = report.GrowthChart(rows, copt)
		} else {
			p, err = report.ShareChart(rows, copt)
		}
		if err != nil {
			return err
		}
	case "compare":
		pr, err := opts.periodFor(v, series, cur)
		if err != nil {
			return err
		}
		fls := flows
		if len(fls) == 0 {
			fls, _, _ = opts.flowsFor(v, series, cur)
		}
		rows, err := eachFlow(fls, false, func(fl data.Flow) (stats.Comparison, error) {
			k := key
			k.Flow, k.Period = fl, pr
			return stats.Compare(v, k, opts.Against)
		})
		if err != nil {
			return err
		}
		p, err = report.CompareChart(rows, copt)
		if err != nil {
			return err
		}
	case "multiple":
		to, err := opts.endPeriod(v, series, cur)
		if err != nil {
			return err
		}
		fromYear := to.Year - opts.Years
		if opts.From != "" {
			fp, err := data.ParsePeriod(opts.From)
			if err != nil {
				return usageErrorf("--from: %v", err)
			}
			fromYear = fp.Year
		}
		if fromYear >= to.Year {
			return usageErrorf("--from %d must be before --to %s", fromYear, to)
		}
		k := key
		k.Period = to
		m, err := stats.MultipleOf(v, k, fromYear)
		if err != nil {
			return err
		}
		var years []data.Period
		for y := fromYear; y <= to.Year; y++ {
			years = append(years, data.Period{Year: y, From: to.From, To: to.To})
		}
		rows, err := stats.Trend(v, k, years)
		if err != nil {
			return err
		}
		p, err = report.MultipleChart(m, rows, copt)
		if err != nil {
			return err
		}
	}
	if err := report.WriteChart(out.Writer(), p, copt); err != nil {
		return err
	}
	if err := out.Commit(ctx); err != nil {
		return err
	}
	if !f.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "wrote %s\n", opts.Out)
	}
	return nil
}

// span returns the periods of kind between --from and --to, defaulting to
// the first and last the data covers for the series.
func (o *ChartOptions) span(v *data.View, series string, cur data.Currency, kind data.PeriodKind) ([]data.Period, error) {
	var covered []data.Period
	for _, fl := range []data.Flow{data.Total, data.Export} {
		for _, p := range v.Periods(series, fl, cur) {
			if p.Kind() == kind {
				covered = append(covered, p)
			}
		}
	}
	parse := func(flag, s string, def func() (data.Period, bool)) (data.Period, error) {
		if s != "" {
			p, err := data.ParsePeriod(s)
			if err != nil {
				return p, usageErrorf("%s: %v", flag, err)
			}
			return p, nil
		}
		p, ok := def()
		if !ok {
			return p, fmt.Errorf("series %q has no %s periods in %s as of %s; pass --from and --to", series, kind, cur, v.AsOf)
		}
		return p, nil
	}
	first := func() (data.Period, bool) {
		if len(covered) == 0 {
			return data.Period{}, false
		}
		best := covered[0]
		for _, p := range covered {
			if p.Compare(best) < 0 {
				best = p
			}
		}
		return best, true
	}
	last := func() (data.Period, bool) {
		if len(covered) == 0 {
			return data.Period{}, false
		}
		best := covered[0]
		for _, p := range covered {
			if p.EndsAfter(best) {
				best = p
			}
		}
		return best, true
	}
	a, err := parse("--from", o.From, first)
	if err != nil {
		return nil, err
	}
	b, err := parse("--to", o.To, last)
	if err != nil {
		return nil, err
	}
	steps, err := stats.Steps(kind, a, b)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	// Keep only the halves the series publishes at all: CBEC has H1 figures
	// but no H2, and a chart of empty H2 slots says nothing.
	if kind != data.KindYear && len(covered) > 0 {
		has := map[int]bool{}
		for _, p := range covered {
			has[p.From] = true
		}
		kept := steps[:0:0]
		for _, p := range steps {
			if has[p.From] {
				kept = append(kept, p)
			}
		}
		steps = kept
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("series %q has no %s periods between %s and %s", series, kind, a, b)
	}
	return steps, nil
}

func (o *ChartOptions) endPeriod(v *data.View, series string, cur data.Currency) (data.Period, error) {
	if o.To != "" {
		p, err := data.ParsePeriod(o.To)
		if err != nil {
			return p, usageErrorf("--to: %v", err)
		}
		return p, nil
	}
	p, ok := v.Latest(series, cur, data.KindYear)
	if !ok {
		return p, fmt.Errorf("no complete year for series %q in %s as of %s; pass --to", series, cur, v.AsOf)
	}
	return p, nil
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
