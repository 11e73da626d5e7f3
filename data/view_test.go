package data_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
)

func loadString(t *testing.T, csv string) *data.Dataset {
	t.Helper()
	ds, err := load.Load("-", load.Options{Stdin: strings.NewReader(csv)})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func k(series string, f data.Flow, p string) data.Key {
	return data.Key{Series: series, Flow: f, Period: data.MustParsePeriod(p), Currency: data.CNY}
}

func TestViewVintages(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,vintage
s,total,2024H1,100,
s,total,2024H1,122,2024-07-30
s,total,2024H1,125,2024-10-14
s,total,2024H1,126,2024-10-14
s,total,2023H1,90,
`)
	tests := []struct {
		asOf string
		want float64
		vint string
	}{
		{"2024-01-01", 100, ""},           // only the undated one
		{"2024-07-30", 122, "2024-07-30"}, // inclusive
		{"2024-10-13", 122, "2024-07-30"}, // the revision is not out yet
		{"2024-10-14", 126, "2024-10-14"}, // same vintage: the one loaded last wins
		{"", 126, "2024-10-14"},           // zero as-of admits everything
	}
	for _, tt := range tests {
		t.Run("as of "+tt.asOf, func(t *testing.T) {
			var d data.Date
			if tt.asOf != "" {
				d = mustDate(tt.asOf)
			}
			v, err := data.NewView(ds, d).Value(k("s", data.Total, "2024H1"))
			if err != nil {
				t.Fatal(err)
			}
			if v.Value != tt.want || v.Vintage.String() != tt.vint || v.Derived != "" {
				t.Errorf("got %v vintage %q derived %q, want %v vintage %q", v.Value, v.Vintage, v.Derived, tt.want, tt.vint)
			}
		})
	}
	// Undated observations rank below dated ones but are still used.
	if v, _ := data.NewView(ds, data.Date{}).Value(k("s", data.Total, "2023H1")); v.Value != 90 {
		t.Errorf("undated 2023H1 = %v", v.Value)
	}
}

// Derivation: sums computed by hand from the fixture.
func TestViewDerivation(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,unit,reported_yoy
s,total,2024-01..02,200,,
s,total,2024-03,110,,
s,total,2024-04,120,,
s,total,2024-05,130,,
s,total,2024Q2,380,,
s,total,2024-07,90,,
s,export,2024H1,400,,
s,import,2024H1,290,,
s,export,2023,5,,
s,import,2023,7,,
s,export,2022,,,3.5
`)
	v := data.NewView(ds, data.Date{})
	tests := []struct {
		name, period string
		flow         data.Flow
		want         float64
		derived      string
	}{
		{"quarter from jan-feb and march", "2024Q1", data.Total, 310, "sum of 2024-01..2024-02, 2024-03"},
		{"half prefers the published quarter", "2024H1", data.Total, 690, "sum of 2024-01..2024-02, 2024-03, 2024Q2"},
		{"range of months", "2024-03..2024-05", data.Total, 360, "sum of 2024-03, 2024-04, 2024-05"},
		{"balance from export and import", "2024H1", data.Balance, 110, "export - import"},
		{"total from export and import", "2023", data.Total, 12, "export + import"},
		{"published", "2024Q2", data.Total, 380, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Value(k("s", tt.flow, tt.period))
			if err != nil {
				t.Fatal(err)
			}
			if !got.HasValue || got.Value != tt.want || got.Derived != tt.derived {
				t.Errorf("got %v (%q), want %v (%q)", got.Value, got.Derived, tt.want, tt.derived)
			}
		})
	}
	t.Run("missing months are named", func(t *testing.T) {
		_, err := v.Value(k("s", data.Total, "2024Q3"))
		var me *data.MissingError
		if !errors.As(err, &me) || !errors.Is(err, data.ErrNoData) {
			t.Fatalf("got %v", err)
		}
		if !strings.Contains(err.Error(), "months 2024-08, 2024-09 are missing") || !strings.Contains(err.Error(), "the data covers 2024-01..2024-02") {
			t.Errorf("message: %v", err)
		}
	})
	t.Run("january and february are never split", func(t *testing.T) {
		_, err := v.Value(k("s", data.Total, "2024-01"))
		if err == nil {
			t.Fatal("a January value was invented from January-February")
		}
	})
	t.Run("rate-only observation", func(t *testing.T) {
		got, err := v.Value(k("s", data.Export, "2022"))
		if err != nil || got.HasValue || got.Reported == nil || *got.Reported != 3.5 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("unknown series", func(t *testing.T) {
		_, err := v.Value(k("nope", data.Total, "2024"))
		if err == nil || !strings.Contains(err.Error(), "the data has no such series") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("latest", func(t *testing.T) {
		p, ok := v.Latest("s", data.CNY)
		if !ok || p.String() != "2024-07" {
			t.Errorf("latest = %v", p)
		}
		p, ok = v.Latest("s", data.CNY, data.KindYear)
		if !ok || p.String() != "2023" {
			t.Errorf("latest year = %v", p)
		}
	})
}

func TestViewCurrenciesStayApart(t *testing.T) {
	ds := loadString(t, "series,flow,period,value,currency\ns,total,2024,100,CNY\ns,total,2024,14,USD\n")
	v := data.NewView(ds, data.Date{})
	usd := k("s", data.Total, "2024")
	usd.Currency = data.USD
	if got, _ := v.Value(usd); got.Value != 14 {
		t.Errorf("USD = %v", got.Value)
	}
	if got, _ := v.Value(k("s", data.Total, "2024")); got.Value != 100 {
		t.Errorf("CNY = %v", got.Value)
	}
}

func mustDate(s string) data.Date {
	d, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Cumulative figures are subtracted (worked by hand from the fixture):
// Q2 = H1 − Q1, Q4 = year − Jan–Sep, a month = Jan–N − Jan–(N−1), only
// within one year, and never February out of January–February.
func TestViewSubtraction(t *testing.T) {
	ds := loadString(t, `series,flow,period,value
s,total,2021Q1,847
s,total,2021H1,1807
s,total,2023-01..2023-09,3080
s,total,2023,4176
s,total,2024-01..2024-11,3979
s,total,2024Q4,1151
s,total,2024,4385
s,total,2024-01..02,661
s,total,2024-01..2024-03,1017
s,total,2020H1,1424
`)
	v := data.NewView(ds, data.Date{})
	tests := []struct {
		name, period string
		want         float64
		derived      string
	}{
		{"second quarter", "2021Q2", 960, "2021H1 − 2021Q1"},
		{"fourth quarter", "2023Q4", 1096, "2023 − 2023-01..2023-09"},
		{"December from the shortest whole that works", "2024-12", 406, "2024 − 2024-01..2024-11"},
		{"March out of Jan-Mar", "2024-03", 356, "2024Q1 − 2024-01..2024-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Value(k("s", data.Total, tt.period))
			if err != nil {
				t.Fatal(err)
			}
			if !got.HasValue || math.Abs(got.Value-tt.want) > 1e-9 || got.Derived != tt.derived {
				t.Errorf("got %v (%q), want %v (%q)", got.Value, got.Derived, tt.want, tt.derived)
			}
		})
	}
	for _, p := range []string{"2024-02", "2024-01", "2020Q2"} {
		if got, err := v.Value(k("s", data.Total, p)); err == nil {
			t.Errorf("%s derived as %v (%q); want no value", p, got.Value, got.Derived)
		}
	}
}

// A rounded total gives way to its finer parts when they lie inside its
// rounding and are no older: "2.1万亿" beside 1.53万亿 + 5278亿 (GACC's
// annual report, June 2023) is 2.0578万亿.
func TestViewPreciseParts(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,unit,vintage
c,total,2022,2.1,1t,2023-06-26
c,export,2022,1.53,1t,2023-06-30
c,import,2022,5278,100m,2023-06-30
c,total,2021,1.9,1t,2022-01-14
c,export,2021,1.40,1t,2021-06-30
c,import,2021,5000,100m,2021-06-30
c,total,2020,1.7,1t,2021-01-14
c,export,2020,1.00,1t,2021-01-14
c,import,2020,5000,100m,2021-01-14
`)
	v := data.NewView(ds, data.Date{})
	tests := []struct {
		name, period string
		want         float64
		derived      string
	}{
		{"parts of a later release, inside the rounding", "2022", 2.0578e12, "export + import, more precise than the published 2.1 (unit 1t)"},
		{"parts older than the total", "2021", 1.9e12, ""},
		{"parts outside the rounding", "2020", 1.7e12, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Value(k("c", data.Total, tt.period))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Value-tt.want) > 1e-3 || got.Derived != tt.derived {
				t.Errorf("got %v (%q), want %v (%q)", got.Value, got.Derived, tt.want, tt.derived)
			}
			if (tt.derived != "") != (got.Published != nil) {
				t.Errorf("published = %v", got.Published)
			}
		})
	}
}

// Precision comes from siblings written in the same magnitude: 13万亿
// beside 8.79万亿 is 13.00万亿, so 13 + 8.79 ≠ 21.94 is caught; a headline
// 1.1万亿 beside parts in 亿 keeps its own rounding.
func TestRefineSteps(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,unit,vintage
trade,total,2025H1,21.94,1t,2025-07-14
trade,export,2025H1,13,1t,2025-07-14
trade,import,2025H1,8.79,1t,2025-07-14
cbec,total,2023H1,1.1,1t,2023-07-13
cbec,export,2023H1,8210,100m,2023-07-13
cbec,import,2023H1,2760,100m,2023-07-13
`)
	steps := map[string]float64{}
	for _, o := range ds.Obs {
		steps[o.Series+" "+string(o.Flow)] = o.Step
	}
	for name, want := range map[string]float64{"trade export": 1e10, "trade import": 1e10, "trade total": 1e10, "cbec total": 1e11, "cbec export": 1e9} {
		if math.Abs(steps[name]-want) > 1 {
			t.Errorf("%s step = %g, want %g", name, steps[name], want)
		}
	}
	fs := data.Check(ds)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "export + import = 21790000000000 but total = 21940000000000") {
		t.Errorf("findings %+v, want the 21.94 total caught", fs)
	}
}

// Quantities add up over the parts of a value only in one unit: two months
// in 千克 are a quarter's 千克 (1200 + 800 + 500 = 2500, by hand), a month
// in 件 among them leaves the quarter without that quantity, and a
// difference (a month from a cumulative figure) has none.
func TestViewQuantities(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,quantity,quantity_unit,quantity2,quantity2_unit
s,export,2024-01,10,1200,千克,3,件
s,export,2024-02,20,800,千克,4,台
s,export,2024-03,30,500,千克,5,件
s,export,2024-01..2024-04,70,9000,千克,,
`)
	v := data.NewView(ds, data.Date{})
	q1, err := v.Value(k("s", data.Export, "2024Q1"))
	if err != nil {
		t.Fatal(err)
	}
	got := q1.Quantities()
	if got[0] == nil || got[0].Amount != 2500 || got[0].Unit != "千克" {
		t.Errorf("first quantity of 2024Q1 = %+v, want 2500 千克", got[0])
	}
	if got[1] != nil {
		t.Errorf("second quantity of 2024Q1 = %+v, want none: 件 and 台 do not add", got[1])
	}
	jan, err := v.Value(k("s", data.Export, "2024-01"))
	if err != nil {
		t.Fatal(err)
	}
	if q := jan.Quantities(); q[0] == nil || q[0].Amount != 1200 || q[1] == nil || q[1].Amount != 3 || q[1].Unit != "件" {
		t.Errorf("a published month's quantities = %+v, %+v", q[0], q[1])
	}
	apr, err := v.Value(k("s", data.Export, "2024-04"))
	if err != nil {
		t.Fatal(err)
	}
	if apr.Derived == "" || apr.Quantities() != [2]*data.Quantity{} {
		t.Errorf("2024-04 (%s): quantities %+v, want none", apr.Derived, apr.Quantities())
	}
}

// A key by a dimension the data does not break the series down by says so,
// on one line, with the dimension in the key; one the data breaks down, but
// not for that code, says the code is missing.
func TestMissingBreakdown(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,unit,province
cbec,total,2024,100,100m,
trade,total,2024,900,100m,
trade,total,2024,90,100m,广东
`)
	v := data.NewView(ds, data.Date{})
	tests := []struct {
		series, dim, code, want string
	}{
		{"cbec", "partner", "US", "no data for cbec total 2024 partner=US (CNY): the data has no partner breakdown of cbec"},
		{"trade", "partner", "US", "no data for trade total 2024 partner=US (CNY): the data has no partner breakdown of trade"},
		{"trade", "province", "浙江", "no data for trade total 2024 province=浙江 (CNY): the data has no such series, flow, currency and province"},
	}
	for _, tt := range tests {
		key := k(tt.series, data.Total, "2024")
		key.Dims.Set(tt.dim, tt.code)
		_, err := v.Value(key)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %s=%s: got %v\nwant %s", tt.series, tt.dim, tt.code, err, tt.want)
		}
	}
}

// TestViewObservationsAreACopy: Observations is sorted once per view, and
// each call hands out its own copy: a caller that changes or reorders the
// list changes no other caller's.
func TestViewObservationsAreACopy(t *testing.T) {
	ds := loadString(t, `series,flow,period,value,vintage
s,total,2024H1,122,2024-07-30
s,total,2023H1,90,2023-07-30
s,export,2024H1,70,2024-07-30
`)
	v := data.NewView(ds, data.Date{})
	first := v.Observations()
	if len(first) != 3 || first[0].Period.String() != "2023H1" {
		t.Fatalf("observations %v", first)
	}
	first[0].Value = -1
	first[1], first[2] = first[2], first[1]
	again := v.Observations()
	if again[0].Value != 90 || again[1].Flow != first[2].Flow {
		t.Errorf("a caller's change reached the view: %v", again)
	}
}

// A figure given twice at one vintage with another value or rate is a
// conflict: the view uses the later line and says which it passed over.
// The same figure twice, or a vintage that supersedes both, is none.
func TestViewConflicts(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		asOf string
		want []string // used line < other line
	}{
		{"same figure twice", "s,total,2024,100,2025-01-10,5\ns,total,2024,100,2025-01-10,5\n", "", nil},
		{"another value", "s,total,2024,100,2025-01-10,\ns,total,2024,101,2025-01-10,\n", "", []string{"3<2"}},
		{"another rate", "s,total,2024,100,2025-01-10,25\ns,total,2024,100,2025-01-10,10.9\n", "", []string{"3<2"}},
		{"a rate beside none: merged, no conflict", "s,total,2024,100,2025-01-10,\ns,total,2024,100,2025-01-10,10.9\n", "", nil},
		{"none beside a rate: merged, no conflict", "s,total,2024,100,2025-01-10,10.9\ns,total,2024,100,2025-01-10,\n", "", nil},
		{"a rate, none, another rate", "s,total,2024,100,2025-01-10,10.9\ns,total,2024,100,2025-01-10,\ns,total,2024,100,2025-01-10,12\n", "", []string{"4<2"}},
		{"three at once", "s,total,2024,100,2025-01-10,\ns,total,2024,101,2025-01-10,\ns,total,2024,102,2025-01-10,\n", "", []string{"4<2", "4<3"}},
		{"a later vintage supersedes them", "s,total,2024,100,2025-01-10,\ns,total,2024,101,2025-01-10,\ns,total,2024,105,2025-06-30,\n", "", nil},
		{"but not before it is published", "s,total,2024,100,2025-01-10,\ns,total,2024,101,2025-01-10,\ns,total,2024,105,2025-06-30,\n", "2025-03-01", []string{"3<2"}},
		{"other figures", "s,total,2024,100,2025-01-10,\ns,export,2024,101,2025-01-10,\ns,total,2023,90,2025-01-10,\n", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := loadString(t, "series,flow,period,value,vintage,reported_yoy\n"+tt.csv)
			var asOf data.Date
			if tt.asOf != "" {
				var err error
				if asOf, err = data.ParseDate(tt.asOf); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, c := range data.NewView(ds, asOf).Conflicts() {
				got = append(got, fmt.Sprintf("%d<%d", c.Used.Pos.Line, c.Other.Pos.Line))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("conflicts = %v, want %v", got, tt.want)
			}
		})
	}
}
