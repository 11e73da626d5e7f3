package canonical

import "testing"

// Cell names as spreadsheets write them (by hand: column 27 is AA, 52 AZ,
// 53 BA, 702 ZZ, 703 AAA).
func TestCellRef(t *testing.T) {
	tests := []struct {
		col, row int
		want     string
	}{
		{1, 1, "A1"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {52, 4, "AZ4"}, {53, 5, "BA5"}, {702, 6, "ZZ6"}, {703, 7, "AAA7"},
	}
	for _, tt := range tests {
		if got := cellRef(tt.col, tt.row); got != tt.want {
			t.Errorf("cellRef(%d, %d) = %q, want %q", tt.col, tt.row, got, tt.want)
		}
	}
}
