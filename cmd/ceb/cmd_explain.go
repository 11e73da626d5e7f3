package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// ExplainOptions are the inputs of `ceb explain`.
type ExplainOptions struct {
	common
	selection
	What     string
	Against  string
	Years    int
	From, To string
}

// NewCmdExplain builds `ceb explain`.
func NewCmdExplain(f *Factory) *cobra.Command {
	opts := &ExplainOptions{common: f.common()}
	cmd := &cobra.Command{
		Use:   "explain growth|compare|multiple|trend",
		Short: "The lineage of one figure: observations used and passed over, derivation, formula, rounding, check",
		Long: `Explain one figure of the stats commands, with the same selectors (one
series, one flow, default total; --period default the latest). It prints, in
order: each level the figure rests on, with every observation used (file,
SHA-256 or builtin, line, the row in canonical form, vintage, source) and
every vintage passed over and why (published after --as-of, superseded);
how the level was derived (months summed, cumulative figures subtracted,
parts preferred to a rounded total); the formula with the unrounded numbers;
the rounding to the published form; and the consistency reasoning (the
interval the rounded levels allow and where the published rate falls).
--format json gives the same as a tree. trend explains the growth of
--period.` + exitStatusHelp,
		Example: `  $ ceb explain growth --series cbec --period 2024H1 --as-of 2024-07-31
  $ ceb explain compare --period 2024H1 --as-of 2024-07-31 --format json
  $ ceb explain multiple --series cbec --from 2018 --to 2023`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || !oneOf(args[0], "growth", "compare", "multiple", "trend") {
				return usageErrorf("name what to explain: growth, compare, multiple or trend (see ceb explain --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.What = args[0]
			return explainRun(opts)
		},
	}
	opts.addFlags(cmd, "series (default cbec)", true)
	fl := cmd.Flags()
	fl.StringVar(&opts.Against, "against", "trade", "reference series of compare")
	fl.IntVar(&opts.Years, "years", 5, "multiple: years between the two ends")
	fl.StringVar(&opts.From, "from", "", "multiple: the earlier year")
	fl.StringVar(&opts.To, "to", "", "multiple: the later period (default: the latest complete year)")
	return cmd
}

func explainRun(opts *ExplainOptions) error {
	q, err := opts.query(opts.Globals)
	if err != nil {
		return err
	}
	span, err := multipleSpan(opts.Years, opts.From, opts.To)
	if err != nil {
		return err
	}
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	series := "cbec"
	if len(q.Series) > 0 {
		series = q.Series[0]
	}
	flow := data.Total
	if len(q.Flows) > 0 {
		flow = q.Flows[0]
	}
	k := data.Key{Series: series, Flow: flow, Currency: q.Currency, Dims: q.Dims}
	var e report.Explanation
	switch opts.What {
	case "multiple":
		rows, err := report.MultipleRows(v, ds, report.Query{Series: []string{series}, Flows: []data.Flow{flow}, Currency: q.Currency, Dims: q.Dims}, span)
		if err != nil {
			return err
		}
		k.Period = rows[0].To
		e, err = report.ExplainMultiple(v, ds, k, rows[0].From.Year)
		if err != nil {
			return err
		}
	default:
		rows, err := report.GrowthRows(v, ds, report.Query{Series: []string{series}, Flows: []data.Flow{flow}, Period: q.Period, Currency: q.Currency, Dims: q.Dims})
		if err != nil {
			return err
		}
		k.Period = rows[0].Key.Period
		if opts.What == "compare" {
			e, err = report.ExplainCompare(v, ds, k, opts.Against)
		} else {
			e, err = report.ExplainGrowth(v, ds, k)
		}
		if err != nil {
			return err
		}
	}
	return writeExplanation(opts.IO.Out, e, opts.Globals.Format, opts.Meta("explain "+opts.What))
}

func writeExplanation(w io.Writer, e report.Explanation, format string, meta report.Meta) error {
	if format != "json" {
		_, err := io.WriteString(w, e.Text())
		return err
	}
	b, err := json.MarshalIndent(struct {
		Meta        report.Meta        `json:"meta"`
		Explanation report.Explanation `json:"explanation"`
	}{meta, e}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
