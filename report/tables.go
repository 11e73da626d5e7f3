package report

import (
	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// dimColumns returns the dimension columns that any of the rows uses;
// dims gives a row's dimensions.
func dimColumns[T any](rows []T, dims func(T) data.Dims) []Column {
	var out []Column
	for _, n := range data.DimNames {
		for _, r := range rows {
			if dims(r).Get(n) != "" {
				out = append(out, Column{Key: n, Word: "dim." + n, Keep: true})
				break
			}
		}
	}
	return out
}

func dimCells(cols []Column, d data.Dims) []Cell {
	out := make([]Cell, len(cols))
	for i, c := range cols {
		out[i] = Str(d.Get(c.Key))
	}
	return out
}

var growthColumns = []Column{
	{Key: "series", Keep: true},
	{Key: "flow", Keep: true, Kind: Flow},
	{Key: "period", Keep: true, Kind: Period},
	{Key: "base_period", Kind: Period},
	{Key: "currency", Detail: true},
	{Key: "value", Keep: true, Kind: Amount},
	{Key: "base_value", Kind: Amount},
	{Key: "change", Kind: Amount},
	{Key: "growth_pct", Keep: true, Kind: Percent},
	{Key: "growth_basis", Kind: Status, Qualifies: true},
	{Key: "computed_growth_pct", Kind: Percent, Qualifies: true},
	{Key: "reported_growth_pct", Kind: Percent, Detail: true},
	{Key: "consistency", Kind: Status, Qualifies: true},
	{Key: "vintage", Detail: true},
	{Key: "base_vintage", Detail: true},
}

var reasonColumn = Column{Key: "reason", Kind: Reason, Qualifies: true}

// notesColumn holds a row's notes (report/notes.go); human tables print
// them below the table instead.
var notesColumn = Column{Key: "notes", Kind: Notes, Detail: true}

func growthCells(g stats.Growth) []Cell {
	return []Cell{
		Str(g.Key.Series), Str(string(g.Key.Flow)), Str(g.Key.Period.String()), Str(g.BasePeriod.String()),
		Str(string(g.Key.Currency)), Num(g.Value), Num(g.BaseValue), Num(g.Change), Num(g.GrowthPct), Str(string(g.Basis)),
		Num(g.ComputedPct), Num(g.ReportedPct), Str(string(g.Consistency)), Str(g.Vintage.String()), Str(g.BaseVintage.String()),
	}
}

func withDims(cols []Column, dims []Column) []Column {
	out := append([]Column{}, cols[:3]...)
	out = append(out, dims...)
	return append(out, cols[3:]...)
}

func insertDims(cells []Cell, dims []Cell) []Cell {
	out := append([]Cell{}, cells[:3]...)
	out = append(out, dims...)
	return append(out, cells[3:]...)
}

// GrowthTable lays out year-on-year growth rows (docs/design.md, JSON output: growth).
func GrowthTable(rows []stats.Growth, cur data.Currency) *Table {
	dc := dimColumns(rows, func(g stats.Growth) data.Dims { return g.Key.Dims })
	t := &Table{Columns: append(withDims(growthColumns, dc), reasonColumn, notesColumn), Currency: cur}
	for _, g := range rows {
		t.Add(append(insertDims(growthCells(g), dimCells(dc, g.Key.Dims)), reasonCell(g), growthNotes(g))...)
	}
	return t
}

func growthNotes(g stats.Growth) Cell {
	return NotesCell(append(GrowthNotes(g.Key.Series, g.Key.Period, g.BasePeriod), LevelNotes(g)...))
}

// reasonCell is the row's reason, or the sign change it words.
func reasonCell(g stats.Growth) Cell {
	c := Str(g.Reason)
	if g.SignChange && g.Value != nil && g.BaseValue != nil {
		c.Sign = &SignChange{Base: *g.BaseValue, Value: *g.Value, Currency: g.Key.Currency, Flow: g.Key.Flow}
	}
	return c
}

var compareColumns = []Column{
	{Key: "reference"},
	{Key: "reference_value", Kind: Amount, Detail: true},
	{Key: "reference_base_value", Kind: Amount, Detail: true},
	{Key: "reference_growth_pct", Keep: true, Kind: Percent},
	{Key: "gap_pp", Keep: true, Kind: Points},
	{Key: "gap_pp_exact", Kind: Points, Detail: true},
	{Key: "share_pct", Kind: Share},
	{Key: "share_change_pp", Kind: Points},
	{Key: "contribution_pp", Kind: Points},
	{Key: "growth_share_pct", Kind: Percent},
}

// CompareTable lays out comparisons with a reference series (docs/design.md, JSON output: the
// growth fields plus the comparison fields). Human formats show a compact
// selection.
func CompareTable(rows []stats.Comparison, cur data.Currency) *Table {
	dc := dimColumns(rows, func(c stats.Comparison) data.Dims { return c.Key.Dims })
	gcols := withDims(growthColumns, dc)
	// In the human table the growth part keeps only the essentials.
	for i := range gcols {
		switch gcols[i].Key {
		case "base_period", "base_value", "change", "growth_basis", "computed_growth_pct", "consistency":
			gcols[i].Detail = true
		}
	}
	t := &Table{Columns: append(append(gcols, compareColumns...), reasonColumn, notesColumn), Currency: cur}
	for _, c := range rows {
		cells := insertDims(growthCells(c.Growth), dimCells(dc, c.Key.Dims))
		cells = append(cells, Str(c.Reference), Num(c.Ref.Value), Num(c.Ref.BaseValue), Num(c.Ref.GrowthPct),
			Num(c.GapPP), Num(c.GapPPExact), Num(c.SharePct), Num(c.ShareChangePP), Num(c.ContributionPP), Num(c.GrowthSharePct), Str(c.Reason),
			NotesCell(Distinct(GrowthNotes(c.Key.Series, c.Key.Period, c.BasePeriod), GrowthNotes(c.Reference, c.Key.Period, c.BasePeriod),
				LevelNotes(c.Growth), LevelNotes(c.Ref))))
		t.Add(cells...)
	}
	return t
}

var multipleColumns = []Column{
	{Key: "series", Keep: true},
	{Key: "flow", Keep: true, Kind: Flow},
	{Key: "currency", Detail: true},
	{Key: "from", Keep: true, Kind: Period},
	{Key: "to", Keep: true, Kind: Period},
	{Key: "years", Kind: Count},
	{Key: "from_value", Kind: Amount},
	{Key: "to_value", Kind: Amount},
	{Key: "ratio", Keep: true, Kind: Ratio},
	{Key: "increase_times", Keep: true, Kind: Ratio},
	{Key: "increase_pct", Kind: Percent},
	{Key: "cagr_pct", Keep: true, Kind: Percent},
	{Key: "trend_growth_pct", Kind: Percent},
	{Key: "trend_r2", Kind: Fraction},
	{Key: "consistency", Kind: Status, Qualifies: true},
	{Key: "from_vintage", Detail: true},
	{Key: "vintage", Detail: true},
}

// MultipleTable lays out multiples (docs/design.md, JSON output: multiple).
func MultipleTable(rows []stats.Multiple, cur data.Currency) *Table {
	dc := dimColumns(rows, func(m stats.Multiple) data.Dims { return m.Dims })
	cols := append(append(append([]Column{}, multipleColumns[:2]...), dc...), multipleColumns[2:]...)
	t := &Table{Columns: append(cols, reasonColumn, notesColumn), Currency: cur}
	for _, m := range rows {
		cells := []Cell{Str(m.Series), Str(string(m.Flow))}
		cells = append(cells, dimCells(dc, m.Dims)...)
		cells = append(cells, Str(string(m.Currency)), Str(m.From.String()), Str(m.To.String()), Val(float64(m.Years)),
			Num(m.FromValue), Num(m.ToValue), Num(m.Ratio), Num(m.IncreaseTimes), Num(m.IncreasePct), Num(m.CAGRPct),
			Num(m.TrendGrowthPct), Num(m.TrendR2), Str(string(m.Consistency)), Str(m.FromVintage.String()), Str(m.Vintage.String()), Str(m.Reason),
			NotesCell(SpanNotes(m.Series, spanPeriods(m.From, m.To))))
		t.Add(cells...)
	}
	return t
}

// TrendTable lays out a series over a span (docs/design.md, JSON output: trend).
func TrendTable(rows []stats.Growth, cur data.Currency) *Table {
	dc := dimColumns(rows, func(g stats.Growth) data.Dims { return g.Key.Dims })
	cols := []Column{{Key: "series", Keep: true}, {Key: "flow", Keep: true, Kind: Flow}}
	cols = append(cols, dc...)
	cols = append(cols, Column{Key: "period", Keep: true, Kind: Period}, Column{Key: "currency", Detail: true},
		Column{Key: "value", Kind: Amount, Keep: true}, Column{Key: "growth_pct", Kind: Percent, Keep: true},
		Column{Key: "growth_basis", Kind: Status, Qualifies: true}, reasonColumn, notesColumn)
	t := &Table{Columns: cols, Currency: cur}
	for _, g := range rows {
		cells := []Cell{Str(g.Key.Series), Str(string(g.Key.Flow))}
		cells = append(cells, dimCells(dc, g.Key.Dims)...)
		// A trend shows no base column: only its own level's note.
		notes := append(GrowthNotes(g.Key.Series, g.Key.Period, g.BasePeriod), OwnLevelNotes(g)...)
		cells = append(cells, Str(g.Key.Period.String()), Str(string(g.Key.Currency)), Num(g.Value), Num(g.GrowthPct), Str(string(g.Basis)), reasonCell(g), NotesCell(notes))
		t.Add(cells...)
	}
	return t
}

// ObservationTable lays out observations as canonical rows: value in base
// units with unit 1, so the CSV output loads back into ceb unchanged.
func ObservationTable(obs []data.Observation, cur data.Currency) *Table {
	dc := dimColumns(obs, func(o data.Observation) data.Dims { return o.Dims })
	cols := []Column{{Key: "series"}, {Key: "flow"}, {Key: "period"},
		{Key: "value", Kind: Amount}, {Key: "unit", Detail: true}, {Key: "currency"},
		{Key: "vintage"}, {Key: "reported_yoy", Kind: Percent},
		{Key: "source", Detail: true}, {Key: "note", Detail: true}, {Key: "release", Detail: true}}
	cols = append(cols, dc...)
	t := &Table{Columns: cols, Currency: cur}
	for _, o := range obs {
		val := Cell{}
		if o.HasValue {
			val = Val(o.Value)
		}
		cells := []Cell{Str(o.Series), Str(string(o.Flow)), Str(o.Period.String()), val, Str("1"), Str(string(o.Currency)),
			Str(o.Vintage.String()), Num(o.ReportedYoY), Str(o.Source), Str(o.Note), Str(string(o.Release))}
		t.Add(append(cells, dimCells(dc, o.Dims)...)...)
	}
	return t
}

// CoverageTable lays out `ceb data list`.
func CoverageTable(rows []Coverage) *Table {
	t := &Table{Columns: []Column{{Key: "series"}, {Key: "flow"}, {Key: "currency"}, {Key: "observations", Kind: Count},
		{Key: "periods", Kind: Count}, {Key: "kinds"}, {Key: "first"}, {Key: "last"}, {Key: "vintages", Kind: Count},
		{Key: "first_vintage"}, {Key: "last_vintage"}}}
	for _, r := range rows {
		t.Add(Str(r.Series), Str(string(r.Flow)), Str(string(r.Currency)), Val(float64(r.Observations)), Val(float64(r.Periods)),
			Str(r.Kinds), Str(r.First.String()), Str(r.Last.String()), Val(float64(r.Vintages)), Str(r.FirstVintage.String()), Str(r.LastVintage.String()))
	}
	return t
}

// FindingsTable lays out `ceb data validate`.
func FindingsTable(fs []data.Finding) *Table {
	t := &Table{Columns: []Column{{Key: "file"}, {Key: "line", Kind: Count}, {Key: "column", Kind: Count}, {Key: "severity"}, {Key: "check"}, {Key: "message"}}}
	for _, f := range fs {
		line, col := Cell{}, Cell{}
		if f.Line > 0 {
			line = Val(float64(f.Line))
		}
		if f.Col > 0 {
			col = Val(float64(f.Col))
		}
		t.Add(Str(f.File), line, col, Str(string(f.Severity)), Str(f.Check), Str(f.Message))
	}
	return t
}
