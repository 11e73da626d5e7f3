package vocab

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/stats"
)

// Spring Festival dates by hand from the State Council's holiday notices:
// 2023-01-22, 2024-02-10, 2025-01-29, 2020-01-25.
func TestGrowthNotes(t *testing.T) {
	tests := []struct {
		name   string
		series string
		p      data.Period
		want   []string // substrings, one per note, in order; none for no note
	}{
		{"February, festival moved from January", "trade", data.Month(2024, 2), []string{"10 February 2024 against 22 January 2023 in the base year, in a different month, so the holiday weighs on one side of the comparison only: compare January–February combined or the first quarter."}},
		{"January, festival moved to January", "trade", data.Month(2025, 1), []string{"29 January 2025 against 10 February 2024"}},
		{"January–February, festival moved", "trade", data.Range(2024, 1, 2), []string{"compare the first quarter."}},
		// A January festival is always followed by a February one (a lunar
		// year is 354 or 384 days), so only February–February repeats.
		{"February, festival in February both years", "trade", data.Month(2019, 2), nil},
		{"March needs no note", "trade", data.Month(2024, 3), nil},
		{"first quarter needs no note", "trade", data.Quarter(2024, 1), nil},
		{"year to date through March needs no note", "trade", data.Range(2024, 1, 3), nil},
		{"year outside the table", "trade", data.Month(2051, 2), nil},
		{"survey series on a back-cast base", "cbec", data.Year(2020), []string{"back-cast"}},
		{"survey series after the back-cast", "cbec", data.Year(2021), nil},
		{"platform series", "cbec_platform", data.Year(2019), []string{"Platform series"}},
		{"festival and coverage together", "cbec", data.Month(2020, 1), []string{"25 January 2020 against 5 February 2019", "back-cast"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := En.Notes(report.GrowthNotes(tt.series, tt.p, tt.p.YearAgo()))
			if len(got) != len(tt.want) {
				t.Fatalf("notes = %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("note %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestGrowthNotesChinese(t *testing.T) {
	got := Zh.Notes(report.GrowthNotes("trade", data.Month(2024, 2), data.Month(2023, 2)))
	if len(got) != 1 || !strings.Contains(got[0], "春节为2024年2月10日，上年为2023年1月22日") || !strings.Contains(got[0], "1-2月合计或一季度") {
		t.Errorf("notes = %q", got)
	}
}

func TestNotesHaveNoSeparator(t *testing.T) {
	for k, v := range vocabulary {
		if strings.HasPrefix(k, "note.") && (strings.Contains(v[0], report.NoteSeparator) || strings.Contains(v[1], report.NoteSeparator)) {
			t.Errorf("%s contains %q, which joins notes in one cell", k, report.NoteSeparator)
		}
	}
}

// The note of history on a preliminary figure, in both languages: worded as
// history, never as a forecast.
func TestPreliminaryHistoryWords(t *testing.T) {
	mean, abs := -0.4781, 2.2107
	n := report.Note{Kind: report.PreliminaryHistory, Series: "cbec", Since: 2020,
		History: &stats.RevisionSummary{Series: "cbec", Periods: 6, MeanRevisionPct: &mean, MeanAbsRevisionPct: &abs, Up: 2}}
	tests := []struct {
		lang Lang
		want string
	}{
		{En, "History, not a forecast: since 2020, cross-border e-commerce preliminary totals (6 periods) have moved from their first release to their latest by -0.5% on average (mean absolute 2.2%, 2 revised up)."},
		{Zh, "历史情况（非预测）：2020年以来，跨境电商初步数据（共6期）从首次发布到最新发布平均修订-0.5%（平均绝对修订2.2%，其中上修2期）。"},
	}
	for _, tt := range tests {
		if got := tt.lang.Note(n); !strings.Contains(got, tt.want) {
			t.Errorf("%v: %q, want it to contain %q", tt.lang, got, tt.want)
		}
	}
}

// Every code is named for people: a listed code by its list, an HS
// subheading or national code that no list names by its heading, as such,
// and anything else as it is.
func TestCodeNames(t *testing.T) {
	tests := []struct {
		lang      Lang
		dim, code string
		want      string
	}{
		{En, "partner", "502", "United States"},
		{Zh, "partner", "US", "美国"},
		{En, "hs", "8517", "Telephone sets"},
		{Zh, "hs", "8517", "8517（第85章 电机电气设备及零件）"},
		{En, "hs", "85171300", "heading 8517: Telephone sets"},
		{Zh, "hs", "85171300", "属8517（第85章 电机电气设备及零件）"},
		{En, "hs", "851713", "heading 8517: "},
		{En, "hs", "8517130x", "8517130x"},
		{En, "hs", "99999999", "99999999"},
		{En, "trade_mode", "9610", "CBEC (9610)"},
	}
	for _, tt := range tests {
		if got := tt.lang.CodeForPeople(tt.dim, tt.code); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%v CodeForPeople(%s, %s) = %q, want it to start with %q", tt.lang, tt.dim, tt.code, got, tt.want)
		}
	}
	// Machine formats keep the code list's answer: no name for 85171300.
	if got := En.Code("hs", "85171300"); got != "85171300" {
		t.Errorf("Code(hs, 85171300) = %q, want the code as it is", got)
	}
}

// A level the tables give as the sum of its parts, beside the rounded
// figure the release published: 9,799 + 2,664 = 12,463 亿元 against
// "1.25万亿", and the base 8,210 + 2,760 = 10,970 against "1.1万亿" (the
// survey release of 2024-10-14 and the preliminary one of 2023-07-13). A
// level read as published gets no note.
func TestFinerSumNotes(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	k := data.Key{Series: "cbec", Flow: data.Total, Period: data.Half(2024, 1), Currency: data.CNY}
	tests := []struct {
		name   string
		g      stats.Growth
		en, zh []string
	}{
		{"both levels summed", stats.Growth{Key: k, BasePeriod: data.Half(2023, 1), Value: f(12463e8), PublishedValue: f(12500e8), BaseValue: f(10970e8), BasePublishedValue: f(11000e8)},
			[]string{"Cross-border e-commerce, total, H1 2024: the tables give 12,463.0 (CNY 100 million), the sum of its published parts, which the published RMB 1.25 trillion rounds (press texts quote the published figure).",
				"Cross-border e-commerce, total, H1 2023: the tables give 10,970.0 (CNY 100 million), the sum of its published parts, which the published RMB 1.1 trillion rounds (press texts quote the published figure)."},
			[]string{"跨境电商、进出口、2024年上半年：表中金额12,463.0亿元为其各分项公布数之和，公布值1.25万亿元是其修约数；新闻稿引用公布值。",
				"跨境电商、进出口、2023年上半年：表中金额10,970.0亿元为其各分项公布数之和，公布值1.1万亿元是其修约数；新闻稿引用公布值。"}},
		{"only the base summed", stats.Growth{Key: k, BasePeriod: data.Half(2023, 1), Value: f(12200e8), BaseValue: f(10970e8), BasePublishedValue: f(11000e8)},
			[]string{"Cross-border e-commerce, total, H1 2023: the tables give 10,970.0 (CNY 100 million), the sum of its published parts, which the published RMB 1.1 trillion rounds (press texts quote the published figure)."}, nil},
		{"levels as published", stats.Growth{Key: k, BasePeriod: data.Half(2023, 1), Value: f(12200e8), BaseValue: f(11000e8)}, nil, nil},
		{"no base level", stats.Growth{Key: k, BasePeriod: data.Half(2023, 1), Value: f(12463e8), PublishedValue: f(12500e8), BasePublishedValue: f(11000e8)},
			[]string{"Cross-border e-commerce, total, H1 2024: the tables give 12,463.0"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				l    Lang
				want []string
			}{{En, tt.en}, {Zh, tt.zh}} {
				got := c.l.Notes(report.LevelNotes(tt.g))
				if c.want == nil && c.l == Zh {
					continue // the English case says how many
				}
				if len(got) != len(c.want) {
					t.Fatalf("%v notes = %q, want %q", c.l, got, c.want)
				}
				for i := range got {
					if !strings.HasPrefix(got[i], c.want[i]) {
						t.Errorf("%v note %d = %q, want %q", c.l, i, got[i], c.want[i])
					}
				}
			}
		})
	}
}
