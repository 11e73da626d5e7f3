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
	// Over names the dimensions summed over (TopResult.Over), and Absent the
	// members of this row missing in one of the two years, each counted as
	// absent (zero) in that year.
	Over   []string
	Absent []TopAbsent
	// Members, on a grouping row asked for with TopQuery.Groups, is how
	// many of its members the sum holds (0 on a published grouping);
	// Secondary marks a membership from a secondary list (Belt and Road:
	// codes.BeltAndRoadSource), which output must name beside the figure.
	Members   int
	Secondary bool
}

// TopAbsent is a member of a row summed over other dimensions that has a
// figure in one year only: Dims are its values of the dimensions summed
// over, Period the year it has no figure for.
type TopAbsent struct {
	Dims   data.Dims
	Period data.Period
}

// TopQuery is a ranked breakdown: the dimension, how many items to show,
// and for HS codes the digits to group at.
type TopQuery struct {
	Query
	By       string // partner, province, hs, trade_mode
	N        int
	HSDigits int // 2, 4, 6 or 8; 0 keeps the codes as they are
	// Groups names partner groupings (ASEAN, EU, RCEP, BRI, continents) to
	// show as the sum of their members in the data, where the data does
	// not publish the grouping itself.
	Groups []string
	over   []string
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
	// Over names the dimensions the breakdown is also by and that Top
	// summed over (partner, for HS chapters of a query export by chapter and
	// partner); nil when the figures are by the ranked dimension alone.
	Over []string
}

// Top ranks the items of a dimension for one series, flow and period
// (defaults: the first series asked for, else cbec or the first series
// with that dimension; the total where the breakdown has it, published or
// derived as export + import, else the flow it has; the latest period that
// has it). The items
// are the figures by that dimension and otherwise by the selection's
// dimensions (q.Dims: hs within one province, say), by it alone when
// nothing is selected. Where the data has no such figures but figures by
// more dimensions (a query export by HS chapter and partner), each item is
// the sum over the other dimensions (the fewest the data has; TopResult.Over
// names them), each year summed over the members present that year: a
// member missing in one year counts as absent there, and the row lists it
// (TopRow.Absent); an item none of whose members is present now is ranked
// at zero, so that the total a year earlier is whole. Partner groupings
// among those members are not summed
// (they would count their members twice); remainders are:
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
// Partner groupings (ASEAN, the EU, RCEP, Belt and Road, continents:
// codes.IsGrouping), which customs tables list beside their members, are
// not items: they would be counted twice. They follow the total as rows of
// kind grouping, largest first, with their shares of and contributions to
// the same total. Remainders (其他, 亚洲其他国家(地区), codes.Remainder) are
// parts of the total but not one partner: counted in the sum, never ranked,
// rows of kind remainder after the groupings.
//
// Each item carries its first quantity (第一数量) in both years where every
// member gives one in a single unit; stats.SplitVolume splits its growth
// into unit value and volume.
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
	q.over = q.overDims(v, series, p)
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
	members, err := q.addGroups(items)
	if err != nil {
		return TopResult{}, err
	}
	list := make([]stats.BreakdownItem, 0, len(items))
	for _, it := range items {
		bi := stats.BreakdownItem{Code: it.code, Value: it.cur, Base: it.base, HasBase: it.hasBase, Rate: it.rate,
			Grouping: codes.IsGrouping(q.By, it.code), Remainder: codes.Remainder(q.By, it.code)}
		if it.qtyOK {
			bi.Quantity = it.qty
		}
		if it.baseQtyOK {
			bi.BaseQuantity = it.baseQty
		}
		for y, per := range []string{p.String(), p.YearAgo().String()} {
			if u := it.units[y]; len(u) > 1 {
				bi.QuantityReason = fmt.Sprintf("quantities in several units for %s: %s", per, strings.Join(u, ", "))
				break
			}
		}
		list = append(list, bi)
	}
	k := q.key(series, flow, p)
	total, published := topTotal(v, k, list)
	res := TopResult{TotalPublished: published, Series: series, Flow: flow, Period: p, Over: q.over}
	for _, r := range stats.Rank(list, total, q.N, p) {
		row := TopRow{Key: k, RankedRow: r, Over: q.over}
		if it := items[r.Code]; it != nil && r.Kind != stats.RowOthers && r.Kind != stats.RowTotal {
			row.Absent = it.absent
		}
		if n, ok := members[r.Code]; ok && r.Kind == stats.RowGrouping {
			row.Members, row.Secondary = n, r.Code == "BRI"
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// addGroups adds to the items the groupings q.Groups names, each the sum
// of its members among the items (a member without a base leaves the sum
// without one), unless the data publishes the grouping; it returns how
// many members each sum holds.
func (q TopQuery) addGroups(items map[string]*topItem) (map[string]int, error) {
	if len(q.Groups) == 0 {
		return nil, nil
	}
	if q.By != "partner" {
		return nil, &QueryError{fmt.Errorf("--group works with --by partner, not --by %s", q.By)}
	}
	members := map[string]int{}
	for _, name := range q.Groups {
		g, ok := codes.Lookup("partner", name)
		if !ok || !g.Grouping || codes.Remainder("partner", name) {
			return nil, &QueryError{fmt.Errorf("--group %q: not a partner grouping; use ASEAN, EU, RCEP, BRI (Belt and Road), ASIA, AFRICA, EUROPE, LATAM, NORTHAM or OCEANIA", name)}
		}
		published := false
		for code := range items {
			published = published || codes.Same("partner", code, g.Code)
		}
		if published {
			continue // the data's own figure
		}
		sum := &topItem{code: g.Code, hasBase: true}
		for _, it := range items {
			e, ok := codes.Lookup("partner", it.code)
			if !ok || e.Grouping || !e.In(g.Code) {
				continue
			}
			sum.members++
			sum.cur += it.cur
			sum.base += it.base
			sum.hasBase = sum.hasBase && it.hasBase
		}
		if sum.members > 0 {
			items[g.Code], members[g.Code] = sum, sum.members
		}
	}
	return members, nil
}

// topFlow chooses the flow to rank when none is asked for, with its items:
// the total where the breakdown has it (published, or derived as export +
// import), else the one flow the breakdown has (a customs query of exports
// alone), else the first it has in the order total, export, import.
func (q TopQuery) topFlow(v *data.View, series string, p data.Period) (data.Flow, map[string]*topItem, error) {
	var has []data.Flow
	for _, o := range v.Observations() {
		if o.Series == series && o.Currency == q.Currency && p.Contains(o.Period) && q.inBreakdown(o.Dims) && !slices.Contains(has, o.Flow) {
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

// topItem is one item of a breakdown, its codes grouped (HS digits) and
// summed over the other dimensions (q.over).
type topItem struct {
	code      string
	cur, base float64
	hasBase   bool
	rate      *float64
	members   int
	absent    []TopAbsent
	// qty and baseQty sum the members' first quantities; qtyOK says that
	// every member present gave one, in one unit.
	qty, baseQty     *data.Quantity
	qtyOK, baseQtyOK bool
	// nCur and nBase count the members with a figure now and a year
	// earlier; missingBase marks a code without a base (no q.over).
	nCur, nBase int
	missingBase bool
	units       [2][]string // the quantity units of the members, now and a year earlier
}

// addQty adds a member's quantity to a sum, which stays valid while every
// member gives one in the same unit; units collects the units seen.
func addQty(sum **data.Quantity, ok *bool, first bool, q *data.Quantity, units *[]string) {
	if q != nil && !slices.Contains(*units, q.Unit) {
		*units = append(*units, q.Unit)
	}
	switch {
	case first:
		*ok = q != nil
		if q != nil {
			c := *q
			*sum = &c
		}
	case !*ok:
	case q == nil || q.Unit != (*sum).Unit:
		*ok = false
	default:
		(*sum).Amount += q.Amount
	}
}

// collect gathers the items of the dimension for the series, flow and
// period, each member once whichever flows it publishes, grouped at the HS
// digits asked for and summed over q.over.
func (q TopQuery) collect(v *data.View, series string, flow data.Flow, p data.Period) (map[string]*topItem, error) {
	items := map[string]*topItem{}
	seen := map[data.Dims]bool{}
	basePeriod := p.YearAgo()
	// The members are the dimension values of observations within p or a
	// year earlier: a breakdown published by month serves a year, summed by
	// the view; a member of the base year alone is absent now.
	for _, o := range v.Observations() {
		code := o.Dims.Get(q.By)
		if o.Series != series || o.Currency != q.Currency || !(p.Contains(o.Period) || basePeriod.Contains(o.Period)) || !q.inBreakdown(o.Dims) || seen[o.Dims] {
			continue
		}
		seen[o.Dims] = true // each member once, whichever flows it publishes
		if q.By == "hs" && q.HSDigits > 0 && len(code) > q.HSDigits {
			code = code[:q.HSDigits]
		}
		k := q.key(series, flow, p)
		k.Dims = o.Dims
		var cur, base *float64
		var curQty, baseQty *data.Quantity
		var rate *float64
		g, err := stats.YoY(v, k)
		switch {
		case err == nil && g.Value != nil:
			cur, base, rate = g.Value, g.BaseValue, g.GrowthPct
			if val, err := v.Value(k); err == nil {
				curQty = val.Quantities()[0]
			}
		case err != nil && !errors.Is(err, data.ErrNoData):
			return nil, err
		}
		kb := k
		kb.Period = basePeriod
		if val, err := v.Value(kb); err == nil && val.HasValue {
			baseQty = val.Quantities()[0]
			if cur == nil {
				base = &val.Value
			}
		}
		if cur == nil && (len(q.over) == 0 || base == nil) {
			continue // another flow of the same item, or no figure either year
		}
		it := items[code]
		if it == nil {
			it = &topItem{code: code}
			items[code] = it
		}
		it.members++
		it.rate = rate
		if it.members > 1 {
			it.rate = nil // a group of members: computed below
		}
		if cur != nil {
			it.cur += *cur
			addQty(&it.qty, &it.qtyOK, it.nCur == 0, curQty, &it.units[0])
			it.nCur++
		}
		if base != nil {
			it.base += *base
			addQty(&it.baseQty, &it.baseQtyOK, it.nBase == 0, baseQty, &it.units[1])
			it.nBase++
		} else if len(q.over) == 0 {
			it.missingBase = true
		}
		if len(q.over) > 0 && (cur == nil) != (base == nil) {
			var d data.Dims
			for _, n := range q.over {
				d.Set(n, o.Dims.Get(n))
			}
			missing := basePeriod
			if cur == nil {
				missing = p
			}
			it.absent = append(it.absent, TopAbsent{Dims: d, Period: missing})
		}
	}
	for code, it := range items {
		if it.nCur == 0 && len(q.over) == 0 {
			delete(items, code) // a year earlier only
			continue
		}
		// Summed over other dimensions, an item has a base, zero when no
		// member has one (counted as absent); grouped by HS digits alone,
		// it has one when every code has one.
		it.hasBase = it.nBase > 0 && !it.missingBase || len(q.over) > 0
		sort.Slice(it.absent, func(i, j int) bool {
			a, b := it.absent[i], it.absent[j]
			if a.Period != b.Period {
				return a.Period.EndsAfter(b.Period)
			}
			return fmt.Sprint(a.Dims) < fmt.Sprint(b.Dims)
		})
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

// inBreakdown reports whether figures by d are members of the breakdown:
// by q.By, by the selection, and by exactly the dimensions q.over besides,
// none of them a partner grouping (its members are there too; a remainder
// is a part like any other).
func (q TopQuery) inBreakdown(d data.Dims) bool {
	if d.Get(q.By) == "" {
		return false
	}
	for _, n := range data.DimNames {
		switch {
		case n == q.By:
		case slices.Contains(q.over, n):
			if d.Get(n) == "" || codes.IsGrouping(n, d.Get(n)) && !codes.Remainder(n, d.Get(n)) {
				return false
			}
		case d.Get(n) != q.Dims.Get(n):
			return false
		}
	}
	return true
}

// overDims chooses the dimensions to sum over: none where the data has
// figures by q.By (and the selection) alone in p, else the fewest other
// dimensions it has them by (in the order of data.DimNames on a tie).
func (q TopQuery) overDims(v *data.View, series string, p data.Period) []string {
	var best []string
	found := false
	for _, o := range v.Observations() {
		if o.Series != series || o.Currency != q.Currency || !p.Contains(o.Period) || o.Dims.Get(q.By) == "" {
			continue
		}
		var extra []string
		ok := true
		for _, n := range data.DimNames {
			switch {
			case n == q.By:
			case q.Dims.Get(n) != "":
				ok = ok && o.Dims.Get(n) == q.Dims.Get(n)
			case o.Dims.Get(n) != "":
				extra = append(extra, n)
			}
		}
		if !ok {
			continue
		}
		if len(extra) == 0 {
			return nil
		}
		if !found || len(extra) < len(best) || len(extra) == len(best) && strings.Join(extra, ",") < strings.Join(best, ",") {
			best, found = extra, true
		}
	}
	return best
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

// TopTable lays out a ranked breakdown. Where some row carries a
// quantity, the columns quantity, quantity_unit, unit_value,
// unit_value_growth_pct, volume_growth_pct and quantity_reason follow
// (stats.SplitVolume); where some row was summed over members missing in
// one year, the column absent names them.
func TopTable(rows []TopRow, by string, cur data.Currency, totalPublished bool) *Table {
	var volume, absent bool
	for _, r := range rows {
		volume = volume || r.Volume.Quantity != nil || r.Volume.Reason != ""
		absent = absent || len(r.Absent) > 0
	}
	t := &Table{Currency: cur, Columns: []Column{
		{Key: "rank", Kind: Count, Keep: true},
		{Key: by, Word: "dim." + by, Dim: by, Kind: RankCode, Keep: true},
		{Key: "label", Dim: by, Kind: RankLabel, Keep: true},
		{Key: "value", Kind: Amount, Keep: true},
		{Key: "share_pct", Kind: Share, Keep: true},
		{Key: "growth_pct", Kind: Percent, Keep: true},
		{Key: "contribution_pp", Kind: Points},
		{Key: "growth_share_pct", Kind: Percent},
		{Key: "prev_rank", Kind: Count},
		{Key: "base_value", Kind: Amount, Detail: true},
		reasonColumn,
		{Key: "kind", Detail: true},
	}}
	if volume {
		// The split of growth right after growth (a narrow terminal drops
		// the columns from the right: contributions go first), the levels
		// at the end.
		t.Columns = slices.Insert(t.Columns, 6,
			Column{Key: "unit_value_growth_pct", Kind: Percent},
			Column{Key: "volume_growth_pct", Kind: Percent})
		t.Columns = append(t.Columns,
			Column{Key: "quantity", Kind: Count},
			Column{Key: "quantity_unit"},
			Column{Key: "unit_value", Kind: Price},
			Column{Key: "quantity_reason", Kind: Reason, Qualifies: true})
	}
	if absent {
		// People read it as notes below the table (TopNotes), whatever
		// the width.
		t.Columns = append(t.Columns, Column{Key: "absent", Kind: Reason, Detail: true})
	}
	for _, r := range rows {
		rank, prev := Cell{}, Cell{}
		if r.Rank > 0 {
			rank = Val(float64(r.Rank))
		}
		if r.PrevRank > 0 {
			prev = Val(float64(r.PrevRank))
		}
		code := Cell{S: r.Code, Row: r.Kind, TotalPublished: totalPublished}
		if r.Members > 0 {
			code.Row = "grouping.sum"
			if r.Secondary {
				code.Row = "grouping.secondary"
			}
		}
		cells := []Cell{rank, code, code, Num(r.Value), Num(r.SharePct), Num(r.GrowthPct), Num(r.ContributionPP), Num(r.GrowthSharePct), prev, Num(r.Base), Str(r.Reason), Str(r.Kind)}
		if volume {
			vs := r.Volume
			cells = slices.Insert(cells, 6, Num(vs.UnitValueGrowthPct), Num(vs.VolumeGrowthPct))
			cells = append(cells, Num(vs.Quantity), Str(vs.QuantityUnit), Num(vs.UnitValue), Str(vs.Reason))
		}
		if absent {
			cells = append(cells, Str(AbsentReason(r.Absent, r.Over)))
		}
		t.Add(cells...)
	}
	return t
}

// AbsentReason says which members of a row summed over other dimensions
// have no figure in one year, in the form package vocab words as a reason:
// "absent in 2023 (counted as zero): partner 303, 304; absent in 2024
// (counted as zero): partner 110" (the values as the data writes them,
// joined by "/" across several dimensions).
func AbsentReason(absent []TopAbsent, over []string) string {
	var parts []string
	for i := 0; i < len(absent); {
		j := i
		var names []string
		for ; j < len(absent) && absent[j].Period == absent[i].Period; j++ {
			var vals []string
			for _, n := range over {
				vals = append(vals, absent[j].Dims.Get(n))
			}
			names = append(names, strings.Join(vals, "/"))
		}
		parts = append(parts, fmt.Sprintf("absent in %s (counted as zero): %s %s", absent[i].Period, strings.Join(over, "/"), strings.Join(names, ", ")))
		i = j
	}
	return strings.Join(parts, "; ")
}
