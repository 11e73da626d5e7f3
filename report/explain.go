package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/stats"
)

// Explanation is the lineage of one figure: the levels it rests on, each
// with the observations used and those passed over, and the formula with
// its numbers, the rounding to the published form and the consistency
// reasoning. It is built from the very numbers the stats commands print.
type Explanation struct {
	Figure      string    `json:"figure"` // "growth of cbec total 2024H1 (CNY)"
	Levels      []Lineage `json:"levels"`
	Formula     string    `json:"formula"`
	Result      *float64  `json:"result"`
	Rounding    string    `json:"rounding"`
	Consistency string    `json:"consistency,omitempty"`
	Notes       []string  `json:"notes"` // report/notes.go; [] when none
}

// Lineage is one level a figure rests on.
type Lineage struct {
	Role       string     `json:"role"` // "current", "base", "reference current" …
	Key        string     `json:"key"`
	Value      *float64   `json:"value"`
	Derived    string     `json:"derived,omitempty"`
	Used       []Evidence `json:"used"`
	PassedOver []Evidence `json:"passed_over,omitempty"`
}

// Evidence is one observation: where it was read, the row as a canonical
// file writes it, and for one passed over, why.
type Evidence struct {
	File    string `json:"file"`
	SHA256  string `json:"sha256,omitempty"`
	Line    int    `json:"line,omitempty"`
	Row     string `json:"row"`
	Vintage string `json:"vintage,omitempty"`
	Source  string `json:"source,omitempty"`
	Why     string `json:"why,omitempty"`
}

// lineage collects the evidence of the level of k in view v of ds.
func lineage(v *data.View, ds *data.Dataset, role string, k data.Key) Lineage {
	l := Lineage{Role: role, Key: k.String()}
	val, err := v.Value(k)
	if err != nil {
		l.Derived = reasonOf(err)
		return l
	}
	if val.HasValue {
		l.Value = &val.Value
	}
	l.Derived = val.Derived
	used := map[data.Key]data.Date{}
	for _, o := range val.Parts {
		l.Used = append(l.Used, evidence(ds, o, ""))
		used[o.Key()] = o.Vintage
	}
	if len(val.Parts) == 0 || val.Published != nil {
		// The figure itself, when the value rests on its parts (or is a
		// rate only).
		for _, o := range ds.Obs {
			if o.Key() == k && o.Vintage == val.Vintage && !o.Vintage.After(v.AsOf) {
				l.Used = append(l.Used, evidence(ds, o, "published figure"))
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
		why := fmt.Sprintf("superseded by the vintage of %s", vin)
		if !v.AsOf.IsZero() && o.Vintage.After(v.AsOf) {
			why = fmt.Sprintf("published %s, after the as-of date %s", o.Vintage, v.AsOf)
		}
		l.PassedOver = append(l.PassedOver, evidence(ds, o, why))
	}
	return l
}

func evidence(ds *data.Dataset, o data.Observation, why string) Evidence {
	e := Evidence{File: o.Pos.File, Line: o.Pos.Line, Row: strings.Join(canonical.Record(o), ","), Vintage: o.Vintage.String(), Source: o.Source, Why: why}
	for _, s := range ds.Sources {
		if s.Path == o.Pos.File {
			e.SHA256 = s.SHA256
		}
	}
	return e
}

func num(x *float64) string {
	if x == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*x, 'g', 15, 64)
}

// ExplainGrowth explains the year-on-year growth of k: the two levels,
//
//	growth = v(p) / v(p − 1 year) − 1
//
// with its numbers, the headline's basis and rounding, and where the
// published rate falls against the interval the levels' rounding allows.
func ExplainGrowth(v *data.View, ds *data.Dataset, k data.Key) (Explanation, error) {
	g, err := stats.YoY(v, k)
	if err != nil {
		return Explanation{}, err
	}
	bk := k
	bk.Period = g.BasePeriod
	e := Explanation{Figure: "growth of " + k.String(), Result: g.GrowthPct,
		Levels: []Lineage{lineage(v, ds, "current", k), lineage(v, ds, "base", bk)}}
	e.Formula = fmt.Sprintf("growth = v(%s) / v(%s) − 1 = %s / %s − 1 = %s%%", k.Period, g.BasePeriod, num(g.Value), num(g.BaseValue), num(g.ComputedPct))
	e.Rounding = roundingText(g)
	e.Consistency = consistencyReason(g)
	e.Notes = append([]string{}, GrowthNotes(k.Series, k.Period, g.BasePeriod, "en")...)
	return e, nil
}

func roundingText(g stats.Growth) string {
	switch g.Basis {
	case stats.Reported:
		return fmt.Sprintf("headline: the published rate %s%%, printed to one decimal (%s%%); the computed rate %s%% is shown beside it", num(g.ReportedPct), strconv.FormatFloat(stats.Round(*g.ReportedPct, 1), 'f', 1, 64), num(g.ComputedPct))
	case stats.Computed:
		return fmt.Sprintf("headline: the computed rate, rounded half away from zero to one decimal: %s%%", strconv.FormatFloat(stats.Round(*g.ComputedPct, 1), 'f', 1, 64))
	}
	return "no headline rate: " + g.Reason
}

func consistencyReason(g stats.Growth) string {
	if g.ComputedLow == nil {
		if g.Consistency == stats.MixedVintage {
			return string(g.Consistency) + ": " + g.Reason
		}
		return ""
	}
	hi := "∞"
	if g.ComputedHigh != nil {
		hi = num(g.ComputedHigh) + "%"
	}
	interval := fmt.Sprintf("the levels' rounding allows a rate from %s%% to %s", num(g.ComputedLow), hi)
	switch g.Consistency {
	case stats.OK:
		return fmt.Sprintf("ok: %s, and the published %s%% (± %.2f) lies inside", interval, num(g.ReportedPct), stats.RateTolerance)
	case stats.RevisedBase:
		return fmt.Sprintf("revised-base: %s; the published %s%% lies outside, and the base (%s) predates the figure (%s): customs used a revised base the data does not hold", interval, num(g.ReportedPct), g.BaseVintage, g.Vintage)
	case stats.Inconsistent:
		return fmt.Sprintf("inconsistent: %s; the published %s%% lies outside although the base (%s) is as recent as the figure (%s)", interval, num(g.ReportedPct), g.BaseVintage, g.Vintage)
	case stats.MixedVintage:
		return string(g.Consistency) + ": " + g.Reason
	}
	return interval + "; no published rate to check"
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
	e.Figure = fmt.Sprintf("comparison of %s with %s", k, reference)
	e.Levels = append(e.Levels, lineage(v, ds, "reference current", rk), lineage(v, ds, "reference base", rb))
	e.Result = c.GapPP
	round := func(x *float64) string {
		if x == nil {
			return "n/a"
		}
		return strconv.FormatFloat(stats.Round(*x, 1), 'f', 1, 64)
	}
	e.Formula = fmt.Sprintf("gap = round(%s, 1) − round(%s, 1) = %s − %s = %s points (exactly %s); share = %s / %s = %s%%",
		num(c.GrowthPct), num(c.Ref.GrowthPct), round(c.GrowthPct), round(c.Ref.GrowthPct), num(c.GapPP), num(c.GapPPExact), num(c.Value), num(c.Ref.Value), num(c.SharePct))
	e.Rounding = "the gap subtracts the one-decimal rates, as customs publish it; " + roundingText(c.Growth)
	e.Notes = append([]string{}, Distinct(e.Notes, GrowthNotes(reference, k.Period, c.BasePeriod, "en"))...)
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
	e := Explanation{Figure: fmt.Sprintf("multiple of %s against %s", k, m.From), Result: m.Ratio,
		Levels: []Lineage{lineage(v, ds, "to", k), lineage(v, ds, "from", fk)}}
	e.Formula = fmt.Sprintf("ratio = %s / %s = %s; increase = ratio − 1 = %s times (%s%%); CAGR = ratio^(1/%d) − 1 = %s%%",
		num(m.ToValue), num(m.FromValue), num(m.Ratio), num(m.IncreaseTimes), num(m.IncreasePct), m.Years, num(m.CAGRPct))
	e.Rounding = "ratio and times to one decimal (增长1.2倍), rates to one decimal"
	e.Notes = append([]string{}, SpanNotes(k.Series, spanPeriods(m.From, m.To), "en")...)
	if m.Consistency != "" {
		e.Consistency = string(m.Consistency) + ": " + m.Reason
	}
	return e, nil
}

// Text writes the explanation for people, in order: the figure, each level
// with its evidence, the formula, the rounding and the consistency.
func (e Explanation) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", e.Figure)
	for _, l := range e.Levels {
		fmt.Fprintf(&b, "\n%s: %s = %s", l.Role, l.Key, num(l.Value))
		if l.Derived != "" {
			fmt.Fprintf(&b, " (%s)", l.Derived)
		}
		b.WriteString("\n")
		for _, ev := range l.Used {
			fmt.Fprintf(&b, "  used    %s\n", ev.line())
		}
		for _, ev := range l.PassedOver {
			fmt.Fprintf(&b, "  passed  %s\n", ev.line())
		}
	}
	fmt.Fprintf(&b, "\nformula: %s\nrounding: %s\n", e.Formula, e.Rounding)
	if e.Consistency != "" {
		fmt.Fprintf(&b, "check: %s\n", e.Consistency)
	}
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

func (ev Evidence) line() string {
	at := ev.File
	if ev.Line > 0 {
		at += ":" + strconv.Itoa(ev.Line)
	}
	if ev.SHA256 != "" {
		at += " (sha256 " + ev.SHA256[:12] + "…)"
	}
	s := at + "  " + ev.Row
	if ev.Why != "" {
		s += "  — " + ev.Why
	}
	return s
}
