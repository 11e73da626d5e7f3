package vocab

import (
	"strings"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
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
			if got := En.Period(p); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
			if got := Zh.Period(p); got != tt.zh {
				t.Errorf("zh = %q, want %q", got, tt.zh)
			}
		})
	}
	// Every period of a year, of every kind, reads back from its labels.
	for from := 1; from <= 12; from++ {
		for to := from; to <= 12; to++ {
			p := data.Range(2024, from, to)
			for _, lang := range []Lang{En, Zh} {
				l := lang.Period(p)
				if q, err := data.ParsePeriod(l); err != nil || q != p {
					t.Errorf("label %q of %s reads back as %v, %v", l, p, q, err)
				}
			}
		}
	}
}

func TestWordFallbacks(t *testing.T) {
	tests := []struct {
		key  string
		lang Lang
		want string
	}{
		{"series.cbec", Zh, "跨境电商"},
		{"series.livestream", Zh, "livestream"},
		{"col.unit", Zh, "unit"},
		{"no.such.key", En, "no.such.key"},
	}
	for _, tt := range tests {
		if got := tt.lang.Word(tt.key); got != tt.want {
			t.Errorf("Word(%q, %q) = %q, want %q", tt.key, tt.lang, got, tt.want)
		}
	}
	if got := En.UnitShort(data.Unit100m, data.USD); got != "USD 100m" {
		t.Errorf("UnitShort = %q", got)
	}
	if got := Zh.UnitName(data.Unit1t, data.CNY); got != "万亿元" {
		t.Errorf("UnitName = %q", got)
	}
	if got := (Set{Zh, En}).SheetName("notes"); got != "说明 Notes and method" {
		t.Errorf("SheetName = %q", got)
	}
}

// The usual reasons for a missing number read in Chinese, periods as their
// labels; English, and reasons without a translation, stay as they are.
func TestReasonText(t *testing.T) {
	tests := []struct {
		reason string
		lang   Lang
		want   string
	}{
		{"no level for 2023-01..2023-11", Zh, "无2023年1-11月金额"},
		{"no data for the base period 2023H1", Zh, "基期2023年上半年无数据"},
		{"no level published for the base period 2023", Zh, "基期2023年未公布金额"},
		{"no level published for 2024-05, only a rate", Zh, "2024年5月只公布了增速，未公布金额"},
		{"no data (3 of 12 months missing)", Zh, "无数据（12个月中缺3个月）"},
		{"no data", Zh, "无数据"},
		{"trade: no level for 2023", Zh, "trade：无2023年金额"},
		{"no level for the reference", Zh, "对比口径无金额"},
		{"the 2025 level is a preliminary estimate (2026-01-15) and the 2024 level a survey result (2025-11-25): different methods, not compared", Zh,
			"2025年金额为初步测算数（2026-01-15发布），2024年金额为统计调查数（2025-11-25发布），统计方法不同，不作比较"},
		{"cbec: the 2024H1 level is a survey result (2024-10-14) and the 2023H1 level a preliminary estimate (2023-07-13): different methods, not compared", Zh,
			"cbec：2024年上半年金额为统计调查数（2024-10-14发布），2023年上半年金额为初步测算数（2023-07-13发布），统计方法不同，不作比较"},
		{"trend needs at least 3 years with data, found 2", Zh, "trend needs at least 3 years with data, found 2"},
		{"no level for 2023-01..2023-11", En, "no level for 2023-01..2023-11"},
		{"", Zh, ""},
	}
	for _, tt := range tests {
		if got := tt.lang.Reason(tt.reason); got != tt.want {
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
	for lang, want := range map[Lang][]string{
		Zh: {"由逆差20亿元转为顺差20亿元", "基期2023年无数据"},
		En: {"turned from a deficit of", "no data for the base period 2023"},
	} {
		tb := report.GrowthTable(rows, data.CNY)
		col := -1
		for i, c := range tb.Columns {
			if c.Key == "reason" {
				col = i
			}
		}
		for i, w := range want {
			if got := lang.Text(tb.Columns[col], tb.Rows[i][col], false); !strings.Contains(got, w) {
				t.Errorf("%s row %d: reason %q, want %q", lang, i, got, w)
			}
		}
	}
}

// Amounts as the press text writes them, checked by hand against releases
// (1.22万亿元, 9799亿元, "RMB 979.9 billion"), and sign changes worded.
func TestAmountAndSignChange(t *testing.T) {
	amounts := []struct {
		v    float64
		lang Lang
		want string
	}{
		{1.22e12, Zh, "1.22万亿元"},
		{9799e8, Zh, "9799亿元"},
		{12.34e8, Zh, "12.3亿元"},
		{1.2e12, Zh, "1.2万亿元"},
		{9799e8, En, "RMB 979.9 billion"},
		{3.9e8, En, "RMB 390 million"},
		{2.38e12, En, "RMB 2.38 trillion"},
	}
	for _, tt := range amounts {
		if got := tt.lang.Amount(tt.v, data.CNY).Text; got != tt.want {
			t.Errorf("%s Amount(%v) = %q, want %q", tt.lang, tt.v, got, tt.want)
		}
	}
	signs := []struct {
		name, want string
		lang       Lang
		base, cur  float64
		flow       data.Flow
	}{
		{"deficit to surplus", "turned from a deficit of RMB 2 billion to a surplus of RMB 3.5 billion", En, -2e9, 3.5e9, data.Balance},
		{"surplus to deficit zh", "由顺差1.2万亿元转为逆差20亿元", Zh, 1.2e12, -2e9, data.Balance},
		{"a total that turns negative", "turned from RMB 1.2 trillion to −RMB 2 billion", En, 1.2e12, -2e9, data.Total},
		{"a total that turns negative zh", "由1.2万亿元转为负20亿元", Zh, 1.2e12, -2e9, data.Total},
	}
	for _, tt := range signs {
		if got := tt.lang.SignChange(tt.base, tt.cur, data.CNY, tt.flow); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Every trade mode of GACC's English tables by trade mode (the real page of
// May 2024 and bulletin table (5)) has a Chinese name: none is shown in
// English in Chinese output.
func TestTradeModeLabels(t *testing.T) {
	labels := []string{"Ordinary Trade", "General Trade", "Free Assistance and Donated Materials between Countries/International Organizations",
		"Other Donated Materials", "Processing and Assembling Trade with Foreign-Supplied Materials", "Processing Trade with Imported Materials",
		"Frontier Petty Trade", "Processing Trade Imported Equipment", "Exports for Overseas Contracted Projects", "Leasing Trade",
		"Imported Equipment/Articles Invested by Foreign-Funded Enterprises", "Outward Processing Trade", "Duty-Free Foreign Exchange Commodities",
		"Duty-Free Goods", "Entry and Exit Goods in Bonded Control Areas", "Logistic Goods by Customs Special Control Areas",
		"Imported Equipment by Customs Special Control Areas", "Other", "Border Trade", "Logistics goods by customs special control area",
		"Equipment or Materials Imported as Investment by Foreign-Invested Enterprises", "Aid or Donation Between Governments or by International Organizations"}
	for _, l := range labels {
		zh := Zh.Code("trade_mode", l)
		if zh == l || strings.ContainsAny(zh, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("trade mode %q is %q in Chinese", l, zh)
		}
	}
	if got := Zh.Code("partner", "JP"); got != "日本" {
		t.Errorf("Code(partner, JP) = %q", got)
	}
	if got := Zh.Code("partner", "Atlantis"); got != "Atlantis" {
		t.Errorf("an unknown code keeps its text, got %q", got)
	}
}

// Figures as ceb diff shows them carry their direction, so a rate that
// turns from +0.5% to −0.5% is a changed press figure.
func TestFigureText(t *testing.T) {
	tests := []struct {
		k    report.FigureKind
		x    float64
		lang Lang
		want string
	}{
		{report.FigRate, 10.5, Zh, "增长10.5%"},
		{report.FigRate, -3.9, En, "down 3.9%"},
		{report.FigRate, 13.0, En, "up 13%"},
		{report.FigRate, 0.04, Zh, "持平"},
		{report.FigPoints, 4.4, Zh, "高出4.4个百分点"},
		{report.FigPoints, -9.1, En, "9.1 percentage points lower"},
		{report.FigAmount, 1.22e12, Zh, "1.22万亿元"},
		{report.FigShare, 5.76, En, "5.8%"},
	}
	for _, tt := range tests {
		if got := tt.lang.FigureText(tt.k, tt.x, data.CNY); got != tt.want {
			t.Errorf("%s %s %v = %q, want %q", tt.lang, tt.k, tt.x, got, tt.want)
		}
	}
}

// Every status a table or the workbook shows has its Chinese word: none is
// shown as its English code in Chinese output (machine formats keep the
// codes).
func TestStatusWords(t *testing.T) {
	col := report.Column{Kind: report.Status}
	for _, code := range []string{string(stats.Reported), string(stats.Computed), string(stats.OK), string(stats.RevisedBase),
		string(stats.Inconsistent), string(stats.MixedVintage), string(stats.MethodBreak), "published"} {
		if got := Zh.Text(col, report.Str(code), false); got == code || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("status %q is %q in Chinese", code, got)
		}
		if got := Zh.Text(col, report.Str(code), true); got != code {
			t.Errorf("machine formats: status %q is %q", code, got)
		}
	}
}

// TestSignedLabels: the charts' change labels carry their direction, and
// a change that rounds to nothing at one decimal has no sign ("+0.0 pp"
// read as a revision upwards of nothing).
func TestSignedLabels(t *testing.T) {
	for _, tt := range []struct {
		name string
		x    float64
		want string
	}{
		{"up", 4.4, "+4.4"},
		{"down", -5.43, "−5.4"},
		{"zero", 0, "0.0"},
		{"rounds to zero from below", -0.04, "0.0"},
		{"rounds to zero from above", 0.049, "0.0"},
		{"rounds away from zero", 0.05, "+0.1"},
		{"negative half", -0.05, "−0.1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Signed(tt.x); got != tt.want {
				t.Errorf("Signed(%v) = %q, want %q", tt.x, got, tt.want)
			}
		})
	}
	zero := -0.02
	for _, tt := range []struct {
		got, want string
	}{
		{En.GrowthRevision(&zero), "0.0 pp"},
		{Zh.GrowthRevision(&zero), "0.0个百分点"},
		{En.GrowthRevision(nil), En.Word("note.nodata")},
		{En.GapLabel(4.4), "+4.4 pp"},
		{Zh.GapLabel(-1.25), "−1.3个百分点"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// The embargo stamp as a customs press office writes it: Beijing time by
// name, another zone by its offset; English as it always read.
func TestEmbargoStamp(t *testing.T) {
	at := func(s string) *time.Time {
		x, err := time.Parse("2006-01-02T15:04Z07:00", s)
		if err != nil {
			t.Fatal(err)
		}
		return &x
	}
	tests := []struct {
		name string
		set  Set
		at   *time.Time
		want string
	}{
		{"both, Beijing time", Set{En, Zh}, at("2024-07-30T10:00+08:00"), "EMBARGOED until 2024-07-30 10:00 UTC+08:00 / 北京时间2024年7月30日10:00前禁止发布"},
		{"Chinese, another zone", Set{Zh}, at("2024-07-30T09:30+09:00"), "2024年7月30日09:30（UTC+09:00）前禁止发布"},
		{"English", Set{En}, at("2024-07-30T10:00+08:00"), "EMBARGOED until 2024-07-30 10:00 UTC+08:00"},
		{"none", Set{En, Zh}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.set.Embargo(tt.at); got != tt.want {
				t.Errorf("Embargo = %q, want %q", got, tt.want)
			}
		})
	}
}
