package decl

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/gzip"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/uncompressed"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// Declarations as lakes store them, every column nullable (as DuckDB and
// Spark write them): DATE, DECIMAL(18,2) as INT64 or as 8 or 16 fixed
// bytes, the codes as dictionary-encoded or PLAIN strings (parquet-go's
// own default for strings, DELTA_LENGTH_BYTE_ARRAY, is read by the Parquet
// library).
type (
	lakeDict struct {
		DeclarationID string  `parquet:"declaration_id"`
		DeclaredOn    *int32  `parquet:"declared_on,date,optional"`
		Flow          *string `parquet:"flow,optional,dict"`
		TradeMode     *string `parquet:"trade_mode,optional,dict"`
		HSCode        *string `parquet:"hs_code,optional,plain"`
		Partner       *string `parquet:"partner,optional,dict"`
		Province      *string `parquet:"province,optional,dict"`
		Currency      *string `parquet:"currency,optional,dict"`
		Value         *int64  `parquet:"value,optional,decimal(2:18)"`
		Pieces        *int64  `parquet:"pieces,optional,dict"`
	}
	lakePlain struct {
		DeclarationID string  `parquet:"declaration_id"`
		DeclaredOn    *int32  `parquet:"declared_on,date,optional"`
		Flow          *string `parquet:"flow,optional,plain"`
		TradeMode     *string `parquet:"trade_mode,optional,plain"`
		HSCode        *string `parquet:"hs_code,optional,dict"`
		Partner       *string `parquet:"partner,optional,plain"`
		Province      *string `parquet:"province,optional,plain"`
		Currency      *string `parquet:"currency,optional,plain"`
		Value         *int64  `parquet:"value,optional,decimal(2:18),dict"`
		Pieces        *int64  `parquet:"pieces,optional"`
	}
	lakeFixed8 struct {
		DeclarationID string   `parquet:"declaration_id"`
		DeclaredOn    *int32   `parquet:"declared_on,date,optional"`
		Flow          *string  `parquet:"flow,optional,dict"`
		TradeMode     *string  `parquet:"trade_mode,optional,dict"`
		HSCode        *string  `parquet:"hs_code,optional,plain"`
		Partner       *string  `parquet:"partner,optional,dict"`
		Province      *string  `parquet:"province,optional,dict"`
		Currency      *string  `parquet:"currency,optional,dict"`
		Value         *[8]byte `parquet:"value,optional,decimal(2:18)"`
		Pieces        *int64   `parquet:"pieces,optional"`
	}
	lakeFixed16 struct {
		DeclarationID string    `parquet:"declaration_id"`
		DeclaredOn    int32     `parquet:"declared_on,date"`
		Flow          string    `parquet:"flow,dict"`
		TradeMode     string    `parquet:"trade_mode,dict"`
		HSCode        string    `parquet:"hs_code,plain"`
		Partner       string    `parquet:"partner,dict"`
		Province      string    `parquet:"province,dict"`
		Currency      string    `parquet:"currency,dict"`
		Value         *[16]byte `parquet:"value,optional,decimal(2:38),dict"`
		Pieces        int64     `parquet:"pieces"`
	}
)

// lakeRecord is one declaration with typed values; a nil is a null.
type lakeRecord struct {
	id                                          string
	day                                         *int32
	flow, mode, hs, partner, province, currency *string
	fen, pieces                                 *int64
}

// csv is the record as a CSV line: each value as the text reader writes it
// (appendDay, appendScaled), a null as an empty field, quoted as RFC 4180
// asks.
func (r lakeRecord) csv() string {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		if strings.ContainsAny(*p, ",\"\r\n") {
			return `"` + strings.ReplaceAll(*p, `"`, `""`) + `"`
		}
		return *p
	}
	var day, fen, pieces string
	if r.day != nil {
		day = string(appendDay(nil, int64(*r.day)))
	}
	if r.fen != nil {
		fen = string(appendScaled(nil, *r.fen, 2))
	}
	if r.pieces != nil {
		pieces = strconv.FormatInt(*r.pieces, 10)
	}
	return r.id + "," + day + "," + s(r.flow) + "," + s(r.mode) + "," + s(r.hs) + "," + s(r.partner) + "," + s(r.province) + "," + s(r.currency) + "," + fen + "," + pieces + "\n"
}

// bigEndian is n in size bytes of two's complement.
func bigEndian(n int64, size int) []byte {
	b := make([]byte, size)
	for i := size - 1; i >= 0; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	return b
}

// lakeRecords are n generated declarations with, in a fixed pattern, nulls
// in every column and values the checks refuse: a currency code (EUR) that
// only the first row group's dictionary holds, used by a few rows of it;
// a flow and a trade mode that recur; a negative amount, an amount of
// 10^15 yuan, a date before 1970, negative pieces.
func lakeRecords(t testing.TB, n int) []lakeRecord {
	rows, _ := genRecords(t, n)
	var rs []lakeRecord
	for i, r := range rows {
		d := int32(day(r.DeclaredOn).Unix() / 86400)
		f := fen(r.Value).Int64()
		lr := lakeRecord{r.DeclarationID, &d, &r.Flow, &r.TradeMode, &r.HSCode, &r.Partner, &r.Province, &r.Currency, &f, &r.Pieces}
		switch {
		case i >= 100 && i < 400 && i%60 == 0:
			lr.currency = ptr("EUR")
		case i%89 == 3:
			lr.flow = ptr("sideways")
		case i%89 == 13:
			lr.mode = ptr("96X0")
		case i%89 == 23:
			lr.fen = ptr(int64(-5))
		case i%89 == 29:
			lr.fen = ptr(int64(1e17))
		case i%89 == 31:
			lr.day = ptr(int32(-1))
		case i%89 == 37:
			lr.pieces = ptr(int64(-3))
		case i%89 == 41:
			lr.hs = ptr("12a4")
		case i%89 == 43:
			lr.day, lr.fen = nil, nil
		case i%89 == 47:
			lr.flow, lr.mode, lr.hs, lr.currency = nil, nil, nil, nil
		case i%89 == 53:
			lr.partner, lr.province = nil, nil // not bad, but null
		case i%89 == 59:
			lr.pieces = nil
		}
		rs = append(rs, lr)
	}
	return rs
}

// lakeFile writes records in one of the layouts above.
func lakeFile(t testing.TB, layout string, rs []lakeRecord, rowGroup int, opts ...parquet.WriterOption) []byte {
	switch layout {
	case "dict":
		var v []lakeDict
		for _, r := range rs {
			v = append(v, lakeDict{r.id, r.day, r.flow, r.mode, r.hs, r.partner, r.province, r.currency, r.fen, r.pieces})
		}
		return writeParquet(t, v, rowGroup, opts...)
	case "plain":
		var v []lakePlain
		for _, r := range rs {
			v = append(v, lakePlain{r.id, r.day, r.flow, r.mode, r.hs, r.partner, r.province, r.currency, r.fen, r.pieces})
		}
		return writeParquet(t, v, rowGroup, opts...)
	case "fixed8":
		var v []lakeFixed8
		for _, r := range rs {
			var f *[8]byte
			if r.fen != nil {
				f = (*[8]byte)(bigEndian(*r.fen, 8))
			}
			v = append(v, lakeFixed8{r.id, r.day, r.flow, r.mode, r.hs, r.partner, r.province, r.currency, f, r.pieces})
		}
		return writeParquet(t, v, rowGroup, opts...)
	case "fixed16":
		// Every column but value required: no nulls, and the bad values
		// of lakeRecords stay.
		var v []lakeFixed16
		or := func(p *string) string {
			if p == nil {
				return "x"
			}
			return *p
		}
		for _, r := range rs {
			var f *[16]byte
			if r.fen != nil {
				f = (*[16]byte)(bigEndian(*r.fen, 16))
			}
			d, p := int32(-1), int64(-1)
			if r.day != nil {
				d = *r.day
			}
			if r.pieces != nil {
				p = *r.pieces
			}
			v = append(v, lakeFixed16{r.id, d, or(r.flow), or(r.mode), or(r.hs), or(r.partner), or(r.province), or(r.currency), f, p})
		}
		return writeParquet(t, v, rowGroup, opts...)
	}
	t.Fatalf("no layout %s", layout)
	return nil
}

// lakeCSV is the CSV of the records of a layout: fixed16 has no nulls but
// in value (lakeFile).
func lakeCSV(layout string, rs []lakeRecord) []byte {
	b := []byte(declHead)
	for _, r := range rs {
		if layout == "fixed16" {
			x := "x"
			for _, p := range []**string{&r.flow, &r.mode, &r.hs, &r.partner, &r.province, &r.currency} {
				if *p == nil {
					*p = &x
				}
			}
			if r.day == nil {
				r.day = ptr(int32(-1))
			}
			if r.pieces == nil {
				r.pieces = ptr(int64(-1))
			}
		}
		b = append(b, r.csv()...)
	}
	return b
}

// assertOwnPages fails unless the page reader reads every column chunk a
// job reads of the file (else the comparisons would not test it).
func assertOwnPages(t *testing.T, b []byte) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	cols, err := parquetColumns("d.parquet", f.Schema(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &aggWorker{dims: []int{rolePartner, roleProvince}}
	md := f.Metadata()
	for g := range md.RowGroups {
		pages := &groupPages{r: bytes.NewReader(b), meta: &md.RowGroups[g]}
		dataEnd, err := checkFooter(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		if err := checkGroup(bytes.NewReader(b), dataEnd, &md.RowGroups[g], w, cols, &pages.refs); err != nil {
			t.Fatal(err)
		}
		for i, c := range cols {
			if i != roleID && pages.own(i, c) == nil {
				var kinds []string
				for _, p := range pages.refs[i] {
					kinds = append(kinds, fmt.Sprintf("%v %+v %+v", p.h.Type, p.h.DataPageHeader.V, p.h.DataPageHeaderV2.V))
				}
				t.Fatalf("row group %d: column %s (%v) is not read by the page reader: pages %v", g, Columns[i], md.RowGroups[g].Columns[c.index].MetaData.Codec, kinds)
			}
		}
	}
}

// The page reader gives, for every lake layout — dictionary and plain
// strings, DECIMAL(18,2) as INT64 and as FIXED_LEN_BYTE_ARRAY (also
// dictionary-encoded), data pages v1 and v2, each codec, several row groups
// and several pages a chunk, nulls in every column, a bad code in one row
// group's dictionary — exactly what the CSV of the same records gives: the
// same rows and sums to the fen, the same bad records with the same lines
// and words. The Parquet library's pages (parquetOwnPages false) give the
// same too. (The CSV path is checked against an encoding/csv + math/big
// reference in TestAggregateMatchesReference.)
func TestPageReaderMatchesCSV(t *testing.T) {
	rs := lakeRecords(t, 4000)
	codecs := []struct {
		name  string
		codec compress.Codec
	}{{"zstd", &zstd.Codec{}}, {"snappy", &snappy.Codec{}}, {"gzip", &gzip.Codec{}}, {"none", &uncompressed.Codec{}}}
	type file struct {
		name, layout string
		b            []byte
	}
	var files []file
	for _, layout := range []string{"dict", "plain", "fixed8", "fixed16"} {
		for i, c := range codecs {
			for _, v := range []int{1, 2} {
				if layout != "dict" && (i > 1 || v == 1 && i > 0) {
					continue // every codec and page version on one layout
				}
				opts := []parquet.WriterOption{parquet.Compression(c.codec), parquet.DataPageVersion(v)}
				name := fmt.Sprintf("%s/%s/v%d", layout, c.name, v)
				files = append(files, file{name + "/groups of 700, pages of 4 KiB", layout, lakeFile(t, layout, rs, 700, append(opts, parquet.PageBufferSize(4096))...)})
				files = append(files, file{name + "/one row group, one page a chunk", layout, lakeFile(t, layout, rs, len(rs), append(opts, parquet.PageBufferSize(64<<20))...)})
			}
		}
	}
	for _, f := range files {
		assertOwnPages(t, f.b)
		csv := lakeCSV(f.layout, rs)
		for _, opt := range []Options{
			{SkipBad: 1000},
			{SkipBad: 1000, Dims: []string{"partner", "province", "hs4"}},
			{SkipBad: 1000, Dims: []string{"trade_mode"}, By: "quarter"},
		} {
			for _, batch := range []int{parquetBatch, 333} {
				if batch == 333 && len(opt.Dims) != 3 {
					continue // batches that end inside pages: one job is enough
				}
				t.Run(fmt.Sprintf("%s/dims %v/batch %d", f.name, opt.Dims, batch), func(t *testing.T) {
					defer func(old int) { parquetBatch = old }(parquetBatch)
					parquetBatch = batch
					want, err := aggregate(t, csv, "d.csv", opt)
					if err != nil {
						t.Fatal(err)
					}
					got, err := aggregate(t, f.b, "d.parquet", opt)
					if err != nil {
						t.Fatal(err)
					}
					defer func(old bool) { parquetOwnPages = old }(parquetOwnPages)
					parquetOwnPages = false
					lib, err := aggregate(t, f.b, "d.parquet", opt)
					if err != nil {
						t.Fatal(err)
					}
					if want.BadCount < 200 {
						t.Errorf("%d bad records from the CSV; the records have more", want.BadCount)
					}
					for name, res := range map[string]*Result{"page reader": got, "Parquet library": lib} {
						sameMaps(t, rowMap(res), rowMap(want))
						if res.Records != want.Records || res.BadCount != want.BadCount || len(res.Bad) != len(want.Bad) {
							t.Fatalf("%s: %d records, %d bad (%d listed); CSV %d, %d (%d)", name, res.Records, res.BadCount, len(res.Bad), want.Records, want.BadCount, len(want.Bad))
						}
						for i := range res.Bad {
							if g, w := res.Bad[i], want.Bad[i]; g.Line != w.Line || g.Message != w.Message {
								t.Fatalf("%s: bad record %d: line %d %q; CSV line %d %q", name, i, g.Line, g.Message, w.Line, w.Message)
							}
						}
					}
				})
			}
		}
	}
}

// The RLE/bit-packed hybrid decoder on runs worked by hand, of every width
// from 0 to 32 bits (bit-packed values against a packer written here).
func TestRLEReader(t *testing.T) {
	// A run of 5 copies of 3 (width 2: header 5<<1, value in one byte),
	// then a bit-packed run of one group (header 1<<1|1): 0..7 in 3 bits.
	b := []byte{10, 3, 3, 0x88, 0xc6, 0xfa}
	r := rleReader{b: b, width: 3}
	got := make([]int32, 13)
	if err := r.read(got); err != nil {
		t.Fatal(err)
	}
	if want := []int32{3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%v, want %v", got, want)
	}
	if err := r.read(got[:1]); err == nil {
		t.Error("no error past the end")
	}
	for w := uint(0); w <= 32; w++ {
		vals := make([]int32, 96)
		for i := range vals {
			vals[i] = int32(uint32(i*2654435761) & uint32(uint64(1)<<w-1))
		}
		var packed []byte
		var acc uint64
		var nb uint
		for _, v := range vals {
			acc |= uint64(uint32(v)) << nb
			nb += w
			for nb >= 8 {
				packed, acc, nb = append(packed, byte(acc)), acc>>8, nb-8
			}
		}
		enc := append([]byte{12<<1 | 1}, packed...) // twelve groups of eight
		for _, piece := range []int{5, 8, 96} {     // whole groups and not
			r := rleReader{b: enc, width: w}
			out := make([]int32, len(vals))
			for i := 0; i < len(out); i += piece {
				if err := r.read(out[i:min(i+piece, len(out))]); err != nil {
					t.Fatalf("width %d: %v", w, err)
				}
			}
			if fmt.Sprint(out) != fmt.Sprint(vals) {
				t.Errorf("width %d, read %d at a time: %v, want %v", w, piece, out, vals)
			}
		}
	}
}

// Definition levels without a null are recognised without decoding them.
func TestAllPresent(t *testing.T) {
	tests := []struct {
		b    []byte
		rows int
		want bool
	}{
		{[]byte{20, 1}, 10, true},                 // one run of ten 1s
		{[]byte{10, 1, 10, 1}, 10, true},          // two runs of five
		{[]byte{20, 0}, 10, false},                // ten nulls
		{[]byte{18, 1}, 10, false},                // nine 1s for ten rows
		{[]byte{3, 0xff}, 8, false},               // bit-packed
		{[]byte{0x80, 0x80, 0x01, 1}, 8192, true}, // a varint header: 16384>>1
		{nil, 0, true},
	}
	for _, tt := range tests {
		if got := allPresent(tt.b, tt.rows); got != tt.want {
			t.Errorf("allPresent(%v, %d) = %v, want %v", tt.b, tt.rows, got, tt.want)
		}
	}
}

// BenchmarkAggregateParquetLake reads 200,000 declarations written as
// DuckDB writes them (every column nullable, DATE, INT64 DECIMAL(18,2),
// dictionary-encoded codes, one page a chunk) with zstd in one row group
// and with snappy in row groups of 50,000: by the page reader and by the
// Parquet library's pages.
func BenchmarkAggregateParquetLake(b *testing.B) {
	t := &testing.T{}
	rows, _ := genRecords(t, 200000)
	var v []lakeDict
	for _, r := range rows {
		d := int32(day(r.DeclaredOn).Unix() / 86400)
		f := fen(r.Value).Int64()
		v = append(v, lakeDict{r.DeclarationID, &d, &r.Flow, &r.TradeMode, &r.HSCode, &r.Partner, &r.Province, &r.Currency, &f, &r.Pieces})
	}
	for _, layout := range []struct {
		name  string
		codec compress.Codec
		group int
	}{{"zstd/1 group", &zstd.Codec{}, len(v)}, {"snappy/4 groups", &snappy.Codec{}, 50000}} {
		buf := writeParquet(b, v, layout.group, parquet.Compression(layout.codec), parquet.DataPageVersion(1), parquet.PageBufferSize(64<<20))
		p := filepath.Join(b.TempDir(), "d.parquet")
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			b.Fatal(err)
		}
		for _, own := range []bool{true, false} {
			b.Run(layout.name+map[bool]string{true: "/page reader", false: "/library pages"}[own], func(b *testing.B) {
				defer func(old bool) { parquetOwnPages = old }(parquetOwnPages)
				parquetOwnPages = own
				b.SetBytes(int64(len(buf)))
				for b.Loop() {
					if _, err := Aggregate(context.Background(), []string{p}, Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
