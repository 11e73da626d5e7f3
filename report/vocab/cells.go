package vocab

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/report"
)

// Title is a column's human title: the vocabulary entry Column.Word (or
// col.KEY), around the series Column.Of when it names one; a column
// without an entry is titled by its key.
func (l Lang) Title(c report.Column) string {
	w := c.Word
	if w == "" {
		w = "col." + c.Key
	}
	t := l.Word(w)
	if c.Of != "" {
		return fmt.Sprintf(t, l.Series(c.Of))
	}
	if t == w && c.Word == "" {
		return c.Key
	}
	return t
}

// Text words the code or text of a cell of column c. Machine formats (CSV,
// JSON) keep the fields scripts select on as codes in every language — a
// flow (total, export), a period in canonical form (2024H1), a status
// (reported, revised-base), a term in English (diff's value, yes) — so
// that --lang changes only the prose (reasons, notes, labels); people read
// them in words. Number cells are not words: Text returns "" for them.
func (l Lang) Text(c report.Column, cell report.Cell, machine bool) string {
	switch c.Kind {
	case report.Flow:
		if machine {
			return cell.S
		}
		return l.Flow(data.Flow(cell.S))
	case report.Period:
		if p, err := data.ParsePeriod(cell.S); err == nil && cell.S != "" {
			if machine {
				return p.String()
			}
			return l.PeriodCell(p)
		}
		return cell.S
	case report.Status:
		if machine || cell.S == "" || !Has("status."+cell.S) {
			return cell.S
		}
		return l.Word("status." + cell.S)
	case report.Reason:
		if s := cell.Sign; s != nil {
			return l.SignChange(s.Base, s.Value, s.Currency, s.Flow)
		}
		return l.Reason(cell.S)
	case report.Figure:
		if cell.F == nil {
			return ""
		}
		return l.FigureText(cell.Fig, *cell.F, cell.Cur)
	case report.Term:
		if cell.S == "" {
			return ""
		}
		if machine {
			return En.Word(cell.S)
		}
		return l.Word(cell.S)
	case report.RankCode:
		// The code as customs' lists have it (0110 for a table's
		// "Ordinary Trade" or 一般贸易) in every format; the others and
		// total rows are named, in English in machine formats.
		lc := l
		if machine {
			lc = En
		}
		if code := lc.rankCode(cell); cell.Row == "item" || strings.HasPrefix(cell.Row, "grouping") || cell.Row == "remainder" {
			return l.canonicalCode(c.Dim, code)
		} else {
			return code
		}
	case report.RankLabel:
		return l.rankLabel(c.Dim, cell, machine)
	case report.Notes:
		return strings.Join(l.Notes(cell.N), report.NoteSeparator)
	}
	return cell.S
}

func (l Lang) rankCode(cell report.Cell) string {
	switch cell.Row {
	case "others":
		return l.Word("top.others")
	case "total":
		if cell.TotalPublished {
			return l.Word("top.total.published")
		}
		return l.Word("top.total.sum")
	}
	return cell.S
}

// rankLabel is the name of a ranked row's code, empty where it would only
// repeat the code column (an unlisted code).
func (l Lang) rankLabel(dim string, cell report.Cell, machine bool) string {
	label := ""
	switch cell.Row {
	case "item", "grouping", "grouping.sum", "grouping.secondary", "remainder":
		shown := l.canonicalCode(dim, cell.S)
		label = l.Code(dim, cell.S)
		if !machine {
			label = l.CodeForPeople(dim, cell.S)
		}
		if label == shown && cell.Row == "item" {
			label = ""
		}
		if !machine && dim == "hs" {
			label = shortName(label)
		}
	}
	switch cell.Row {
	case "grouping":
		label = l.Sprintf("top.grouping", cmp.Or(label, cell.S))
	case "remainder":
		label = l.Sprintf("top.remainder", cmp.Or(label, cell.S))
	case "grouping.sum":
		label = l.Sprintf("top.grouping.sum", cmp.Or(label, cell.S))
	case "grouping.secondary":
		// A membership ceb did not check: its source goes with the figure.
		label = l.Sprintf("top.grouping.sum", cmp.Or(label, cell.S)) + l.Word("top.bri.source")
	}
	return label
}

// Figure writes x as the press text writes a figure of kind k: an amount
// in currency cur, a rate, points, a share or a multiple.
func (l Lang) Figure(k report.FigureKind, x float64, cur data.Currency) Figure {
	switch k {
	case report.FigAmount:
		return l.Amount(x, cur)
	case report.FigPoints:
		return l.Points(x)
	case report.FigTimes:
		return l.Times(x)
	}
	return l.Rate(x)
}

// canonicalCode is the code-list code a value names (0110 for "Ordinary
// Trade", US for 美国), so that a table's code column holds codes, not
// names in one language; a value no list knows is kept.
func (l Lang) canonicalCode(dim, value string) string {
	if e, ok := codes.Lookup(dim, value); ok {
		return e.Code
	}
	return value
}

// FigureText writes x as a press text states a figure of kind k, with its
// direction: "增长10.5%" / "up 10.5%", "下降3.9%" / "down 3.9%", "高出4.4个百分点"
// / "4.4 percentage points higher", an amount with a minus sign when
// negative. ceb diff shows and compares figures in this form, so "press
// figure changed" is said exactly when the press text would change.
func (l Lang) FigureText(k report.FigureKind, x float64, cur data.Currency) string {
	f := l.Figure(k, x, cur)
	ph := phrases[l]
	switch k {
	case report.FigRate:
		switch Sign(x) {
		case 1:
			return ph.up + f.Text
		case -1:
			return ph.down + f.Text
		}
		return ph.unchanged
	case report.FigPoints:
		return l.Sprintf([]string{"points.lower", "points.level", "points.higher"}[Sign(x)+1], f.Text)
	case report.FigAmount:
		if x < 0 {
			return l.Word("sign.negative") + f.Text
		}
	}
	return f.Text
}

// reasonPatterns are the reasons stats and ranking give for a missing
// number, as Chinese tables say them; %s is the period (written as a label)
// or the rest of the reason.
var reasonPatterns = []struct {
	re      *regexp.Regexp
	zh      string
	counted bool // the arguments are counts, not periods
}{
	{regexp.MustCompile(`^no level for the reference$`), "对比口径无金额", false},
	{regexp.MustCompile(`^no level for (\S+)$`), "无%s金额", false},
	{regexp.MustCompile(`^no data for the base period (\S+)$`), "基期%s无数据", false},
	{regexp.MustCompile(`^no data for (\S+): published (.+), latest (\S+)$`), "%s无数据：%s公布，最新为%s", false},
	{regexp.MustCompile(`^no level published for the base period (\S+)$`), "基期%s未公布金额", false},
	{regexp.MustCompile(`^no level published for (\S+), only a rate$`), "%s只公布了增速，未公布金额", false},
	{regexp.MustCompile(`^no data \((\d+) of (\d+) months missing\)$`), "无数据（%[2]s个月中缺%[1]s个月）", true},
	{regexp.MustCompile(`^no data$`), "无数据", false},
	{regexp.MustCompile(`^the (\S+) level is an? (.+?) \((\S+)\) and the (\S+) level an? (.+?) \((\S+)\): different methods, not compared$`), "%s金额为%s（%s发布），%s金额为%s（%s发布），统计方法不同，不作比较", false},
}

// reasonWords words, in a Chinese reason, how a series is published and
// the kinds of release a method break names.
var reasonWords = strings.NewReplacer("half-yearly", "按半年", "yearly", "按年", "quarterly", "按季", "monthly", "按月", "year to date", "按累计", ", ", "、", " and ", "、",
	// the kinds of release a method break names (stats: releaseName)
	"preliminary estimate", "初步测算数", "survey result", "统计调查数", "revision", "修订数", "bulletin", "月报数")

// Reason is a reason for a missing number in l. In Chinese the usual
// reasons are translated (periods as labels: 无2023年1-11月金额), a
// "series: reason" prefix kept; others, and every reason in English, are
// returned as they are.
func (l Lang) Reason(reason string) string {
	if t, ok := topReason(l, reason); ok {
		return t
	}
	if l != Zh || reason == "" {
		return reason
	}
	if series, rest, ok := strings.Cut(reason, ": "); ok && !strings.Contains(series, " ") {
		return series + "：" + l.Reason(rest)
	}
	for _, p := range reasonPatterns {
		m := p.re.FindStringSubmatch(reason)
		if m == nil {
			continue
		}
		args := make([]any, 0, len(m)-1)
		for _, a := range m[1:] {
			if per, err := data.ParsePeriod(a); err == nil && !p.counted {
				a = l.Period(per)
			} else {
				a = reasonWords.Replace(a)
			}
			args = append(args, a)
		}
		return fmt.Sprintf(p.zh, args...)
	}
	return reason
}
