package load

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/declgen"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/klauspost/compress/zstd"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const goodCSV = `series,flow,period,value,unit,currency,vintage,reported_yoy,source,note
cbec,total,2024H1,"12,200",100m,CNY,2024-07-30,10.5,SCIO,preliminary
cbec,total,2024年上半年,12500,亿元,,2024-10-14,13,SCIO,"survey, revised"
trade,total,2024-01..02,66100,100m,RMB,2024-03-11,8.7,,
trade,export,2024H1,,100m,CNY,2024-07-12,6.9,,rate only
`

// checkGood asserts the four observations of goodCSV, whatever the format.
func checkGood(t *testing.T, ds *data.Dataset) {
	t.Helper()
	if len(ds.Obs) != 4 {
		t.Fatalf("got %d observations, want 4", len(ds.Obs))
	}
	o := ds.Obs[0]
	if o.Series != "cbec" || o.Flow != data.Total || o.Period != data.Half(2024, 1) || o.Value != 1.22e12 || o.Step != 1e10 ||
		o.Currency != data.CNY || o.Vintage.String() != "2024-07-30" || *o.ReportedYoY != 10.5 || o.Source != "SCIO" {
		t.Errorf("row 1 = %+v", o)
	}
	if o := ds.Obs[1]; o.Value != 1.25e12 || o.Period != data.Half(2024, 1) || o.Note != "survey, revised" || o.Currency != data.CNY {
		t.Errorf("row 2 = %+v", o)
	}
	if o := ds.Obs[2]; o.Period != data.Range(2024, 1, 2) || o.Currency != data.CNY {
		t.Errorf("row 3 = %+v", o)
	}
	if o := ds.Obs[3]; o.HasValue || o.ReportedYoY == nil || *o.ReportedYoY != 6.9 {
		t.Errorf("row 4 (rate only) = %+v", o)
	}
	if len(ds.Sources) != 1 || len(ds.Sources[0].SHA256) != 64 {
		t.Errorf("sources = %+v", ds.Sources)
	}
}

func TestLoadCSVEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(goodCSV))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		b    []byte
		enc  string
	}{
		{"utf-8", []byte(goodCSV), ""},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, goodCSV...), ""},
		{"CRLF", []byte(strings.ReplaceAll(goodCSV, "\n", "\r\n")), ""},
		{"gb18030 detected", gb, ""},
		{"gb18030 declared", gb, "gb18030"},
		{"gbk declared", gb, "GBK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Load(testkit.WriteFile(t, "d.csv", tt.b), Options{Encoding: tt.enc})
			if err != nil {
				t.Fatal(err)
			}
			checkGood(t, ds)
		})
	}
}

func TestLoadJSON(t *testing.T) {
	js := `[
  {"series": "cbec", "flow": "total", "period": "2024H1", "value": 12200, "unit": "100m", "currency": "CNY", "vintage": "2024-07-30", "reported_yoy": 10.5, "source": "SCIO", "note": "preliminary"},
  {"series": "cbec", "flow": "total", "period": "2024年上半年", "value": "12,500", "unit": "亿元", "vintage": "2024-10-14", "reported_yoy": "13", "source": "SCIO", "note": "survey, revised"},
  {"series": "trade", "flow": "total", "period": "2024-01..02", "value": 66100, "unit": "100m", "currency": "RMB", "vintage": "2024-03-11", "reported_yoy": 8.7, "extra": {"ignored": true}},
  {"series": "trade", "flow": "export", "period": "2024H1", "value": null, "unit": "100m", "vintage": "2024-07-12", "reported_yoy": 6.9}
]`
	ds, err := Load(testkit.WriteFile(t, "d.json", []byte(js)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkGood(t, ds)
}

func writeXLSX(t testing.TB, rows [][]any, formula string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if formula != "" {
		if err := x.SetCellFormula("Sheet1", formula, "1+1"); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var xlsxRows = [][]any{
	{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note"},
	{"cbec", "total", "2024H1", 12200, "100m", "CNY", "2024-07-30", 10.5, "SCIO", "preliminary"},
	{"cbec", "total", "2024年上半年", "12,500", "亿元", "", "2024-10-14", 13, "SCIO", "survey, revised"},
	{"trade", "total", "2024-01..02", 66100, "100m", "RMB", "2024-03-11", 8.7},
	{"trade", "export", "2024H1", "", "100m", "CNY", "2024-07-12", 6.9, "", "rate only"},
}

func TestLoadXLSX(t *testing.T) {
	ds, err := Load(testkit.WriteFile(t, "d.xlsx", writeXLSX(t, xlsxRows, "")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkGood(t, ds)
	if _, err := Load(testkit.WriteFile(t, "d.xlsx", writeXLSX(t, xlsxRows, "")), Options{Sheet: "Data"}); err == nil || !strings.Contains(err.Error(), `no sheet "Data"`) {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestLoadDirAndStdin(t *testing.T) {
	dir := t.TempDir()
	lines := strings.Split(strings.TrimSpace(goodCSV), "\n")
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte(strings.Join(lines[:3], "\n")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte(lines[0]+"\n"+strings.Join(lines[3:], "\n")), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("not data"), 0o644)
	ds, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Sources) != 2 {
		t.Errorf("sources = %v", ds.Sources)
	}
	ds.Sources = ds.Sources[:1]
	checkGood(t, ds)

	ds, err = Load("-", Options{Stdin: strings.NewReader(goodCSV)})
	if err != nil {
		t.Fatal(err)
	}
	checkGood(t, ds)
	if ds.Sources[0].Path != "-" {
		t.Errorf("stdin source = %q", ds.Sources[0].Path)
	}
}

// Each failure is one line naming file, line and column where known.
func TestLoadErrors(t *testing.T) {
	head := "series,flow,period,value,unit,currency,vintage,reported_yoy\n"
	tests := []struct {
		name, file, content string
		opt                 Options
		want                string
		cause               error
	}{
		{"bad number", "h1.csv", head + "cbec,total,2024H1,12200,100m,CNY,,\ncbec,total,2023H1,\"1,2x\",100m,CNY,,\n", Options{},
			`h1.csv:3:4: column value: "1,2x" is not a number: misplaced thousands separator`, data.ErrNumber},
		{"bad period", "p.csv", head + "cbec,total,2024Q5,1,,,,\n", Options{}, `p.csv:2:3: column period: invalid period "2024Q5"`, data.ErrPeriod},
		{"bad unit", "u.csv", head + "cbec,total,2024,1,gallons,,,\n", Options{}, `u.csv:2:5: column unit: unknown unit "gallons"`, data.ErrUnit},
		{"bad currency", "c.csv", head + "cbec,total,2024,1,,EUR,,\n", Options{}, `c.csv:2:6: column currency: unknown currency "EUR"`, nil},
		{"unit and currency disagree", "c.csv", head + "cbec,total,2024,1,亿美元,CNY,,\n", Options{}, `c.csv:2:6: column currency: CNY, but the unit says USD`, nil},
		{"bad flow", "f.csv", head + "cbec,exports-ish,2024,1,,,,\n", Options{}, `f.csv:2:2: column flow: unknown flow "exports-ish"`, nil},
		{"bad vintage", "v.csv", head + "cbec,total,2024,1,,,2024-13-01,\n", Options{}, `v.csv:2:7: column vintage: date "2024-13-01" is not YYYY-MM-DD`, nil},
		{"future vintage", "v.csv", head + "cbec,total,2024,1,,,2027-01-01,\n", Options{Today: testkit.MustDate("2026-11-23")}, `v.csv:2:7: column vintage: 2027-01-01 is in the future`, nil},
		{"bad rate", "r.csv", head + "cbec,total,2024,1,,,,ten\n", Options{}, `r.csv:2:8: column reported_yoy: "ten" is not a number`, data.ErrNumber},
		{"no value and no rate", "e.csv", head + "cbec,total,2024,,,,,\n", Options{}, `e.csv:2:4: column value: empty, and no reported_yoy either`, nil},
		{"empty series", "s.csv", head + ",total,2024,1,,,,\n", Options{}, `s.csv:2:1: column series: empty`, nil},
		{"ragged row", "g.csv", head + "cbec,total,2024,1\n", Options{}, `g.csv:2: row has 4 fields, the header has 8`, nil},
		{"unbalanced quote", "q.csv", head + "cbec,total,2024,\"1,,,,\n", Options{}, `q.csv:2: unbalanced quote`, nil},
		{"missing column", "m.csv", "series,flow,value\ncbec,total,1\n", Options{}, `m.csv:1: missing required column(s) period`, nil},
		{"duplicate column", "d.csv", "series,flow,period,value,Value\ncbec,total,2024,1,2\n", Options{}, `d.csv:1:5: column "value" appears twice`, nil},
		{"empty file", "z.csv", "", Options{}, `z.csv: empty file`, nil},
		{"header only", "h.csv", head, Options{}, `h.csv:1: header only, no data rows`, nil},
		{"invalid utf-8 declared", "x.csv", head + "cbec,total,2024,1,\xff,,,\n", Options{Encoding: "utf-8"}, `x.csv:2: not valid UTF-8; if the file is GB18030 or GBK, read it as gb18030`, nil},
		{"unknown encoding", "x.csv", head, Options{Encoding: "latin1"}, `encoding "latin1": unknown encoding`, nil},
		{"json syntax", "j.json", "[\n {\"series\": \"cbec\",\n  \"flow\" \"total\"}\n]", Options{}, `j.json:3:8: invalid JSON`, nil},
		{"json not array", "j.json", `{"series": "cbec"}`, Options{}, `j.json:1:1: expected a JSON array`, nil},
		{"json missing key", "j.json", "[\n {\"series\": \"cbec\", \"flow\": \"total\", \"value\": 1}\n]", Options{}, `j.json:2: object 1: missing key(s) [period]`, nil},
		{"json bad value", "j.json", "[\n {\"series\": \"cbec\", \"flow\": \"total\", \"period\": \"2024\", \"value\": \"1,2x\"}\n]", Options{}, `j.json:2:56: column value: "1,2x" is not a number`, data.ErrNumber},
		{"json truncated", "j.json", "[\n {\"series\": \"cbec\"", Options{}, `j.json:2:`, nil},
		{"quantity without its unit", "q.csv", "series,flow,period,value,quantity,quantity_unit\ncbec,total,2024,1,5,\n", Options{}, `q.csv:2:6: column quantity_unit: empty beside quantity 5; a quantity needs its unit`, nil},
		{"bad quantity", "q.csv", "series,flow,period,value,quantity,quantity_unit\ncbec,total,2024,1,five,件\n", Options{}, `q.csv:2:5: column quantity: "five" is not a number`, data.ErrNumber},
		{"json nested value", "j.json", `[{"series": "cbec", "flow": "total", "period": "2024", "value": [1]}]`, Options{}, `key value: expected a string or a number`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, tt.file)
			os.WriteFile(p, []byte(tt.content), 0o644)
			_, err := Load(p, tt.opt)
			if err == nil {
				t.Fatal("loaded without error")
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if !strings.HasPrefix(msg, tt.want) && !strings.Contains(msg, tt.want) {
				t.Errorf("error\n  %s\nwant it to start with\n  %s", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is more than one line: %q", msg)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("error does not wrap %v", tt.cause)
			}
		})
	}
}

func TestLoadAllCollectsEveryRow(t *testing.T) {
	p := testkit.WriteFile(t, "two.csv", []byte("series,flow,period,value,unit\ncbec,total,2024Q5,1,1\ncbec,total,2024,x,1\ncbec,total,2023,5,1\n"))
	ds, fs, err := LoadAll(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Line != 2 || fs[1].Line != 3 || fs[1].Col != 4 {
		t.Errorf("findings = %+v", fs)
	}
	if len(ds.Obs) != 1 {
		t.Errorf("the good row was not kept: %d observations", len(ds.Obs))
	}
}

func TestLoadXLSXErrors(t *testing.T) {
	t.Run("formula without cached value", func(t *testing.T) {
		rows := [][]any{xlsxRows[0], {"cbec", "total", "2024"}}
		p := testkit.WriteFile(t, "f.xlsx", writeXLSX(t, rows, "D2"))
		_, err := Load(p, Options{})
		if err == nil || !strings.Contains(err.Error(), "f.xlsx:2:4: cell D2 holds the formula =1+1 with no cached value") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("bad number names the cell", func(t *testing.T) {
		rows := [][]any{xlsxRows[0], {"cbec", "total", "2024", "1,2x"}}
		_, err := Load(testkit.WriteFile(t, "b.xlsx", writeXLSX(t, rows, "")), Options{})
		if err == nil || !strings.Contains(err.Error(), `b.xlsx:2:4: column value: "1,2x" is not a number`) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("corrupt", func(t *testing.T) {
		_, err := Load(testkit.WriteFile(t, "c.xlsx", []byte("PK\x03\x04 this is not a zip")), Options{})
		if err == nil || !strings.Contains(err.Error(), "not a readable XLSX workbook") {
			t.Errorf("got %v", err)
		}
	})
}

func TestLoadMissingPaths(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.csv"), Options{}); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "no .csv, .json, .xlsx or .parquet files") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := Load("-", Options{Stdin: strings.NewReader(goodCSV), MaxBytes: 100}); err == nil || !strings.Contains(err.Error(), "input limit") {
		t.Errorf("size cap: %v", err)
	}
}

// A declarations file given as data is aggregated into monthly series,
// whatever its size.
func TestLoadDeclarations(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 1000, 3, 2024); err != nil {
		t.Fatal(err)
	}
	p := testkit.WriteFile(t, "decl.csv", b.Bytes())
	ds, err := Load(p, Options{MaxBytes: 1024}) // the size cap does not apply
	if err != nil {
		t.Fatal(err)
	}
	v := data.NewView(ds, data.Date{})
	if _, err := v.Value(data.Key{Series: "cbec", Flow: data.Total, Period: data.Year(2024), Currency: data.CNY}); err != nil {
		t.Errorf("a year from monthly declarations: %v", err)
	}
}

// Compressed declarations (gzip, zstd) given as data give the same series
// as the plain file.
func TestLoadCompressedDeclarations(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 1000, 3, 2024); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(b.Bytes())
	gw.Close()
	zw, _ := zstd.NewWriter(nil)
	zst := zw.EncodeAll(b.Bytes(), nil)
	zw.Close()
	key := data.Key{Series: "cbec", Flow: data.Total, Period: data.Year(2024), Currency: data.CNY}
	value := func(name string, content []byte) float64 {
		ds, err := Load(testkit.WriteFile(t, name, content), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, err := data.NewView(ds, data.Date{}).Value(key)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v.Value
	}
	want := value("decl.csv", b.Bytes())
	for name, content := range map[string][]byte{"decl.csv.gz": gz.Bytes(), "decl.csv.zst": zst} {
		if got := value(name, content); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

// Quantities survive a canonical CSV written and read again, each with its
// unit, and the columns are written only when some figure has one.
func TestQuantitiesRoundTrip(t *testing.T) {
	in := "series,flow,period,value,quantity,quantity_unit,quantity2,quantity2_unit\ncbec,export,2024-05,1,1200.5,千克,3,件\ncbec,export,2024-04,2,,,,\n"
	ds, err := Load("-", Options{Stdin: strings.NewReader(in)})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := canonical.WriteCSV(&b, ds.Obs); err != nil {
		t.Fatal(err)
	}
	back, err := Load("-", Options{Stdin: &b})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range back.Obs {
		s := o.Period.String()
		for _, q := range o.Quantities {
			if q != nil {
				s += fmt.Sprintf(" %v %s", q.Amount, q.Unit)
			}
		}
		got = append(got, s)
	}
	sort.Strings(got)
	if want := []string{"2024-04", "2024-05 1200.5 千克 3 件"}; !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
	b.Reset()
	if err := canonical.WriteCSV(&b, []data.Observation{{Series: "s", Flow: data.Total, Period: data.Year(2024), Value: 1, HasValue: true}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "quantity") {
		t.Errorf("quantity columns without quantities:\n%s", b.String())
	}
}

// TestLoadCROnlyLines: CSV and page text saved with a carriage return alone
// at the end of each line (Excel for the classic Mac OS) are read as rows,
// not as one header line. The canonical fixture is goodCSV saved so; the
// GACC ones are the testdata/gacc files with their line feeds made CRs, and
// must give what the originals give.
func TestLoadCROnlyLines(t *testing.T) {
	fixture := filepath.Join("testdata", "cr_only_mac_excel.csv")
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.IndexByte(b, '\n') >= 0 || bytes.Count(b, []byte("\r")) != 5 {
		t.Fatalf("%s is not CR-only with 5 lines", fixture)
	}
	t.Run("canonical fixture", func(t *testing.T) {
		ds, err := Load(fixture, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkGood(t, ds)
	})
	t.Run("canonical gb18030", func(t *testing.T) {
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := Load(testkit.WriteFile(t, "gb.csv", gb), Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkGood(t, ds)
	})
	tests := []struct {
		name, file, vintage string
	}{
		{"release CSV", "release_2023-01..02_cny_zh.csv", "2023-03-07"},
		{"bulletin CSV, GB18030", "bulletin_2024_cny_gb18030.csv", "2024-12-20"},
		{"regime page text", "regime_2019-10_usd.txt", "2019-11-22"},
		{"trade mode page text", "trade_mode_2024-05_cny.txt", "2024-06-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{Vintage: testkit.MustDate(tt.vintage)}
			lf := filepath.Join("..", "..", "testdata", "gacc", tt.file)
			want, err := Load(lf, opt)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(lf)
			if err != nil {
				t.Fatal(err)
			}
			cr := bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r"))
			got, err := Load(testkit.WriteFile(t, tt.file, cr), opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Obs) != len(want.Obs) || len(want.Obs) == 0 {
				t.Fatalf("got %d observations, want %d", len(got.Obs), len(want.Obs))
			}
			for i := range want.Obs {
				w, g := want.Obs[i], got.Obs[i]
				if g.Key() != w.Key() || g.Value != w.Value {
					t.Errorf("observation %d = %v %v, want %v %v", i, g.Key(), g.Value, w.Key(), w.Value)
				}
			}
		})
	}
}

// A file without a unit column is read in units of 1, and says so: a
// warning on its header line, never an error.
func TestLoadWithoutUnitWarns(t *testing.T) {
	for name, body := range map[string]string{
		"no-unit.csv":  "series,flow,period,value\ncbec,total,2024,1\n",
		"no-unit.json": `[{"series":"cbec","flow":"total","period":"2024","value":1}]`,
	} {
		p := testkit.WriteFile(t, name, []byte(body))
		ds, fs, err := LoadAll(p, Options{})
		if err != nil || len(ds.Obs) != 1 {
			t.Fatalf("%s: %v, %d observations", name, err, len(ds.Obs))
		}
		if len(fs) != 1 || fs[0].Severity != data.SevWarning || !strings.Contains(fs[0].Message, "unit") {
			t.Errorf("%s: findings = %+v", name, fs)
		}
	}
	with := testkit.WriteFile(t, "unit.csv", []byte("series,flow,period,value,unit\ncbec,total,2024,1,100m\n"))
	if _, fs, _ := LoadAll(with, Options{}); len(fs) != 0 {
		t.Errorf("with a unit column: findings = %+v", fs)
	}
}
