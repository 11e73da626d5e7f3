package report

import (
	"math"
	"slices"
	"sort"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Change is one figure that differs between two vintages of the data: its
// level, its published rate, its headline growth, or against the reference
// series its gap in points or its share.
type Change struct {
	Key           data.Key
	What          string // level, published rate, growth, gap, share
	Figure        FigureKind
	Before, After *float64
	// Headline says that the figure as the press text writes it changed
	// (DiffQuery.Press); SignChange that a rate or a balance changed sign.
	Headline, SignChange bool
}

// DiffQuery selects what Diff compares: some series (empty: all), one
// period (nil: all), the reference series for gaps and shares, and how the
// press text writes a figure, direction included (vocab.Lang.FigureText:
// "up 13%", "4.4 percentage points higher"): two values whose press forms
// agree are no change to the press.
type DiffQuery struct {
	Series    []string
	Period    *data.Period
	Currency  data.Currency
	Reference string
	Press     func(k FigureKind, x float64, cur data.Currency) string
}

// Diff lists what changed from one view of the data to another: the data as
// published on two dates, or two sets of files. Every dimension-free figure
// either view holds is compared by level (as derived: a finer sum of parts
// counts), published rate and headline growth, and for series other than
// the reference by gap and share. Figures are compared unrounded; Headline
// marks those whose rounded press form changed.
func Diff(before, after *data.View, q DiffQuery) []Change {
	keys := map[data.Key]bool{}
	for _, v := range []*data.View{before, after} {
		for _, o := range v.Observations() {
			k := o.Key()
			if !o.Dims.IsZero() || o.Currency != q.Currency || (len(q.Series) > 0 && !slices.Contains(q.Series, k.Series)) || (q.Period != nil && k.Period != *q.Period) {
				continue
			}
			keys[k] = true
		}
	}
	list := make([]data.Key, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	sort.Slice(list, func(i, j int) bool { return keyLess(list[i], list[j]) })
	var out []Change
	for _, k := range list {
		out = append(out, diffKey(before, after, k, q)...)
	}
	return out
}

func keyLess(a, b data.Key) bool {
	if a.Series != b.Series {
		return a.Series < b.Series
	}
	if c := a.Period.Compare(b.Period); c != 0 {
		return c < 0
	}
	return a.Flow.Order() < b.Flow.Order()
}

func diffKey(before, after *data.View, k data.Key, q DiffQuery) []Change {
	var out []Change
	add := func(what string, fig FigureKind, b, a *float64, sign bool) {
		if b == nil && a == nil {
			return
		}
		if b != nil && a != nil && math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b)) {
			return
		}
		c := Change{Key: k, What: what, Figure: fig, Before: b, After: a}
		c.Headline = b == nil || a == nil || q.Press == nil || q.Press(fig, *b, k.Currency) != q.Press(fig, *a, k.Currency)
		c.SignChange = sign && b != nil && a != nil && (*b < 0) != (*a < 0) && *b != 0 && *a != 0
		out = append(out, c)
	}
	level := func(v *data.View) *float64 {
		val, err := v.Value(k)
		if err != nil || !val.HasValue {
			return nil
		}
		return &val.Value
	}
	add("level", FigAmount, level(before), level(after), k.Flow == data.Balance)
	gb, errB := stats.YoY(before, k)
	ga, errA := stats.YoY(after, k)
	if errB != nil {
		gb = stats.Growth{}
	}
	if errA != nil {
		ga = stats.Growth{}
	}
	add("published rate", FigRate, gb.ReportedPct, ga.ReportedPct, true)
	add("growth", FigRate, gb.GrowthPct, ga.GrowthPct, true)
	if k.Series != q.Reference && q.Reference != "" {
		cb, errB := stats.Compare(before, k, q.Reference)
		ca, errA := stats.Compare(after, k, q.Reference)
		if errB != nil {
			cb = stats.Comparison{}
		}
		if errA != nil {
			ca = stats.Comparison{}
		}
		add("gap", FigPoints, cb.GapPP, ca.GapPP, true)
		add("share", FigShare, cb.SharePct, ca.SharePct, false)
	}
	return out
}

// DiffTable lays out the changes.
func DiffTable(changes []Change, cur data.Currency) *Table {
	t := &Table{Currency: cur, Columns: []Column{
		{Key: "series", Keep: true}, {Key: "flow", Keep: true, Kind: Flow}, {Key: "period", Keep: true, Kind: Period},
		{Key: "currency", Detail: true},
		{Key: "what", Keep: true, Kind: Term},
		{Key: "before", Kind: General, Detail: true}, {Key: "after", Kind: General, Detail: true},
		{Key: "before_text", Keep: true, Kind: Figure}, {Key: "after_text", Keep: true, Kind: Figure},
		{Key: "headline", Keep: true, Kind: Term}, {Key: "sign_change", Kind: Term},
	}}
	// series, flow, period head a block; "what" labels each line, then
	// before_text → after_text, marked when the press figure changed.
	t.Stack = &Stack{Group: []int{0, 1, 2}, Label: 4, From: 7, To: 8, Mark: 9}
	for _, c := range changes {
		t.Add(Str(c.Key.Series), Str(string(c.Key.Flow)), Str(c.Key.Period.String()), Str(string(c.Key.Currency)),
			Str("diff."+c.What), Num(c.Before), Num(c.After), Fig(c.Before, c.Figure, c.Key.Currency), Fig(c.After, c.Figure, c.Key.Currency), Flag(c.Headline), Flag(c.SignChange))
	}
	return t
}
