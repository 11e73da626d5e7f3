package report

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Labels as GACC and the press write them (by hand from the releases), and
// each reads back to its period.
func TestPeriodLabel(t *testing.T) {
	tests := []struct{ in, en, zh string }{
		{"2024", "2024", "2024年"},
		{"2024H1", "H1 2024", "2024年上半年"},
		{"2024H2", "H2 2024", "2024年下半年"},
		{"2024Q1", "Q1 2024", "2024年一季度"},
		{"2024Q4", "Q4 2024", "2024年四季度"},
		{"2024-06", "Jun 2024", "2024年6月"},
		{"2024-01..02", "Jan-Feb 2024", "2024年1-2月"},
		{"2024-01..10", "Jan-Oct 2024", "2024年1-10月"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := data.MustParsePeriod(tt.in)
			if got := PeriodLabel(p, "en"); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
			if got := PeriodLabel(p, "zh"); got != tt.zh {
				t.Errorf("zh = %q, want %q", got, tt.zh)
			}
		})
	}
	// Every period of a year, of every kind, reads back from its labels.
	for from := 1; from <= 12; from++ {
		for to := from; to <= 12; to++ {
			p := data.Range(2024, from, to)
			for _, lang := range []string{"en", "zh"} {
				l := PeriodLabel(p, lang)
				if q, err := data.ParsePeriod(l); err != nil || q != p {
					t.Errorf("label %q of %s reads back as %v, %v", l, p, q, err)
				}
			}
		}
	}
}

func TestWordFallbacks(t *testing.T) {
	tests := []struct{ key, lang, want string }{
		{"series.cbec", "zh", "跨境电商"},
		{"series.livestream", "zh", "livestream"},
		{"col.unit", "zh", "unit"},
		{"no.such.key", "en", "no.such.key"},
	}
	for _, tt := range tests {
		if got := Word(tt.key, tt.lang); got != tt.want {
			t.Errorf("Word(%q, %q) = %q, want %q", tt.key, tt.lang, got, tt.want)
		}
	}
	if got := UnitShort(data.Unit100m, data.USD, "en"); got != "USD 100m" {
		t.Errorf("UnitShort = %q", got)
	}
	if got := UnitName(data.Unit1t, data.CNY, "zh"); got != "万亿元" {
		t.Errorf("UnitName = %q", got)
	}
	if got := SheetName("notes", "both"); got != "说明 Notes and method" {
		t.Errorf("SheetName = %q", got)
	}
}

// The usual reasons for a missing number read in Chinese, periods as their
// labels; English, and reasons without a translation, stay as they are.
func TestReasonText(t *testing.T) {
	tests := []struct{ reason, lang, want string }{
		{"no level for 2023-01..2023-11", "zh", "无2023年1-11月金额"},
		{"no data for the base period 2023H1", "zh", "基期2023年上半年无数据"},
		{"no level published for the base period 2023", "zh", "基期2023年未公布金额"},
		{"no level published for 2024-05, only a rate", "zh", "2024年5月只公布了增速，未公布金额"},
		{"no data (3 of 12 months missing)", "zh", "无数据（12个月中缺3个月）"},
		{"no data", "zh", "无数据"},
		{"trade: no level for 2023", "zh", "trade：无2023年金额"},
		{"no level for the reference", "zh", "对比口径无金额"},
		{"trend needs at least 3 years with data, found 2", "zh", "trend needs at least 3 years with data, found 2"},
		{"no level for 2023-01..2023-11", "en", "no level for 2023-01..2023-11"},
		{"", "zh", ""},
	}
	for _, tt := range tests {
		if got := ReasonText(tt.reason, tt.lang); got != tt.want {
			t.Errorf("ReasonText(%q, %s) = %q, want %q", tt.reason, tt.lang, got, tt.want)
		}
	}
}

// A growth row's reason follows the table's language: a sign change in
// words (由逆差20亿元转为顺差20亿元, worked by hand from −20 and +20 亿元) and
// a translated reason, in Chinese; in English as stats gives it.
func TestGrowthTableReasonLanguage(t *testing.T) {
	k := data.Key{Series: "trade", Flow: data.Balance, Period: data.Year(2024), Currency: data.CNY}
	base, cur := -20e8, 20e8
	rows := []stats.Growth{
		{Key: k, Value: &cur, BaseValue: &base, SignChange: true},
		{Key: data.Key{Series: "trade", Flow: data.Export, Period: data.Year(2024), Currency: data.CNY}, Reason: "no data for the base period 2023"},
	}
	for lang, want := range map[string][]string{
		"zh": {"由逆差20亿元转为顺差20亿元", "基期2023年无数据"},
		"en": {"turned from a deficit of", "no data for the base period 2023"},
	} {
		tb := GrowthTable(rows, data.CNY, lang)
		col := -1
		for i, c := range tb.Columns {
			if c.Key == "reason" {
				col = i
			}
		}
		for i, w := range want {
			if got := tb.Rows[i][col].S; !strings.Contains(got, w) {
				t.Errorf("%s row %d: reason %q, want %q", lang, i, got, w)
			}
		}
	}
}
