package data

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The embedded dataset must reproduce the official figures (values from the
// reference figures and their sources; 1 万亿 = 1e12).
func TestBuiltinFigures(t *testing.T) {
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, series, period, asOf string
		flow                       Flow
		cur                        Currency
		want                       float64
		rate                       float64 // 0: none expected
	}{
		{"CBEC 2018", "cbec", "2018", "", Total, CNY, 1.06e12, 0},
		{"CBEC 2023", "cbec", "2023", "", Total, CNY, 2.38e12, 15.6},
		{"CBEC H1 2024 first published", "cbec", "2024H1", "2024-07-31", Total, CNY, 1.22e12, 10.5},
		{"CBEC H1 2024 revised", "cbec", "2024H1", "2024-10-14", Total, CNY, 1.25e12, 13},
		{"CBEC H1 2024 exports", "cbec", "2024H1", "", Export, CNY, 9799e8, 18.7},
		{"CBEC 2022 revised", "cbec", "2022", "", Total, CNY, 2.1e12, 7.1},
		{"CBEC 2022 first", "cbec", "2022", "2023-01-31", Total, CNY, 2.11e12, 9.8},
		{"CBEC 2024 preliminary (LOW revision left out)", "cbec", "2024", "", Total, CNY, 2.63e12, 10.8},
		{"trade H1 2024", "trade", "2024H1", "", Total, CNY, 21.17e12, 6.1},
		{"trade 2023 NBS vintage", "trade", "2023", "", Total, CNY, 417568e8, 0.2},
		{"trade Jan-Feb 2024", "trade", "2024-01..02", "", Total, CNY, 6.61e12, 8.7},
		{"trade USD Jan-Nov 2024", "trade", "2024-01..11", "", Total, USD, 55967.4e8, 3.6},
		{"platform 2017", "cbec_platform", "2017", "", Total, CNY, 902.4e8, 80.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Date
			if tt.asOf != "" {
				d = mustDate(tt.asOf)
			}
			v, err := NewView(ds, d).Value(Key{Series: tt.series, Flow: tt.flow, Period: MustParsePeriod(tt.period), Currency: tt.cur})
			if err != nil {
				t.Fatal(err)
			}
			if !v.HasValue || v.Value != tt.want || v.Derived != "" {
				t.Errorf("value = %v (%q), want %v", v.Value, v.Derived, tt.want)
			}
			if tt.rate != 0 && (v.Reported == nil || *v.Reported != tt.rate) {
				t.Errorf("reported = %v, want %v", v.Reported, tt.rate)
			}
		})
	}
	for _, o := range ds.Obs {
		if o.Series == "cbec" && o.Period == Year(2024) && o.Value == 2.7e12 {
			t.Errorf("a LOW-confidence figure is in the dataset: %+v", o)
		}
	}
}

// The committed builtin.csv is what `go generate` makes from the reference
// figures, when they are beside the checkout.
func TestBuiltinUpToDate(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference", "figures.csv")
	if _, err := os.Stat(ref); err != nil {
		t.Skip("reference figures not beside the checkout")
	}
	out := filepath.Join(t.TempDir(), "builtin.csv")
	cmd := goRun(t, "./internal/genbuiltin", "-in", ref, "-out", out)
	if cmd != nil {
		t.Fatal(cmd)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, builtinCSV) {
		t.Error("data/builtin.csv is stale: run go generate ./data")
	}
}
