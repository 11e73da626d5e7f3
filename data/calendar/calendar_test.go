package calendar

import (
	"testing"
	"time"
)

// Dates checked by hand against the State Council's public-holiday notices
// (国务院办公厅关于…部分节假日安排的通知) and the lunar calendar tables.
func TestSpringFestival(t *testing.T) {
	tests := []struct {
		name string
		year int
		want string
	}{
		{"first year", 2000, "2000-02-05"},
		{"early January date", 2004, "2004-01-22"},
		{"late February date", 2015, "2015-02-19"},
		{"2019", 2019, "2019-02-05"},
		{"2020", 2020, "2020-01-25"},
		{"2023", 2023, "2023-01-22"},
		{"2024", 2024, "2024-02-10"},
		{"2025", 2025, "2025-01-29"},
		{"2026", 2026, "2026-02-17"},
		{"last year", 2050, "2050-01-23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := SpringFestival(tt.year)
			if !ok || d.Format(time.DateOnly) != tt.want {
				t.Errorf("SpringFestival(%d) = %v, %v; want %s", tt.year, d, ok, tt.want)
			}
		})
	}
}

// Every year 2000–2050 is there once, between 21 January and 20 February
// (the Spring Festival's possible range), and no other year is.
func TestTableComplete(t *testing.T) {
	if len(springFestival) != Last-First+1 {
		t.Fatalf("%d years, want %d", len(springFestival), Last-First+1)
	}
	for y := First; y <= Last; y++ {
		d, ok := SpringFestival(y)
		lo := time.Date(y, 1, 21, 0, 0, 0, 0, time.UTC)
		hi := time.Date(y, 2, 20, 0, 0, 0, 0, time.UTC)
		if !ok || d.Before(lo) || d.After(hi) {
			t.Errorf("%d: %v, %v; want a date from %s to %s", y, d, ok, lo.Format(time.DateOnly), hi.Format(time.DateOnly))
		}
	}
	for _, y := range []int{First - 1, Last + 1} {
		if _, ok := SpringFestival(y); ok {
			t.Errorf("SpringFestival(%d) known; the table covers %d–%d", y, First, Last)
		}
	}
}

func TestSpringFestivalMoved(t *testing.T) {
	tests := []struct {
		name       string
		year, base int
		moved, ok  bool
	}{
		{"February against January", 2024, 2023, true, true},
		{"January against February", 2025, 2024, true, true},
		{"both in January", 2023, 2020, false, true},
		{"both in February", 2019, 2018, false, true},
		{"before the table", 1999, 1998, false, false},
		{"after the table", 2051, 2050, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			moved, _, _, ok := SpringFestivalMoved(tt.year, tt.base)
			if moved != tt.moved || ok != tt.ok {
				t.Errorf("SpringFestivalMoved(%d, %d) = %v, %v; want %v, %v", tt.year, tt.base, moved, ok, tt.moved, tt.ok)
			}
		})
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a malformed line was accepted")
		}
	}()
	parse("year,spring_festival\n2024,10 Feb 2024\n")
}
