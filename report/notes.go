package report

import (
	"fmt"
	"slices"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/calendar"
	"github.com/cbec-stats/ceb/stats"
)

// The notes a statistician adds by hand to a comparison (docs/design.md,
// Notes): they do not change a number, they say when a number should not be
// read alone.
//
//   - Spring Festival: a comparison of January, February or January–February
//     whose Spring Festival falls in a different month than in the base year
//     compares a month with the holiday against one without (2024-02 against
//     2023-02: 10 February against 22 January). The note recommends the
//     combined January–February figure (for a month) or the first quarter.
//     Periods that hold both months whole (a quarter, a half, a year) need no
//     note. Years outside the embedded table (2000–2050) get none.
//   - Series coverage: the CBEC statistical-survey series (cbec) was first
//     published for 2020 and back-cast to 2018; a comparison that reaches 2018
//     or 2019 rests on back-cast estimates. The platform series
//     (cbec_platform, 2014–2020) covers only retail cleared through the
//     customs CBEC platform and is not comparable with cbec.

// GrowthNotes are the notes of a comparison of series in period p against
// base, in lang (en or zh), in a fixed order.
func GrowthNotes(series string, p, base data.Period, lang string) []string {
	var out []string
	if n := SpringFestivalNote(p, base, lang); n != "" {
		out = append(out, n)
	}
	return append(out, coverageNotes(series, []data.Period{base, p}, lang)...)
}

// SpanNotes are the notes of a figure of series over the periods ps, such as
// a multiple or a trend: the coverage notes only (a span of years is not
// moved by the Spring Festival).
func SpanNotes(series string, ps []data.Period, lang string) []string {
	return coverageNotes(series, ps, lang)
}

// PackageNotes are the notes of every figure of the package (headline,
// history, five-year comparison), each once.
func PackageNotes(pkg *Package, lang string) []string {
	var all [][]string
	add := func(g stats.Growth) {
		if g.Key.Period.Valid() {
			all = append(all, GrowthNotes(g.Key.Series, g.Key.Period, g.BasePeriod, lang))
		}
	}
	for _, c := range append(append([]stats.Comparison{}, pkg.Headline...), pkg.History...) {
		add(c.Growth)
		add(c.Ref)
	}
	if m := pkg.Multiple; m != nil {
		all = append(all, SpanNotes(m.Series, spanPeriods(m.From, m.To), lang))
	}
	return Distinct(all...)
}

// SpringFestivalNote is the Spring Festival note of a comparison of p
// against base, or "" when it needs none. Unlike the coverage notes it
// changes what a rate means, so the press text carries it too.
func SpringFestivalNote(p, base data.Period, lang string) string {
	if !p.Valid() || !base.Valid() || p.From != 1 && p.From != 2 || p.To > 2 {
		return ""
	}
	moved, cur, prev, ok := calendar.SpringFestivalMoved(p.Year, base.Year)
	if !ok || !moved {
		return ""
	}
	advice := "note.spring_festival.month"
	if p.From == 1 && p.To == 2 {
		advice = "note.spring_festival.janfeb"
	}
	return fmt.Sprintf(Word("note.spring_festival", lang), calendarDate(cur, lang), calendarDate(prev, lang)) + Word(advice, lang)
}

func calendarDate(d time.Time, lang string) string {
	if lang == "zh" {
		return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
	}
	return d.Format("2 January 2006")
}

// backCast is the span of the survey series estimated backwards: the
// survey was first published for 2020 (NOTES.md: 1.69万亿 in January 2021).
const backCastFrom, backCastTo = 2018, 2019

func coverageNotes(series string, ps []data.Period, lang string) []string {
	switch series {
	case "cbec":
		if slices.ContainsFunc(ps, func(p data.Period) bool { return p.Valid() && p.Year >= backCastFrom && p.Year <= backCastTo }) {
			return []string{Word("note.cbec_backcast", lang)}
		}
	case "cbec_platform":
		return []string{Word("note.cbec_platform", lang)}
	}
	return nil
}

// Distinct returns the notes in order of first appearance, each once.
func Distinct(notes ...[]string) []string {
	var out []string
	for _, ns := range notes {
		for _, n := range ns {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}
