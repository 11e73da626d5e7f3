package load

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// loadRegime reads a bulletin table (5) fixture of testdata/gacc.
func loadRegime(t *testing.T, name string) *data.Dataset {
	t.Helper()
	ds, err := Load(filepath.Join("..", "..", "testdata", "gacc", name), Options{Vintage: testkit.MustDate("2019-11-22")})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// regimeObs returns the observations of one cell of a regime table: flow,
// period and regime ("" for the TOTAL row).
func regimeObs(ds *data.Dataset, flow data.Flow, period, regime string) []data.Observation {
	p := data.MustParsePeriod(period)
	var out []data.Observation
	for _, o := range ds.Obs {
		if o.Flow == flow && o.Period == p && o.Dims.TradeMode == regime {
			out = append(out, o)
		}
	}
	return out
}

// The real layout of bulletin table (5) (regime_2019-10_usd_real.txt: the
// title twice, cells apart by two spaces, trailing spaces, "-" for none,
// regime names of many words) reads every value as written. Checked by hand
// against the fixture, in US$1,000 (千美元) so × 1,000 for dollars:
//
//	Ordinary Trade, exports 1 to 10   1,187,350,000 → 1,187,350,000,000 USD, rate 4.5
//	TOTAL, imports 10                   170,060,000 →   170,060,000,000 USD, rate -6.2
//	Equipment … Enterprises, imports 10     620,000 →       620,000,000 USD, rate 18.5
//	Aid or Donation …, imports 1 to 10       20,000 →        20,000,000 USD, rate 112.3
//	Goods on Lease, exports 10               40,000 →        40,000,000 USD, rate "-"
func TestRegimeRealLayout(t *testing.T) {
	const (
		equipment = "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises"
		aid       = "Aid or Donation Between Governments or by International Organizations"
	)
	rate := func(v float64) *float64 { return &v }
	tests := []struct {
		name, period, regime string
		flow                 data.Flow
		value                float64  // USD; 0 with none: no observation
		yoy                  *float64 // nil: no rate
		none                 bool     // the cell is "-": no observation at all
	}{
		{"ordinary trade exports, January to October", "2019-01..2019-10", "Ordinary Trade", data.Export, 1187350000e3, rate(4.5), false},
		{"ordinary trade imports, October", "2019-10", "Ordinary Trade", data.Import, 107140000e3, rate(-3.5), false},
		{"TOTAL is all trade: exports, October", "2019-10", "", data.Export, 212930000e3, rate(-0.9), false},
		{"TOTAL is all trade: imports, January to October", "2019-01..2019-10", "", data.Import, 1707850000e3, rate(-5.3), false},
		{"a long regime name keeps its words", "2019-10", equipment, data.Import, 620000e3, rate(18.5), false},
		{"a long regime name, January to October", "2019-01..2019-10", equipment, data.Import, 6050000e3, rate(-6.9), false},
		{"a value cell of - has no value", "2019-10", equipment, data.Export, 0, nil, true},
		{"a value cell of - has no value, January to October", "2019-01..2019-10", equipment, data.Export, 0, nil, true},
		{"- in the month, a value to date", "2019-10", aid, data.Import, 0, nil, true},
		{"the value to date beside it", "2019-01..2019-10", aid, data.Import, 20000e3, rate(112.3), false},
		{"a rate cell of - gives a value without a rate", "2019-10", "Goods on Lease", data.Export, 40000e3, nil, false},
		{"the rates land on their own row", "2019-01..2019-10", "Goods on Lease", data.Export, 410000e3, rate(35.2), false},
		{"the last row before the footnote", "2019-01..2019-10", "Other", data.Import, 101900000e3, rate(2.6), false},
		{"a rate of -3.0", "2019-01..2019-10", "Logistics goods by customs special control area", data.Import, 131920000e3, rate(-3.0), false},
	}
	ds := loadRegime(t, "regime_2019-10_usd_real.txt")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := regimeObs(ds, tt.flow, tt.period, tt.regime)
			if tt.none {
				if len(got) != 0 {
					t.Fatalf("%d observations (value %v), want none for a \"-\" cell", len(got), got[0].Value)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d observations, want 1", len(got))
			}
			o := got[0]
			if !o.HasValue || math.Abs(o.Value-tt.value) > 1e-3 || o.Currency != data.USD || o.Unit != data.Unit1k {
				t.Errorf("value %v (has %v) %s in %v, want %v USD in US$1,000", o.Value, o.HasValue, o.Currency, o.Unit, tt.value)
			}
			switch {
			case tt.yoy == nil && o.ReportedYoY != nil:
				t.Errorf("rate %v, want none", *o.ReportedYoY)
			case tt.yoy != nil && (o.ReportedYoY == nil || *o.ReportedYoY != *tt.yoy):
				t.Errorf("rate %v, want %v", o.ReportedYoY, *tt.yoy)
			}
		})
	}
}

// The constructed fixture (regime_2019-10_usd.txt, one space apart,
// "General Trade") and the real layout share five rows with the same
// numbers: both give the same observations for them, General Trade and
// Ordinary Trade being the same regime (data/codes: 0110).
func TestRegimeFixturesAgree(t *testing.T) {
	built, real := loadRegime(t, "regime_2019-10_usd.txt"), loadRegime(t, "regime_2019-10_usd_real.txt")
	if len(built.Obs) != 20 {
		t.Fatalf("constructed fixture: %d observations, want 20", len(built.Obs))
	}
	for _, o := range built.Obs {
		name := string(o.Flow) + " " + o.Period.String() + " " + o.Dims.TradeMode
		t.Run(name, func(t *testing.T) {
			var match []data.Observation
			for _, r := range real.Obs {
				if r.Flow == o.Flow && r.Period == o.Period && codes.Same("trade_mode", r.Dims.TradeMode, o.Dims.TradeMode) {
					match = append(match, r)
				}
			}
			if len(match) != 1 {
				t.Fatalf("%d observations in the real layout, want 1", len(match))
			}
			r := match[0]
			if r.Value != o.Value || r.Unit != o.Unit || r.Currency != o.Currency || !sameRate(r.ReportedYoY, o.ReportedYoY) {
				t.Errorf("real %v %v rate %v, constructed %v %v rate %v", r.Value, r.Currency, fmtRate(r.ReportedYoY), o.Value, o.Currency, fmtRate(o.ReportedYoY))
			}
		})
	}
}

// The regimes of the real fixture add up to its TOTAL row, column by
// column (the fixture is constructed; a real table's rounding may differ).
func TestRegimeRealAddsUp(t *testing.T) {
	ds := loadRegime(t, "regime_2019-10_usd_real.txt")
	for _, c := range []struct {
		flow   data.Flow
		period string
	}{{data.Export, "2019-10"}, {data.Export, "2019-01..2019-10"}, {data.Import, "2019-10"}, {data.Import, "2019-01..2019-10"}} {
		t.Run(string(c.flow)+" "+c.period, func(t *testing.T) {
			p := data.MustParsePeriod(c.period)
			var total, sum float64
			for _, o := range ds.Obs {
				switch {
				case o.Flow != c.flow || o.Period != p:
				case o.Dims.TradeMode == "":
					total = o.Value
				default:
					sum += o.Value
				}
			}
			if total == 0 || sum != total {
				t.Errorf("regimes sum to %v, TOTAL %v", sum, total)
			}
		})
	}
}

func sameRate(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func fmtRate(r *float64) any {
	if r == nil {
		return "none"
	}
	return *r
}

// A row of the table (5) that cannot be read is an error naming the file
// and its line, never a regime that drops out or a value of 0. Each case
// changes one line of the real fixture (or the saved HTML).
func TestRegimeMalformed(t *testing.T) {
	read := func(t *testing.T, name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gacc", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name, fixture, old, new, file, want string
	}{
		{"a letter inside a value: the row is short of numbers", "regime_2019-10_usd_real.txt",
			"1,187,350,000", "1,187,35O,000", "bad.txt",
			`bad.txt:8: row "Ordinary Trade 125,620,000 1,187,35O,000 107,140,000 1,026,360,000": 2 numbers where the table has 4`},
		{"a letter in the last value: the line is not a row", "regime_2019-10_usd_real.txt",
			"1,026,360,000  \n", "1,026,36O,000  \n", "bad.txt",
			`bad.txt:8: line "Ordinary Trade 125,620,000 1,187,350,000 107,140,000 1,026,36O,000" inside the customs-regime table is neither four values nor four rates`},
		{"a value missing, no - in its place", "regime_2019-10_usd_real.txt",
			"Border Trade  3,280,000  32,780,000  960,000  9,140,000", "Border Trade  3,280,000  32,780,000  9,140,000", "bad.txt",
			`bad.txt:20: row "Border Trade 3,280,000 32,780,000 9,140,000": 3 numbers where the table has 4`},
		{"a rate line with five rates", "regime_2019-10_usd_real.txt",
			"-  -  18.5  -6.9", "-  -  18.5  -6.9  7.0", "bad.txt",
			`bad.txt:23: row "- - 18.5 -6.9 7.0": 5 numbers where the table has 4`},
		{"the last rate line broken, before the footnote", "regime_2019-10_usd_real.txt",
			"3.4  5.1  0.8  2.6", "3.4  5.1  0.8  2.6x", "bad.txt",
			`bad.txt:27: line "3.4 5.1 0.8 2.6x" inside the customs-regime table`},
		{"the TOTAL row broken, not taken for the header", "regime_2019-10_usd_real.txt",
			"TOTAL  212,930,000", "TOTAL  212,93O,000", "bad.txt",
			`bad.txt:6: row "TOTAL 212,93O,000 2,051,240,000 170,060,000 1,707,850,000": 3 numbers where the table has 4`},
		{"rates before any row, as the table's first row (found by fuzzing: it panicked)", "regime_2019-10_usd.html",
			"<table>\n", "<table>\n<tr><td></td><td>1.0</td><td>2.0</td><td>3.0</td><td>4.0</td></tr>", "bad.html",
			`bad.html:4: rates "1.0 2.0 3.0 4.0" with no row of values right above them`},
		{"a saved page: the cell and its column", "regime_2019-10_usd.html",
			"1,187,350,000", "1,187,35O,000", "bad.html",
			`bad.html:8:3: row "General Trade 125,620,000 1,187,35O,000 107,140,000 1,026,360,000": cell 3 "1,187,35O,000" is not a number; correct the line, writing - for an empty cell`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := read(t, tt.fixture)
			if !strings.Contains(text, tt.old) {
				t.Fatalf("%s has no %q", tt.fixture, tt.old)
			}
			path := testkit.WriteFile(t, tt.file, []byte(strings.Replace(text, tt.old, tt.new, 1)))
			ds, err := Load(path, Options{Vintage: testkit.MustDate("2019-11-22")})
			if err == nil {
				t.Fatalf("read %d observations, want an error", len(ds.Obs))
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error\n%v\nwant one line containing\n%s", err, tt.want)
			}
		})
	}
}
