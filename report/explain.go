package report

import (
	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Explanation is the lineage of one figure: the statistic with its numbers
// (one of Growth, Comparison, Multiple), the levels it rests on, each with
// the observations used and those passed over, and its notes. It is built
// from the very numbers the stats commands print; package vocab words it
// (the formula with its numbers, the rounding to the published form, the
// consistency reasoning).
type Explanation struct {
	What       string // growth, compare or multiple
	Key        data.Key
	Reference  string
	Growth     stats.Growth
	Comparison stats.Comparison
	Multiple   stats.Multiple
	Levels     []Lineage
	Notes      []Note
}

// Roles of the levels of an explanation.
const (
	RoleCurrent      = "current"
	RoleBase         = "base"
	RoleRefCurrent   = "reference current"
	RoleRefBase      = "reference base"
	RoleMultipleTo   = "to"
	RoleMultipleFrom = "from"
)

// Lineage is one level a figure rests on: its role, the figure, its value,
// how it was derived (Derived, data.Value's account) or why it is missing
// (Missing), and the observations used and passed over.
type Lineage struct {
	Role       string
	Key        data.Key
	Value      *float64
	Derived    string
	Missing    string
	Used       []Evidence
	PassedOver []Evidence
}

// Evidence is one observation: where it was read (with the SHA-256 of its
// file) and, for one passed over, why: superseded by a later vintage
// (Superseded, the vintage used) or published after the as-of date
// (AfterAsOf). Published marks the figure itself, read beside the parts
// its value rests on.
type Evidence struct {
	Obs        data.Observation
	SHA256     string
	Published  bool
	Superseded data.Date
	AfterAsOf  data.Date
}

// lineage collects the evidence of the level of k in view v of ds.
func lineage(v *data.View, ds *data.Dataset, role string, k data.Key) Lineage {
	l := Lineage{Role: role, Key: k}
	val, err := v.Value(k)
	if err != nil {
		l.Missing = reasonOf(err)
		return l
	}
	if val.HasValue {
		l.Value = &val.Value
	}
	l.Derived = val.Derived
	used := map[data.Key]data.Date{}
	for _, o := range val.Parts {
		l.Used = append(l.Used, evidence(ds, o))
		used[o.Key()] = o.Vintage
	}
	if len(val.Parts) == 0 || val.Published != nil {
		// The figure itself, when the value rests on its parts (or is a
		// rate only).
		for _, o := range ds.Obs {
			if o.Key() == k && o.Vintage == val.Vintage && !o.Vintage.After(v.AsOf) {
				e := evidence(ds, o)
				e.Published = true
				l.Used = append(l.Used, e)
				used[k] = o.Vintage
				break
			}
		}
	}
	for _, o := range ds.Obs {
		vin, ok := used[o.Key()]
		if !ok || o.Vintage == vin {
			continue
		}
		e := evidence(ds, o)
		if !v.AsOf.IsZero() && o.Vintage.After(v.AsOf) {
			e.AfterAsOf = v.AsOf
		} else {
			e.Superseded = vin
		}
		l.PassedOver = append(l.PassedOver, e)
	}
	return l
}

func evidence(ds *data.Dataset, o data.Observation) Evidence {
	e := Evidence{Obs: o}
	for _, s := range ds.Sources {
		if s.Path == o.Pos.File {
			e.SHA256 = s.SHA256
		}
	}
	return e
}

// ExplainGrowth explains the year-on-year growth of k: the two levels,
//
//	growth = v(p) / v(p − 1 year) − 1
//
// the headline's basis, and where the published rate falls against the
// interval the levels' rounding allows.
func ExplainGrowth(v *data.View, ds *data.Dataset, k data.Key) (Explanation, error) {
	g, err := stats.YoY(v, k)
	if err != nil {
		return Explanation{}, err
	}
	bk := k
	bk.Period = g.BasePeriod
	return Explanation{What: "growth", Key: k, Growth: g,
		Levels: []Lineage{lineage(v, ds, RoleCurrent, k), lineage(v, ds, RoleBase, bk)},
		Notes:  GrowthNotes(k.Series, k.Period, g.BasePeriod)}, nil
}

// ExplainCompare explains the comparison of k with the reference series:
// the growth of both and
//
//	gap   = round(rate, 1) − round(reference rate, 1)
//	share = v / v_ref
func ExplainCompare(v *data.View, ds *data.Dataset, k data.Key, reference string) (Explanation, error) {
	c, err := stats.Compare(v, k, reference)
	if err != nil {
		return Explanation{}, err
	}
	e, err := ExplainGrowth(v, ds, k)
	if err != nil {
		return e, err
	}
	rk := withSeries(k, reference)
	rb := rk
	rb.Period = k.Period.YearAgo()
	e.What, e.Reference, e.Comparison = "compare", reference, c
	e.Levels = append(e.Levels, lineage(v, ds, RoleRefCurrent, rk), lineage(v, ds, RoleRefBase, rb))
	e.Notes = Distinct(e.Notes, GrowthNotes(reference, k.Period, c.BasePeriod))
	return e, nil
}

// ExplainMultiple explains the multiple of k's period against fromYear:
//
//	ratio = v(to) / v(from); 增长X倍 = ratio − 1; CAGR = ratio^(1/n) − 1
func ExplainMultiple(v *data.View, ds *data.Dataset, k data.Key, fromYear int) (Explanation, error) {
	m, err := stats.MultipleOf(v, k, fromYear)
	if err != nil {
		return Explanation{}, err
	}
	fk := k
	fk.Period = m.From
	return Explanation{What: "multiple", Key: k, Multiple: m,
		Levels: []Lineage{lineage(v, ds, RoleMultipleTo, k), lineage(v, ds, RoleMultipleFrom, fk)},
		Notes:  SpanNotes(k.Series, spanPeriods(m.From, m.To))}, nil
}
