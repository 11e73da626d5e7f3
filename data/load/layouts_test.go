package load

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// Each GACC table reads to the canonical observations in its golden file
// (testdata/import_NAME.csv, rewritten with -update and reviewed by hand
// against the page). The same table as page text, saved HTML and a CSV
// export gives the same observations.
func TestTableLayouts(t *testing.T) {
	tests := []struct {
		name, file, golden, vintage string
		rows                        int
		flow                        data.Flow
	}{
		{"trade mode, page text", "trade_mode_2024-05_cny.txt", "trade_mode_2024-05_cny", "2024-06-07", 47, ""},
		{"trade mode, saved HTML", "trade_mode_2024-05_cny.html", "trade_mode_2024-05_cny", "2024-06-07", 47, ""},
		{"trade mode, CSV export, USD1 Million", "trade_mode_2024-01..05_usd.csv", "trade_mode_2024-01..05_usd", "2024-06-07", 14, ""},
		{"customs regime, page text, US$1,000", "regime_2019-10_usd.txt", "regime_2019-10_usd", "2019-11-22", 20, ""},
		{"customs regime, saved HTML", "regime_2019-10_usd.html", "regime_2019-10_usd", "2019-11-22", 20, ""},
		{"customs regime, real page text: title twice, two spaces apart, - for none", "regime_2019-10_usd_real.txt", "regime_2019-10_usd_real", "2019-11-22", 41, ""},
		// Constructed from the query platform's described layout (NOTES §3.5).
		{"query platform, GBK CSV with a flow column", "query_2024-05_partner_cny_gbk.csv", "query_2024-05_partner_cny", "2024-06-20", 8, ""},
		{"query platform, XLSX without one", "query_2024-05_trade_mode_usd.xlsx", "query_2024-05_trade_mode_usd", "2024-06-20", 6, data.Export},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, fs, err := LoadAll(filepath.Join("..", "..", "testdata", "gacc", tt.file), Options{Vintage: testkit.MustDate(tt.vintage), Flow: tt.flow})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Severity == data.SevError {
					t.Errorf("finding: %s", f.Error())
				}
			}
			if len(ds.Obs) != tt.rows {
				t.Errorf("%d observations, want %d", len(ds.Obs), tt.rows)
			}
			data.SortObservations(ds.Obs)
			for i := range ds.Obs {
				ds.Obs[i].Source = "" // the title; the HTML and text name it alike, but files differ
			}
			var b bytes.Buffer
			if err := canonical.WriteCSV(&b, ds.Obs); err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, "import_"+tt.golden+".csv", b.Bytes())
		})
	}
}

// Figures checked by hand against the pages: May 2024 all trade 37,077.3亿
// (+8.6%), ordinary trade exports 14,262.4亿 (+13.3%); October 2019 general
// trade imports January to October US$1,026.36 billion (−2.8%).
func TestTableFigures(t *testing.T) {
	load := func(name string) *data.View {
		ds, err := Load(filepath.Join("..", "..", "testdata", "gacc", name), Options{Vintage: testkit.MustDate("2024-06-07")})
		if err != nil {
			t.Fatal(err)
		}
		return data.NewView(ds, data.Date{})
	}
	tests := []struct {
		name, file, period string
		flow               data.Flow
		cur                data.Currency
		mode               string
		value, yoy         float64
	}{
		{"all trade", "trade_mode_2024-05_cny.txt", "2024-05", data.Total, data.CNY, "", 37077.3e8, 8.6},
		{"ordinary trade exports", "trade_mode_2024-05_cny.txt", "2024-05", data.Export, data.CNY, "Ordinary Trade", 14262.4e8, 13.3},
		{"USD1 Million is 1e6", "trade_mode_2024-01..05_usd.csv", "2024-01..2024-05", data.Total, data.USD, "", 2420000.0e6, 2.5},
		{"US$1,000 is 1e3, the rate from the line below", "regime_2019-10_usd.txt", "2019-01..2019-10", data.Import, data.USD, "General Trade", 1026360000e3, -2.8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := load(tt.file)
			val, err := v.Value(data.Key{Series: "trade", Flow: tt.flow, Period: data.MustParsePeriod(tt.period), Currency: tt.cur, Dims: data.Dims{TradeMode: tt.mode}})
			if err != nil {
				t.Fatal(err)
			}
			if d := val.Value - tt.value; d > 1e-3 || d < -1e-3 || val.Reported == nil || *val.Reported != tt.yoy {
				t.Errorf("value %v rate %v, want %v %v", val.Value, val.Reported, tt.value, tt.yoy)
			}
		})
	}
}

// An Excel 97-2003 workbook from the customs' Chinese site says how to
// convert it; a table of no known layout names what was expected.
func TestTableRefusals(t *testing.T) {
	xls := testkit.WriteFile(t, "table.xls", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...))
	_, err := Load(xls, Options{})
	if err == nil || !strings.Contains(err.Error(), "libreoffice --headless --convert-to xlsx table.xls") {
		t.Errorf("xls: %v", err)
	}
	odd := testkit.WriteFile(t, "odd.txt", []byte("Some page\nUnit: CNY 100 Million\nA 1 2\n"))
	_, err = Load(odd, Options{})
	if err == nil || !strings.Contains(err.Error(), "odd.txt: layout not recognised: expected") {
		t.Errorf("odd: %v", err)
	}
}
