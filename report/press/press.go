package press

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// Figure is one number as the press text writes it, with the rounded
// value it comes from, so that the text and the tables agree.
type Figure struct {
	Label string  // what it is: "cbec total value", "gap, points"…
	Value float64 // the rounded value in the unit the text uses
	Text  string  // as written in the text: "1.22万亿元", "10.5%", "4.4个百分点"
}

// Paragraph is the press paragraph in one language with the figures it uses.
type Paragraph struct {
	Lang    string
	Text    string
	Figures []Figure
}

// pressRate rounds a percentage to one decimal as customs print it, with
// a trailing ".0" dropped: 13.0 → "13", 10.5 → "10.5".
func pressRate(x float64) (float64, string) {
	r := stats.Round(x, 1)
	s := strconv.FormatFloat(r, 'f', 1, 64)
	return r, strings.TrimSuffix(s, ".0")
}

// pressLevel writes an amount as press releases do: 万亿 with two decimals
// from one trillion (trailing zeros dropped), else 亿 with no decimals from
// 1000亿, else 亿 with one; in English trillions and billions.
func pressLevel(v float64, cur data.Currency, lang string) (float64, string) {
	a := math.Abs(v)
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	if lang == "zh" {
		switch {
		case a >= 1e12:
			r := stats.Round(a/1e12, 2)
			return r, trim(strconv.FormatFloat(r, 'f', 2, 64)) + "万亿" + report.CurrencyWord(cur, "zh")
		case a >= 1e11:
			r := stats.Round(a/1e8, 0)
			return r, strconv.FormatFloat(r, 'f', 0, 64) + "亿" + report.CurrencyWord(cur, "zh")
		}
		r := stats.Round(a/1e8, 1)
		return r, trim(strconv.FormatFloat(r, 'f', 1, 64)) + "亿" + report.CurrencyWord(cur, "zh")
	}
	name := "RMB"
	if cur == data.USD {
		name = "USD"
	}
	if a >= 1e12 {
		r := stats.Round(a/1e12, 2)
		return r, name + " " + trim(strconv.FormatFloat(r, 'f', 2, 64)) + " trillion"
	}
	r := stats.Round(a/1e9, 1)
	return r, name + " " + trim(strconv.FormatFloat(r, 'f', 1, 64)) + " billion"
}

func periodPhrase(p data.Period, lang string) string {
	if lang == "zh" {
		return report.PeriodLabel(p, "zh")
	}
	switch p.Kind() {
	case data.KindYear:
		return fmt.Sprintf("In %d", p.Year)
	case data.KindHalf:
		return fmt.Sprintf("In the %s half of %d", map[int]string{1: "first", 7: "second"}[p.From], p.Year)
	case data.KindQuarter:
		return fmt.Sprintf("In the %s quarter of %d", []string{"first", "second", "third", "fourth"}[(p.From-1)/3], p.Year)
	case data.KindMonth:
		return fmt.Sprintf("In %s %d", report.MonthName(p.From), p.Year)
	}
	return fmt.Sprintf("In %s-%s %d", report.MonthName(p.From), report.MonthName(p.To), p.Year)
}

// lastYear is how Chinese releases name the base: 上年 for a year, 上年同期
// for a part of one.
func lastYear(p data.Period) string {
	if p.Kind() == data.KindYear {
		return "上年"
	}
	return "上年同期"
}

// pressWriter accumulates text and the figures it uses.
type pressWriter struct {
	lang string
	b    strings.Builder
	figs []Figure
}

func (w *pressWriter) level(label string, v float64, cur data.Currency) string {
	r, s := pressLevel(v, cur, w.lang)
	w.figs = append(w.figs, Figure{Label: label, Value: r, Text: s})
	return s
}

func (w *pressWriter) rate(label string, x float64) string {
	r, s := pressRate(math.Abs(x))
	w.figs = append(w.figs, Figure{Label: label, Value: r, Text: s + "%"})
	return s + "%"
}

func (w *pressWriter) points(label string, x float64) string {
	r, s := pressRate(math.Abs(x))
	unit := " percentage points"
	if w.lang == "zh" {
		unit = "个百分点"
	} else if r == 1 {
		unit = " percentage point"
	}
	w.figs = append(w.figs, Figure{Label: label, Value: r, Text: s + unit})
	return s + unit
}

func (w *pressWriter) times(label string, x float64) string {
	r, s := pressRate(x)
	w.figs = append(w.figs, Figure{Label: label, Value: r, Text: s})
	return s
}

// change words a growth rate: "增长10.5%" / "下降3.9%" / "持平", "up 10.5%"
// / "down 3.9%" / "unchanged". A rate that rounds to zero is unchanged.
func (w *pressWriter) change(label string, g *float64) string {
	if g == nil {
		return ""
	}
	r, _ := pressRate(*g)
	zh := w.lang == "zh"
	switch {
	case r > 0 && zh:
		return "增长" + w.rate(label, *g)
	case r < 0 && zh:
		return "下降" + w.rate(label, *g)
	case zh:
		return "持平"
	case r > 0:
		return "up " + w.rate(label, *g)
	case r < 0:
		return "down " + w.rate(label, *g)
	}
	return "unchanged"
}

func flowPress(f data.Flow, lang string) string { return report.Word("flow."+string(f)+".press", lang) }

// Text writes the press paragraph for pkg in lang ("en" or "zh") from
// the rounded published figures, in house style:
//
//	2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。
//
// Rates are the headline rates (published where the data has them) to one
// decimal with a trailing .0 dropped; levels are 万亿/亿 (trillion/billion);
// falls are 下降/down; a preliminary figure gets 约/about; the multiple
// is "比2018年增长1.2倍" (ratio − 1), never "是…的1.2倍"; a balance that
// changes sign is worded. Every number is returned in Figures as well.
func Text(pkg *report.Package, lang string) Paragraph {
	w := &pressWriter{lang: lang}
	zh := lang == "zh"
	cbecZh, cbecEn := "跨境电商", "cross-border e-commerce"
	if pkg.Series != "cbec" {
		cbecZh, cbecEn = pkg.Series, pkg.Series
	}
	var total *stats.Comparison
	var others []stats.Comparison
	for i := range pkg.Headline {
		if pkg.Headline[i].Key.Flow == data.Total && total == nil {
			total = &pkg.Headline[i]
		} else {
			others = append(others, pkg.Headline[i])
		}
	}
	about := func(c stats.Comparison) string {
		for _, o := range pkg.Observations {
			if o.Key() == c.Key && o.Vintage == c.Vintage && report.Preliminary(o) {
				if zh {
					return "约"
				}
				return "about "
			}
		}
		return ""
	}
	p := pkg.Period
	if total != nil && total.Value != nil {
		c := *total
		if zh {
			fmt.Fprintf(&w.b, "%s，我国%s进出口%s%s", periodPhrase(p, lang), cbecZh, about(c), w.level("total", *c.Value, pkg.Currency))
			if c.GrowthPct != nil {
				fmt.Fprintf(&w.b, "，同比%s", w.change("growth", c.GrowthPct))
			}
			if c.GapPP != nil {
				switch r, _ := pressRate(*c.GapPP); {
				case r > 0:
					fmt.Fprintf(&w.b, "，高出同期我国外贸整体增速%s", w.points("gap", *c.GapPP))
				case r < 0:
					fmt.Fprintf(&w.b, "，低于同期我国外贸整体增速%s", w.points("gap", *c.GapPP))
				default:
					w.b.WriteString("，与同期我国外贸整体增速持平")
				}
			}
			w.b.WriteString("。")
		} else {
			fmt.Fprintf(&w.b, "%s, China's %s imports and exports reached %s%s", periodPhrase(p, lang), cbecEn, about(c), w.level("total", *c.Value, pkg.Currency))
			if c.GrowthPct != nil {
				fmt.Fprintf(&w.b, ", %s year on year", w.change("growth", c.GrowthPct))
			}
			if c.GapPP != nil {
				switch r, _ := pressRate(*c.GapPP); {
				case r > 0:
					fmt.Fprintf(&w.b, ", %s higher than the growth of overall foreign trade", w.points("gap", *c.GapPP))
				case r < 0:
					fmt.Fprintf(&w.b, ", %s lower than the growth of overall foreign trade", w.points("gap", *c.GapPP))
				default:
					w.b.WriteString(", in line with the growth of overall foreign trade")
				}
			}
			w.b.WriteString(".")
		}
	}
	// Exports and imports.
	var parts []string
	for _, c := range others {
		if c.Key.Flow != data.Export && c.Key.Flow != data.Import {
			continue
		}
		name := flowPress(c.Key.Flow, lang)
		var s string
		switch {
		case c.Value != nil && zh:
			s = name + about(c) + w.level(string(c.Key.Flow), *c.Value, pkg.Currency)
			if ch := w.change(string(c.Key.Flow)+" growth", c.GrowthPct); ch != "" {
				s += "，" + ch
			}
		case c.Value != nil:
			s = name + " " + about(c) + w.level(string(c.Key.Flow), *c.Value, pkg.Currency)
			if ch := w.change(string(c.Key.Flow)+" growth", c.GrowthPct); ch != "" {
				s += ", " + ch
			}
		case c.GrowthPct != nil && zh:
			s = name + w.change(string(c.Key.Flow)+" growth", c.GrowthPct)
		case c.GrowthPct != nil:
			s = name + " " + w.change(string(c.Key.Flow)+" growth", c.GrowthPct)
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) > 0 {
		if zh {
			fmt.Fprintf(&w.b, "其中，%s。", strings.Join(parts, "；"))
		} else {
			// "Exports were RMB 979.9 billion, up 18.7%, and imports RMB
			// 266.4 billion, down 3.9%."
			first := strings.Replace(parts[0], " ", " were ", 1)
			s := strings.ToUpper(first[:1]) + first[1:]
			if len(parts) > 1 {
				s += ", and " + strings.Join(parts[1:], ", and ")
			}
			fmt.Fprintf(&w.b, " %s.", s)
		}
	}
	// Share of all trade.
	if total != nil && total.SharePct != nil {
		if zh {
			fmt.Fprintf(&w.b, "%s进出口占同期我国外贸进出口总值的%s", cbecZh, w.rate("share", *total.SharePct))
			if total.ShareChangePP != nil {
				switch r, _ := pressRate(*total.ShareChangePP); {
				case r > 0:
					fmt.Fprintf(&w.b, "，比%s提高%s", lastYear(p), w.points("share change", *total.ShareChangePP))
				case r < 0:
					fmt.Fprintf(&w.b, "，比%s下降%s", lastYear(p), w.points("share change", *total.ShareChangePP))
				}
			}
			w.b.WriteString("。")
		} else {
			fmt.Fprintf(&w.b, " Cross-border e-commerce accounted for %s of China's foreign trade", w.rate("share", *total.SharePct))
			if total.ShareChangePP != nil {
				switch r, _ := pressRate(*total.ShareChangePP); {
				case r > 0:
					fmt.Fprintf(&w.b, ", up %s from a year earlier", w.points("share change", *total.ShareChangePP))
				case r < 0:
					fmt.Fprintf(&w.b, ", down %s from a year earlier", w.points("share change", *total.ShareChangePP))
				}
			}
			w.b.WriteString(".")
		}
	}
	// Five-year multiple.
	if m := pkg.Multiple; m != nil && m.Ratio != nil && m.ToValue != nil {
		to, from := report.PeriodLabel(m.To, lang), report.PeriodLabel(m.From, lang)
		if zh {
			fmt.Fprintf(&w.b, "%s，%s进出口%s，比%s", to, cbecZh, w.level("multiple to", *m.ToValue, pkg.Currency), from)
			if t, _ := pressRate(*m.IncreaseTimes); t >= 1 {
				fmt.Fprintf(&w.b, "增长%s倍", w.times("increase times", *m.IncreaseTimes))
			} else {
				fmt.Fprintf(&w.b, "%s", w.change("increase", m.IncreasePct))
			}
			if m.CAGRPct != nil {
				fmt.Fprintf(&w.b, "，年均%s", w.change("cagr", m.CAGRPct))
			}
			w.b.WriteString("。")
		} else {
			fmt.Fprintf(&w.b, " In %s, cross-border e-commerce trade reached %s", to, w.level("multiple to", *m.ToValue, pkg.Currency))
			if t, _ := pressRate(*m.IncreaseTimes); t >= 1 {
				fmt.Fprintf(&w.b, ", %s times its %s level (an increase of %s times, or %s)", w.times("ratio", *m.Ratio), from, w.times("increase times", *m.IncreaseTimes), w.rate("increase", *m.IncreasePct))
			} else {
				fmt.Fprintf(&w.b, ", %s from %s", w.change("increase", m.IncreasePct), from)
			}
			if m.CAGRPct != nil {
				fmt.Fprintf(&w.b, ", an average annual growth of %s", w.rate("cagr", *m.CAGRPct))
			}
			w.b.WriteString(".")
		}
	}
	return Paragraph{Lang: lang, Text: strings.TrimSpace(w.b.String()), Figures: w.figs}
}

// Markdown writes the press text of the languages asked for ("en",
// "zh" or "both") as a Markdown document.
func Markdown(pkg *report.Package, lang string) string {
	var b strings.Builder
	if pkg.Embargo != "" {
		fmt.Fprintf(&b, "**Embargoed until %s / 发布时间：%s**\n\n", pkg.Embargo, pkg.Embargo)
	}
	for _, l := range report.Langs(lang) {
		p := Text(pkg, l)
		if l == "zh" {
			fmt.Fprintf(&b, "## %s跨境电商进出口\n\n%s\n\n", report.PeriodLabel(pkg.Period, "zh"), p.Text)
		} else {
			fmt.Fprintf(&b, "## Cross-border e-commerce, %s\n\n%s\n\n", report.PeriodLabel(pkg.Period, "en"), p.Text)
		}
	}
	fmt.Fprintf(&b, "_Source: customs statistics as published by %s; computed with ceb %s._\n", pkg.AsOf, pkg.Version)
	return b.String()
}
