package vocab

import (
	"fmt"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// PressFigure is one number of the press text, as written, with the
// rounded value it comes from, so that the text and the tables agree.
type PressFigure struct {
	Label string  // what it is: "total", "growth", "gap" …
	Value float64 // the rounded value in the unit the text uses
	Text  string  // as written: "1.22万亿元", "10.5%", "4.4个百分点"
	// Computed marks a figure ceb computed from comparable published
	// figures (a gap, a share, a multiple); the others are published.
	Computed bool
	// Down marks a rate the text states as a fall ("下降3.9%"): Text and
	// Value are its size, unsigned, as written.
	Down bool
}

// Paragraph is the press paragraph in one language with the figures it
// uses.
type Paragraph struct {
	Lang    Lang
	Text    string
	Figures []PressFigure
}

// pressWriter accumulates text and the figures it uses.
type pressWriter struct {
	l    Lang
	b    strings.Builder
	figs []PressFigure
}

func (w *pressWriter) add(label string, f Figure, computed bool) string {
	w.figs = append(w.figs, PressFigure{Label: label, Value: f.Value, Text: f.Text, Computed: computed})
	return f.Text
}

// level writes a published level.
func (w *pressWriter) level(label string, v float64, cur data.Currency) string {
	return w.add(label, w.l.Amount(v, cur), false)
}

// rate writes a rate, published or computed.
func (w *pressWriter) rate(label string, x float64, computed bool) string {
	return w.add(label, w.l.Rate(x), computed)
}

// points writes a computed difference in points (a gap, a share change).
func (w *pressWriter) points(label string, x float64) string {
	return w.add(label, w.l.Points(x), true)
}

// times writes a computed multiple.
func (w *pressWriter) times(label string, x float64) string { return w.add(label, w.l.Times(x), true) }

// change words a growth rate: "增长10.5%" / "下降3.9%" / "持平", "up 10.5%"
// / "down 3.9%" / "unchanged". A rate that rounds to zero is unchanged.
func (w *pressWriter) change(label string, g *float64, computed bool) string {
	if g == nil {
		return ""
	}
	ph := phrases[w.l]
	switch Sign(*g) {
	case 1:
		return ph.up + w.rate(label, *g, computed)
	case -1:
		s := ph.down + w.rate(label, *g, computed)
		w.figs[len(w.figs)-1].Down = true
		return s
	}
	return ph.unchanged
}

// FigureLabel names a press figure in the workbook's lists: "import growth"
// and, for a fall the text states unsigned, "import growth (a fall)" /
// 进口增速（下降）, so that "3.9%" as written is not read as a rise.
func (l Lang) FigureLabel(f PressFigure) string {
	if f.Down {
		return l.Sprintf("book.figure.down", l.FigureName(f.Label))
	}
	return l.FigureName(f.Label)
}

// signed picks the phrase for a rounded value above, below or at zero.
func signed(x float64, above, below, level string) string {
	switch Sign(x) {
	case 1:
		return above
	case -1:
		return below
	}
	return level
}

// phrasebook is the wording of the press paragraph in one language. Every
// sentence is written from the same facts by the same code; only these
// words differ.
type phrasebook struct {
	up, down, unchanged, stop string

	headline                 string // period, series, level
	yoy                      string // the change
	gapUp, gapDown, gapLevel string // points
	flow, flowChange         string // name, level; the change
	flowRate                 string // name, the change (no level)
	flowsOpen, flowsSep      string
	share                    string // series, share
	shareUp, shareDown       string // base, points
	multiple                 string // to, series, level, from
	multipleTimes            string // ratio, from, times, percent (en); times (zh)
	multipleChange           string // change, from
	cagr                     string // rate
}

var phrases = map[Lang]phrasebook{
	Zh: {
		up: "增长", down: "下降", unchanged: "持平", stop: "。",
		headline: "%s，我国%s进出口%s", yoy: "，同比%s",
		gapUp: "，高出同期我国外贸整体增速%s", gapDown: "，低于同期我国外贸整体增速%s", gapLevel: "，与同期我国外贸整体增速持平",
		flow: "%s%s", flowChange: "，%s", flowRate: "%s%s", flowsOpen: "其中，", flowsSep: "；",
		share:   "%s进出口占同期我国外贸进出口总值的%s",
		shareUp: "，比%s提高%s", shareDown: "，比%s下降%s",
		multiple: "%s，%s进出口%s，比%s", multipleTimes: "增长%[3]s倍", multipleChange: "%[1]s",
		cagr: "，年均%s",
	},
	En: {
		up: "up ", down: "down ", unchanged: "unchanged", stop: ".",
		headline: "%s, China's %s imports and exports reached %s", yoy: ", %s year on year",
		gapUp: ", %s higher than the growth of overall foreign trade", gapDown: ", %s lower than the growth of overall foreign trade", gapLevel: ", in line with the growth of overall foreign trade",
		flow: "%s %s", flowChange: ", %s", flowRate: "%s %s", flowsSep: ", and ",
		share:   " %s accounted for %s of China's foreign trade",
		shareUp: ", up %[2]s from a year earlier", shareDown: ", down %[2]s from a year earlier",
		multiple: " In %[1]s, %[2]s trade reached %[3]s", multipleTimes: ", %s times its %s level (an increase of %s times, or %s)", multipleChange: ", %s from %s",
		cagr: ", an average annual growth of %s",
	},
}

// Paragraph writes the press paragraph in l from the press facts, in house
// style:
//
//	2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。
//
// Rates are the headline rates (published where the data has them) to one
// decimal with a trailing .0 dropped; levels are 万亿/亿 (trillion/billion,
// Amount), as customs wrote them (no 约 before an exact published level);
// falls are 下降/down; the
// multiple is "比2018年增长1.2倍" (ratio − 1), never "是…的1.2倍". Every
// number is returned in Figures as well.
func (l Lang) Paragraph(f report.PressFacts) Paragraph {
	w := &pressWriter{l: l}
	w.headline(f)
	w.flows(f)
	w.share(f)
	w.multiple(f)
	w.breakdown(f)
	if f.Festival != nil {
		w.b.WriteString(l.FestivalSentence(*f.Festival))
	}
	return Paragraph{Lang: l, Text: strings.TrimSpace(w.b.String()), Figures: w.figs}
}

// breakdown adds one sentence on the first breakdown's largest item:
// "分国别(地区)看，对美国进出口3400亿元，增长13.3%，占跨境电商进出口总值的27.9%。",
// "The largest partner was the United States, RMB 340 billion, up 13.3%,
// 27.9% of the total."
func (w *pressWriter) breakdown(f report.PressFacts) {
	top, l := f.Top, w.l
	if top == nil {
		return
	}
	name := l.Code(f.By, top.Code)
	level := w.level("breakdown", *top.Value, f.Currency)
	ch := w.change("breakdown growth", top.GrowthPct, true)
	share := w.add("breakdown share", Figure{stats.Round(*top.SharePct, 1), strings.TrimSuffix(fmt.Sprintf("%.1f", stats.Round(*top.SharePct, 1)), ".0") + "%"}, true)
	if l == Zh {
		to := ""
		if f.By == "partner" {
			to = "对"
		}
		s := "分" + l.Dim(f.By) + "看，" + to + name + l.FlowPhrase(data.Total) + level
		if ch != "" {
			s += "，" + ch
		}
		fmt.Fprintf(&w.b, "%s，占%s%s总值的%s。", s, l.Series(f.Series), l.FlowPhrase(data.Total), share)
		return
	}
	if f.By == "partner" && (strings.HasPrefix(name, "United ") || name == "Netherlands" || name == "Philippines" || name == "Czech Republic") {
		name = "the " + name
	}
	s := fmt.Sprintf(" The largest %s was %s, %s", l.DimInText(f.By), name, level)
	if ch != "" {
		s += ", " + ch
	}
	fmt.Fprintf(&w.b, "%s, %s of the total.", s, share)
}

func (w *pressWriter) headline(f report.PressFacts) {
	c, ph := f.Total, phrases[w.l]
	if c == nil || c.Value == nil {
		return
	}
	fmt.Fprintf(&w.b, ph.headline, w.l.PeriodPhrase(f.Period), w.l.SeriesInText(f.Series), w.level("total", report.Published(c.Growth), f.Currency))
	if c.GrowthPct != nil {
		fmt.Fprintf(&w.b, ph.yoy, w.change("growth", c.GrowthPct, c.Basis != stats.Reported))
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
func (w *pressWriter) flows(f report.PressFacts) {
	ph := phrases[w.l]
	var parts []string
	for _, c := range f.Flows {
		name := w.l.FlowPhrase(c.Key.Flow)
		var s string
		switch {
		case c.Value != nil:
			s = fmt.Sprintf(ph.flow, name, w.level(string(c.Key.Flow), report.Published(c.Growth), f.Currency))
			if ch := w.change(string(c.Key.Flow)+" growth", c.GrowthPct, c.Basis != stats.Reported); ch != "" {
				s += fmt.Sprintf(ph.flowChange, ch)
			}
		case c.GrowthPct != nil:
			s = fmt.Sprintf(ph.flowRate, name, w.change(string(c.Key.Flow)+" growth", c.GrowthPct, c.Basis != stats.Reported))
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return
	}
	if w.l == En {
		first := strings.Replace(parts[0], " ", " were ", 1)
		parts[0] = " " + w.l.Capitalize(first)
	}
	w.b.WriteString(ph.flowsOpen + strings.Join(parts, ph.flowsSep) + ph.stop)
}

// lastYear is how a release names the base: 上年 for a year, 上年同期 for a
// part of one.
func lastYear(p data.Period) string {
	if p.Kind() == data.KindYear {
		return "上年"
	}
	return "上年同期"
}

func (w *pressWriter) share(f report.PressFacts) {
	c, ph := f.Total, phrases[w.l]
	if c == nil || c.SharePct == nil {
		return
	}
	fmt.Fprintf(&w.b, ph.share, w.l.Capitalize(w.l.Series(f.Series)), w.rate("share", *c.SharePct, true))
	if c.ShareChangePP != nil {
		if t := signed(*c.ShareChangePP, ph.shareUp, ph.shareDown, ""); t != "" {
			fmt.Fprintf(&w.b, t, lastYear(f.Period), w.points("share change", *c.ShareChangePP))
		}
	}
	w.b.WriteString(ph.stop)
}

func (w *pressWriter) multiple(f report.PressFacts) {
	m, ph, l := f.Multiple, phrases[w.l], w.l
	if m == nil {
		return
	}
	to, from := l.Period(m.To), l.Period(m.From)
	fmt.Fprintf(&w.b, ph.multiple, to, l.SeriesInText(f.Series), w.level("multiple to", *m.ToValue, f.Currency), from)
	switch {
	case stats.Round(*m.IncreaseTimes, 1) < 1:
		fmt.Fprintf(&w.b, ph.multipleChange, w.change("increase", m.IncreasePct, true), from)
	case l == Zh:
		fmt.Fprintf(&w.b, ph.multipleTimes, "", "", w.times("increase times", *m.IncreaseTimes))
	default:
		fmt.Fprintf(&w.b, ph.multipleTimes, w.times("ratio", *m.Ratio), from, w.times("increase times", *m.IncreaseTimes), w.rate("increase", *m.IncreasePct, true))
	}
	if m.CAGRPct != nil {
		if l == Zh {
			fmt.Fprintf(&w.b, ph.cagr, w.change("cagr", m.CAGRPct, true))
		} else {
			fmt.Fprintf(&w.b, ph.cagr, w.rate("cagr", *m.CAGRPct, true))
		}
	}
	w.b.WriteString(ph.stop)
}

// PressHeading is the heading of the press text: "2024年上半年跨境电商进出口",
// "Cross-border e-commerce, H1 2024".
func (l Lang) PressHeading(series string, p data.Period) string {
	if l == Zh {
		return l.Period(p) + l.Series(series) + "进出口"
	}
	return l.Series(series) + ", " + l.Period(p)
}

// Source is the paragraph's source line: the publisher and the data's
// date, and, where a growth rate in it is not one customs published but
// ceb's computation from the published levels (a survey result without a
// rate of its own), a clause that says so: the press office must not
// sign a rate as customs' that customs never printed.
func (p Paragraph) Source(asOf data.Date) string {
	for _, f := range p.Figures {
		if f.Computed && (f.Label == "growth" || f.Label == "export growth" || f.Label == "import growth") {
			return p.Lang.Sprintf("press.source.computed", asOf)
		}
	}
	return p.Lang.Sprintf("press.source", asOf)
}
