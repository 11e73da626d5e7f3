package vocab

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// Explanation is an explanation (report.Explanation) in words, as `ceb
// explain` prints it and its JSON form holds it.
type Explanation struct {
	Figure      string    `json:"figure"` // "growth of cbec total 2024H1 (CNY)"
	Levels      []Lineage `json:"levels"`
	Formula     string    `json:"formula"`
	Result      *float64  `json:"result"`
	Rounding    string    `json:"rounding"`
	Consistency string    `json:"consistency,omitempty"`
	Notes       []string  `json:"notes"`
	lang        Lang
}

// Lineage is one level a figure rests on, in words.
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

// num writes an unrounded number in full, "n/a" when missing.
func (l Lang) num(x *float64) string {
	if x == nil {
		return l.Word("note.nodata")
	}
	return strconv.FormatFloat(*x, 'g', 15, 64)
}

func round1(x float64) string { return strconv.FormatFloat(stats.Round(x, 1), 'f', 1, 64) }

// Explain words an explanation in l.
func (l Lang) Explain(e report.Explanation) Explanation {
	w := Explanation{lang: l, Notes: append([]string{}, l.Notes(e.Notes)...)}
	for _, lv := range e.Levels {
		w.Levels = append(w.Levels, l.lineage(lv))
	}
	switch e.What {
	case "multiple":
		m := e.Multiple
		w.Figure = l.Sprintf("explain.figure.multiple", l.Key(e.Key), l.PeriodCell(m.From))
		w.Result = m.Ratio
		w.Formula = l.Sprintf("explain.formula.multiple", l.num(m.ToValue), l.num(m.FromValue), l.num(m.Ratio), l.num(m.IncreaseTimes), l.num(m.IncreasePct), m.Years, l.num(m.CAGRPct))
		w.Rounding = l.Word("explain.rounding.multiple")
		if m.Consistency != "" {
			w.Consistency = string(m.Consistency) + ": " + l.Reason(m.Reason)
		}
	case "compare":
		c := e.Comparison
		w.Figure = l.Sprintf("explain.figure.compare", l.Key(e.Key), l.Series(e.Reference))
		w.Result = c.GapPP
		r := func(x *float64) string {
			if x == nil {
				return l.Word("note.nodata")
			}
			return round1(*x)
		}
		w.Formula = l.Sprintf("explain.formula.compare", l.num(c.GrowthPct), l.num(c.Ref.GrowthPct), r(c.GrowthPct), r(c.Ref.GrowthPct), l.num(c.GapPP), l.num(c.GapPPExact), l.num(c.Value), l.num(c.Ref.Value), l.num(c.SharePct))
		w.Rounding = l.Word("explain.rounding.gap") + l.rounding(e.Growth)
		w.Consistency = l.consistency(e.Growth)
	default:
		g := e.Growth
		w.Figure = l.Sprintf("explain.figure.growth", l.Key(e.Key))
		w.Result = g.GrowthPct
		w.Formula = l.Sprintf("explain.formula.growth", e.Key.Period, g.BasePeriod, l.num(g.Value), l.num(g.BaseValue), l.num(g.ComputedPct))
		if g.ComputedPct == nil && g.Reason != "" {
			// Not computed (levels of different methods, a zero base):
			// the formula says why instead of ending in "n/a%".
			w.Formula = l.Sprintf("explain.formula.growth.not", e.Key.Period, g.BasePeriod, l.Reason(g.Reason))
		}
		w.Rounding = l.rounding(g)
		w.Consistency = l.consistency(g)
	}
	return w
}

func (l Lang) lineage(lv report.Lineage) Lineage {
	out := Lineage{Role: l.Word("explain.role." + lv.Role), Key: l.Key(lv.Key), Value: lv.Value, Derived: l.derived(lv.Derived)}
	if lv.Missing != "" {
		out.Derived = l.Reason(lv.Missing)
	}
	for _, e := range lv.Used {
		out.Used = append(out.Used, l.evidence(e))
	}
	for _, e := range lv.PassedOver {
		out.PassedOver = append(out.PassedOver, l.evidence(e))
	}
	return out
}

func (l Lang) evidence(e report.Evidence) Evidence {
	o := e.Obs
	out := Evidence{File: o.Pos.File, SHA256: e.SHA256, Line: o.Pos.Line, Row: strings.Join(canonical.Record(o), ","), Vintage: o.Vintage.String(), Source: o.Source}
	switch {
	case e.Published:
		out.Why = l.Word("explain.why.published")
	case !e.AfterAsOf.IsZero():
		out.Why = l.Sprintf("explain.why.after", o.Vintage, e.AfterAsOf)
	case !e.Superseded.IsZero():
		out.Why = l.Sprintf("explain.why.superseded", e.Superseded)
	}
	return out
}

// derived words data.Value's account of how a level was derived ("sum of
// 2024-01, 2024-02", "export + import", "2024H1 − 2024Q1"): formulas stay,
// the few English words are translated.
func (l Lang) derived(s string) string {
	if l != Zh || s == "" {
		return s
	}
	r := strings.NewReplacer("sum of ", "合计：", "export + import", "出口 + 进口", "export - import", "出口 − 进口",
		", more precise than the published ", "，比公布值更精确：", " (unit ", "（单位", ")", "）")
	return r.Replace(s)
}

func (l Lang) rounding(g stats.Growth) string {
	switch g.Basis {
	case stats.Reported:
		if g.ComputedPct == nil {
			return l.Sprintf("explain.rounding.reported_only", l.num(g.ReportedPct), round1(*g.ReportedPct))
		}
		return l.Sprintf("explain.rounding.reported", l.num(g.ReportedPct), round1(*g.ReportedPct), l.num(g.ComputedPct))
	case stats.Computed:
		return l.Sprintf("explain.rounding.computed", round1(*g.ComputedPct))
	}
	return l.Word("explain.rounding.none") + l.Reason(g.Reason)
}

func (l Lang) consistency(g stats.Growth) string {
	if g.ComputedLow == nil {
		if g.Consistency == stats.MixedVintage || g.Consistency == stats.MethodBreak {
			return l.Word("status."+string(g.Consistency)) + l.colon() + l.Reason(g.Reason)
		}
		return ""
	}
	hi := "∞"
	if g.ComputedHigh != nil {
		hi = l.num(g.ComputedHigh) + "%"
	}
	interval := l.Sprintf("explain.interval", l.num(g.ComputedLow), hi)
	switch g.Consistency {
	case stats.OK:
		return l.Sprintf("explain.check.ok", interval, l.num(g.ReportedPct), stats.RateTolerance)
	case stats.RevisedBase:
		return l.Sprintf("explain.check.revised", interval, l.num(g.ReportedPct), g.BaseVintage, g.Vintage)
	case stats.Inconsistent:
		return l.Sprintf("explain.check.inconsistent", interval, l.num(g.ReportedPct), g.BaseVintage, g.Vintage)
	case stats.MixedVintage:
		return l.Word("status."+string(g.Consistency)) + l.colon() + l.Reason(g.Reason)
	}
	return interval + l.Word("explain.check.none")
}

// Text writes the explanation for people, in order: the figure, each level
// with its evidence, the formula, the rounding and the consistency.
func (e Explanation) Text() string {
	l := e.lang
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", e.Figure)
	for _, lv := range e.Levels {
		fmt.Fprintf(&b, "\n%s%s%s = %s", lv.Role, l.Word("explain.colon"), lv.Key, l.num(lv.Value))
		if lv.Derived != "" {
			fmt.Fprintf(&b, " (%s)", lv.Derived)
		}
		b.WriteString("\n")
		for _, ev := range lv.Used {
			fmt.Fprintf(&b, "  %s  %s\n", l.Word("explain.used"), ev.line())
		}
		for _, ev := range lv.PassedOver {
			fmt.Fprintf(&b, "  %s  %s\n", l.Word("explain.passed"), ev.line())
		}
	}
	fmt.Fprintf(&b, "\n%s%s\n%s%s\n", l.Word("explain.formula"), e.Formula, l.Word("explain.rounding"), e.Rounding)
	if e.Consistency != "" {
		fmt.Fprintf(&b, "%s%s\n", l.Word("explain.check"), e.Consistency)
	}
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "%s\n", l.NoteLine(n))
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

// Key names a figure: "cbec total 2024H1 (CNY)" in English (the form
// messages and canonical files use), "跨境电商 进出口 2024年上半年（人民币）" in
// Chinese.
func (l Lang) Key(k data.Key) string {
	if l != Zh {
		return k.String()
	}
	s := l.Series(k.Series) + " " + l.Flow(k.Flow) + " " + l.Period(k.Period)
	for _, n := range data.DimNames {
		if v := k.Dims.Get(n); v != "" {
			s += " " + l.Dim(n) + "=" + l.Code(n, v)
		}
	}
	return s + "（" + l.Word("currency.name."+string(k.Currency)) + "）"
}

// colon joins a label and what it labels: ": ", "：".
func (l Lang) colon() string {
	if l == Zh {
		return "："
	}
	return ": "
}
