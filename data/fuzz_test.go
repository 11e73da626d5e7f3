package data

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// The fuzz targets check that no input makes a parser panic, and that what
// parses is sound. .ci/run runs each for a bounded time; crashers found are
// kept under testdata/fuzz as regression cases.

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024", "2024H1", "2024Q4", "2024-06", "2024-01..2024-10", "2024-01..02", "2024年上半年", "2024年1至6月", "2024年一季度", "2024年前三季度", "Jan-Jun 2024", "H1 2024", "2024.06", "202406", "2024Q5", "2024-13", "2023-11..2024-02", "", "年", "２０２４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = invalid %+v", s, p)
		}
		q, err := ParsePeriod(p.String())
		if err != nil || q != p {
			t.Fatalf("canonical form %q of %q does not read back: %v %v", p.String(), s, q, err)
		}
		for _, lang := range []string{"en", "zh"} {
			if q, err := ParsePeriod(p.Label(lang)); err != nil || q != p {
				t.Fatalf("label %q of %q does not read back: %v %v", p.Label(lang), s, q, err)
			}
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12200", "12,200", "5271.8", "-3.9", "+10.5", "10.5%", "1,2x", "1e400", "NaN", "Inf", "--5", "(12.5)", "１２３", "", "0.000", "999,999,999,999,999,999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, percent bool) {
		n, err := ParseNumber(s, percent)
		if err != nil {
			if !strings.Contains(err.Error(), "not a number") {
				t.Fatalf("error without the sentinel: %v", err)
			}
			return
		}
		if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) || n.Step <= 0 || math.IsInf(n.Step, 0) {
			t.Fatalf("ParseNumber(%q) = %+v", s, n)
		}
	})
}

func FuzzParseUnit(f *testing.F) {
	for _, s := range []string{"1", "10k", "100m", "1t", "亿元", "万亿元", "百万美元", "千美元", "CNY 100 Million", "USD1 Million", "单位：亿元", "Unit: USD 100 Million", "gallons", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, _, err := ParseUnit(s)
		if err == nil && (u.Factor() < 1 || u.Factor() > 1e12) {
			t.Fatalf("ParseUnit(%q) = factor %v", s, u.Factor())
		}
	})
}

// checkLoaded asserts the invariants of a successful load.
func checkLoaded(t *testing.T, ds *Dataset, fs []Finding) {
	t.Helper()
	for _, o := range ds.Obs {
		if !o.Period.Valid() || math.IsNaN(o.Value) || math.IsInf(o.Value, 0) || (o.Currency != CNY && o.Currency != USD) {
			t.Fatalf("unsound observation %+v", o)
		}
	}
	for _, f := range fs {
		if strings.Contains(f.Error(), "\n") {
			t.Fatalf("finding spans lines: %q", f.Error())
		}
	}
	// Whatever loaded can be checked and viewed without a panic.
	Check(ds)
	v := NewView(ds, Date{})
	for _, o := range v.Observations() {
		v.Value(o.Key())
		v.Value(Key{Series: o.Series, Flow: Total, Period: Year(o.Period.Year), Currency: o.Currency})
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
		ds, fs, err := LoadAll("-", LoadOptions{Stdin: bytes.NewReader(b), MaxBytes: 1 << 20})
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
		ds, fs, err := LoadAll("-", LoadOptions{Stdin: bytes.NewReader(b), MaxBytes: 1 << 20})
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
		ds, fs, err := LoadAll("-", LoadOptions{Stdin: bytes.NewReader(append([]byte("PK\x03\x04"), b[4:]...)), MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		checkLoaded(t, ds, fs)
	})
}

// FuzzAggregate feeds arbitrary bytes after a declaration header through the
// chunked parser with tiny chunks: no panic, and every record is either
// counted or reported bad with a line inside the input.
func FuzzAggregate(f *testing.F) {
	f.Add([]byte("D1,2024-01-05,export,9610,6109,\"Korea, Rep.\",GD,CNY,100.10,2\n"))
	f.Add([]byte("D1,2024-01-05,export,9610,6109,\"two\nlines\",GD,CNY,1,1\r\nD2,2024-02-30,import,0110,84,JP,ZJ,USD,1.234,1\n"))
	f.Add([]byte("D1,2024-01-05,export,9610,6109,\"a \"\"q\"\"\",GD,CNY,1,1\n\"unclosed"))
	f.Fuzz(func(t *testing.T, body []byte) {
		content := append([]byte(declHead), body...)
		p := filepath.Join(t.TempDir(), "d.csv")
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		lines := 1 + bytes.Count(content, []byte("\n"))
		res, err := AggregateDeclarations(context.Background(), []string{p}, AggregateOptions{ChunkSize: 32, Workers: 2, SkipBad: 1 << 30})
		if err != nil {
			return
		}
		for _, b := range res.Bad {
			if b.Line < 2 || b.Line > lines {
				t.Fatalf("bad record at line %d of %d: %s", b.Line, lines, b.Message)
			}
		}
		for r := range res.Rows() {
			if r.Fen < 0 || r.Records <= 0 {
				t.Fatalf("unsound row %+v", r)
			}
		}
		if res.Records > int64(lines) {
			t.Fatalf("%d records from %d lines", res.Records, lines)
		}
	})
}

// FuzzFastPath checks the fast path of the declaration parser against the
// general one: on any input, parsing with fastCanonical, with fastRecord
// and with generalRecord alone must give the same sums, records and bad
// records (with the same lines and messages), with and without dimensions.
func FuzzFastPath(f *testing.F) {
	var gen bytes.Buffer
	declgen.Generate(&gen, 40, 7, 2024)
	f.Add(gen.Bytes()[len(declHead):])
	f.Add([]byte("D1,2024-01-05,export,9610,6109,\"Korea, Rep.\",GD,CNY,100.10,2\r\nD2,2024-02-29,I,0110,84,JP,ZJ,USD,99999999999999.9,123456789012\nD3,2023-02-29,import,0110,84,JP,ZJ,USD,1,1\n"))
	f.Add([]byte("D1,2024-01-05,export,9610,6109,\"two\nlines\",GD,CNY,1,1\nD2,2024-01-05,e,9610,6109,\"a \"\"q\"\"\",GD,RMB,1.5,0\n\"unclosed"))
	f.Add([]byte("\n\r\nD1,1970-01-01,export,9610,6109,US,GD,CNY,0,1\nD1,2169-12-31,export,9610,12345678901,US,GD,CNY,1.,1\n,,,,,,,,,\n"))
	modes, _ := newModeSet(nil)
	roles := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	parse := func(body []byte, fast int, dims []int) *aggWorker {
		w := newWorker(roles, modes, dims, "f.csv")
		w.fast = fast
		var stop atomic.Bool
		if n := w.parseChunk(body, 2, &stop); n != 2+bytes.Count(body, []byte("\n")) {
			panic(fmt.Sprintf("parseChunk ended on line %d", n))
		}
		return w
	}
	same := func(t *testing.T, name string, a, b *aggWorker) {
		t.Helper()
		if a.records != b.records || a.overflow != b.overflow || !slices.Equal(a.trade, b.trade) || !slices.Equal(a.cbec, b.cbec) {
			t.Fatalf("%s: records %d/%d overflow %v/%v sums differ", name, a.records, b.records, a.overflow, b.overflow)
		}
		if !slices.EqualFunc(a.bad, b.bad, func(x, y Finding) bool { return x.Line == y.Line && x.Message == y.Message }) {
			t.Fatalf("%s: bad records differ:\n%v\n%v", name, a.bad, b.bad)
		}
		if ga, gb := groupsByText(a), groupsByText(b); !maps.Equal(ga, gb) {
			t.Fatalf("%s: groups differ:\n%v\n%v", name, ga, gb)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		general := parse(body, fastNone, nil)
		same(t, "canonical", parse(body, fastCanonicalOrder, nil), general)
		same(t, "any order", parse(body, fastAnyOrder, nil), general)
		dims := []int{roleProvince, rolePartner, roleMode, roleHS2}
		same(t, "dimensions", parse(body, fastAnyOrder, dims), parse(body, fastNone, dims))
	})
}

// groupsByText lists a worker's groups by their keys written out, ids
// replaced by the values, so that tables that numbered the values in
// different orders compare equal.
func groupsByText(w *aggWorker) map[string]flowSums {
	if w.groups == nil {
		return nil
	}
	m := map[string]flowSums{}
	for i, k := range w.groups.keys {
		var partner, province string
		if w.groups.use[dimPartner] {
			partner = w.groups.partners.vals[k.partner()]
		}
		if w.groups.use[dimProvince] {
			province = w.groups.provinces.vals[k.province()]
		}
		m[fmt.Sprintf("%d/%d/%q/%q/%d/%d", k.cur(), k.period(), partner, province, k.mode(), k.hs2())] = w.groups.sums[i]
	}
	return m
}
