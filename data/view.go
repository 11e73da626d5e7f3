package data

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// View is a dataset as it stood on a date: for every key (series, flow,
// period, currency, dimensions) it holds the observation with the latest
// vintage not after AsOf. Observations without a vintage rank below any dated
// one; among observations with equal vintages the one loaded last wins.
// A zero AsOf admits every vintage.
type View struct {
	AsOf Date
	obs  map[Key]Observation
	// first is the earliest vintage of each key not after AsOf.
	first map[Key]Date
	// byBase groups the selected observations by key without the period.
	byBase map[Key][]Observation
	// sorted are the selected observations in Observations' order, sorted
	// once on first use (a view never changes after NewView).
	sorted func() []Observation
	// conflicts are the figures the data gives twice at the selected vintage.
	conflicts []Conflict
}

// Conflict is a figure the data gives twice at one vintage, with another
// value or another published rate: the view uses Used, the later of the
// two in the data, and Other is passed over. Which one is right the data
// does not say, so the caller tells the user (ceb data validate lists
// them as duplicates).
type Conflict struct {
	Used, Other Observation
}

// Conflicts are the figures selected from two observations of one vintage
// that differ, in the order of the data.
func (v *View) Conflicts() []Conflict { return v.conflicts }

// Conflicting reports whether two observations of one figure and vintage
// contradict each other: another value, or two published rates that
// differ. A rate beside none is not a contradiction (one row gives the
// level, another the level and its rate): the view keeps the rate. ceb
// data validate's duplicates check uses the same rule.
func Conflicting(a, b Observation) bool {
	if a.HasValue != b.HasValue || a.HasValue && a.Value != b.Value {
		return true
	}
	return a.ReportedYoY != nil && b.ReportedYoY != nil && *a.ReportedYoY != *b.ReportedYoY
}

// replaces reports whether o, a later row of cur's figure and vintage, is
// the one a view uses: always, unless it is the same figure without the
// rate cur gives (the rate is kept). data validate follows the same rows.
func replaces(cur, o Observation) bool {
	return Conflicting(cur, o) || o.ReportedYoY != nil || cur.ReportedYoY == nil
}

// NewView selects, per key, the latest vintage of ds not after asOf.
func NewView(ds *Dataset, asOf Date) *View {
	v := &View{AsOf: asOf, obs: map[Key]Observation{}, first: map[Key]Date{}, byBase: map[Key][]Observation{}}
	var passed []Observation
	for _, o := range ds.Obs {
		if !asOf.IsZero() && o.Vintage.After(asOf) {
			continue
		}
		k := o.Key()
		if f, ok := v.first[k]; !ok || o.Vintage.Before(f) {
			v.first[k] = o.Vintage
		}
		cur, ok := v.obs[k]
		if ok && o.Vintage.Before(cur.Vintage) {
			continue
		}
		if ok && o.Vintage == cur.Vintage {
			if !replaces(cur, o) {
				continue
			}
			if Conflicting(o, cur) {
				passed = append(passed, cur)
			}
		}
		v.obs[k] = o
	}
	// Each observation passed over for another of its vintage that says
	// something else, against the one finally used (a later vintage makes
	// the pair moot).
	for _, o := range passed {
		if used := v.obs[o.Key()]; used.Vintage == o.Vintage && Conflicting(used, o) {
			v.conflicts = append(v.conflicts, Conflict{Used: used, Other: o})
		}
	}
	for k, o := range v.obs {
		b := k
		b.Period = Period{}
		v.byBase[b] = append(v.byBase[b], o)
	}
	for _, list := range v.byBase {
		sort.Slice(list, func(i, j int) bool { return list[i].Period.Compare(list[j].Period) < 0 })
	}
	v.sorted = sync.OnceValue(func() []Observation { return sortedObs(v.obs) })
	return v
}

// Observations returns the selected observations sorted by series, flow,
// currency, period and dimensions: a copy the caller may change, of a
// list sorted once per view (a ranked breakdown reads it several times).
func (v *View) Observations() []Observation {
	if v.sorted == nil { // a zero View
		return nil
	}
	return slices.Clone(v.sorted())
}

func sortedObs(m map[Key]Observation) []Observation {
	out := make([]Observation, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	SortObservations(out)
	return out
}

// SortObservations orders observations by series, currency, dimensions,
// period, flow (total, export, import, balance) and vintage.
func SortObservations(list []Observation) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		switch {
		case a.Series != b.Series:
			return a.Series < b.Series
		case a.Currency != b.Currency:
			return a.Currency < b.Currency
		case a.Dims != b.Dims:
			return dimsLess(a.Dims, b.Dims)
		case a.Period != b.Period:
			return a.Period.Compare(b.Period) < 0
		case a.Flow != b.Flow:
			return a.Flow.Order() < b.Flow.Order()
		}
		return a.Vintage.Before(b.Vintage)
	})
}

func dimsLess(a, b Dims) bool { return compareDims(a, b) < 0 }

// compareDims orders dimensions by DimNames, then by value.
func compareDims(a, b Dims) int {
	for _, n := range DimNames {
		if c := strings.Compare(a.Get(n), b.Get(n)); c != 0 {
			return c
		}
	}
	return 0
}

// Periods returns the periods for which the view holds a published value of
// the series, flow and currency (all dimensions empty), in order.
func (v *View) Periods(series string, flow Flow, cur Currency) []Period {
	var out []Period
	for _, o := range v.byBase[Key{Series: series, Flow: flow, Currency: cur}] {
		if o.HasValue {
			out = append(out, o.Period)
		}
	}
	return out
}

// Latest returns the latest period the view can give a value for: the one
// that ends last, the longest of those ending together. It considers
// published totals and periods whose exports and imports are both published.
func (v *View) Latest(series string, cur Currency, kinds ...PeriodKind) (Period, bool) {
	var best Period
	found := false
	consider := func(p Period) {
		if len(kinds) > 0 && !slices.Contains(kinds, p.Kind()) {
			return
		}
		if !found || p.EndsAfter(best) {
			best, found = p, true
		}
	}
	for _, f := range []Flow{Total, Export, Import} {
		for _, p := range v.Periods(series, f, cur) {
			if _, err := v.Value(Key{Series: series, Flow: Total, Period: p, Currency: cur}); err == nil {
				consider(p)
			}
		}
	}
	return best, found
}

// Value is a figure for one key, published or derived.
type Value struct {
	Key Key
	// Value is in base units; meaningful only when HasValue.
	Value    float64
	HasValue bool
	// HalfWidth is how far the true value may lie from Value given the
	// rounding of the published digits (half a step, summed over parts).
	HalfWidth float64
	// Reported is the officially published growth rate, percent, if any.
	Reported *float64
	// Vintage is the publication date of the figure (the latest of its parts
	// when derived).
	Vintage Date
	// Derived says how the value was obtained when it was not published as
	// such: "export + import", "export - import" or "sum of 2024Q1, 2024Q2".
	// Empty for a published value.
	Derived string
	// Parts are the observations the value rests on.
	Parts []Observation
	// Published is the figure as published when Value is the finer sum of
	// its parts (a headline "2.1万亿" whose parts give 2.0578万亿), and
	// PublishedObs the observation that published it: not one of Parts (the
	// value does not rest on its level), but the release of the figure and
	// of its rate.
	Published    *float64
	PublishedObs *Observation
}

// Release is the kind of release the value comes from: its parts' kind
// when they agree (exports and imports of one preliminary release give a
// preliminary total), else empty.
func (val Value) Release() Release {
	var r Release
	for i, o := range val.Parts {
		if i > 0 && o.Release != r {
			return ""
		}
		r = o.Release
	}
	return r
}

// Quantities are the value's first and second quantities: a published
// figure's own, or the sum of its parts' when every part gives the
// quantity in the same unit. A quantity that some part lacks or gives in
// another unit (千克 beside 件) is nil, as it is for a difference (a period
// taken from a cumulative figure, a balance): never a sum across units.
func (val Value) Quantities() [2]*Quantity {
	var q [2]*Quantity
	if len(val.Parts) == 0 || val.Derived == "export - import" || strings.Contains(val.Derived, " − ") {
		return q
	}
	for k := range q {
		sum, ok := Quantity{}, true
		for i, o := range val.Parts {
			pq := o.Quantities[k]
			if pq == nil || (i > 0 && pq.Unit != sum.Unit) {
				ok = false
				break
			}
			sum.Amount += pq.Amount
			sum.Unit = pq.Unit
		}
		if ok {
			q[k] = &sum
		}
	}
	return q
}

// Revised reports whether a part of the value is a revision: its figure
// was published earlier with another vintage.
func (v *View) Revised(val Value) bool {
	for _, o := range val.Parts {
		if v.first[o.Key()].Before(o.Vintage) {
			return true
		}
	}
	return false
}

// FirstPublished reports whether every part of the value is at the first
// vintage the view holds for its figure.
func (v *View) FirstPublished(val Value) bool {
	for _, o := range val.Parts {
		if v.first[o.Key()].Before(o.Vintage) {
			return false
		}
	}
	return len(val.Parts) > 0
}

// ErrNoData is the cause of a MissingError (errors.Is).
var ErrNoData = errors.New("no data")

// MissingError says that a period has no published value and cannot be
// derived: which months are missing, and what the data does cover.
type MissingError struct {
	Key     Key
	Missing []Period // months with no data, when some finer periods exist
	Covered []Period // periods published for the series, flow and currency
	// Unbroken names the dimensions of the key that the data does not
	// break the series down by at all (a partner asked of a file without
	// partners), when nothing is covered.
	Unbroken []string
}

func (e *MissingError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no data for %s %s %s", e.Key.Series, e.Key.Flow, e.Key.Period)
	var dims []string
	for _, n := range DimNames {
		if v := e.Key.Dims.Get(n); v != "" {
			fmt.Fprintf(&b, " %s=%s", n, v)
			dims = append(dims, n)
		}
	}
	fmt.Fprintf(&b, " (%s)", e.Key.Currency)
	switch freq, latest := e.published(); {
	case len(e.Unbroken) > 0:
		fmt.Fprintf(&b, ": the data has no %s breakdown of %s", strings.Join(e.Unbroken, " or "), e.Key.Series)
	case len(e.Covered) == 0 && len(dims) > 0:
		fmt.Fprintf(&b, ": the data has no such series, flow, currency and %s", strings.Join(dims, " and "))
	case len(e.Covered) == 0:
		b.WriteString("; the data has no such series, flow and currency")
	case e.monthsMissing():
		fmt.Fprintf(&b, ": not published, and months %s are missing to derive it", joinPeriods(e.Missing))
		fmt.Fprintf(&b, "; the data covers %s", summarizePeriods(e.Covered))
	default:
		fmt.Fprintf(&b, ": it is published %s, latest %s", freq, latest)
	}
	return b.String()
}

// Unwrap returns ErrNoData.
func (e *MissingError) Unwrap() error { return ErrNoData }

// Reason is the short form for a row that could not be computed: "no data
// for 2025Q1: published yearly and half-yearly, latest 2025", or with the
// months that are missing to derive it where the series is published by
// month. Months are named only for a series that has them.
func (e *MissingError) Reason() string {
	freq, latest := e.published()
	switch {
	case len(e.Covered) == 0:
		return fmt.Sprintf("no data for %s", e.Key.Period)
	case e.monthsMissing():
		return fmt.Sprintf("no data for %s: months %s are missing to derive it", e.Key.Period, joinPeriods(e.Missing))
	}
	return fmt.Sprintf("no data for %s: published %s, latest %s", e.Key.Period, freq, latest)
}

// monthsMissing says whether the period could be derived from months the
// series publishes, had the missing ones been published.
func (e *MissingError) monthsMissing() bool {
	if len(e.Missing) == 0 || len(e.Missing) >= e.Key.Period.Len() {
		return false
	}
	for _, p := range e.Covered {
		if p.Kind() == KindMonth {
			return true
		}
	}
	return false
}

// published says how the series, flow and currency are published, from
// the coarsest frequency ("yearly and half-yearly"), and its latest period
// (the one ending last).
func (e *MissingError) published() (string, Period) {
	names := map[PeriodKind]string{KindYear: "yearly", KindHalf: "half-yearly", KindQuarter: "quarterly", KindMonth: "monthly", KindRange: "year to date"}
	seen := map[PeriodKind]bool{}
	var latest Period
	for i, p := range e.Covered {
		seen[p.Kind()] = true
		if i == 0 || p.EndsAfter(latest) {
			latest = p
		}
	}
	var kinds []string
	for k := KindYear; k <= KindRange; k++ {
		if seen[k] {
			kinds = append(kinds, names[k])
		}
	}
	freq := strings.Join(kinds, " and ")
	if len(kinds) > 2 {
		freq = strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1]
	}
	return freq, latest
}

func joinPeriods(ps []Period) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

// summarizePeriods lists periods compactly, at most 12, then "and N more".
func summarizePeriods(ps []Period) string {
	if len(ps) <= 12 {
		return joinPeriods(ps)
	}
	return joinPeriods(ps[:12]) + fmt.Sprintf(" and %d more", len(ps)-12)
}

// Value returns the figure for k, in this order:
//
//   - the published observation if it has a level, unless its published
//     parts (export + import, or finer periods) of the same or a later
//     release sum to a more precise figure inside its rounding interval:
//     "2.1万亿" beside 1.53万亿 + 5278亿 is 2.0578万亿;
//   - the sum of published finer periods that exactly tile k's months (the
//     fewest pieces, so published quarters are preferred to months);
//   - a published cumulative figure less the part of it before k's period:
//     Q2 = H1 − Q1, Q4 = year − Jan–Sep, June = Jan–Jun − Jan–May. January
//     and February are never split out of a January–February figure;
//   - for total and balance, export ± import.
//
// Derived says which. An observation that publishes only a rate is returned
// with HasValue false when no level can be derived. A period that cannot be
// covered is a *MissingError naming the missing months.
func (v *View) Value(k Key) (Value, error) {
	direct, hasDirect := v.obs[k]
	if hasDirect && direct.HasValue {
		res := Value{Key: k, Value: direct.Value, HasValue: true, HalfWidth: direct.Step / 2,
			Reported: direct.ReportedYoY, Vintage: direct.Vintage, Parts: []Observation{direct}}
		if finer, ok := v.preciseParts(k, direct); ok {
			finer.Reported, finer.Vintage, finer.Published, finer.PublishedObs = direct.ReportedYoY, later(finer.Vintage, direct.Vintage), &direct.Value, &direct
			finer.Derived += fmt.Sprintf(", more precise than the published %s (unit %s)", machineNumber(direct.Value/direct.Unit.Factor()), direct.Unit.Code())
			return finer, nil
		}
		return res, nil
	}
	res, missing, ok := v.tile(k)
	if !ok {
		res, ok = v.subtract(k)
	}
	if !ok && (k.Flow == Total || k.Flow == Balance) {
		ek, ik := k, k
		ek.Flow, ik.Flow = Export, Import
		e, errE := v.Value(ek)
		i, errI := v.Value(ik)
		if errE == nil && errI == nil && e.HasValue && i.HasValue {
			res = Value{Key: k, Value: e.Value + i.Value, HasValue: true, HalfWidth: e.HalfWidth + i.HalfWidth,
				Vintage: later(e.Vintage, i.Vintage), Derived: "export + import", Parts: append(append([]Observation{}, e.Parts...), i.Parts...)}
			if k.Flow == Balance {
				res.Value, res.Derived = e.Value-i.Value, "export - import"
			}
			ok = true
		}
	}
	if hasDirect {
		if !ok {
			res = Value{Key: k, Parts: []Observation{direct}}
		}
		res.Reported, res.Vintage = direct.ReportedYoY, later(res.Vintage, direct.Vintage)
		return res, nil
	}
	if ok {
		return res, nil
	}
	base := k
	base.Period = Period{}
	var covered []Period
	for _, o := range v.byBase[base] {
		if o.HasValue {
			covered = append(covered, o.Period)
		}
	}
	me := &MissingError{Key: k, Missing: missing, Covered: covered}
	if len(covered) == 0 {
		me.Unbroken = v.unbroken(k)
	}
	return Value{}, me
}

// unbroken names the dimensions of k that no observation of its series has.
func (v *View) unbroken(k Key) []string {
	var out []string
	for _, n := range DimNames {
		if k.Dims.Get(n) == "" {
			continue
		}
		found := false
		for b := range v.byBase {
			if b.Series == k.Series && b.Dims.Get(n) != "" {
				found = true
				break
			}
		}
		if !found {
			out = append(out, n)
		}
	}
	return out
}

// preciseParts returns the sum of the published parts of direct, export +
// import for a total or the finer periods that tile it, when they are of
// the same or a later release, more precise, and inside direct's rounding
// interval.
func (v *View) preciseParts(k Key, direct Observation) (Value, bool) {
	if direct.Step <= 0 {
		return Value{}, false
	}
	var candidates []Value
	if sum, _, ok := v.tile(k); ok {
		candidates = append(candidates, sum)
	}
	if k.Flow == Total {
		ek, ik := k, k
		ek.Flow, ik.Flow = Export, Import
		e, okE := v.obs[ek]
		i, okI := v.obs[ik]
		if okE && okI && e.HasValue && i.HasValue {
			candidates = append(candidates, Value{Key: k, Value: e.Value + i.Value, HasValue: true, HalfWidth: (e.Step + i.Step) / 2,
				Vintage: later(e.Vintage, i.Vintage), Derived: "export + import", Parts: []Observation{e, i}})
		}
	}
	for _, c := range candidates {
		fresh := true
		for _, o := range c.Parts {
			fresh = fresh && !o.Vintage.Before(direct.Vintage)
		}
		inside := math.Abs(c.Value-direct.Value) <= direct.Step/2*(1+1e-9)
		if fresh && inside && c.HalfWidth < direct.Step/2 {
			return c, true
		}
	}
	return Value{}, false
}

// subtract derives k's period from a published cumulative figure of the
// same year that ends with it, less the earlier part of that figure
// (published or summed): 2021Q2 = 2021H1 − 2021Q1. The shortest such figure
// whose earlier part the data has is used. January and February are not
// split.
func (v *View) subtract(k Key) (Value, bool) {
	p := k.Period
	if p.From <= 2 {
		return Value{}, false
	}
	base := k
	base.Period = Period{}
	var wholes []Observation
	for _, o := range v.byBase[base] {
		if o.HasValue && o.Period.Year == p.Year && o.Period.To == p.To && o.Period.From < p.From {
			wholes = append(wholes, o)
		}
	}
	sort.Slice(wholes, func(i, j int) bool { return wholes[i].Period.From > wholes[j].Period.From })
	for _, whole := range wholes {
		before := k
		before.Period = Range(p.Year, whole.Period.From, p.From-1)
		var earlier Value
		if o, ok := v.obs[before]; ok && o.HasValue {
			earlier = Value{Value: o.Value, HalfWidth: o.Step / 2, Vintage: o.Vintage, Parts: []Observation{o}}
		} else if sum, _, ok := v.tile(before); ok {
			earlier = sum
		} else {
			continue
		}
		return Value{Key: k, Value: whole.Value - earlier.Value, HasValue: true, HalfWidth: whole.Step/2 + earlier.HalfWidth,
			Vintage: later(whole.Vintage, earlier.Vintage), Derived: whole.Period.String() + " − " + before.Period.String(),
			Parts: append([]Observation{whole}, earlier.Parts...)}, true
	}
	return Value{}, false
}

func later(a, b Date) Date {
	if a.Before(b) {
		return b
	}
	return a
}

// tile covers k.Period with the fewest published strictly finer periods of
// the same series, flow, currency and dimensions. It returns the months no
// piece covers when it fails.
func (v *View) tile(k Key) (Value, []Period, bool) {
	base := k
	base.Period = Period{}
	p := k.Period
	var pieces []Observation
	covered := map[int]bool{}
	for _, o := range v.byBase[base] {
		if o.HasValue && o.Period != p && p.Contains(o.Period) {
			pieces = append(pieces, o)
			for m := o.Period.From; m <= o.Period.To; m++ {
				covered[m] = true
			}
		}
	}
	var missing []Period
	for m := p.From; m <= p.To; m++ {
		if !covered[m] {
			missing = append(missing, Month(p.Year, m))
		}
	}
	if len(missing) > 0 {
		return Value{}, missing, false
	}
	// best[m] is the fewest pieces covering p.From..m-1 exactly; prev the
	// piece that ends there. Pieces are sorted by period, so ties keep the
	// earliest-listed (coarser, since equal starts sort shorter first: we
	// compare lengths explicitly).
	n := p.Len()
	const inf = 1 << 30
	best := make([]int, n+1)
	prev := make([]int, n+1)
	for i := range best {
		best[i], prev[i] = inf, -1
	}
	best[0] = 0
	for m := 0; m < n; m++ {
		if best[m] == inf {
			continue
		}
		for j, o := range pieces {
			if o.Period.From-p.From != m {
				continue
			}
			end := o.Period.To - p.From + 1
			if best[m]+1 < best[end] {
				best[end], prev[end] = best[m]+1, j
			}
		}
	}
	if best[n] == inf {
		// Every month is covered, but only by overlapping pieces such as
		// 2024-01..02 and 2024-02..03: no exact tiling exists.
		return Value{}, nil, false
	}
	var used []Observation
	for end := n; end > 0; {
		o := pieces[prev[end]]
		used = append(used, o)
		end = o.Period.From - p.From
	}
	res := Value{Key: k, HasValue: true}
	names := make([]string, 0, len(used))
	for i := len(used) - 1; i >= 0; i-- {
		o := used[i]
		res.Value += o.Value
		res.HalfWidth += o.Step / 2
		res.Vintage = later(res.Vintage, o.Vintage)
		res.Parts = append(res.Parts, o)
		names = append(names, o.Period.String())
	}
	res.Derived = "sum of " + strings.Join(names, ", ")
	return res, nil, true
}
