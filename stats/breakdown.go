package stats

import (
	"fmt"
	"sort"

	"github.com/cbec-stats/ceb/data"
)

// BreakdownItem is one item of a breakdown (a partner, a province, a
// product, a trade mode) with its level now and a year earlier, in base
// units. Rate is the item's headline year-on-year rate where it has one
// (published, or computed by YoY); nil computes it from the levels.
type BreakdownItem struct {
	Code        string
	Value, Base float64
	HasBase     bool
	Rate        *float64
	// Grouping marks a partner grouping (ASEAN, the EU, a continent): it is
	// not an item, since its members are items too.
	Grouping bool
	// Remainder marks a part that is not one item (亚洲其他国家(地区), a
	// table's 其他, partner unknown): it is counted in the sum of the items
	// but not ranked, and follows the groupings.
	Remainder bool
	// Quantity and BaseQuantity are the item's first quantity now and a
	// year earlier (nil when not published, or not in one unit).
	Quantity, BaseQuantity *data.Quantity
	// QuantityReason, when set, says why the item has no usable quantity
	// although its parts have some (parts in different units): the split
	// of its growth is nil with this reason.
	QuantityReason string
}

// BreakdownTotal is the whole the items are parts of: the published
// dimension-free figure (Published) with its headline rate, or the sum of
// the items.
type BreakdownTotal struct {
	Value, Base float64
	HasBase     bool
	Rate        *float64
	Published   bool
}

// Row kinds of a ranked breakdown.
const (
	RowItem      = "item"
	RowOthers    = "others"
	RowTotal     = "total"
	RowGrouping  = "grouping"
	RowRemainder = "remainder"
)

// RankedRow is one row of a ranked breakdown: an item with its rank, the
// others beyond the top n, the total, or a grouping.
type RankedRow struct {
	Kind     string // item, others, total, grouping
	Rank     int    // 1.. for items; 0 otherwise
	PrevRank int    // the item's rank a year earlier; 0 when unknown
	Code     string
	Value    *float64
	Base     *float64
	// SharePct is 100 × value / total; GrowthPct the headline rate.
	SharePct, GrowthPct *float64
	// ContributionPP (拉动) and GrowthSharePct (贡献率), see Rank.
	ContributionPP, GrowthSharePct *float64
	Reason                         string
	// Volume splits the value growth into unit value and volume where
	// the row has quantities (SplitVolume).
	Volume VolumeSplit
}

// VolumeSplit is an item's value growth split into price and volume
// (SplitVolume): its quantity now in QuantityUnit, its unit value (value
// per unit of quantity, in base units of money: yuan per 千克) and the
// growth of each, in percent. Reason says why they are nil.
type VolumeSplit struct {
	Quantity                            *float64
	QuantityUnit                        string
	UnitValue                           *float64
	UnitValueGrowthPct, VolumeGrowthPct *float64
	Reason                              string
}

// SplitVolume splits the growth of a value v (b a year earlier) into the
// growth of its unit value and of its volume, from quantities q (qb a year
// earlier) in one unit of measure:
//
//	unit value         u  = v / q            (yuan per 千克, dollars per 件)
//	unit-value growth     = 100 × ((v / q) / (b / qb) − 1)
//	volume growth         = 100 × (q / qb − 1)
//
// so that, with the value growth computed from the same levels
// (g = v / b − 1, not a published rate),
//
//	(1 + g) = (1 + unit-value growth / 100) × (1 + volume growth / 100)
//
// exactly up to floating-point rounding. This is the decomposition of
// customs' price and volume indices for one item (a Laspeyres and a Paasche
// index coincide for a single good); for a group of goods it mixes price
// with a change in the mix.
//
// Input rules: both quantities must be given in the same unit; quantities
// in different units are never compared. Edge cases: a missing quantity, a
// change of unit, a missing base value, or a zero or negative quantity
// leaves every field nil (the unit too) with a Reason naming the period
// (basePeriod for the base, period for now) and the units; nothing is ever
// NaN or Inf.
func SplitVolume(v, b float64, hasBase bool, q, qb *data.Quantity, period, basePeriod string) VolumeSplit {
	switch {
	case q == nil && qb == nil:
		return VolumeSplit{Reason: "no quantity"}
	case q == nil:
		return VolumeSplit{Reason: "no quantity for " + period}
	case qb == nil || !hasBase:
		return VolumeSplit{Reason: "no quantity for " + basePeriod}
	case q.Unit != qb.Unit:
		return VolumeSplit{Reason: fmt.Sprintf("quantity in %s for %s but in %s for %s", q.Unit, period, qb.Unit, basePeriod)}
	case q.Amount <= 0 || qb.Amount <= 0 || b <= 0:
		return VolumeSplit{Reason: "no unit value: zero quantity or value"}
	}
	uv, ub := v/q.Amount, b/qb.Amount
	return VolumeSplit{Quantity: ptr(q.Amount), QuantityUnit: q.Unit, UnitValue: ptr(uv),
		UnitValueGrowthPct: ptr(100 * (uv/ub - 1)), VolumeGrowthPct: ptr(100 * (q.Amount/qb.Amount - 1))}
}

// SumItems is the total of a breakdown without a published one: the sum of
// its items (groupings left out), with a base only when every item has one.
// The items are added largest first (ties by code), the order of the
// ranking, so that the sum does not depend on the order they come in.
func SumItems(items []BreakdownItem) BreakdownTotal {
	t := BreakdownTotal{HasBase: true}
	items = append([]BreakdownItem(nil), items...)
	sortByValue(items)
	for _, it := range items {
		if it.Grouping && !it.Remainder {
			continue
		}
		t.Value += it.Value
		t.Base += it.Base
		t.HasBase = t.HasBase && it.HasBase
	}
	return t
}

// Rank ranks the items of a breakdown by value, largest first (ties by
// code), keeps the top n (all when n ≤ 0), and relates each row to the
// total. With v and b an item's level now and a year earlier, and V and B
// the total's:
//
//	share        = 100 × v / V
//	growth       = the item's headline rate, else 100 × (v / b − 1)
//	contribution = 100 × (v − b) / B          (拉动, points)
//	growth share = 100 × (v − b) / (V − B)     (贡献率)
//
// The items are followed by "others", the total less the top n (v and b
// both), whenever some items are left out or the total (published, or
// holding remainders) exceeds their sum, so the shares of the rows shown add up to 100 and their
// contributions to the total's growth; then the total itself; then the
// groupings, largest first, with their shares of and contributions to the
// same total but no rank; then the remainders (counted in the total and in
// "others", not ranked). PrevRank is an item's rank by its base among the
// items that have one. Items, groupings and remainders with quantities in
// both years split their growth into unit value and volume (SplitVolume).
//
// Edge cases: a zero total gives no shares; a total without a base, or a
// zero base, gives no contributions; an unchanged total gives no growth
// shares; an item without a base, or with a zero base (a member absent a
// year earlier, counted as zero), has no growth and says why in Reason
// ("no level for P", P the base period: p a year earlier); a zero base
// still counts in contributions.
func Rank(items []BreakdownItem, total BreakdownTotal, n int, p data.Period) []RankedRow {
	period, basePeriod := p.String(), p.YearAgo().String()
	var list, groupings, remainders []BreakdownItem
	for _, it := range items {
		switch {
		case it.Remainder:
			remainders = append(remainders, it)
		case it.Grouping:
			groupings = append(groupings, it)
		default:
			list = append(list, it)
		}
	}
	sortByValue(list)
	sortByValue(groupings)
	sortByValue(remainders)
	prevRank := map[string]int{}
	byBase := append([]BreakdownItem(nil), list...)
	sort.SliceStable(byBase, func(i, j int) bool { return byBase[i].Base > byBase[j].Base })
	for i, it := range byBase {
		if it.HasBase && it.Base > 0 {
			prevRank[it.Code] = i + 1
		}
	}
	row := func(kind, code string, cur, base float64, hasBase bool, rate *float64) RankedRow {
		r := RankedRow{Kind: kind, Code: code, Value: ptr(cur), GrowthPct: rate}
		if total.Value != 0 {
			r.SharePct = ptr(100 * cur / total.Value)
		}
		if !hasBase {
			r.Reason = "no level for " + basePeriod
			return r
		}
		r.Base = ptr(base)
		if r.GrowthPct == nil && base > 0 {
			r.GrowthPct = ptr(100 * (cur/base - 1))
		}
		if r.GrowthPct == nil && base == 0 {
			r.Reason = "no level for " + basePeriod // counted as zero
		}
		if total.HasBase && total.Base > 0 {
			r.ContributionPP = ptr(100 * (cur - base) / total.Base)
		}
		if total.HasBase && total.Value != total.Base {
			r.GrowthSharePct = ptr(100 * (cur - base) / (total.Value - total.Base))
		}
		return r
	}
	if n <= 0 || n > len(list) {
		n = len(list)
	}
	var rows []RankedRow
	var topCur, topBase float64
	topHasBase := true
	withVolume := func(r RankedRow, it BreakdownItem) RankedRow {
		if it.QuantityReason != "" {
			r.Volume = VolumeSplit{Reason: it.QuantityReason}
		} else if it.Quantity != nil || it.BaseQuantity != nil {
			r.Volume = SplitVolume(it.Value, it.Base, it.HasBase, it.Quantity, it.BaseQuantity, period, basePeriod)
		}
		return r
	}
	for i, it := range list[:n] {
		r := withVolume(row(RowItem, it.Code, it.Value, it.Base, it.HasBase, it.Rate), it)
		r.Rank, r.PrevRank = i+1, prevRank[it.Code]
		rows = append(rows, r)
		topCur += it.Value
		topBase += it.Base
		topHasBase = topHasBase && it.HasBase
	}
	if others := total.Value - topCur; n < len(list) || (total.Published || len(remainders) > 0) && others != 0 {
		rows = append(rows, row(RowOthers, RowOthers, others, total.Base-topBase, topHasBase && total.HasBase, nil))
	}
	rows = append(rows, row(RowTotal, RowTotal, total.Value, total.Base, total.HasBase, total.Rate))
	for _, it := range groupings {
		rows = append(rows, withVolume(row(RowGrouping, it.Code, it.Value, it.Base, it.HasBase, it.Rate), it))
	}
	for _, it := range remainders {
		rows = append(rows, withVolume(row(RowRemainder, it.Code, it.Value, it.Base, it.HasBase, it.Rate), it))
	}
	return rows
}

// sortByValue orders items largest first, ties by code.
func sortByValue(l []BreakdownItem) {
	sort.Slice(l, func(i, j int) bool {
		if l[i].Value != l[j].Value {
			return l[i].Value > l[j].Value
		}
		return l[i].Code < l[j].Code
	})
}
