package report

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Change is one figure that differs between two vintages of the data: its
// level, its published rate, its headline growth, or against the reference
// series its gap in points or its share.
type Change struct {
	Key           data.Key
	What          string // level, published rate, growth, gap, share
	Before, After *float64
	// BeforeText and AfterText are the figure as a press release rounds
	// it: "1.22万亿元", "10.5%", "4.4个百分点" in Chinese, "CNY 1.22 trillion",
	// "+10.5%", "+4.4 points" in English.
	BeforeText, AfterText string
	// Headline says that the rounded press figure changed; SignChange that
	// a rate or a balance changed sign.
	Headline, SignChange bool
}

// DiffQuery selects what Diff compares: some series (empty: all), one
// period (nil: all), the reference series for gaps and shares, and the
// language of the rounded figures.
type DiffQuery struct {
	Series    []string
	Period    *data.Period
	Currency  data.Currency
	Reference string
	Lang      string
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
	add := func(what string, b, a *float64, text func(float64) string, sign bool) {
		if b == nil && a == nil {
			return
		}
		if b != nil && a != nil && math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b)) {
			return
		}
		c := Change{Key: k, What: what, Before: b, After: a}
		if b != nil {
			c.BeforeText = text(*b)
		}
		if a != nil {
			c.AfterText = text(*a)
		}
		c.Headline = c.BeforeText != c.AfterText
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
	add("level", level(before), level(after), func(x float64) string { return AmountWords(x, k.Currency, q.Lang) }, k.Flow == data.Balance)
	gb, errB := stats.YoY(before, k)
	ga, errA := stats.YoY(after, k)
	if errB != nil {
		gb = stats.Growth{}
	}
	if errA != nil {
		ga = stats.Growth{}
	}
	add("published rate", gb.ReportedPct, ga.ReportedPct, rateText(q.Lang), true)
	add("growth", gb.GrowthPct, ga.GrowthPct, rateText(q.Lang), true)
	if k.Series != q.Reference && q.Reference != "" {
		cb, errB := stats.Compare(before, k, q.Reference)
		ca, errA := stats.Compare(after, k, q.Reference)
		if errB != nil {
			cb = stats.Comparison{}
		}
		if errA != nil {
			ca = stats.Comparison{}
		}
		add("gap", cb.GapPP, ca.GapPP, pointsText(q.Lang), true)
		add("share", cb.SharePct, ca.SharePct, func(x float64) string { return strconv.FormatFloat(stats.Round(x, 1), 'f', 1, 64) + "%" }, false)
	}
	return out
}

func rateText(lang string) func(float64) string {
	return func(x float64) string {
		s := strconv.FormatFloat(stats.Round(x, 1), 'f', 1, 64) + "%"
		if lang != "zh" && stats.Round(x, 1) > 0 {
			s = "+" + s
		}
		return s
	}
}

func pointsText(lang string) func(float64) string {
	return func(x float64) string {
		s := strconv.FormatFloat(stats.Round(x, 1), 'f', 1, 64)
		if lang == "zh" {
			return s + "个百分点"
		}
		if stats.Round(x, 1) > 0 {
			s = "+" + s
		}
		return s + " points"
	}
}

// DiffTable lays out the changes.
func DiffTable(changes []Change, cur data.Currency, lang string) *Table {
	t := &Table{Currency: cur, Columns: []Column{
		{Key: "series", Keep: true}, {Key: "flow", Keep: true}, {Key: "period", Keep: true},
		{Key: "currency", Detail: true},
		{Key: "what", Keep: true},
		{Key: "before", Kind: General, Detail: true}, {Key: "after", Kind: General, Detail: true},
		{Key: "before_text", Keep: true}, {Key: "after_text", Keep: true},
		{Key: "headline"}, {Key: "sign_change"},
	}}
	yes := func(b bool) string {
		if b {
			return Word("yes", lang)
		}
		return ""
	}
	for _, c := range changes {
		t.Add(Str(c.Key.Series), Str(FlowLabel(c.Key.Flow, lang)), Str(periodText(c.Key.Period, lang)), Str(string(c.Key.Currency)),
			Str(Word("diff."+c.What, lang)), Num(c.Before), Num(c.After), Str(c.BeforeText), Str(c.AfterText), Str(yes(c.Headline)), Str(yes(c.SignChange)))
	}
	return t
}
