package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// RevisionsOptions are the parsed inputs of `ceb stats revisions`.
type RevisionsOptions struct {
	statsDeps
	Query report.Query
	Span  report.RevisionSpan
}

// NewCmdRevisions builds `ceb stats revisions`.
func NewCmdRevisions(f *Factory, runF func(*RevisionsOptions) error) *cobra.Command {
	opts := &RevisionsOptions{}
	var sel selection
	var from, to string
	cmd := &cobra.Command{
		Use:   "revisions",
		Short: "How far each figure moved from its first release to its latest",
		Long:  revisionsHelp + "\n" + exitStatusHelp,
		Example: `  $ ceb stats revisions --series cbec
  $ ceb stats revisions --series cbec --from 2020 --to 2024 --format json
  $ ceb stats revisions --as-of 2024-12-31`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := sel.query(f.set.Currency)
			if err != nil {
				return err
			}
			if opts.Span.First, err = optionalPeriod("--from", from); err != nil {
				return err
			}
			if opts.Span.Last, err = optionalPeriod("--to", to); err != nil {
				return err
			}
			opts.Query, opts.statsDeps = q, f.statsDeps()
			if runF != nil {
				return runF(opts)
			}
			return revisionsRun(opts)
		},
	}
	sel.addFlags(cmd, "series (default: every series in the data)", false)
	cmd.Flags().StringVar(&from, "from", "", "first period, e.g. 2020 (default: the first revised)")
	cmd.Flags().StringVar(&to, "to", "", "last period, e.g. 2024H1 (default: the latest revised)")
	return cmd
}

func revisionsRun(opts *RevisionsOptions) error {
	v, ds, err := opts.Load()
	if err != nil {
		return err
	}
	rows, err := report.RevisionRows(v, ds, opts.Query, opts.Span)
	if err != nil {
		return err
	}
	sum := stats.SummarizeRevisions(rows)
	out := opts.Out
	out.meta = func(m *report.Meta) { m.Summary = report.RevisionSummaryOf(sum) }
	if err := out.Print(report.RevisionTable(rows, opts.Query.Currency), "stats revisions"); err != nil {
		return err
	}
	if !out.human() {
		return nil
	}
	if _, err := io.WriteString(out.out, "\n"); err != nil {
		return err
	}
	out.opt.Caption = out.opt.Lang.Word("caption.revision_summary")
	return out.Print(report.RevisionSummaryTable(sum), "stats revisions")
}

const revisionsHelp = `List, for every figure published more than once, its first release
against its latest (as of --as-of): the two vintages and levels, the
revision in percent, the headline growth rate at each release and how far
it moved in percentage points, and how many releases gave it a level.
Under the rows, a summary by series and flow: the periods revised, the mean
and mean absolute revision, and how many were revised up. JSON carries the
summary in meta.summary; CSV carries the rows only.

  revision          = 100 × (latest / first − 1)
  growth revision   = latest growth − first growth (percentage points)
  mean revision     = Σ revision / periods;  mean abs. = Σ |revision| / periods

Each level is the figure as ceb reads it at that release; each growth rate
is that release's headline (published where published, else computed on
the comparable basis, none across a method break). A figure without a
release date cannot be ordered and is not counted. History, not a forecast.`
