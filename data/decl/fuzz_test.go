package decl

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/declgen"
)

// The fuzz targets check that no input makes a parser panic, and that what
// parses is sound. .ci/run runs each for a bounded time; crashers found are
// kept under testdata/fuzz as regression cases.

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
		res, err := Aggregate(context.Background(), []string{p}, Options{ChunkSize: 32, Workers: 2, SkipBad: 1 << 30})
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
	// Every prefix of two ordinary records (the second with the longest
	// fields the word readers take), so that each reader meets the end of
	// its chunk at every byte: none may read past it.
	two := "D100000001,2024-01-05,import,9610,6109000000,\"Hong Kong, China\",Guangdong,USD,99999.99,1234567\r\nD2,2024-02-29,E,0110,84,JP,ZJ,CNY,1.5,1\n"
	for k := range len(two) {
		f.Add([]byte(two[:k]))
	}
	modes, _ := newModeSet(nil)
	roles := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	parse := func(body []byte, fast int, dims []int) *aggWorker {
		w := newWorker(roles, modes, dims, "f.csv")
		w.fast = fast
		var stop atomic.Bool
		if n := w.parseChunk(body, 2, stop.Load); n != 2+bytes.Count(body, []byte("\n")) {
			panic(fmt.Sprintf("parseChunk ended on line %d", n))
		}
		return w
	}
	same := func(t *testing.T, name string, a, b *aggWorker) {
		t.Helper()
		if a.records != b.records || a.overflow != b.overflow || !slices.Equal(a.trade, b.trade) || !slices.Equal(a.cbec, b.cbec) {
			t.Fatalf("%s: records %d/%d overflow %v/%v sums differ", name, a.records, b.records, a.overflow, b.overflow)
		}
		if !slices.EqualFunc(a.bad, b.bad, func(x, y data.Finding) bool { return x.Line == y.Line && x.Message == y.Message }) {
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
	for i := range w.groups.len() {
		k := w.groups.key(i)
		var partner, province string
		if w.groups.use[dimPartner] {
			partner = w.groups.partners.vals[k.partner()]
		}
		if w.groups.use[dimProvince] {
			province = w.groups.provinces.vals[k.province()]
		}
		m[fmt.Sprintf("%d/%d/%q/%q/%d/%d", k.cur(), k.period(), partner, province, k.mode(), k.hs())] = *w.groups.sum(i)
	}
	return m
}

// FuzzParquet reads any bytes as a Parquet declarations file: no input may
// make the reader panic, hang or allocate without bound (the size checks of
// parquet_check.go), and what it reads is sound. The seeds are the two
// layouts lakes write: typed (DATE, INT64 DECIMAL) and all text; and, for
// the page reader (parquet_pages.go), nullable columns in pages v1 with
// zstd and dictionaries, and a fixed-byte DECIMAL with snappy.
func FuzzParquet(f *testing.F) {
	rows, _ := genRecords(f, 12)
	f.Add(writeParquet(f, asInt64Decimal(rows), 5))
	f.Add(writeParquet(f, rows, 5))
	lake := lakeRecords(f, 12)
	f.Add(lakeFile(f, "dict", lake, 5, parquet.Compression(&zstd.Codec{}), parquet.DataPageVersion(1)))
	f.Add(lakeFile(f, "fixed8", lake, 6, parquet.Compression(&snappy.Codec{})))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "d.parquet")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Aggregate(context.Background(), []string{p}, Options{SkipBad: 1 << 30, Dims: []string{"partner"}})
		if err != nil {
			return
		}
		defer res.Close()
		for r := range res.Rows() {
			if r.Records <= 0 {
				t.Fatalf("unsound row %+v", r)
			}
		}
	})
}
