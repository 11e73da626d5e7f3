package report

import (
	"slices"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/calendar"
	"github.com/cbec-stats/ceb/stats"
)

// The notes a statistician adds by hand to a comparison (docs/design.md,
// Notes): they do not change a number, they say when a number should not be
// read alone. They are returned as codes with their facts; package vocab
// words them.
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
//   - Finer sum: a level the tables give as the sum of its published parts
//     (export + import, or finer periods) where the release also published
//     it rounded ("1.25万亿" beside 9,799 + 2,664 亿元 = 12,463 亿元): the
//     tables and the press text then differ in their last digits, and the
//     note says why, so that neither number is read as a slip.

// NoteKind names a note.
type NoteKind int

// The notes.
const (
	// SpringFestival: the festival fell in another month than in the base
	// year (Festival and BaseFestival are its dates).
	SpringFestival NoteKind = iota + 1
	// CBECBackcast: the figure reaches the survey series' back-cast years.
	CBECBackcast
	// CBECPlatform: the figure is of the narrower platform series.
	CBECPlatform
	// PreliminaryHistory: the report's own figure is a preliminary
	// estimate, and History says how far the series' preliminary figures
	// have moved from their first release to their latest since Since (the
	// first year of its survey). History, never a forecast.
	PreliminaryHistory
	// FinerSum: the level of Series, Flow, Period in Currency is Level, the
	// sum of its published parts, where the release published it rounded
	// as Published.
	FinerSum
)

// Note is one note on a figure: its kind and, for the Spring Festival, the
// periods compared and the festival's dates in each.
type Note struct {
	Kind                   NoteKind
	Period, Base           data.Period
	Festival, BaseFestival time.Time
	// Series, Since and History are the facts of a PreliminaryHistory note.
	Series  string
	Since   int
	History *stats.RevisionSummary
	// Flow, Currency, Level and Published are the facts of a FinerSum note
	// (with Series and Period).
	Flow             data.Flow
	Currency         data.Currency
	Level, Published float64
}

// JanFeb reports whether a Spring Festival note is on January–February
// combined (whose advice is the first quarter, not the combined figure).
func (n Note) JanFeb() bool { return n.Period.From == 1 && n.Period.To == 2 }

// GrowthNotes are the notes of a comparison of series in period p against
// base, in a fixed order.
func GrowthNotes(series string, p, base data.Period) []Note {
	var out []Note
	if n, ok := SpringFestivalNote(p, base); ok {
		out = append(out, n)
	}
	return append(out, coverageNotes(series, []data.Period{base, p})...)
}

// LevelNotes are the notes on the levels of a growth row: a FinerSum note
// for the current level and for the base level where each is the finer sum
// of a published, rounded figure.
func LevelNotes(g stats.Growth) []Note {
	return append(finerSum(g, g.Key.Period, g.Value, g.PublishedValue), finerSum(g, g.BasePeriod, g.BaseValue, g.BasePublishedValue)...)
}

// OwnLevelNotes is LevelNotes of the current level only, for a table
// without a base column (a trend).
func OwnLevelNotes(g stats.Growth) []Note {
	return finerSum(g, g.Key.Period, g.Value, g.PublishedValue)
}

// finerSum is the FinerSum note of g's figure in period p, when its level
// is the finer sum of a published figure.
func finerSum(g stats.Growth, p data.Period, level, published *float64) []Note {
	if level == nil || published == nil {
		return nil
	}
	return []Note{{Kind: FinerSum, Series: g.Key.Series, Flow: g.Key.Flow, Period: p, Currency: g.Key.Currency, Level: *level, Published: *published}}
}

// SpanNotes are the notes of a figure of series over the periods ps, such as
// a multiple or a trend: the coverage notes only (a span of years is not
// moved by the Spring Festival).
func SpanNotes(series string, ps []data.Period) []Note {
	return coverageNotes(series, ps)
}

// PackageNotes are the notes of every figure of the package (headline,
// history, five-year comparison), each once.
func PackageNotes(pkg *Package) []Note {
	var all [][]Note
	add := func(g stats.Growth) {
		if g.Key.Period.Valid() {
			all = append(all, GrowthNotes(g.Key.Series, g.Key.Period, g.BasePeriod), LevelNotes(g))
		}
	}
	for _, c := range append(append([]stats.Comparison{}, pkg.Headline...), pkg.History...) {
		add(c.Growth)
		add(c.Ref)
	}
	if m := pkg.Multiple; m != nil {
		all = append(all, SpanNotes(m.Series, spanPeriods(m.From, m.To)))
	}
	if n, ok := pkg.preliminaryHistory(); ok {
		all = append(all, []Note{n})
	}
	return Distinct(all...)
}

// preliminaryHistory is the note on a report whose own total is a
// preliminary estimate: how far the series' preliminary totals, from the
// first year the series has a survey result for (a release of a revised
// figure), moved from their first
// release to their latest as of the package's date (pkg.Revisions). None
// when the figure is not preliminary or no such figure was revised.
func (pkg *Package) preliminaryHistory() (Note, bool) {
	if len(pkg.Headline) == 0 || pkg.Headline[0].Release != data.Preliminary {
		return Note{}, false
	}
	since := 0
	for _, r := range pkg.Revisions {
		survey := r.FirstRelease == data.Survey || r.LatestRelease == data.Survey
		if survey && r.Key.Series == pkg.Series && (since == 0 || r.Key.Period.Year < since) {
			since = r.Key.Period.Year
		}
	}
	var rows []stats.Revision
	for _, r := range pkg.SeriesRevisions() {
		if r.FirstRelease == data.Preliminary && since > 0 && r.Key.Period.Year >= since {
			rows = append(rows, r)
		}
	}
	sum := stats.SummarizeRevisions(rows)
	if len(sum) != 1 || sum[0].Periods == 0 {
		return Note{}, false
	}
	return Note{Kind: PreliminaryHistory, Series: pkg.Series, Since: since, History: &sum[0]}, true
}

// SpringFestivalNote is the Spring Festival note of a comparison of p
// against base, if it needs one. Unlike the coverage notes it changes what
// a rate means, so the press text carries it too.
func SpringFestivalNote(p, base data.Period) (Note, bool) {
	if !p.Valid() || !base.Valid() || p.From != 1 && p.From != 2 || p.To > 2 {
		return Note{}, false
	}
	moved, cur, prev, ok := calendar.SpringFestivalMoved(p.Year, base.Year)
	if !ok || !moved {
		return Note{}, false
	}
	return Note{Kind: SpringFestival, Period: p, Base: base, Festival: cur, BaseFestival: prev}, true
}

// backCast is the span of the survey series estimated backwards: the
// survey was first published for 2020 (NOTES.md: 1.69万亿 in January 2021).
const backCastFrom, backCastTo = 2018, 2019

func coverageNotes(series string, ps []data.Period) []Note {
	switch series {
	case "cbec":
		if slices.ContainsFunc(ps, func(p data.Period) bool { return p.Valid() && p.Year >= backCastFrom && p.Year <= backCastTo }) {
			return []Note{{Kind: CBECBackcast}}
		}
	case "cbec_platform":
		return []Note{{Kind: CBECPlatform}}
	}
	return nil
}

// Distinct returns the notes in order of first appearance, each once.
func Distinct(notes ...[]Note) []Note {
	var out []Note
	for _, ns := range notes {
		for _, n := range ns {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// spanPeriods are the years from–to of a multiple.
func spanPeriods(from, to data.Period) []data.Period {
	var out []data.Period
	for p := from; p.Valid() && p.Year <= to.Year; p = p.AddYears(1) {
		out = append(out, p)
	}
	return out
}
