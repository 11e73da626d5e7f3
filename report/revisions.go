package report

import (
	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// RevisionSpan selects the periods whose revisions are listed: those
// that start no earlier than First starts and end no later than Last ends
// (--from 2024 --to 2024: the periods within 2024), each nil for no bound.
type RevisionSpan struct {
	First, Last *data.Period
}

func (s RevisionSpan) holds(p data.Period) bool {
	month := func(y, m int) int { return y*12 + m }
	return (s.First == nil || month(p.Year, p.From) >= month(s.First.Year, s.First.From)) &&
		(s.Last == nil || month(p.Year, p.To) <= month(s.Last.Year, s.Last.To))
}

// RevisionRows lists how far each figure moved from its first release to
// its latest as of v.AsOf (stats.Revisions) for the series asked for
// (default: every series), the flows asked for (default: every flow) and
// the dimensions and currency of q, within span. No figure with two
// releases is an error saying so.
func RevisionRows(v *data.View, ds *data.Dataset, q Query, span RevisionSpan) ([]stats.Revision, error) {
	q.resolveDims(ds)
	if err := q.known(ds); err != nil {
		return nil, err
	}
	series := map[string]bool{}
	for _, s := range q.Series {
		series[s] = true
	}
	flows := map[data.Flow]bool{}
	for _, f := range q.Flows {
		flows[f] = true
	}
	keep := func(k data.Key) bool {
		return (len(series) == 0 || series[k.Series]) && (len(flows) == 0 || flows[k.Flow]) &&
			k.Currency == q.Currency && k.Dims == q.Dims && span.holds(k.Period)
	}
	rows, err := stats.Revisions(ds, v, keep)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, selectionError(data.HintCoverage, "no figure in this selection was published more than once in %s as of %s: there is nothing revised to show", q.Currency, v.AsOf)
	}
	return rows, nil
}

// RevisionTable lays out revisions (docs/design.md, JSON output:
// revisions).
func RevisionTable(rows []stats.Revision, cur data.Currency) *Table {
	dc := dimColumns(rows, func(r stats.Revision) data.Dims { return r.Key.Dims })
	cols := []Column{{Key: "series", Keep: true}, {Key: "flow", Keep: true, Kind: Flow}}
	cols = append(cols, dc...)
	cols = append(cols,
		Column{Key: "period", Keep: true, Kind: Period}, Column{Key: "currency", Detail: true},
		Column{Key: "first_vintage"}, Column{Key: "first_value", Kind: Amount, Keep: true},
		Column{Key: "latest_vintage"}, Column{Key: "latest_value", Kind: Amount, Keep: true},
		Column{Key: "revision_pct", Kind: Percent, Keep: true},
		Column{Key: "first_growth_pct", Kind: Percent}, Column{Key: "latest_growth_pct", Kind: Percent},
		Column{Key: "growth_revision_pp", Kind: Points, Keep: true},
		Column{Key: "vintages", Kind: Count},
		Column{Key: "first_release", Kind: Status, Detail: true}, Column{Key: "latest_release", Kind: Status, Detail: true},
	)
	t := &Table{Columns: cols, Currency: cur}
	for _, r := range rows {
		cells := []Cell{Str(r.Key.Series), Str(string(r.Key.Flow))}
		cells = append(cells, dimCells(dc, r.Key.Dims)...)
		cells = append(cells, Str(r.Key.Period.String()), Str(string(r.Key.Currency)),
			Str(r.FirstVintage.String()), Num(r.FirstValue), Str(r.LatestVintage.String()), Num(r.LatestValue),
			Num(r.RevisionPct), Num(r.FirstGrowthPct), Num(r.LatestGrowthPct), Num(r.GrowthRevisionPP),
			Val(float64(r.Vintages)), Str(string(r.FirstRelease)), Str(string(r.LatestRelease)))
		t.Add(cells...)
	}
	return t
}

// RevisionSummaryTable lays out the summary of revisions by series and
// flow (stats.SummarizeRevisions), which human tables print under the
// rows and JSON carries in meta.
func RevisionSummaryTable(sum []stats.RevisionSummary) *Table {
	dc := dimColumns(sum, func(s stats.RevisionSummary) data.Dims { return s.Dims })
	cols := []Column{{Key: "series", Keep: true}, {Key: "flow", Keep: true, Kind: Flow}}
	cols = append(cols, dc...)
	cols = append(cols, Column{Key: "periods", Kind: Count, Keep: true},
		Column{Key: "mean_revision_pct", Kind: Percent, Keep: true}, Column{Key: "mean_abs_revision_pct", Kind: Share, Keep: true},
		Column{Key: "up", Kind: Count, Keep: true})
	t := &Table{Columns: cols}
	for _, s := range sum {
		cells := []Cell{Str(s.Series), Str(string(s.Flow))}
		cells = append(cells, dimCells(dc, s.Dims)...)
		cells = append(cells, Val(float64(s.Periods)), Num(s.MeanRevisionPct), Num(s.MeanAbsRevisionPct), Val(float64(s.Up)))
		t.Add(cells...)
	}
	return t
}

// RevisionSummaryMeta is one entry of JSON meta's summary of revisions.
type RevisionSummaryMeta struct {
	Series             string   `json:"series"`
	Flow               string   `json:"flow"`
	Currency           string   `json:"currency"`
	Periods            int      `json:"periods"`
	MeanRevisionPct    *float64 `json:"mean_revision_pct"`
	MeanAbsRevisionPct *float64 `json:"mean_abs_revision_pct"`
	Up                 int      `json:"up"`
}

// RevisionSummaryOf is the summary as JSON meta carries it.
func RevisionSummaryOf(sum []stats.RevisionSummary) []RevisionSummaryMeta {
	out := make([]RevisionSummaryMeta, len(sum))
	for i, s := range sum {
		out[i] = RevisionSummaryMeta{Series: s.Series, Flow: string(s.Flow), Currency: string(s.Currency), Periods: s.Periods,
			MeanRevisionPct: s.MeanRevisionPct, MeanAbsRevisionPct: s.MeanAbsRevisionPct, Up: s.Up}
	}
	return out
}
