package data_test

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

// Parts against their whole. Each case worked by hand; the tolerance is
// half a step of each published figure (a level written "100.0" has a step
// of 0.1, so ±0.05 each; "100" alone could be rounded to hundreds).
func TestBreakdownChecks(t *testing.T) {
	head := "series,flow,period,value,unit,partner,province\n"
	tests := []struct {
		name, csv string
		want      string // a part of the one finding, "" for none
		line      int
	}{
		// 70 + 60 = 130 against a total of 100: 130%.
		{"partners adding up to 130% of the total",
			"t,total,2024,100.0,1,,\nt,total,2024,70.0,1,US,\nt,total,2024,60.0,1,JP,\n",
			"2 member(s) by partner add up to 130, more than the published total 100 (by 30", 2},
		// 60 + 30 = 90 ≤ 100; 东盟 (95) is a grouping, not a member.
		{"a grouping beside its members is not summed",
			"t,total,2024,100.0,1,,\nt,total,2024,60.0,1,US,\nt,total,2024,30.0,1,越南,\nt,total,2024,95.0,1,东盟,\n",
			"", 0},
		// 越南 30 + 泰国 25 = 55 against 东盟 50.
		{"members of ASEAN above ASEAN",
			"t,total,2024,100.0,1,,\nt,total,2024,30.0,1,越南,\nt,total,2024,25.0,1,泰国,\nt,total,2024,50.0,1,东盟,\n",
			"2 member(s) of 东盟 beside it add up to 55, more than the published total 50", 5},
		// 60 + 30 + 其他 5 = 95, a complete breakdown, against 100.
		{"a complete breakdown short of its total",
			"t,total,2024,100.0,1,,\nt,total,2024,60.0,1,US,\nt,total,2024,30.0,1,JP,\nt,total,2024,5.0,1,其他,\n",
			"3 member(s) by partner, a complete breakdown (with its remainder 其他), add up to 95, less than the published total 100 (by 5", 2},
		// 60 + 30 + 10 = 100: complete and equal.
		{"a complete breakdown that adds up",
			"t,total,2024,100.0,1,,\nt,total,2024,60.0,1,US,\nt,total,2024,30.0,1,JP,\nt,total,2024,10.0,1,其他,\n",
			"", 0},
		// 60 + 30 = 90 < 100, no remainder: incomplete, so fine.
		{"an incomplete breakdown below its total",
			"t,total,2024,100.0,1,,\nt,total,2024,60.0,1,US,\nt,total,2024,30.0,1,JP,\n",
			"", 0},
		// 1.2 + 1.0 (亿, step 0.1亿 each) = 2.2 against 2.1亿: within
		// 0.05 × 3 = 0.15亿 of rounding.
		{"within the rounding of the published digits",
			"t,total,2024,2.1,100m,,\nt,total,2024,1.2,100m,,44\nt,total,2024,1.0,100m,,31\n",
			"", 0},
		// 1.3 + 1.0 = 2.3 against 2.1: 0.2亿 beyond 0.15亿.
		{"beyond the rounding of the published digits",
			"t,total,2024,2.1,100m,,\nt,total,2024,1.3,100m,,44\nt,total,2024,1.0,100m,,31\n",
			"2 member(s) by province add up to 230000000, more than the published total 210000000", 2},
		// 塞尔维亚 30 + 越南 25 = 55 against 共建"一带一路"国家 50: the
		// membership is a secondary list, and the finding says so.
		{"members of the Belt and Road above it",
			"t,total,2024,100.0,1,,\nt,total,2024,30.0,1,RS,\nt,total,2024,25.0,1,VN,\nt,total,2024,50.0,1,一带一路,\n",
			"2 member(s) of 一带一路 beside it (Belt and Road members: a secondary list (152 countries as of 2023-08, after yidaiyilu.gov.cn), not the official one) add up to 55", 5},
		// Within one province, partners against the province's total.
		{"partners within a province",
			"t,total,2024,10.0,1,,44\nt,total,2024,8.0,1,US,44\nt,total,2024,7.0,1,JP,44\n",
			"t total 2024 CNY province=44: 2 member(s) by partner add up to 15", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := load.Load("-", load.Options{Stdin: strings.NewReader(head + tt.csv)})
			if err != nil {
				t.Fatal(err)
			}
			fs := data.BreakdownChecks(data.NewView(ds, data.Date{}))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("findings %v, want none", fs)
			case tt.want != "" && len(fs) != 1:
				t.Errorf("findings %v, want one with %q", fs, tt.want)
			case tt.want != "" && (!strings.Contains(fs[0].Message, tt.want) || fs[0].Line != tt.line || fs[0].Check != "shares"):
				t.Errorf("finding %s:%d %q, want line %d with %q", fs[0].File, fs[0].Line, fs[0].Message, tt.line, tt.want)
			}
		})
	}
}
