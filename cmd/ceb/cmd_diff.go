package main

import (
	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// DiffOptions are the inputs of `ceb diff`.
type DiffOptions struct {
	common
	Open          func(paths []string) (*data.Dataset, error)
	From, To      string
	Before, After []string
	Series        []string
	Period        string
	Against       string
	FailOnChange  bool
}

// NewCmdDiff builds `ceb diff`.
func NewCmdDiff(f *Factory) *cobra.Command {
	opts := &DiffOptions{common: f.common(), Open: f.loadPaths}
	cmd := &cobra.Command{
		Use:   "diff --from DATE --to DATE | --before FILE... --after FILE...",
		Short: "What changed between two vintages: levels, published rates, growth, gaps, shares",
		Long: `List the figures that changed between the data as published on two dates
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
CI.` + exitStatusHelp,
		Example: `  $ ceb diff --from 2024-07-31 --to 2024-10-31 --series cbec
  $ ceb diff --from 2023-01-31 --to 2023-12-31 --period 2022 --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return diffRun(opts) },
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.From, "from", "", "the earlier publication date (YYYY-MM-DD)")
	fl.StringVar(&opts.To, "to", "", "the later publication date (YYYY-MM-DD; default: --as-of or today)")
	fl.StringArrayVar(&opts.Before, "before", nil, "files of the earlier version (repeatable)")
	fl.StringArrayVar(&opts.After, "after", nil, "files of the later version (repeatable)")
	fl.StringSliceVar(&opts.Series, "series", nil, "series to compare (default all)")
	fl.StringVar(&opts.Period, "period", "", "compare only this period")
	fl.StringVar(&opts.Against, "against", "trade", "reference series for gaps and shares")
	fl.BoolVar(&opts.FailOnChange, "fail-on-change", false, "exit 4 when a rounded press figure changed")
	return cmd
}

func diffRun(opts *DiffOptions) error {
	files := len(opts.Before) > 0 || len(opts.After) > 0
	switch {
	case files && (opts.From != "" || opts.To != ""):
		return usageErrorf("give either --from and --to or --before and --after")
	case files && (len(opts.Before) == 0 || len(opts.After) == 0):
		return usageErrorf("--before and --after go together")
	case !files && opts.From == "":
		return usageErrorf("name what to compare: --from DATE [--to DATE], or --before FILE... --after FILE...")
	}
	cur, err := opts.Globals.currency()
	if err != nil {
		return err
	}
	q := report.DiffQuery{Series: opts.Series, Currency: cur, Reference: opts.Against, Lang: opts.Globals.Lang}
	if q.Period, err = optionalPeriod("--period", opts.Period); err != nil {
		return err
	}
	var before, after *data.View
	if files {
		asOf := opts.Today()
		if opts.Globals.AsOf != "" {
			if asOf, err = data.ParseDate(opts.Globals.AsOf); err != nil {
				return usageErrorf("--as-of: %v", err)
			}
		}
		b, err := opts.Open(opts.Before)
		if err != nil {
			return err
		}
		a, err := opts.Open(opts.After)
		if err != nil {
			return err
		}
		before, after = data.NewView(b, asOf), data.NewView(a, asOf)
	} else {
		from, err := data.ParseDate(opts.From)
		if err != nil {
			return usageErrorf("--from: %v", err)
		}
		to := opts.Today()
		if opts.To != "" {
			if to, err = data.ParseDate(opts.To); err != nil {
				return usageErrorf("--to: %v", err)
			}
		}
		_, ds, err := opts.Load()
		if err != nil {
			return err
		}
		before, after = data.NewView(ds, from), data.NewView(ds, to)
	}
	changes := report.Diff(before, after, q)
	if err := opts.Render(report.DiffTable(changes, cur, opts.Globals.Lang), "diff"); err != nil {
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
