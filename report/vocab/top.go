package vocab

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/report"
)

// topWords are the words of ranked breakdowns beyond the core table
// (vocab.go): the unit-value columns, remainders, sums over other
// dimensions.
var topWords = map[string][2]string{
	"col.quantity":              {"quantity", "数量"},
	"col.quantity_unit":         {"unit", "计量单位"},
	"col.unit_value":            {"unit value", "单价"},
	"col.unit_value_growth_pct": {"unit value chg", "单价增长"},
	"col.volume_growth_pct":     {"volume chg", "数量增长"},
	"col.quantity_reason":       {"quantity note", "数量说明"},
	"col.absent":                {"members absent", "缺项"},
	"top.remainder":             {"%s (remainder, not ranked)", "%s（其他项，不参与排名）"},
	"top.heading.zh":            {"%s", "%s（第%s章 %s）"},
	"caption.top.over":          {"%s %s %s, ranked by %s (summed over %s)", "%s %s %s，按%s排名（各%s合计）"},
	"top.grouping.sum":          {"%s (sum of its members here, not ranked)", "%s（所列成员之和，不参与排名）"},
	"top.bri.source":            {" — members per a secondary list (152 countries as of 2023-08, after yidaiyilu.gov.cn), not the official one", "——成员据二手名单（截至2023年8月152国，转引自中国一带一路网），非官方名单"},
}

func init() { addWords(topWords) }

// headingZh is the Chinese label of an HS heading, which has no official
// Chinese name in ceb's lists: its code with its chapter's name, 8517（第85章
// 电机电气设备及零件）.
func headingZh(code string) string {
	ch, ok := codes.Lookup("hs", code[:2])
	if !ok {
		return code
	}
	return Zh.Sprintf("top.heading.zh", code, ch.Code, ch.Zh)
}

// TopCaptionOver is the caption of a ranking (TopCaption), summed over
// other dimensions where over names them: "trade export May 2024, ranked by
// HS code (summed over partner)".
func (l Lang) TopCaptionOver(series string, flow data.Flow, by string, p data.Period, over []string) string {
	if len(over) == 0 {
		return l.TopCaption(series, flow, by, p)
	}
	name, dim := series, l.DimInText(by)
	if l == Zh {
		name, dim = l.Series(series), l.Dim(by)
	}
	names := make([]string, len(over))
	for i, n := range over {
		names[i] = l.DimInText(n)
		if l == Zh {
			names[i] = l.Dim(n)
		}
	}
	sep := map[Lang]string{En: " and ", Zh: "、"}[l]
	return l.Sprintf("caption.top.over", name, l.Flow(flow), l.Period(p), dim, strings.Join(names, sep))
}

// topReasons are the reasons of ranked breakdowns as Chinese tables say
// them; %s are periods (written as labels) or the rest.
var topReasons = []struct {
	re *regexp.Regexp
	zh func(l Lang, m []string) string
}{
	{regexp.MustCompile(`^absent in (\S+) \(counted as zero\): (\S+) (.+)$`), func(l Lang, m []string) string {
		dims := strings.Split(m[2], "/")
		var names []string
		for _, member := range strings.Split(m[3], ", ") {
			vals := strings.Split(member, "/")
			for i := range vals {
				if i < len(dims) {
					vals[i] = l.Code(dims[i], vals[i])
				}
			}
			names = append(names, strings.Join(vals, "/"))
		}
		if l == En {
			return fmt.Sprintf("no figure for %s (counted as zero): %s", l.PeriodCell(mustPeriod(m[1])), strings.Join(names, ", "))
		}
		return fmt.Sprintf("%s无数据（按零计）：%s", periodLabel(l, m[1]), strings.Join(names, "、"))
	}},
	{regexp.MustCompile(`^quantity in (\S+) for (\S+) but in (\S+) for (\S+)$`), func(l Lang, m []string) string {
		return fmt.Sprintf("计量单位不同：%s为%s，%s为%s", periodLabel(l, m[2]), m[1], periodLabel(l, m[4]), m[3])
	}},
	{regexp.MustCompile(`^quantities in several units for (\S+): (.+)$`), func(l Lang, m []string) string {
		return fmt.Sprintf("%s计量单位不一：%s", periodLabel(l, m[1]), strings.ReplaceAll(m[2], ", ", "、"))
	}},
	{regexp.MustCompile(`^no quantity for (\S+)$`), func(l Lang, m []string) string {
		return fmt.Sprintf("%s无数量", periodLabel(l, m[1]))
	}},
	{regexp.MustCompile(`^no quantity$`), func(Lang, []string) string { return "无数量" }},
	{regexp.MustCompile(`^no unit value: zero quantity or value$`), func(Lang, []string) string { return "数量或金额为零，无单价" }},
}

func mustPeriod(s string) data.Period {
	p, _ := data.ParsePeriod(s)
	return p
}

func periodLabel(l Lang, s string) string {
	if p, err := data.ParsePeriod(s); err == nil {
		return l.Period(p)
	}
	return s
}

// topReason words a reason of a ranked breakdown (in English only the
// members absent, by name), each part of a reason of several ("; ") on its
// own; ok is false for other reasons.
func topReason(l Lang, reason string) (string, bool) {
	if reason == "" || l == En && !strings.HasPrefix(reason, "absent in ") {
		return "", false
	}
	parts := strings.Split(reason, "; ")
	out := make([]string, len(parts))
	for i, part := range parts {
		found := false
		for _, p := range topReasons {
			if m := p.re.FindStringSubmatch(part); m != nil {
				out[i], found = p.zh(l, m), true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return strings.Join(out, map[Lang]string{En: "; ", Zh: "；"}[l]), true
}

// TopAbsentNote is the note below a ranked table on a row summed over
// members missing in one year: "61 Apparel, knitted: no figure for 2024-05
// (counted as zero): Vietnam".
func (l Lang) TopAbsentNote(by, code, reason string) string {
	name := l.CodeForPeople(by, code)
	if c := l.canonicalCode(by, code); c != name {
		name = c + " " + name
	}
	sep := map[Lang]string{En: ": ", Zh: "："}[l]
	return l.NoteLine(name + sep + l.Reason(reason))
}

// shortName is a long code-list name (UN Comtrade's HS heading texts run
// to 200 characters) as a table shows it: its first clause, at most
// shortNameMax characters, cut at a word with "…". Machine formats keep
// the full name.
func shortName(s string) string {
	const shortNameMax = 48
	if len([]rune(s)) <= shortNameMax {
		return s
	}
	if i := strings.Index(s, ";"); i > 0 && len([]rune(s[:i])) >= 12 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) <= shortNameMax {
		return s
	}
	cut := string(r[:shortNameMax-1])
	if i := strings.LastIndex(cut, " "); i > shortNameMax/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,") + "…"
}

// TopNotes are the lines below a ranked table, in row order: a grouping
// summed from a secondary membership list says so, and a row summed over
// members missing in one year names them. Every human rendering (the
// terminal, the workbook, the release page) prints them; machine formats
// carry the secondary and absent fields instead.
func (l Lang) TopNotes(rows []report.TopRow, by string) []string {
	var out []string
	for _, r := range rows {
		if r.Secondary {
			out = append(out, l.TopSecondaryNote(r.Code))
		}
		if len(r.Absent) > 0 {
			out = append(out, l.TopAbsentNote(by, r.Code, report.AbsentReason(r.Absent, r.Over)))
		}
	}
	return out
}

// TopSecondaryNote is the note below a table on a grouping summed from a
// secondary membership list: "note: BRI Belt and Road partner countries —
// members per a secondary list …".
func (l Lang) TopSecondaryNote(code string) string {
	return l.NoteLine(code + " " + l.Code("partner", code) + l.Word("top.bri.source"))
}
