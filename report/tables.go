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
				out = append(out, Column{Key: n, Zh: map[string]string{"partner": "国别(地区)", "province": "省份", "trade_mode": "贸易方式", "hs": "商品编码"}[n]})
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

func periodText(p data.Period, lang string) string {
	if lang == "zh" {
		return p.Label("zh")
	}
	return p.String()
}

func flowText(f data.Flow, lang string) string { return f.Label(lang) }

func consistencyText(c stats.Consistency) string { return string(c) }

var growthColumns = []Column{
	{Key: "series", Zh: "系列"},
	{Key: "flow", Zh: "流向"},
	{Key: "period", Zh: "期间"},
	{Key: "base_period", En: "base", Zh: "基期"},
	{Key: "currency", Zh: "币种", Detail: true},
	{Key: "value", Zh: "金额", Kind: Amount},
	{Key: "base_value", En: "base value", Zh: "基期金额", Kind: Amount},
	{Key: "change", Zh: "增加额", Kind: Amount},
	{Key: "growth_pct", En: "growth", Zh: "同比", Kind: Percent},
	{Key: "growth_basis", En: "basis", Zh: "口径"},
	{Key: "computed_growth_pct", En: "computed", Zh: "计算值", Kind: Percent},
	{Key: "reported_growth_pct", En: "reported", Zh: "公布值", Kind: Percent, Detail: true},
	{Key: "consistency", En: "check", Zh: "核对"},
	{Key: "vintage", Zh: "发布日期", Detail: true},
	{Key: "base_vintage", Zh: "基期发布日期", Detail: true},
}

var reasonColumn = Column{Key: "reason", Zh: "说明"}

func growthCells(g stats.Growth, lang string) []Cell {
	return []Cell{
		Str(g.Key.Series), Str(flowText(g.Key.Flow, lang)), Str(periodText(g.Key.Period, lang)), Str(periodText(g.BasePeriod, lang)),
		Str(string(g.Key.Currency)), Num(g.Value), Num(g.BaseValue), Num(g.Change), Num(g.GrowthPct), Str(string(g.Basis)),
		Num(g.ComputedPct), Num(g.ReportedPct), Str(consistencyText(g.Consistency)), Str(g.Vintage.String()), Str(g.BaseVintage.String()),
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
func GrowthTable(rows []stats.Growth, cur data.Currency, lang string) *Table {
	dc := dimColumns(rows, func(g stats.Growth) data.Dims { return g.Key.Dims })
	t := &Table{Columns: append(withDims(growthColumns, dc), reasonColumn), Currency: cur}
	for _, g := range rows {
		t.Add(append(insertDims(growthCells(g, lang), dimCells(dc, g.Key.Dims)), Str(reason(g)))...)
	}
	return t
}

// reason is the row's reason, with a sign change put in words.
func reason(g stats.Growth) string {
	if g.SignChange && g.Value != nil && g.BaseValue != nil {
		return SignChange(*g.BaseValue, *g.Value, g.Key.Currency, "en")
	}
	return g.Reason
}

var compareColumns = []Column{
	{Key: "reference", Zh: "参照"},
	{Key: "reference_value", En: "reference value", Zh: "参照金额", Kind: Amount, Detail: true},
	{Key: "reference_base_value", Zh: "参照基期金额", Kind: Amount, Detail: true},
	{Key: "reference_growth_pct", En: "ref. growth", Zh: "参照同比", Kind: Percent},
	{Key: "gap_pp", En: "gap (pp)", Zh: "差距(百分点)", Kind: Points},
	{Key: "gap_pp_exact", Zh: "差距精确值", Kind: Points, Detail: true},
	{Key: "share_pct", En: "share", Zh: "占比", Kind: Percent},
	{Key: "share_change_pp", En: "share chg (pp)", Zh: "占比变化(百分点)", Kind: Points},
	{Key: "contribution_pp", En: "contrib. (pp)", Zh: "拉动(百分点)", Kind: Points},
	{Key: "growth_share_pct", En: "share of growth", Zh: "贡献率", Kind: Percent},
}

// CompareTable lays out comparisons with a reference series (docs/design.md, JSON output: the
// growth fields plus the comparison fields). Human formats show a compact
// selection.
func CompareTable(rows []stats.Comparison, cur data.Currency, lang string) *Table {
	dc := dimColumns(rows, func(c stats.Comparison) data.Dims { return c.Key.Dims })
	gcols := withDims(growthColumns, dc)
	// In the human table the growth part keeps only the essentials.
	for i := range gcols {
		switch gcols[i].Key {
		case "base_period", "base_value", "change", "growth_basis", "computed_growth_pct", "consistency":
			gcols[i].Detail = true
		}
	}
	t := &Table{Columns: append(append(gcols, compareColumns...), reasonColumn), Currency: cur}
	for _, c := range rows {
		cells := insertDims(growthCells(c.Growth, lang), dimCells(dc, c.Key.Dims))
		cells = append(cells, Str(c.Reference), Num(c.Ref.Value), Num(c.Ref.BaseValue), Num(c.Ref.GrowthPct),
			Num(c.GapPP), Num(c.GapPPExact), Num(c.SharePct), Num(c.ShareChangePP), Num(c.ContributionPP), Num(c.GrowthSharePct), Str(c.Reason))
		t.Add(cells...)
	}
	return t
}

var multipleColumns = []Column{
	{Key: "series", Zh: "系列"},
	{Key: "flow", Zh: "流向"},
	{Key: "currency", Zh: "币种", Detail: true},
	{Key: "from", Zh: "起"},
	{Key: "to", Zh: "止"},
	{Key: "years", Zh: "年数", Kind: Count},
	{Key: "from_value", En: "from value", Zh: "起始金额", Kind: Amount},
	{Key: "to_value", En: "to value", Zh: "终止金额", Kind: Amount},
	{Key: "ratio", Zh: "倍数(是…的X倍)", Kind: Ratio},
	{Key: "increase_times", En: "grew (times)", Zh: "增长(倍)", Kind: Ratio},
	{Key: "increase_pct", En: "increase", Zh: "增长", Kind: Percent},
	{Key: "cagr_pct", En: "CAGR", Zh: "年均增长", Kind: Percent},
	{Key: "trend_growth_pct", En: "trend growth", Zh: "趋势增长", Kind: Percent},
	{Key: "trend_r2", En: "trend R²", Zh: "趋势R²", Kind: Fraction},
}

// MultipleTable lays out multiples (docs/design.md, JSON output: multiple).
func MultipleTable(rows []stats.Multiple, cur data.Currency, lang string) *Table {
	dc := dimColumns(rows, func(m stats.Multiple) data.Dims { return m.Dims })
	cols := append(append(append([]Column{}, multipleColumns[:2]...), dc...), multipleColumns[2:]...)
	t := &Table{Columns: append(cols, reasonColumn), Currency: cur}
	for _, m := range rows {
		cells := []Cell{Str(m.Series), Str(flowText(m.Flow, lang))}
		cells = append(cells, dimCells(dc, m.Dims)...)
		cells = append(cells, Str(string(m.Currency)), Str(periodText(m.From, lang)), Str(periodText(m.To, lang)), Val(float64(m.Years)),
			Num(m.FromValue), Num(m.ToValue), Num(m.Ratio), Num(m.IncreaseTimes), Num(m.IncreasePct), Num(m.CAGRPct),
			Num(m.TrendGrowthPct), Num(m.TrendR2), Str(m.Reason))
		t.Add(cells...)
	}
	return t
}

// TrendTable lays out a series over a span (docs/design.md, JSON output: trend).
func TrendTable(rows []stats.Growth, cur data.Currency, lang string) *Table {
	dc := dimColumns(rows, func(g stats.Growth) data.Dims { return g.Key.Dims })
	cols := []Column{{Key: "series", Zh: "系列"}, {Key: "flow", Zh: "流向"}}
	cols = append(cols, dc...)
	cols = append(cols, Column{Key: "period", Zh: "期间"}, Column{Key: "currency", Zh: "币种", Detail: true},
		Column{Key: "value", Zh: "金额", Kind: Amount}, Column{Key: "growth_pct", En: "growth", Zh: "同比", Kind: Percent},
		Column{Key: "growth_basis", En: "basis", Zh: "口径"}, reasonColumn)
	t := &Table{Columns: cols, Currency: cur}
	for _, g := range rows {
		cells := []Cell{Str(g.Key.Series), Str(flowText(g.Key.Flow, lang))}
		cells = append(cells, dimCells(dc, g.Key.Dims)...)
		cells = append(cells, Str(periodText(g.Key.Period, lang)), Str(string(g.Key.Currency)), Num(g.Value), Num(g.GrowthPct), Str(string(g.Basis)), Str(reason(g)))
		t.Add(cells...)
	}
	return t
}

// ObservationTable lays out observations as canonical rows: value in base
// units with unit 1, so the CSV output loads back into ceb unchanged.
func ObservationTable(obs []data.Observation, cur data.Currency, lang string) *Table {
	dc := dimColumns(obs, func(o data.Observation) data.Dims { return o.Dims })
	cols := []Column{{Key: "series", Zh: "系列"}, {Key: "flow", Zh: "流向"}, {Key: "period", Zh: "期间"},
		{Key: "value", Zh: "金额", Kind: Amount}, {Key: "unit", Detail: true}, {Key: "currency", Zh: "币种"},
		{Key: "vintage", Zh: "发布日期"}, {Key: "reported_yoy", En: "reported yoy", Zh: "公布同比", Kind: Percent},
		{Key: "source", Zh: "来源", Detail: true}, {Key: "note", Zh: "备注", Detail: true}}
	cols = append(cols, dc...)
	t := &Table{Columns: cols, Currency: cur}
	for _, o := range obs {
		val := Cell{}
		if o.HasValue {
			val = Val(o.Value)
		}
		cells := []Cell{Str(o.Series), Str(string(o.Flow)), Str(o.Period.String()), val, Str("1"), Str(string(o.Currency)),
			Str(o.Vintage.String()), Num(o.ReportedYoY), Str(o.Source), Str(o.Note)}
		t.Add(append(cells, dimCells(dc, o.Dims)...)...)
	}
	return t
}

// Coverage is one line of `ceb data list`.
type Coverage struct {
	Series       string
	Flow         data.Flow
	Currency     data.Currency
	Observations int
	Periods      int
	Kinds        string
	First, Last  data.Period
	Vintages     int
	FirstVintage data.Date
	LastVintage  data.Date
}

// CoverageTable lays out `ceb data list`.
func CoverageTable(rows []Coverage) *Table {
	t := &Table{Columns: []Column{{Key: "series"}, {Key: "flow"}, {Key: "currency"}, {Key: "observations", Kind: Count},
		{Key: "periods", Kind: Count}, {Key: "kinds"}, {Key: "first"}, {Key: "last"}, {Key: "vintages", Kind: Count},
		{Key: "first_vintage", En: "first vintage"}, {Key: "last_vintage", En: "last vintage"}}}
	for _, r := range rows {
		t.Add(Str(r.Series), Str(string(r.Flow)), Str(string(r.Currency)), Val(float64(r.Observations)), Val(float64(r.Periods)),
			Str(r.Kinds), Str(r.First.String()), Str(r.Last.String()), Val(float64(r.Vintages)), Str(r.FirstVintage.String()), Str(r.LastVintage.String()))
	}
	return t
}

// FindingsTable lays out `ceb data validate`.
func FindingsTable(fs []data.Finding) *Table {
	t := &Table{Columns: []Column{{Key: "file"}, {Key: "line", Kind: Count}, {Key: "column", Kind: Count}, {Key: "severity"}, {Key: "message"}}}
	for _, f := range fs {
		line, col := Cell{}, Cell{}
		if f.Line > 0 {
			line = Val(float64(f.Line))
		}
		if f.Col > 0 {
			col = Val(float64(f.Col))
		}
		t.Add(Str(f.File), line, col, Str(string(f.Severity)), Str(f.Message))
	}
	return t
}
