package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/NAME, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func sample() *Table {
	nan, inf := math.NaN(), math.Inf(1)
	t := &Table{Currency: data.CNY, Columns: []Column{
		{Key: "series"},
		{Key: "value", Kind: Amount},
		{Key: "growth_pct", Kind: Percent},
		{Key: "gap_pp", Kind: Points},
		{Key: "ratio", Kind: Ratio},
		{Key: "r2", Kind: Fraction},
		{Key: "years", Kind: Count},
		{Key: "detail", Detail: true},
		{Key: "reason"},
	}}
	t.Add(Str("cbec"), Val(1.22e12), Val(10.5), Val(4.4), Val(2.2452830188679247), Val(0.957), Val(5), Str("x"), Str(""))
	t.Add(Str("跨境电商"), Val(266.4e9), Val(-3.9), Val(-0.04), Val(1.25), Val(1), Val(1234), Str("y"), Str(""))
	t.Add(Str("z"), Num(&nan), Num(&inf), Num(nil), Cell{}, Cell{}, Cell{}, Str(""), Str("zero base"))
	return t
}

func TestRenderGolden(t *testing.T) {
	meta := Meta{Command: "test", Datasets: []data.Source{{Path: "builtin", SHA256: "00"}}, AsOf: "2026-11-23", Currency: "CNY", Version: "dev"}
	tests := []struct {
		name string
		opt  Options
	}{
		{"table.txt", Options{Format: "table", Unit: "auto", Lang: "en"}},
		{"table_tty.txt", Options{Format: "table", Unit: "auto", Lang: "en", Terminal: true}},
		{"table_zh.txt", Options{Format: "table", Unit: "100m", Lang: "zh"}},
		{"table.md", Options{Format: "markdown", Unit: "auto", Lang: "en"}},
		{"table.csv", Options{Format: "csv"}},
		{"table.json", Options{Format: "json", Meta: meta}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, sample(), tt.opt); err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"NaN", "Inf"} {
				if strings.Contains(b.String(), bad) {
					t.Errorf("output contains %s", bad)
				}
			}
			golden(t, tt.name, b.Bytes())
		})
	}
	if err := Render(&bytes.Buffer{}, sample(), Options{Format: "xml"}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestHumanNumbers(t *testing.T) {
	tests := []struct {
		name string
		f    float64
		col  Column
		unit data.Unit
		dec  int
		want string
	}{
		{"trillions", 1.22e12, Column{Kind: Amount}, data.Unit1t, 2, "1.22"},
		{"100 million with separators", 1.25e12, Column{Kind: Amount}, data.Unit100m, 1, "12,500.0"},
		{"negative amount", -9.6e9, Column{Kind: Amount}, data.Unit100m, 1, "-96.0"},
		{"rounds to zero without a sign", -0.004e8, Column{Kind: Amount}, data.Unit100m, 1, "0.0"},
		{"growth", 10.909090909, Column{Kind: Percent}, data.Unit1, 0, "+10.9%"},
		{"half rounds away from zero", 10.45, Column{Kind: Percent}, data.Unit1, 0, "+10.5%"},
		{"decline", -3.85, Column{Kind: Percent}, data.Unit1, 0, "-3.9%"},
		{"zero", 0.04, Column{Kind: Points}, data.Unit1, 0, "0.0"},
		{"ratio one decimal", 2.2452830188679247, Column{Kind: Ratio}, data.Unit1, 0, "2.2"},
		{"count", 1234567, Column{Kind: Count}, data.Unit1, 0, "1,234,567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := human(Val(tt.f), tt.col, tt.unit, tt.dec); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, lang, want string
		base, cur        float64
	}{
		{"deficit to surplus", "en", "turned from a deficit of CNY 2.00 billion to a surplus of CNY 3.50 billion", -2e9, 3.5e9},
		{"surplus to deficit zh", "zh", "由顺差1.2万亿元转为逆差20亿元", 1.2e12, -2e9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SignChange(tt.base, tt.cur, data.CNY, tt.lang); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := AmountWords(1.22e12, data.CNY, "zh"); got != "1.22万亿元" {
		t.Errorf("Amount = %q", got)
	}
	if got := AmountWords(9799e8, data.CNY, "zh"); got != "9799亿元" {
		t.Errorf("Amount = %q", got)
	}
}
