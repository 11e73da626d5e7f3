package report

import (
	"slices"
	"testing"
)

// keepRows: which rows of a series a result shows, by hand from the rule
// in its doc comment (rows are flows total, export, import).
func TestKeepRows(t *testing.T) {
	rows := []string{"total", "export", "import"}
	tests := []struct {
		name                         string
		missing                      []bool
		explicit, namedPeriod, alone bool
		want                         []string
		computed                     int
	}{
		{"flows asked for keep every row", []bool{false, true, true}, true, false, false, rows, 1},
		{"a named period keeps the flows the others lack", []bool{false, true, true}, false, true, true, rows, 1},
		{"the latest period shows what it has", []bool{false, true, true}, false, false, true, []string{"total"}, 1},
		{"a series without the period keeps its total's row", []bool{true, true, true}, false, true, true, []string{"total"}, 0},
		{"unless it was not asked for", []bool{true, true, true}, false, false, false, nil, 0},
		{"nothing missing", []bool{false, false, false}, false, true, true, rows, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := keepRows(rows, tt.missing, tt.explicit, tt.namedPeriod, tt.alone)
			if !slices.Equal(got, tt.want) || n != tt.computed {
				t.Errorf("got %v (%d computed), want %v (%d)", got, n, tt.want, tt.computed)
			}
		})
	}
}
