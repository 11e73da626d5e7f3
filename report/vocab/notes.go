package vocab

import (
	"fmt"
	"slices"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// Note words a note on a figure (report.Note).
func (l Lang) Note(n report.Note) string {
	switch n.Kind {
	case report.SpringFestival:
		advice := "note.spring_festival.month"
		if n.JanFeb() {
			advice = "note.spring_festival.janfeb"
		}
		return l.Sprintf("note.spring_festival", l.date(n.Festival), l.date(n.BaseFestival)) + l.Word(advice)
	case report.CBECBackcast:
		return l.Word("note.cbec_backcast")
	case report.CBECPlatform:
		return l.Word("note.cbec_platform")
	case report.PreliminaryHistory:
		h := n.History
		return l.Sprintf("note.preliminary_history", n.Since, l.SeriesInText(n.Series), h.Periods, *h.MeanRevisionPct, *h.MeanAbsRevisionPct, h.Up)
	case report.FinerSum:
		what := l.Series(n.Series) + l.ListSeparator() + l.Flow(n.Flow) + l.ListSeparator() + l.Period(n.Period)
		return l.Sprintf("note.finer_sum", what, l.inUnit(n.Level, data.Unit100m, n.Currency), l.Amount(n.Published, n.Currency).Text)
	}
	return ""
}

// Notes words each note, each wording once: the notes of January and of
// February of one year against the same base say the same.
func (l Lang) Notes(ns []report.Note) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		if w := l.Note(n); !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// NoteLine is a note as a line below a table: "note: …", "注：…".
func (l Lang) NoteLine(text string) string { return l.Word("note") + text }

// FestivalSentence is the press text's sentence on a Spring Festival that
// moved month (the tables carry the full note): "注：春节今年在2月、上年在1月，
// 错月因素影响同比增速。"
func (l Lang) FestivalSentence(n report.Note) string {
	if l == Zh {
		return fmt.Sprintf("注：春节今年在%d月、上年在%d月，错月因素影响同比增速。", int(n.Festival.Month()), int(n.BaseFestival.Month()))
	}
	return fmt.Sprintf(" Note: the Spring Festival fell in %s this year and in %s a year earlier, which affects the year-on-year comparison.", n.Festival.Month(), n.BaseFestival.Month())
}

func (l Lang) date(d time.Time) string {
	if l == Zh {
		return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
	}
	return d.Format("2 January 2006")
}

// inUnit writes a level in unit u to one decimal: "12,463.0 (CNY 100m)",
// "12,463.0亿元".
func (l Lang) inUnit(v float64, u data.Unit, c data.Currency) string {
	n := Thousands(v/u.Factor(), 1)
	if l == Zh {
		return n + l.UnitName(u, c)
	}
	return n + " (" + l.UnitName(u, c) + ")"
}
