package report

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// Spring Festival dates by hand from the State Council's holiday notices:
// 2023-01-22, 2024-02-10, 2025-01-29, 2020-01-25.
func TestGrowthNotes(t *testing.T) {
	date := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	sf := func(p data.Period, cur, prev string) Note {
		return Note{Kind: SpringFestival, Period: p, Base: p.YearAgo(), Festival: date(cur), BaseFestival: date(prev)}
	}
	tests := []struct {
		name   string
		series string
		p      data.Period
		want   []Note
	}{
		{"February, festival moved from January", "trade", data.Month(2024, 2), []Note{sf(data.Month(2024, 2), "2024-02-10", "2023-01-22")}},
		{"January, festival moved to January", "trade", data.Month(2025, 1), []Note{sf(data.Month(2025, 1), "2025-01-29", "2024-02-10")}},
		{"January–February, festival moved", "trade", data.Range(2024, 1, 2), []Note{sf(data.Range(2024, 1, 2), "2024-02-10", "2023-01-22")}},
		// A January festival is always followed by a February one (a lunar
		// year is 354 or 384 days), so only February–February repeats.
		{"February, festival in February both years", "trade", data.Month(2019, 2), nil},
		{"March needs no note", "trade", data.Month(2024, 3), nil},
		{"first quarter needs no note", "trade", data.Quarter(2024, 1), nil},
		{"year to date through March needs no note", "trade", data.Range(2024, 1, 3), nil},
		{"year outside the table", "trade", data.Month(2051, 2), nil},
		{"survey series on a back-cast base", "cbec", data.Year(2020), []Note{{Kind: CBECBackcast}}},
		{"survey series after the back-cast", "cbec", data.Year(2021), nil},
		{"platform series", "cbec_platform", data.Year(2019), []Note{{Kind: CBECPlatform}}},
		{"festival and coverage together", "cbec", data.Month(2020, 1), []Note{sf(data.Month(2020, 1), "2020-01-25", "2019-02-05"), {Kind: CBECBackcast}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GrowthNotes(tt.series, tt.p, tt.p.YearAgo())
			if !slices.Equal(got, tt.want) {
				t.Errorf("notes = %+v, want %+v", got, tt.want)
			}
		})
	}
	if n, _ := SpringFestivalNote(data.Range(2024, 1, 2), data.Range(2023, 1, 2)); !n.JanFeb() {
		t.Error("a January–February note is not marked JanFeb")
	}
}

// A human table prints each distinct note once below it; CSV and JSON
// carry them per row.
func TestTableNotes(t *testing.T) {
	one, two := Note{Kind: CBECBackcast}, Note{Kind: CBECPlatform}
	tb := &Table{Columns: []Column{{Key: "x"}, notesColumn}}
	tb.Add(Str("a"), NotesCell([]Note{one, two}))
	tb.Add(Str("b"), NotesCell([]Note{two}))
	tb.Add(Str("c"), NotesCell(nil))
	if got := tb.Notes(); !slices.Equal(got, []Note{one, two}) {
		t.Errorf("Notes() = %+v, want one, two", got)
	}
}

// A report without a period covers the latest half-year or year the data
// has, whichever ends later; the year when both end in December.
func TestReportPeriodDefault(t *testing.T) {
	obs := func(periods ...string) *data.View {
		ds := &data.Dataset{}
		for _, p := range periods {
			ds.Obs = append(ds.Obs, data.Observation{Series: "cbec", Flow: data.Total, Period: data.MustParsePeriod(p), Value: 1, HasValue: true, Currency: data.CNY})
		}
		return data.NewView(ds, data.Date{})
	}
	tests := []struct {
		name    string
		periods []string
		want    string
	}{
		{"a year after the half", []string{"2025H1", "2025"}, "2025"},
		{"a half after the year", []string{"2024", "2025H1"}, "2025H1"},
		{"the year over its second half", []string{"2025H2", "2025", "2025H1"}, "2025"},
		{"halves only", []string{"2024H1", "2024H2"}, "2024H2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReportPeriod(obs(tt.periods...), nil, "cbec", data.CNY)
			if err != nil || p.String() != tt.want {
				t.Errorf("ReportPeriod = %s, %v; want %s", p, err, tt.want)
			}
		})
	}
	if _, err := ReportPeriod(obs("2025Q1"), nil, "cbec", data.CNY); err == nil {
		t.Error("no half-year or year: want an error")
	}
}

// A report whose own total is a preliminary estimate carries one note of
// history: CBEC 2025 (2.75 trillion, preliminary, 2026-01-15) as of
// 2026-03-31. The preliminary totals since 2020, the first year with a
// survey result, moved by (−4.1420 − 3.0303 − 2.4739 − 0.4202 + 2.1557 +
// 3.0418) / 6 = −0.8115% on average (mean absolute 2.5440%) (stats/revision_test.go works each by
// hand); a report on a survey figure (2024H1 as of 2024-12-31) has none.
func TestPreliminaryHistoryNote(t *testing.T) {
	tests := []struct {
		name   string
		period string
		asOf   string
		want   bool
	}{
		{"2025, a preliminary estimate", "2025", "2026-03-31", true},
		{"H1 2024 after the survey", "2024H1", "2024-12-31", false},
	}
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := data.NewView(ds, testkit.MustDate(tt.asOf))
			pkg, err := BuildPackage(v, ds, data.MustParsePeriod(tt.period), "cbec", "trade", data.CNY)
			if err != nil {
				t.Fatal(err)
			}
			var got *Note
			for _, n := range PackageNotes(pkg) {
				if n.Kind == PreliminaryHistory {
					got = &n
				}
			}
			if (got != nil) != tt.want {
				t.Fatalf("note %+v, want one: %v", got, tt.want)
			}
			if got == nil {
				return
			}
			h := got.History
			if got.Since != 2020 || h.Periods != 6 || h.Up != 2 || math.Abs(*h.MeanRevisionPct+0.8115) > 5e-5 || math.Abs(*h.MeanAbsRevisionPct-2.5440) > 5e-5 {
				t.Errorf("since %d, %d periods, mean %.4f, mean abs %.4f, %d up; want 2020, 6, −0.8115, 2.5440, 2", got.Since, h.Periods, *h.MeanRevisionPct, *h.MeanAbsRevisionPct, h.Up)
			}
		})
	}
}
