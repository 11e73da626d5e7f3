package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/gacc"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/xuri/excelize/v2"
)

func gaccFixture(t *testing.T, name string, opt Options) (*data.Dataset, []data.Finding) {
	t.Helper()
	ds, fs, err := LoadAll(filepath.Join("..", "..", "testdata", "gacc", name), opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Severity == data.SevError {
			t.Fatalf("%s", f.Error())
		}
	}
	return ds, fs
}

// find returns the observation for a flow, period, currency and partner.
func find(t *testing.T, ds *data.Dataset, flow data.Flow, period string, partner string) data.Observation {
	t.Helper()
	for _, o := range ds.Obs {
		if o.Flow == flow && o.Period.String() == data.MustParsePeriod(period).String() && o.Dims.Partner == partner {
			return o
		}
	}
	t.Fatalf("no %s %s %q observation", flow, period, partner)
	return data.Observation{}
}

func TestGACCRelease(t *testing.T) {
	ds, _ := gaccFixture(t, "release_2024-11_usd_en.html", Options{})
	// The table as printed: 5,271.8 / 55,967.4 (USD 100 Million), 2.1 and 3.6.
	tests := []struct {
		flow   data.Flow
		period string
		value  float64
		yoy    float64
	}{
		{data.Total, "2024-11", 5271.8e8, 2.1},
		{data.Export, "2024-11", 3123.1e8, 6.7},
		{data.Import, "2024-11", 2148.7e8, -3.9},
		{data.Total, "2024-01..2024-11", 55967.4e8, 3.6},
		{data.Import, "2024-01..2024-11", 23560.3e8, 1.2},
	}
	for _, tt := range tests {
		o := find(t, ds, tt.flow, tt.period, "")
		if o.Value != tt.value || o.Currency != data.USD || o.ReportedYoY == nil || *o.ReportedYoY != tt.yoy || o.Vintage.String() != "2024-12-10" || o.Step != 0.1e8 {
			t.Errorf("%s %s = %+v", tt.flow, tt.period, o)
		}
	}
	if o := find(t, ds, data.Balance, "2024-11", ""); o.Value != 974.4e8 || o.ReportedYoY != nil {
		t.Errorf("balance = %+v", o)
	}
	if len(ds.Obs) != 8 {
		t.Errorf("%d observations, want 8", len(ds.Obs))
	}
}

func TestGACCJanFeb(t *testing.T) {
	for _, name := range []string{"release_2024-01..02_cny_zh.html", "release_2023-01..02_cny_zh.csv"} {
		ds, _ := gaccFixture(t, name, Options{})
		for _, o := range ds.Obs {
			if o.Period.From != 1 || o.Period.To != 2 || o.Currency != data.CNY || o.Unit != data.Unit100m {
				t.Errorf("%s: %+v is not a January-February CNY figure in 亿元", name, o)
			}
		}
		if len(ds.Obs) != 4 {
			t.Errorf("%s: %d observations", name, len(ds.Obs))
		}
	}
	ds, _ := gaccFixture(t, "release_2024-01..02_cny_zh.html", Options{})
	if o := find(t, ds, data.Export, "2024-01..02", ""); o.Value != 37475.4e8 || *o.ReportedYoY != 10.3 || o.Vintage.String() != "2024-03-07" {
		t.Errorf("export = %+v", o)
	}
}

// The bulletin is GB18030 with footnotes; April is de-accumulated from
// year-to-date values (137268.0 − 101085.7 = 36182.3, by hand); January and
// February are never split out of their combined figure.
func TestGACCBulletin(t *testing.T) {
	ds, fs := gaccFixture(t, "bulletin_2024_cny_gb18030.csv", Options{})
	if len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
	apr := find(t, ds, data.Total, "2024-04", "")
	if d := apr.Value - 36182.3e8; d > 1 || d < -1 || !strings.Contains(apr.Note, "de-accumulated") {
		t.Errorf("April = %+v", apr)
	}
	if o := find(t, ds, data.Total, "2024-01..02", ""); o.Value != 66130.5e8 {
		t.Errorf("Jan-Feb = %+v", o)
	}
	for _, o := range ds.Obs {
		if o.Period.Kind() == data.KindMonth && o.Period.From <= 2 {
			t.Errorf("a single month was split out of January-February: %+v", o)
		}
	}
	if o := find(t, ds, data.Export, "2024H1", ""); o.Value != 121179.0e8 {
		t.Errorf("H1 = %+v", o)
	}
	// The months and the year to date agree, so the view derives H1 from
	// either way alike.
	v := data.NewView(ds, data.Date{})
	h1, _ := v.Value(data.Key{Series: "trade", Flow: data.Total, Period: data.Half(2024, 1), Currency: data.CNY})
	q2, err := v.Value(data.Key{Series: "trade", Flow: data.Total, Period: data.Quarter(2024, 2), Currency: data.CNY})
	if err != nil || h1.Value != 213747.9e8 || q2.Derived == "" {
		t.Errorf("H1 %v, Q2 %+v %v", h1.Value, q2, err)
	}
}

func TestGACCBulletinInconsistent(t *testing.T) {
	csv := "进出口商品总值表（人民币值）B:月度表\n单位：亿元\n发布时间：2024-07-20\n年月,进出口,出口,进口,贸易差额,进出口,出口,进口,贸易差额\n" +
		"2024.03,100.0,60.0,40.0,20.0,300.0,180.0,120.0,60.0\n2024.04,150.0,90.0,60.0,30.0,400.0,240.0,160.0,80.0\n"
	_, fs, err := LoadAll("-", Options{Stdin: strings.NewReader(csv)})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 || !strings.Contains(fs[0].Message, "total 2024-04: the month (150) differs from the year-to-date difference 100") {
		t.Errorf("findings %+v", fs)
	}
}

func TestGACCCountry(t *testing.T) {
	ds, _ := gaccFixture(t, "country_2024-11_usd_zh.csv", Options{})
	// 百万美元: 527,180 million is 5271.8 × 100 million, the total of table (1).
	if o := find(t, ds, data.Total, "2024-11", ""); o.Value != 5271.8e8 || o.Unit != data.Unit1m || o.Currency != data.USD {
		t.Errorf("total = %+v", o)
	}
	if o := find(t, ds, data.Export, "2024-01..2024-11", "美国"); o.Value != 475730e6 || *o.ReportedYoY != 4.6 {
		t.Errorf("US exports = %+v", o)
	}
	if o := find(t, ds, data.Total, "2024-11", "东南亚国家联盟"); o.Value != 86050e6 {
		t.Errorf("ASEAN (a 其中 row) = %+v", o)
	}
	for _, o := range ds.Obs {
		if o.Dims.Partner == "南极洲" {
			t.Errorf("a row of dashes gave %+v", o)
		}
	}
}

func TestGACCXLSX(t *testing.T) {
	g, err := gacc.GridFromCSV("x", mustRead(t, "release_2023-01..02_cny_zh.csv"))
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	r := 1
	for _, l := range g.Lines {
		x.SetCellStr("Sheet1", cellRef(1, r), l.Text)
		r++
	}
	for _, row := range g.Rows {
		for i, c := range row.Cells {
			x.SetCellStr("Sheet1", cellRef(i+1, r), c)
		}
		r++
	}
	var b bytes.Buffer
	x.Write(&b)
	ds, err := Load(testkit.WriteFile(t, "jf.xlsx", b.Bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o := find(t, ds, data.Total, "2023-01..02", ""); o.Value != 60837.6e8 || o.Vintage.String() != "2023-03-07" {
		t.Errorf("xlsx total = %+v", o)
	}
}

func cellRef(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }

func mustRead(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gacc", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGACCErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unrecognised", "some,random,table\n1,2,3\n", "layout not recognised: expected a canonical file (header series,flow,period,value) or a GACC table"},
		{"no unit line", "2024年11月全国进出口总值表（人民币值）\n项目,11月,1-11月\n进出口,1,2\n", "no unit line"},
		{"no currency", "2024年11月全国进出口总值\n单位：亿\n项目,11月\n进出口,1\n", "unknown unit"},
		{"bad number", "2024年11月全国进出口总值表（人民币值）\n单位：亿元\n项目,11月,1-11月,环比,同比,累计同比\n进出口,1x,2,1,1,1\n", `"1x" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("-", Options{Stdin: strings.NewReader(tt.in)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	// Without a release date: a warning, and --vintage supplies it.
	in := "2024年11月全国进出口总值表（人民币值）\n单位：亿元\n项目,11月,1-11月,环比,同比,累计同比\n进出口,\"1,000.0\",\"9,000.0\",1,2,3\n"
	_, fs, _ := LoadAll("-", Options{Stdin: strings.NewReader(in)})
	if len(fs) != 1 || fs[0].Hint != data.HintVintage {
		t.Errorf("findings %+v", fs)
	}
	ds, _, _ := LoadAll("-", Options{Stdin: strings.NewReader(in), Vintage: testkit.MustDate("2024-12-10")})
	if ds.Obs[0].Vintage.String() != "2024-12-10" {
		t.Errorf("vintage %v", ds.Obs[0].Vintage)
	}
}

// A label of a published table holding a control character (an escape that
// would clear a terminal, a NUL that would make another partner) is refused
// at its line, as in canonical files; the other rows still read.
func TestGACCLabelControlCharacters(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gacc", "country_2024-11_usd_zh.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b[2J", "\x00"} {
		p := testkit.WriteFile(t, "country.csv", bytes.Replace(b, []byte("　日本"), []byte("　日"+bad+"本"), 1))
		_, fs, err := LoadAll(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fs {
			if f.Severity == data.SevError && f.Line == 8 && strings.Contains(f.Message, "the partner") && strings.Contains(f.Message, "control character") {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: findings %+v, want an error at line 8", bad, fs)
		}
	}
}

// TestVintageReplacesPageDate: a release date given for a page that dates
// itself otherwise replaces it, and a warning says so; the same date, or
// none given, says nothing.
func TestVintageReplacesPageDate(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "gacc", "release_2024-11_usd_en.html") // released 2024-12-10
	const said = "the page's release date 2024-12-10 is replaced by the one given, 2024-12-01"
	for _, tt := range []struct {
		name, vintage, want string
		warned              bool
	}{
		{"another date", "2024-12-01", "2024-12-01", true},
		{"the page's own", "2024-12-10", "2024-12-10", false},
		{"none given", "", "2024-12-10", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var opt Options
			if tt.vintage != "" {
				opt.Vintage = testkit.MustDate(tt.vintage)
			}
			ds, fs, err := LoadAll(page, opt)
			if err != nil {
				t.Fatal(err)
			}
			warned := false
			for _, f := range fs {
				if strings.Contains(f.Message, "is replaced by the one given") {
					warned = true
					if f.Severity != data.SevWarning || f.Message != said {
						t.Errorf("finding %s %q, want a warning %q", f.Severity, f.Message, said)
					}
				}
			}
			if warned != tt.warned {
				t.Errorf("warned %v, want %v (findings %v)", warned, tt.warned, fs)
			}
			if len(ds.Obs) == 0 {
				t.Fatal("no observations")
			}
			for _, o := range ds.Obs {
				if got := o.Vintage.String(); got != tt.want {
					t.Fatalf("vintage %s, want %s", got, tt.want)
				}
			}
		})
	}
}
