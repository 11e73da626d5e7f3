package canonical

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
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
		flow                       data.Flow
		cur                        data.Currency
		want                       float64
		rate                       float64 // 0: none expected
		derived                    string  // how the value was derived; "" for a published one
	}{
		{"CBEC 2018", "cbec", "2018", "", data.Total, data.CNY, 1.06e12, 0, ""},
		{"CBEC 2023 as first published", "cbec", "2023", "2024-07-31", data.Total, data.CNY, 2.38e12, 15.6, ""},
		{"CBEC 2023 revised (MOFCOM, 2024-09-26)", "cbec", "2023", "", data.Total, data.CNY, 2.37e12, 15.3, ""},
		{"CBEC H1 2024 first published", "cbec", "2024H1", "2024-07-31", data.Total, data.CNY, 1.22e12, 10.5, ""},
		// 9799亿 + 2664亿 lies inside the rounding of "1.25万亿" and is finer.
		{"CBEC H1 2024 revised", "cbec", "2024H1", "2024-10-14", data.Total, data.CNY, 1.2463e12, 13, "export + import, more precise than the published 12500 (unit 100m)"},
		{"CBEC H1 2024 exports", "cbec", "2024H1", "", data.Export, data.CNY, 9799e8, 18.7, ""},
		// "2.1万亿" is 1.53万亿 + 5278亿 = 2.0578万亿 (GACC annual report, June 2023).
		{"CBEC 2022 revised", "cbec", "2022", "", data.Total, data.CNY, 2.0578e12, 7.1, "export + import, more precise than the published 21000 (unit 100m)"},
		{"CBEC 2022 first", "cbec", "2022", "2023-01-31", data.Total, data.CNY, 2.11e12, 9.8, ""},
		{"CBEC 2024 preliminary", "cbec", "2024", "2025-01-31", data.Total, data.CNY, 2.63e12, 10.8, ""},
		{"CBEC 2024 revised (cited 2025-11-25)", "cbec", "2024", "", data.Total, data.CNY, 2.71e12, 0, ""},
		{"CBEC 2025 preliminary (2026-01-15)", "cbec", "2025", "", data.Total, data.CNY, 2.75e12, 0, ""},
		{"trade H1 2025 (13 + 8.79, not 21.94)", "trade", "2025H1", "", data.Total, data.CNY, 21.79e12, 2.9, ""},
		{"trade H1 2024", "trade", "2024H1", "", data.Total, data.CNY, 21.17e12, 6.1, ""},
		{"trade 2023 NBS vintage", "trade", "2023", "", data.Total, data.CNY, 417568e8, 0.2, ""},
		{"trade Jan-Feb 2024", "trade", "2024-01..02", "", data.Total, data.CNY, 6.61e12, 8.7, ""},
		{"trade USD Jan-Nov 2024", "trade", "2024-01..11", "", data.Total, data.USD, 55967.4e8, 3.6, ""},
		{"platform 2017", "cbec_platform", "2017", "", data.Total, data.CNY, 902.4e8, 80.6, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d data.Date
			if tt.asOf != "" {
				d = mustDate(tt.asOf)
			}
			v, err := data.NewView(ds, d).Value(data.Key{Series: tt.series, Flow: tt.flow, Period: data.MustParsePeriod(tt.period), Currency: tt.cur})
			if err != nil {
				t.Fatal(err)
			}
			if !v.HasValue || math.Abs(v.Value-tt.want) > 1e-3 || v.Derived != tt.derived {
				t.Errorf("value = %v (%q), want %v (%q)", v.Value, v.Derived, tt.want, tt.derived)
			}
			if tt.rate != 0 && (v.Reported == nil || *v.Reported != tt.rate) {
				t.Errorf("reported = %v, want %v", v.Reported, tt.rate)
			}
		})
	}
	for _, o := range ds.Obs {
		if o.Series == "cbec" && o.Period == data.Year(2024) && o.Value == 2.7e12 {
			t.Errorf("a LOW-confidence figure is in the dataset: %+v", o)
		}
	}
}

// The committed builtin.csv is what `go generate` makes from the reference
// figures kept beside it (reference/figures.csv).
func TestBuiltinUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "builtin.csv")
	if err := goRun(t, "./internal/genbuiltin", "-in", filepath.Join("reference", "figures.csv"), "-out", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, builtinCSV) {
		t.Error("data/canonical/builtin.csv is stale: run go generate ./data/canonical")
	}
}

func mustDate(s string) data.Date {
	d, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The embedded dataset has one real inconsistency: Jan-Jul 2024 all trade
// was published as 24.83 trillion on 2024-08-07, while the H1 figure of
// 2024-07-12 (21.17) plus July (3.68) gives 24.85, 0.02 trillion beyond
// rounding: H1 was evidently revised down in August. The H1 2023 total
// (20.1) agrees with its quarters as published at the time (9.76 + 10.34);
// the later revision of Q1 to 9.69 must not raise a warning.
func TestCheckBuiltin(t *testing.T) {
	ds, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"trade total 2024-01..2024-07 CNY = 24830000000000, but the sum of 2024H1, 2024-07 gives 24850000000000",
	}
	fs := data.Check(ds)
	if len(fs) != len(want) {
		t.Errorf("%d findings, want %d:", len(fs), len(want))
		for _, f := range fs {
			t.Logf("  %s", f.Error())
		}
	}
	for i := range min(len(fs), len(want)) {
		if !strings.Contains(fs[i].Message, want[i]) {
			t.Errorf("finding %d = %q, want %q", i, fs[i].Message, want[i])
		}
	}
}
