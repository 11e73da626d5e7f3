package vocab

// The titles and notes of charts (package chart). Their words are the
// title.*, note.* and axis.* entries of the vocabulary; the methods here
// take the decisions that depend on the language: the order of a title's
// parts, and which note a multiple gets.

import (
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// TrendTitle is the title of a chart of a series' levels: "Cross-border
// e-commerce: trade value", 跨境电商规模.
func (l Lang) TrendTitle(series string) string {
	return l.Sprintf("title.trend", l.Series(series))
}

// GrowthTitle is the title of a chart of the growth of a series and of its
// reference over periods: "Year-on-year growth: cross-border e-commerce and
// all goods trade", 跨境电商与外贸整体同比增速.
func (l Lang) GrowthTitle(series, ref string) string {
	return l.Sprintf("title.growth", l.SeriesInText(series), l.SeriesInText(ref))
}

// CompareTitle is the title of a chart comparing the growth of a series
// with its reference's in period p: "Growth of cross-border e-commerce and
// all goods trade, H1 2024", 2024年上半年跨境电商与外贸整体增速对比. Chinese
// puts the period first.
func (l Lang) CompareTitle(series, ref string, p data.Period) string {
	if l == Zh {
		return l.Sprintf("title.compare", l.Period(p), l.Series(series), l.Series(ref))
	}
	return l.Sprintf("title.compare", l.SeriesInText(series), l.SeriesInText(ref), l.Period(p))
}

// ShareTitle is the title of a chart of a series' share of its reference:
// "Cross-border e-commerce as a share of all goods trade", 跨境电商占外贸整体比重.
func (l Lang) ShareTitle(series, ref string) string {
	return l.Sprintf("title.share", l.Series(series), l.SeriesInText(ref))
}

// MultipleTitle is the title of a chart of a multiple of flow of a series
// from period from to period to: "Cross-border e-commerce, 2018 to 2023"
// (the English title leaves the flow out), 2018年至2023年跨境电商进出口规模.
func (l Lang) MultipleTitle(series string, flow data.Flow, from, to data.Period) string {
	if l == Zh {
		return l.Sprintf("title.multiple", l.Period(from), l.Period(to), l.Series(series)+l.FlowTitle(flow))
	}
	return l.Sprintf("title.multiple", l.Series(series), l.Period(from), l.Period(to))
}

// MultipleNote is the note of a multiple's chart: the ratio, the increase
// in times (增长X倍, from a doubling on) or in per cent, and the CAGR, each
// to one decimal: "×2.5 (grew 1.5 times), CAGR 20.1%",
// "是2018年的2.5倍（增长1.5倍），年均增长20.1%". Chinese names the base period.
// The multiple must have its ratio, increase and CAGR.
func (l Lang) MultipleNote(m stats.Multiple) string {
	r, cagr := stats.Round(*m.Ratio, 1), stats.Round(*m.CAGRPct, 1)
	key, increase := "note.multiple", stats.Round(*m.IncreaseTimes, 1)
	if *m.IncreaseTimes < 1 {
		key, increase = "note.increase", stats.Round(*m.IncreasePct, 1)
	}
	if l == Zh {
		return l.Sprintf(key, l.Period(m.From), r, increase, cagr)
	}
	return l.Sprintf(key, r, increase, cagr)
}

// TopTitle is the title of a chart of a ranked breakdown of flow of a
// series by dimension by in period p: "Cross-border e-commerce, imports
// and exports by partner, 2024", 跨境电商进出口按国别(地区)分布（2024年）.
func (l Lang) TopTitle(series string, flow data.Flow, by string, p data.Period) string {
	what, dim := l.Series(series)+l.FlowTitle(flow), l.Dim(by)
	if l != Zh {
		what = l.Series(series) + ", " + strings.ToLower(l.FlowTitle(flow))
		dim = l.DimInText(by)
	}
	return l.Sprintf("title.top", what, dim, l.Period(p))
}

// TopCaption is the line above a table of a ranked breakdown: what it
// ranks, "cbec total 2024, ranked by trade mode", 跨境电商 进出口 2024年，按贸易方式排名.
// English keeps the series' slug, as the table's cells do.
func (l Lang) TopCaption(series string, flow data.Flow, by string, p data.Period) string {
	name, dim := series, l.DimInText(by)
	if l == Zh {
		name, dim = l.Series(series), l.Dim(by)
	}
	return l.Sprintf("caption.top", name, l.Flow(flow), l.Period(p), dim)
}

// StaleWarning is the line a command prints when the newest release in
// the data is old: its date and how many days before today it is, and how
// to add newer tables.
func (l Lang) StaleWarning(newest data.Date, days int) string {
	return l.Sprintf("warn.stale", newest, days)
}

// ConflictWarning is the line a command prints for a figure k the data
// gives twice at one vintage with another value or rate: at used (which
// ceb takes, the later line) and at other.
func (l Lang) ConflictWarning(k data.Key, vintage data.Date, used, other string) string {
	return l.Sprintf("warn.conflict", used, l.Key(k), vintage, other, used)
}

// MissingWarning is the line a command prints when some rows have no
// figure while others do: which, and where the reason is.
func (l Lang) MissingWarning(keys []data.Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Series + " " + l.Flow(k.Flow) + " " + l.Period(k.Period)
	}
	return l.Sprintf("warn.missing", strings.Join(names, l.ListSeparator()))
}

// LeftOutWarning is the line stats trend prints for the months or quarters
// of its span the data has no figure for, which the list leaves out: each
// series and flow once, its periods after it, the first twelve and how
// many more.
func (l Lang) LeftOutWarning(keys []data.Key) string {
	var groups []string
	byGroup := map[string][]string{}
	for _, k := range keys {
		g := k.Series + " " + l.Flow(k.Flow)
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], l.Period(k.Period))
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		ps := byGroup[g]
		list := strings.Join(ps[:min(len(ps), 12)], l.ListSeparator())
		if len(ps) > 12 {
			list += l.Sprintf("warn.left_out.more", len(ps)-12)
		}
		parts[i] = g + " " + list
	}
	return l.Sprintf("warn.left_out", strings.Join(parts, l.Word("warn.left_out.sep")))
}

// TopNote is the note of a ranked breakdown's chart: the share of the
// total the n items drawn hold, "the top 10 hold 83.2% of the total",
// 前10位合计占83.2%.
func (l Lang) TopNote(n int, sharePct float64) string {
	return l.Sprintf("note.top", n, sharePct)
}

// chartWords are the words of a chart's source line and description,
// the entries only charts use: [English, Chinese].
var chartWords = map[string][2]string{
	"chart.source":   {"Source: GACC", "资料来源：海关总署"},
	"chart.computed": {"computed with ceb", "ceb计算"},
	"chart.also":     {", ", "，"},
	"chart.colon":    {": ", "："},
	"chart.stop":     {".", "。"},
}

func init() { addWords(chartWords) }

// ChartSource is the line under a chart that says where its figures come
// from: "Source: GACC", 资料来源：海关总署; when the chart draws a figure
// ceb computed (a growth rate of basis computed, a gap, a share, a
// multiple, a level summed from finer periods) it adds so: "Source: GACC,
// computed with ceb", 资料来源：海关总署，ceb计算. "ceb", the tool's name,
// is the one Latin word of a Chinese chart.
func (l Lang) ChartSource(computed bool) string {
	s := l.Word("chart.source")
	if computed {
		s += l.Word("chart.also") + l.Word("chart.computed")
	}
	return s
}

// ChartPoint is one figure of a chart's description: where it is (a
// period, a flow, a name) and its value as the chart labels it.
type ChartPoint struct{ At, Value string }

// ChartSeries describes one series of a chart in words, for the SVG's
// description (read by screen readers and searches): "Cross-border
// e-commerce: H1 2023 +16.0, H1 2024 n/a", 跨境电商：2023年上半年 +16.0，
// 2024年上半年 无数据. A point without a value is n/a (无数据).
func (l Lang) ChartSeries(name string, points []ChartPoint) string {
	parts := make([]string, len(points))
	for i, p := range points {
		v := p.Value
		if v == "" {
			v = l.Word("note.nodata")
		}
		parts[i] = strings.TrimSpace(p.At + " " + v)
	}
	list := strings.Join(parts, l.Word("chart.also"))
	if name == "" {
		return list
	}
	return name + l.Word("chart.colon") + list
}

// ChartDescription joins sentences (what is charted, the source line, the
// embargo stamp), empty ones left out, each ended with a full stop: ". "
// in English (and a space between), 。 in Chinese.
func (l Lang) ChartDescription(sentences ...string) string {
	end := l.Word("chart.stop")
	var b strings.Builder
	for _, s := range sentences {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if b.Len() > 0 && l != Zh {
			b.WriteString(" ")
		}
		b.WriteString(s)
		if !strings.HasSuffix(s, end) {
			b.WriteString(end)
		}
	}
	return b.String()
}

// RevisionsTitle is the title of a chart of the revisions of flow of a
// series: "Cross-border e-commerce, imports and exports: first release and
// latest", 跨境电商进出口首次公布与最新数据.
func (l Lang) RevisionsTitle(series string, flow data.Flow) string {
	what := l.Series(series) + l.FlowTitle(flow)
	if l != Zh {
		what = l.Series(series) + ", " + strings.ToLower(l.FlowTitle(flow))
	}
	return l.Sprintf("title.revisions", what)
}

// GrowthRevision labels the revision of a growth rate in points, to one
// decimal: "+2.5 pp", "+2.5个百分点", "0.0 pp" when it rounds to none;
// n/a (无数据) when there is no rate to revise.
func (l Lang) GrowthRevision(pp *float64) string {
	if pp == nil {
		return l.Word("note.nodata")
	}
	return l.Sprintf("note.growth_revision", Signed(*pp))
}

// GapLabel labels the gap between two growth rates in points: "+4.4 pp",
// "+4.4个百分点", "0.0 pp".
func (l Lang) GapLabel(pp float64) string { return l.Sprintf("note.gap", Signed(pp)) }

// Signed writes x to one decimal with its direction, as the charts label
// changes: "+2.5", "−0.3" (a minus sign, U+2212, as the press text
// prints one, not a hyphen), and "0.0" without a sign when it rounds to
// zero (−0.04 included), for nothing changed.
func Signed(x float64) string {
	r := stats.Round(x, 1)
	switch {
	case r == 0:
		return "0.0"
	case r < 0:
		return Minus + strconv.FormatFloat(-r, 'f', 1, 64)
	}
	return "+" + strconv.FormatFloat(r, 'f', 1, 64)
}

// Minus is the minus sign charts draw before a negative number.
const Minus = "\u2212"

// Negative writes a chart's axis number with a minus sign, not a hyphen:
// "−5", "10", "2.5".
func Negative(v float64) string {
	if v < 0 {
		return Minus + strconv.FormatFloat(-v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
