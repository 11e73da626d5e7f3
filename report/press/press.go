package press

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/calendar"
	"github.com/cbec-stats/ceb/data/codes"
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
// 1000亿, else 亿 with one; in English trillions, billions (one decimal)
// and below a billion millions.
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
	if a >= 1e9 {
		r := stats.Round(a/1e9, 1)
		return r, name + " " + trim(strconv.FormatFloat(r, 'f', 1, 64)) + " billion"
	}
	// Small amounts in their natural unit: 3.9亿 is RMB 390 million, not
	// RMB 0.4 billion.
	d := 1
	if a >= 1e8 {
		d = 0
	}
	r := stats.Round(a/1e6, d)
	return r, name + " " + trim(strconv.FormatFloat(r, 'f', d, 64)) + " million"
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
	ph := phrases[w.lang]
	switch r, _ := pressRate(*g); {
	case r > 0:
		return ph.up + w.rate(label, *g)
	case r < 0:
		return ph.down + w.rate(label, *g)
	}
	return ph.unchanged
}

// signed picks the phrase for a rounded value above, below or at zero.
func signed(x float64, above, below, level string) string {
	switch r, _ := pressRate(x); {
	case r > 0:
		return above
	case r < 0:
		return below
	}
	return level
}

// phrasebook is the wording of the press paragraph in one language. Every
// sentence is written from the same facts by the same code; only these
// words differ.
type phrasebook struct {
	up, down, unchanged, about, stop string

	headline                 string // period, series, about, level
	yoy                      string // the change
	gapUp, gapDown, gapLevel string // points
	flow, flowChange         string // name, about, level; the change
	flowRate                 string // name, the change (no level)
	flowsOpen, flowsSep      string
	share                    string // series, share
	shareUp, shareDown       string // base, points
	multiple                 string // to, series, level, from
	multipleTimes            string // ratio, from, times, percent (en); times (zh)
	multipleChange           string // change, from
	cagr                     string // rate
}

var phrases = map[string]phrasebook{
	"zh": {
		up: "增长", down: "下降", unchanged: "持平", about: "约", stop: "。",
		headline: "%s，我国%s进出口%s%s", yoy: "，同比%s",
		gapUp: "，高出同期我国外贸整体增速%s", gapDown: "，低于同期我国外贸整体增速%s", gapLevel: "，与同期我国外贸整体增速持平",
		flow: "%s%s%s", flowChange: "，%s", flowRate: "%s%s", flowsOpen: "其中，", flowsSep: "；",
		share:   "%s进出口占同期我国外贸进出口总值的%s",
		shareUp: "，比%s提高%s", shareDown: "，比%s下降%s",
		multiple: "%s，%s进出口%s，比%s", multipleTimes: "增长%[3]s倍", multipleChange: "%[1]s",
		cagr: "，年均%s",
	},
	"en": {
		up: "up ", down: "down ", unchanged: "unchanged", about: "about ", stop: ".",
		headline: "%s, China's %s imports and exports reached %s%s", yoy: ", %s year on year",
		gapUp: ", %s higher than the growth of overall foreign trade", gapDown: ", %s lower than the growth of overall foreign trade", gapLevel: ", in line with the growth of overall foreign trade",
		flow: "%s %s%s", flowChange: ", %s", flowRate: "%s %s", flowsSep: ", and ",
		share:   " %s accounted for %s of China's foreign trade",
		shareUp: ", up %[2]s from a year earlier", shareDown: ", down %[2]s from a year earlier",
		multiple: " In %[1]s, %[2]s trade reached %[3]s", multipleTimes: ", %s times its %s level (an increase of %s times, or %s)", multipleChange: ", %s from %s",
		cagr: ", an average annual growth of %s",
	},
}

// facts are what the press paragraph says, before it is worded: the
// headline comparison, exports and imports, the share of all trade and the
// multiple. They are gathered once from the package.
type facts struct {
	period   data.Period
	series   string
	cur      data.Currency
	total    *stats.Comparison
	flows    []stats.Comparison // exports and imports
	about    map[data.Flow]bool // preliminary figures
	multiple *stats.Multiple
}

func factsOf(pkg *report.Package) facts {
	f := facts{period: pkg.Period, series: pkg.Series, cur: pkg.Currency, about: map[data.Flow]bool{}}
	for i := range pkg.Headline {
		c := pkg.Headline[i]
		switch {
		case c.Key.Flow == data.Total && f.total == nil:
			f.total = &pkg.Headline[i]
		case c.Key.Flow == data.Export || c.Key.Flow == data.Import:
			f.flows = append(f.flows, c)
		}
		for _, o := range pkg.Observations {
			if o.Key() == c.Key && o.Vintage == c.Vintage && report.Preliminary(o) {
				f.about[c.Key.Flow] = true
			}
		}
	}
	if m := pkg.Multiple; m != nil && m.Ratio != nil && m.ToValue != nil {
		f.multiple = m
	}
	return f
}

// Text writes the press paragraph for pkg in lang ("en" or "zh") from
// the rounded published figures, in house style:
//
//	2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。
//
// Rates are the headline rates (published where the data has them) to one
// decimal with a trailing .0 dropped; levels are 万亿/亿 (trillion/billion);
// falls are 下降/down; a preliminary figure gets 约/about; the multiple
// is "比2018年增长1.2倍" (ratio − 1), never "是…的1.2倍". The series is
// named as the vocabulary names it. Every number is returned in Figures as
// well.
func Text(pkg *report.Package, lang string) Paragraph {
	f := factsOf(pkg)
	w := &pressWriter{lang: lang}
	w.headline(f)
	w.flows(f)
	w.share(f)
	w.multiple(f)
	w.breakdown(pkg)
	w.calendar(f)
	return Paragraph{Lang: lang, Text: strings.TrimSpace(w.b.String()), Figures: w.figs}
}

// breakdown adds one sentence on the first breakdown's largest item:
// "其中，对美国进出口3400亿元，增长13.3%，占27.9%。", "The largest partner
// was the United States, RMB 340 billion, up 13.3%, 27.9% of the total."
func (w *pressWriter) breakdown(pkg *report.Package) {
	if len(pkg.Breakdowns) == 0 {
		return
	}
	bd := pkg.Breakdowns[0]
	var top *report.TopRow
	for i := range bd.Rows {
		if bd.Rows[i].Kind == "item" && bd.Rows[i].Value != nil && bd.Rows[i].SharePct != nil {
			top = &bd.Rows[i]
			break
		}
	}
	if top == nil {
		return
	}
	name := codes.Label(bd.By, top.Code, w.lang)
	level := w.level("breakdown", *top.Value, pkg.Currency)
	ch := w.change("breakdown growth", top.GrowthPct)
	r, share := pressRate(*top.SharePct)
	w.figs = append(w.figs, Figure{Label: "breakdown share", Value: r, Text: share + "%"})
	if w.lang == "zh" {
		to := ""
		if bd.By == "partner" {
			to = "对"
		}
		s := "分" + report.Word("dim."+bd.By, "zh") + "看，" + to + name + flowPress(data.Total, "zh") + level
		if ch != "" {
			s += "，" + ch
		}
		fmt.Fprintf(&w.b, "%s，占%s%s总值的%s%%。", s, report.SeriesName(pkg.Series, "zh"), flowPress(data.Total, "zh"), share)
		return
	}
	if bd.By == "partner" && (strings.HasPrefix(name, "United ") || name == "Netherlands" || name == "Philippines" || name == "Czech Republic") {
		name = "the " + name
	}
	dim := strings.ReplaceAll(report.Word("dim."+bd.By, "en"), "_", " ")
	s := fmt.Sprintf(" The largest %s was %s, %s", dim, name, level)
	if ch != "" {
		s += ", " + ch
	}
	fmt.Fprintf(&w.b, "%s, %s%% of the total.", s, share)
}

// calendar adds a Spring Festival sentence when the headline compares a
// month or January–February whose festival moved month: without it the rate
// would be read as the trend. The tables and the workbook carry the full
// note (report.GrowthNotes).
func (w *pressWriter) calendar(f facts) {
	c := f.total
	if c == nil || report.SpringFestivalNote(c.Key.Period, c.BasePeriod, w.lang) == "" {
		return
	}
	cur, _ := calendar.SpringFestival(c.Key.Period.Year)
	prev, _ := calendar.SpringFestival(c.BasePeriod.Year)
	if w.lang == "zh" {
		fmt.Fprintf(&w.b, "注：春节今年在%d月、上年在%d月，错月因素影响同比增速。", int(cur.Month()), int(prev.Month()))
		return
	}
	fmt.Fprintf(&w.b, " Note: the Spring Festival fell in %s this year and in %s a year earlier, which affects the year-on-year comparison.", cur.Month(), prev.Month())
}

func (w *pressWriter) name(f facts) string {
	return report.InTitle(report.SeriesName(f.series, w.lang), w.lang)
}

func (w *pressWriter) aboutOf(f facts, fl data.Flow) string {
	if f.about[fl] {
		return phrases[w.lang].about
	}
	return ""
}

func (w *pressWriter) headline(f facts) {
	c, ph := f.total, phrases[w.lang]
	if c == nil || c.Value == nil {
		return
	}
	fmt.Fprintf(&w.b, ph.headline, periodPhrase(f.period, w.lang), w.name(f), w.aboutOf(f, data.Total), w.level("total", published(c.Growth), f.cur))
	if c.GrowthPct != nil {
		fmt.Fprintf(&w.b, ph.yoy, w.change("growth", c.GrowthPct))
	}
	if c.GapPP != nil {
		if t := signed(*c.GapPP, ph.gapUp, ph.gapDown, ph.gapLevel); t == ph.gapLevel {
			w.b.WriteString(t)
		} else {
			fmt.Fprintf(&w.b, t, w.points("gap", *c.GapPP))
		}
	}
	w.b.WriteString(ph.stop)
}

// flows writes the exports and imports: "其中，出口…，增长…；进口…。",
// "Exports were RMB 979.9 billion, up 18.7%, and imports RMB 266.4
// billion, down 3.9%."
func (w *pressWriter) flows(f facts) {
	ph := phrases[w.lang]
	var parts []string
	for _, c := range f.flows {
		name := flowPress(c.Key.Flow, w.lang)
		var s string
		switch {
		case c.Value != nil:
			s = fmt.Sprintf(ph.flow, name, w.aboutOf(f, c.Key.Flow), w.level(string(c.Key.Flow), published(c.Growth), f.cur))
			if ch := w.change(string(c.Key.Flow)+" growth", c.GrowthPct); ch != "" {
				s += fmt.Sprintf(ph.flowChange, ch)
			}
		case c.GrowthPct != nil:
			s = fmt.Sprintf(ph.flowRate, name, w.change(string(c.Key.Flow)+" growth", c.GrowthPct))
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return
	}
	if w.lang == "en" {
		first := strings.Replace(parts[0], " ", " were ", 1)
		parts[0] = " " + capitalize(first)
	}
	w.b.WriteString(ph.flowsOpen + strings.Join(parts, ph.flowsSep) + ph.stop)
}

func (w *pressWriter) share(f facts) {
	c, ph := f.total, phrases[w.lang]
	if c == nil || c.SharePct == nil {
		return
	}
	name := report.SeriesName(f.series, w.lang)
	if w.lang == "en" {
		name = capitalize(name)
	}
	fmt.Fprintf(&w.b, ph.share, name, w.rate("share", *c.SharePct))
	if c.ShareChangePP != nil {
		if t := signed(*c.ShareChangePP, ph.shareUp, ph.shareDown, ""); t != "" {
			fmt.Fprintf(&w.b, t, lastYear(f.period), w.points("share change", *c.ShareChangePP))
		}
	}
	w.b.WriteString(ph.stop)
}

func (w *pressWriter) multiple(f facts) {
	m, ph := f.multiple, phrases[w.lang]
	if m == nil {
		return
	}
	to, from := report.PeriodLabel(m.To, w.lang), report.PeriodLabel(m.From, w.lang)
	fmt.Fprintf(&w.b, ph.multiple, to, w.name(f), w.level("multiple to", *m.ToValue, f.cur), from)
	if t, _ := pressRate(*m.IncreaseTimes); t < 1 {
		fmt.Fprintf(&w.b, ph.multipleChange, w.change("increase", m.IncreasePct), from)
	} else if w.lang == "zh" {
		fmt.Fprintf(&w.b, ph.multipleTimes, "", "", w.times("increase times", *m.IncreaseTimes))
	} else {
		fmt.Fprintf(&w.b, ph.multipleTimes, w.times("ratio", *m.Ratio), from, w.times("increase times", *m.IncreaseTimes), w.rate("increase", *m.IncreasePct))
	}
	if m.CAGRPct != nil {
		if w.lang == "zh" {
			fmt.Fprintf(&w.b, ph.cagr, w.change("cagr", m.CAGRPct))
		} else {
			fmt.Fprintf(&w.b, ph.cagr, w.rate("cagr", *m.CAGRPct))
		}
	}
	w.b.WriteString(ph.stop)
}

// published is the level as the release wrote it: a headline "2.1万亿"
// stays 2.1 in the text even where its parts give the finer 2.0578 that
// shares are computed from.
func published(g stats.Growth) float64 {
	if g.PublishedValue != nil {
		return *g.PublishedValue
	}
	return *g.Value
}

func flowPress(f data.Flow, lang string) string { return report.Word("flow."+string(f)+".press", lang) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Markdown writes the press text of the languages asked for ("en",
// "zh" or "both") as a Markdown document.
func Markdown(pkg *report.Package, lang string) string {
	var b strings.Builder
	if stamp := pkg.EmbargoStamp(lang); stamp != "" {
		fmt.Fprintf(&b, "**%s**\n\n", stamp)
	}
	for i, l := range report.Langs(lang) {
		if i > 0 {
			b.WriteString("\n")
		}
		p := Text(pkg, l)
		name := report.SeriesName(pkg.Series, l)
		if l == "zh" {
			fmt.Fprintf(&b, "## %s%s进出口\n\n%s\n\n", report.PeriodLabel(pkg.Period, "zh"), name, p.Text)
			fmt.Fprintf(&b, "_资料来源：海关总署发布的统计数据（截至%s）；由ceb %s计算。_\n", pkg.AsOf, pkg.Version)
		} else {
			fmt.Fprintf(&b, "## %s, %s\n\n%s\n\n", name, report.PeriodLabel(pkg.Period, "en"), p.Text)
			fmt.Fprintf(&b, "_Source: customs statistics as published by %s; computed with ceb %s._\n", pkg.AsOf, pkg.Version)
		}
	}
	return b.String()
}
