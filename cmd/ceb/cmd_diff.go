package main

import (
	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// DiffOptions are the parsed inputs of `ceb diff`: two dates of one set of
// data (From, To), or two sets of files (Before, After) as of AsOf.
type DiffOptions struct {
	Out           printer
	Load          func() (*data.View, *data.Dataset, error)
	Open          func(paths []string) (*data.Dataset, error)
	From, To      data.Date
	Before, After []string
	AsOf          data.Date
	Query         report.DiffQuery
	FailOnChange  bool
	// Warn says on stderr which figures a view takes from conflicting
	// rows (Factory.warnConflicts).
	Warn func(*data.View)
}

// diffFlags are the flags of `ceb diff` as typed.
type diffFlags struct {
	from, to, period string
}

// NewCmdDiff builds `ceb diff`.
func NewCmdDiff(f *Factory, runF func(*DiffOptions) error) *cobra.Command {
	opts := &DiffOptions{}
	var fl diffFlags
	cmd := &cobra.Command{
		Use:   "diff --from DATE --to DATE | --before FILE... --after FILE...",
		Short: "What changed between two vintages: levels, published rates, growth, gaps, shares",
		Long:  diffHelp + exitStatusHelp,
		Example: `  $ ceb diff --from 2024-07-31 --to 2024-10-31 --series cbec
  $ ceb diff --from 2023-01-31 --to 2023-12-31 --period 2022 --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := fl.parse(f, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		},
	}
	c := cmd.Flags()
	c.StringVar(&fl.from, "from", "", "the earlier publication date (YYYY-MM-DD)")
	c.StringVar(&fl.to, "to", "", "the later publication date (YYYY-MM-DD; default: --as-of or today)")
	c.StringArrayVar(&opts.Before, "before", nil, "files of the earlier version (repeatable)")
	c.StringArrayVar(&opts.After, "after", nil, "files of the later version (repeatable)")
	c.StringSliceVar(&opts.Query.Series, "series", nil, "series to compare (default all)")
	c.StringVar(&fl.period, "period", "", "compare only this period")
	c.StringVar(&opts.Query.Reference, "against", "trade", "reference series for gaps and shares")
	c.BoolVar(&opts.FailOnChange, "fail-on-change", false, "exit 4 when a rounded press figure changed")
	return cmd
}

// parse checks the flags and fills opts.
func (fl diffFlags) parse(f *Factory, opts *DiffOptions) error {
	files := len(opts.Before) > 0 || len(opts.After) > 0
	switch {
	case files && (fl.from != "" || fl.to != ""):
		return usageErrorf("give either --from and --to or --before and --after")
	case files && (len(opts.Before) == 0 || len(opts.After) == 0):
		return usageErrorf("--before and --after go together")
	case !files && fl.from == "":
		return usageErrorf("name what to compare: --from DATE [--to DATE], or --before FILE... --after FILE...")
	}
	var err error
	if opts.Query.Period, err = optionalPeriod("--period", fl.period); err != nil {
		return err
	}
	if !files {
		if opts.From, err = data.ParseDate(fl.from); err != nil {
			return usageErrorf("--from: %v", err)
		}
		opts.To = data.DateOf(f.today())
		if fl.to != "" {
			if opts.To, err = data.ParseDate(fl.to); err != nil {
				return usageErrorf("--to: %v", err)
			}
		}
	}
	lang := f.set.Lang
	opts.Query.Currency, opts.AsOf = f.set.Currency, f.set.AsOf
	opts.Query.Press = func(k report.FigureKind, x float64, cur data.Currency) string { return lang.FigureText(k, x, cur) }
	opts.Out, opts.Load, opts.Open, opts.Warn = f.printer(), f.loader(), f.loadPaths, f.warnConflicts
	return nil
}

func diffRun(opts *DiffOptions) error {
	var before, after *data.View
	if len(opts.Before) > 0 {
		b, err := opts.Open(opts.Before)
		if err != nil {
			return err
		}
		a, err := opts.Open(opts.After)
		if err != nil {
			return err
		}
		before, after = data.NewView(b, opts.AsOf), data.NewView(a, opts.AsOf)
	} else {
		_, ds, err := opts.Load()
		if err != nil {
			return err
		}
		before, after = data.NewView(ds, opts.From), data.NewView(ds, opts.To)
	}
	if opts.Warn != nil {
		opts.Warn(before)
		opts.Warn(after)
	}
	changes := report.Diff(before, after, opts.Query)
	if err := opts.Out.Print(report.DiffTable(changes, opts.Query.Currency), "diff"); err != nil {
		return err
	}
	if opts.FailOnChange {
		for _, c := range changes {
			if c.Headline {
				return &ChangedError{}
			}
		}
	}
	return nil
}

const diffHelp = `List the figures that changed between the data as published on two dates
(--from, --to; the data is --data or the embedded dataset), or between two
sets of files (--before, --after; for example a preliminary release against
the monthly bulletin), each as of --as-of.

For every figure without dimensions: its level (as derived, so a finer sum
of parts counts), its published rate, its headline growth, and against the
reference series (--against, default trade) the gap in points and the share.
Rows give the numbers unrounded (csv, json) and as a press release rounds
them; "press figure changed" marks those whose rounded form changed
(CBEC H1 2024: 1.22 → 1.25万亿, +10.5% → +13%, gap 4.4 → 6.9), "sign change"
a rate or a balance that changed sign.

Rows (csv/json): series, flow, period, currency, what, before, after,
before_text, after_text, headline, sign_change.

With --fail-on-change the exit status is 4 when a press figure changed, for
CI.`
