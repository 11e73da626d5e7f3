package stats

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

// Every check has a fixture that trips it and one that passes (the numbers
// worked by hand in each comment).
func TestQAChecks(t *testing.T) {
	head := "series,flow,period,value,unit,currency,vintage,reported_yoy,trade_mode\n"
	tests := []struct {
		check, name, csv string
		trips            bool
	}{
		{"duplicates", "one release, two values", "s,total,2024,100,100m,CNY,2025-01-13,,\ns,total,2024,101,100m,CNY,2025-01-13,,\n", true},
		{"duplicates", "two releases", "s,total,2024,100,100m,CNY,2025-01-13,,\ns,total,2024,101,100m,CNY,2025-06-30,,\n", false},
		// 13 + 8.79 = 21.79, not 21.94: "13万亿" beside "8.79万亿" is 13.00.
		{"totals", "13 + 8.79 against 21.94", "t,total,2025H1,21.94,1t,CNY,2025-07-14,,\nt,export,2025H1,13,1t,CNY,2025-07-14,,\nt,import,2025H1,8.79,1t,CNY,2025-07-14,,\n", true},
		{"totals", "13 + 8.79 = 21.79", "t,total,2025H1,21.79,1t,CNY,2025-07-14,,\nt,export,2025H1,13,1t,CNY,2025-07-14,,\nt,import,2025H1,8.79,1t,CNY,2025-07-14,,\n", false},
		// 601 + 451 = 1052 against a quarter of 1001.
		{"parts", "months against the quarter", "s,total,2024Q1,1001,1,CNY,,,\ns,total,2024-01..02,601,1,CNY,,,\ns,total,2024-03,451,1,CNY,,,\n", true},
		{"parts", "months that add up", "s,total,2024Q1,1052,1,CNY,,,\ns,total,2024-01..02,601,1,CNY,,,\ns,total,2024-03,451,1,CNY,,,\n", false},
		{"negative", "a negative import", "s,import,2024,-5,1,CNY,,,\n", true},
		{"negative", "a negative balance", "s,balance,2024,-5,1,CNY,,,\n", false},
		{"ytd", "a year to date that falls", "s,total,2024-01..2024-05,100,1,CNY,,,\ns,total,2024-01..2024-06,90,1,CNY,,,\n", true},
		{"ytd", "a year to date that rises", "s,total,2024-01..2024-05,100,1,CNY,,,\ns,total,2024-01..2024-06,120,1,CNY,,,\n", false},
		// 110.3 / 100.2 − 1 = 10.08%, both levels of one release: 20% cannot be.
		{"rates", "a rate the levels cannot give", "s,total,2024,110.3,1,CNY,2025-01-13,20,\ns,total,2023,100.2,1,CNY,2025-01-13,,\n", true},
		{"rates", "a rate the levels give", "s,total,2024,110.3,1,CNY,2025-01-13,10.1,\ns,total,2023,100.2,1,CNY,2025-01-13,,\n", false},
		// All trade: 100/14 against 90/13 CNY per USD, a move of +3.17%; a
		// CNY rate of 10% implies 1.10 / 1.0317 − 1 = 6.6% in USD.
		{"currencies", "USD rate far from the CNY rate", "trade,total,2024,100,1,CNY,,,\ntrade,total,2023,90,1,CNY,,,\ntrade,total,2024,14,1,USD,,,\ntrade,total,2023,13,1,USD,,,\nc,total,2024,50,1,CNY,,10,\nc,total,2024,7,1,USD,,10,\n", true},
		{"currencies", "USD rate the move allows", "trade,total,2024,100,1,CNY,,,\ntrade,total,2023,90,1,CNY,,,\ntrade,total,2024,14,1,USD,,,\ntrade,total,2023,13,1,USD,,,\nc,total,2024,50,1,CNY,,10,\nc,total,2024,7,1,USD,,6.6,\n", false},
		// 70.0 + 40.0 = 110.0 against a total of 100.0.
		{"shares", "trade modes adding up to more than the total", "t,total,2024-05,100.0,1,CNY,,,\nt,total,2024-05,70.0,1,CNY,,,0110\nt,total,2024-05,40.0,1,CNY,,,9610\n", true},
		{"shares", "trade modes within the total", "t,total,2024-05,100.0,1,CNY,,,\nt,total,2024-05,70.0,1,CNY,,,0110\nt,total,2024-05,25.0,1,CNY,,,9610\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.check+": "+tt.name, func(t *testing.T) {
			ds, err := load.Load("-", load.Options{Stdin: strings.NewReader(head + tt.csv)})
			if err != nil {
				t.Fatal(err)
			}
			fs, err := QA(ds, []string{tt.check})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Check != tt.check || f.Severity != data.SevWarning || f.Line == 0 {
					t.Errorf("finding %+v from another check, or without a line", f)
				}
			}
			if (len(fs) > 0) != tt.trips {
				t.Errorf("findings %v; want tripped = %v", fs, tt.trips)
			}
		})
	}
	if _, err := QA(&data.Dataset{}, []string{"colour"}); err == nil || !strings.Contains(err.Error(), `check "colour": unknown check`) {
		t.Errorf("unknown check: %v", err)
	}
}
