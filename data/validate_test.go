package data_test

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []string // substrings of the warnings, in order; none for a clean file
	}{
		{"clean, totals within rounding", `series,flow,period,value,unit
s,total,2024H1,1.25,1t
s,export,2024H1,9799,100m
s,import,2024H1,2664,100m
`, nil},
		{"duplicate key with another value", `series,flow,period,value,vintage
s,total,2024,100,2024-01-01
s,total,2024,101,2024-01-01
`, []string{"duplicate of -:2"}},
		{"export + import != total", `series,flow,period,value
s,total,2024,1001
s,export,2024,601
s,import,2024,451
`, []string{"export + import = 1052 but total = 1001"}},
		{"months disagree with the quarter", `series,flow,period,value
s,total,2024Q1,1001
s,total,2024-01..02,601
s,total,2024-03,451
`, []string{"the sum of 2024-01..2024-02, 2024-03 gives 1052"}},
		{"negative flow", `series,flow,period,value
s,import,2024,-5
s,balance,2024,-5
`, []string{"negative import value -5"}},
		{"year to date falls", `series,flow,period,value
s,total,2024-01..2024-05,100
s,total,2024-01..2024-06,90
`, []string{"year to date 2024H1 = 90 is below 2024-01..2024-05 = 100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := data.Check(loadString(t, tt.csv))
			if len(fs) != len(tt.want) {
				t.Fatalf("got %d warnings %+v, want %d", len(fs), fs, len(tt.want))
			}
			for i, w := range tt.want {
				if fs[i].Severity != data.SevWarning || !strings.Contains(fs[i].Message, w) {
					t.Errorf("warning %d = %q, want %q", i, fs[i].Message, w)
				}
				if fs[i].Line == 0 {
					t.Errorf("warning %d has no line", i)
				}
			}
		})
	}
}
