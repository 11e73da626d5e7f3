package load

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// The fuzz targets check that no input makes a parser panic, and that what
// parses is sound. .ci/run runs each for a bounded time; crashers found are
// kept under testdata/fuzz as regression cases.

func checkLoaded(t *testing.T, ds *data.Dataset, fs []data.Finding) {
	t.Helper()
	for _, o := range ds.Obs {
		if !o.Period.Valid() || math.IsNaN(o.Value) || math.IsInf(o.Value, 0) || (o.Currency != data.CNY && o.Currency != data.USD) {
			t.Fatalf("unsound observation %+v", o)
		}
	}
	for _, f := range fs {
		if strings.Contains(f.Error(), "\n") {
			t.Fatalf("finding spans lines: %q", f.Error())
		}
	}
	// Whatever loaded can be checked and viewed without a panic.
	data.Check(ds)
	v := data.NewView(ds, data.Date{})
	for _, o := range v.Observations() {
		v.Value(o.Key())
		v.Value(data.Key{Series: o.Series, Flow: data.Total, Period: data.Year(o.Period.Year), Currency: o.Currency})
	}
}

func FuzzLoadCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("series,flow,period,value\ncbec,total,2024,\"1,2x\"\n"))
	f.Add([]byte("series,flow,period,value\ncbec,total,2024-01..02,5\ncbec,total,2024-03,6\ncbec,export,2024Q1,4\n"))
	f.Add([]byte("\xef\xbb\xbfseries,flow,period,value\r\ncbec,total,2024,\"5\r\n"))
	f.Add([]byte("series,flow,period,value,value\n"))
	f.Add([]byte{0xb5, 0xa5, 0xce, 0xbb, 0x0a})
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, fs, err := LoadAll("-", Options{Stdin: bytes.NewReader(b), MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		checkLoaded(t, ds, fs)
	})
}

func FuzzLoadJSON(f *testing.F) {
	f.Add([]byte(`[{"series":"cbec","flow":"total","period":"2024H1","value":12200,"unit":"100m","reported_yoy":10.5}]`))
	f.Add([]byte(`[{"series":"cbec","flow":"total","period":"2024","value":"1,2x"}]`))
	f.Add([]byte(`[[[[[[[[[[`))
	f.Add([]byte(`{"series": 1}`))
	f.Add([]byte(`[{"series":"a","flow":"total","period":"2024","value":null,"reported_yoy":null}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || (b[0] != '[' && b[0] != '{') {
			b = append([]byte("["), b...)
		}
		ds, fs, err := LoadAll("-", Options{Stdin: bytes.NewReader(b), MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		checkLoaded(t, ds, fs)
	})
}

func FuzzLoadXLSX(f *testing.F) {
	f.Add(writeXLSX(f, xlsxRows, ""))
	f.Add(writeXLSX(f, [][]any{xlsxRows[0], {"cbec", "total", "2024"}}, "D2"))
	f.Add([]byte("PK\x03\x04 not a zip"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 4 {
			return
		}
		ds, fs, err := LoadAll("-", Options{Stdin: bytes.NewReader(append([]byte("PK\x03\x04"), b[4:]...)), MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		checkLoaded(t, ds, fs)
	})
}

// FuzzAggregate feeds arbitrary bytes after a declaration header through the
// chunked parser with tiny chunks: no panic, and every record is either
// counted or reported bad with a line inside the input.

// gaccSeeds adds the testdata/gacc files whose names end in one of exts.
func gaccSeeds(f *testing.F, exts ...string) {
	f.Helper()
	for _, ext := range exts {
		paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "gacc", "*"+ext))
		if err != nil || len(paths) == 0 {
			f.Fatalf("no testdata/gacc/*%s seeds", ext)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// FuzzLoadHTML reads arbitrary bytes as a saved GACC page: the table search
// (layout tables, navigation tables) and every table reader.
func FuzzLoadHTML(f *testing.F) {
	gaccSeeds(f, ".html")
	f.Add([]byte(`<table><tr><td>` + navTable + `</td><td><table><tr><td>进出口</td><td>1</td><td>2</td></tr></table></td></tr></table>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var fs data.Findings
		ds := &data.Dataset{}
		if err := loadBytes(ds, &fs, "page.html", kindHTML, b, Options{}); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		checkLoaded(t, ds, fs.List)
	})
}

// FuzzLoadTableText reads arbitrary bytes as a GACC table exported as CSV
// or copied as page text (csv picks which).
func FuzzLoadTableText(f *testing.F) {
	gaccSeeds(f, ".csv", ".txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kind := range []string{kindCSV, kindText} {
			var fs data.Findings
			ds := &data.Dataset{}
			if err := loadBytes(ds, &fs, "table."+kind, kind, b, Options{Layout: LayoutAuto}); err != nil {
				if strings.Contains(err.Error(), "\n") {
					t.Fatalf("error spans lines: %q", err)
				}
				continue
			}
			checkLoaded(t, ds, fs.List)
		}
	})
}
