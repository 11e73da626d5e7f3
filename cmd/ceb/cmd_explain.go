package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

// ExplainOptions are the parsed inputs of `ceb explain`: what to explain,
// the figure (one series and flow), and how to write it.
type ExplainOptions struct {
	Out     io.Writer
	Load    func() (*data.View, *data.Dataset, error)
	Meta    func(command string) report.Meta
	What    string
	Query   report.Query // one series, one flow
	Against string
	Span    report.MultipleSpan
	Lang    vocab.Lang
	JSON    bool // --format json; else text
}

// NewCmdExplain builds `ceb explain`.
func NewCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{}
	var sel selection
	var years int
	var from, to string
	cmd := &cobra.Command{
		Use:   "explain growth|compare|multiple|trend",
		Short: "The lineage of one figure: observations used and passed over, derivation, formula, rounding, check",
		Long:  explainHelp + exitStatusHelp,
		Example: `  $ ceb explain growth --series cbec --period 2024H1 --as-of 2024-07-31
  $ ceb explain compare --period 2024H1 --as-of 2024-07-31 --format json
  $ ceb explain multiple --series cbec --from 2018 --to 2023 --lang zh`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || !oneOf(args[0], "growth", "compare", "multiple", "trend") {
				return usageErrorf("name what to explain: growth, compare, multiple or trend (see ceb explain --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if !oneOf(f.Format, "table", "json") {
				return usageErrorf("--format %s: ceb explain writes text (--format table) or JSON (--format json)", f.Format)
			}
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			if opts.Span, err = multipleSpan(years, from, to); err != nil {
				return err
			}
			opts.What, opts.Query = args[0], oneFigure(q)
			opts.Out, opts.Load, opts.Meta, opts.Lang, opts.JSON = f.IO.Out, f.loader(), f.meta, f.set.Lang, f.Format == "json"
			if runF != nil {
				return runF(opts)
			}
			return explainRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default cbec)", true)
	fl := cmd.Flags()
	fl.StringVar(&opts.Against, "against", "trade", "reference series of compare")
	fl.IntVar(&years, "years", 5, "multiple: years between the two ends")
	fl.StringVar(&from, "from", "", "multiple: the earlier year")
	fl.StringVar(&to, "to", "", "multiple: the later period (default: the latest complete year)")
	return cmd
}

// oneFigure narrows a query to the one figure explained: the first series
// (default cbec) and flow (default total).
func oneFigure(q report.Query) report.Query {
	series, flow := "cbec", data.Total
	if len(q.Series) > 0 {
		series = q.Series[0]
	}
	if len(q.Flows) > 0 {
		flow = q.Flows[0]
	}
	q.Series, q.Flows = []string{series}, []data.Flow{flow}
	return q
}

func explainRun(opts *ExplainOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	q := opts.Query
	k := data.Key{Series: q.Series[0], Flow: q.Flows[0], Currency: q.Currency, Dims: q.Dims}
	var e report.Explanation
	if opts.What == "multiple" {
		q.Period = nil
		rows, err := report.MultipleRows(v, ds, q, opts.Span)
		if err != nil {
			return err
		}
		k.Period = rows[0].To
		if e, err = report.ExplainMultiple(v, ds, k, rows[0].From.Year); err != nil {
			return err
		}
	} else {
		rows, err := report.GrowthRows(v, ds, q)
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
	return writeExplanation(opts, opts.Lang.Explain(e))
}

func writeExplanation(opts *ExplainOptions, e vocab.Explanation) error {
	if !opts.JSON {
		_, err := io.WriteString(opts.Out, e.Text())
		return err
	}
	b, err := json.MarshalIndent(struct {
		Meta        report.Meta       `json:"meta"`
		Explanation vocab.Explanation `json:"explanation"`
	}{opts.Meta("explain " + opts.What), e}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.Out, "%s\n", b)
	return err
}

const explainHelp = `Explain one figure of the stats commands, with the same selectors (one
series, one flow, default total; --period default the latest). It prints, in
order: each level the figure rests on, with every observation used (file,
SHA-256 or builtin, line, the row in canonical form, vintage, source) and
every vintage passed over and why (published after --as-of, superseded);
how the level was derived (months summed, cumulative figures subtracted,
parts preferred to a rounded total); the formula with the unrounded numbers;
the rounding to the published form; and the consistency reasoning (the
interval the rounded levels allow and where the published rate falls).
--format json gives the same as a tree. trend explains the growth of
--period.`
