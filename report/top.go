package report

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/stats"
)

// TopRow is one line of a ranked breakdown (stats.RankedRow) with the
// figure broken down: series, flow, period and currency, without the ranked
// dimension.
type TopRow struct {
	Key data.Key
	stats.RankedRow
}

// TopQuery is a ranked breakdown: the dimension, how many items to show,
// and for HS codes the digits to group at.
type TopQuery struct {
	Query
	By       string // partner, province, hs, trade_mode
	N        int
	HSDigits int // 2, 4, 6 or 8; 0 keeps the codes as they are
}

// TopResult is a ranked breakdown and what it ranks: the series, flow and
// period Top chose (the caption of a table, the meta of JSON output).
type TopResult struct {
	Rows []TopRow
	// TotalPublished says that the total is the published figure, not the
	// sum of the items.
	TotalPublished bool
	Series         string
	Flow           data.Flow
	Period         data.Period
}

// Top ranks the items of a dimension for one series, flow and period
// (defaults: the first series asked for, else cbec or the first series
// with that dimension; the total where the breakdown has it, published or
// derived as export + import, else the flow it has; the latest period that
// has it). The items
// are the figures by that dimension and otherwise by the selection's
// dimensions (q.Dims: hs within one province, say), by it alone when
// nothing is selected:
//
//	share        = 100 × v_i / V
//	contribution = 100 × (v_i − b_i) / B          (拉动, points)
//	growth share = 100 × (v_i − b_i) / (V − B)     (贡献率)
//
// where V and B are the total now and a year earlier: the dimension-free
// figure where the data publishes one (TotalPublished reports it), else the
// sum of the items. "Others" is the total less the top n, so the shares of
// the rows shown add up to 100 and the contributions to the total's growth.
//
// Partner groupings (ASEAN, the EU, continents: codes.IsGrouping), which
// customs tables list beside their members, are not items: they would be
// counted twice. They follow the total as rows of kind grouping, largest
// first, with their shares of and contributions to the same total.
func Top(v *data.View, ds *data.Dataset, q TopQuery) (TopResult, error) {
	if !slices.Contains(data.DimNames, q.By) {
		return TopResult{}, &QueryError{fmt.Errorf("cannot rank by %q: use partner, province, hs or trade_mode", q.By)}
	}
	if w := q.Dims.Get(q.By); w != "" {
		return TopResult{}, &QueryError{fmt.Errorf("cannot rank by %s while selecting %s=%s: drop that selection, or rank by another dimension", q.By, q.By, w)}
	}
	q.resolveDims(ds)
	series, err := q.topSeries(v, ds)
	if err != nil {
		return TopResult{}, err
	}
	flow := data.Total
	if len(q.Flows) > 0 {
		flow = q.Flows[0]
	}
	p, err := q.topPeriod(v, series, flow)
	if err != nil {
		return TopResult{}, err
	}
	var items map[string]*topItem
	if len(q.Flows) == 0 {
		flow, items, err = q.topFlow(v, series, p)
	} else {
		items, err = q.collect(v, series, flow, p)
	}
	if err != nil {
		return TopResult{}, err
	}
	if len(items) == 0 {
		if also := q.alsoBy(v, series); len(also) > 0 {
			return TopResult{}, selectionError(data.HintCoverage, "no %s breakdown of %s %s %s in %s by %s alone: its figures are by %s too; select one %s to rank within it", q.By, series, flow, p, q.Currency, q.By, strings.Join(also, " and "), also[0])
		}
		return TopResult{}, selectionError(data.HintCoverage, "no %s breakdown of %s %s %s in %s", q.By, series, flow, p, q.Currency)
	}
	list := make([]stats.BreakdownItem, 0, len(items))
	for _, it := range items {
		list = append(list, stats.BreakdownItem{Code: it.code, Value: it.cur, Base: it.base, HasBase: it.hasBase, Rate: it.rate, Grouping: codes.IsGrouping(q.By, it.code)})
	}
	k := q.key(series, flow, p)
	total, published := topTotal(v, k, list)
	res := TopResult{TotalPublished: published, Series: series, Flow: flow, Period: p}
	for _, r := range stats.Rank(list, total, q.N, p.YearAgo().String()) {
		res.Rows = append(res.Rows, TopRow{Key: k, RankedRow: r})
	}
	return res, nil
}

// topFlow chooses the flow to rank when none is asked for, with its items:
// the total where the breakdown has it (published, or derived as export +
// import), else the one flow the breakdown has (a customs query of exports
// alone), else the first it has in the order total, export, import.
func (q TopQuery) topFlow(v *data.View, series string, p data.Period) (data.Flow, map[string]*topItem, error) {
	var has []data.Flow
	for _, o := range v.Observations() {
		if o.Series == series && o.Currency == q.Currency && p.Contains(o.Period) && o.Dims.Get(q.By) != "" && sameOtherDims(o.Dims, q.Dims, q.By) && !slices.Contains(has, o.Flow) {
			has = append(has, o.Flow)
		}
	}
	slices.SortFunc(has, func(a, b data.Flow) int { return a.Order() - b.Order() })
	items, err := q.collect(v, series, data.Total, p)
	if err != nil || len(items) > 0 || len(has) == 0 || has[0] == data.Total {
		return data.Total, items, err
	}
	items, err = q.collect(v, series, has[0], p)
	return has[0], items, err
}

// topItem is one item of a breakdown, its codes grouped (HS digits).
type topItem struct {
	code      string
	cur, base float64
	hasBase   bool
	rate      *float64
	members   int
}

// collect gathers the items of the dimension for the series, flow and
// period, each code once whichever flows it publishes, grouped at the HS
// digits asked for.
func (q TopQuery) collect(v *data.View, series string, flow data.Flow, p data.Period) (map[string]*topItem, error) {
	items := map[string]*topItem{}
	seen := map[string]bool{}
	// The items are the codes of observations within p: a breakdown
	// published by month serves a year, summed by the view.
	for _, o := range v.Observations() {
		code := o.Dims.Get(q.By)
		if o.Series != series || o.Currency != q.Currency || !p.Contains(o.Period) || code == "" || !sameOtherDims(o.Dims, q.Dims, q.By) || seen[code] {
			continue
		}
		seen[code] = true // each code once, whichever flows it publishes
		if q.By == "hs" && q.HSDigits > 0 && len(code) > q.HSDigits {
			code = code[:q.HSDigits]
		}
		k := q.key(series, flow, p)
		k.Dims.Set(q.By, o.Dims.Get(q.By))
		g, err := stats.YoY(v, k)
		if errors.Is(err, data.ErrNoData) || g.Value == nil {
			continue // another flow of the same item
		}
		if err != nil {
			return nil, err
		}
		it := items[code]
		if it == nil {
			it = &topItem{code: code, hasBase: true}
			items[code] = it
		}
		it.members++
		it.cur += *g.Value
		if g.BaseValue != nil {
			it.base += *g.BaseValue
		} else {
			it.hasBase = false
		}
		it.rate = g.GrowthPct
		if it.members > 1 {
			it.rate = nil // a group of codes: computed below
		}
	}
	return items, nil
}

// topTotal is the breakdown's total now and a year earlier: the figure
// without the dimension where the data publishes one (with its headline
// rate), else the sum of the items.
func topTotal(v *data.View, k data.Key, items []stats.BreakdownItem) (stats.BreakdownTotal, bool) {
	if g, err := stats.YoY(v, k); err == nil && g.Value != nil {
		t := stats.BreakdownTotal{Value: *g.Value, Rate: g.GrowthPct, Published: true}
		if g.BaseValue != nil {
			t.Base, t.HasBase = *g.BaseValue, true
		}
		return t, true
	}
	return stats.SumItems(items), false
}

// sameOtherDims reports whether d has the dimensions of the selection sel
// and no others, leaving by aside: with no selection, only by.
func sameOtherDims(d, sel data.Dims, by string) bool {
	for _, n := range data.DimNames {
		if n != by && d.Get(n) != sel.Get(n) {
			return false
		}
	}
	return true
}

// alsoBy names the dimensions that come with by in the data where none of
// its figures is by by alone (or within the selection): a file aggregated
// by province and hs, say, ranks hs within a province.
func (q TopQuery) alsoBy(v *data.View, series string) []string {
	var also []string
	for _, o := range v.Observations() {
		if o.Series != series || o.Dims.Get(q.By) == "" {
			continue
		}
		for _, n := range data.DimNames {
			if n != q.By && o.Dims.Get(n) != "" && q.Dims.Get(n) == "" && !slices.Contains(also, n) {
				also = append(also, n)
			}
		}
	}
	return also
}

func (q TopQuery) topSeries(v *data.View, ds *data.Dataset) (string, error) {
	if len(q.Series) > 0 {
		return q.Series[0], q.known(ds)
	}
	var with []string
	for _, o := range v.Observations() {
		if o.Dims.Get(q.By) != "" && o.Currency == q.Currency && !slices.Contains(with, o.Series) {
			with = append(with, o.Series)
		}
	}
	switch {
	case slices.Contains(with, "cbec"):
		return "cbec", nil
	case len(with) > 0:
		sort.Strings(with)
		return with[0], nil
	}
	return "", selectionError(data.HintCoverage, "the data has no %s breakdown in %s", q.By, q.Currency)
}

func (q TopQuery) topPeriod(v *data.View, series string, flow data.Flow) (data.Period, error) {
	if q.Period != nil {
		return *q.Period, nil
	}
	var best data.Period
	found := false
	for _, o := range v.Observations() {
		if o.Series == series && o.Currency == q.Currency && o.Dims.Get(q.By) != "" && (!found || o.Period.EndsAfter(best)) {
			best, found = o.Period, true
		}
	}
	if !found {
		return best, selectionError(data.HintCoverage, "no %s breakdown of %s in %s", q.By, series, q.Currency)
	}
	return best, nil
}

// TopTable lays out a ranked breakdown.
func TopTable(rows []TopRow, by string, cur data.Currency, totalPublished bool) *Table {
	t := &Table{Currency: cur, Columns: []Column{
		{Key: "rank", Kind: Count, Keep: true},
		{Key: by, Word: "dim." + by, Dim: by, Kind: RankCode, Keep: true},
		{Key: "label", Dim: by, Kind: RankLabel, Keep: true},
		{Key: "value", Kind: Amount, Keep: true},
		{Key: "share_pct", Kind: Percent, Keep: true},
		{Key: "growth_pct", Kind: Percent, Keep: true},
		{Key: "contribution_pp", Kind: Points},
		{Key: "growth_share_pct", Kind: Percent},
		{Key: "prev_rank", Kind: Count},
		{Key: "base_value", Kind: Amount, Detail: true},
		reasonColumn,
		{Key: "kind", Detail: true},
	}}
	for _, r := range rows {
		rank, prev := Cell{}, Cell{}
		if r.Rank > 0 {
			rank = Val(float64(r.Rank))
		}
		if r.PrevRank > 0 {
			prev = Val(float64(r.PrevRank))
		}
		code := Cell{S: r.Code, Row: r.Kind, TotalPublished: totalPublished}
		t.Add(rank, code, code, Num(r.Value), Num(r.SharePct), Num(r.GrowthPct), Num(r.ContributionPP), Num(r.GrowthSharePct), prev, Num(r.Base), Str(r.Reason), Str(r.Kind))
	}
	return t
}
