package data_test

import (
	"errors"
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
