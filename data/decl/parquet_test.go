package decl

import (
	"bytes"
	"context"
	"encoding/csv"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// Declarations as data lakes store them: typed decimals of several scales
// and physical types, dates as DATE or TIMESTAMP; the text columns shared.
type (
	declText struct {
		DeclarationID string `parquet:"declaration_id"`
		Flow          string `parquet:"flow"`
		TradeMode     string `parquet:"trade_mode"`
		HSCode        string `parquet:"hs_code"`
		Partner       string `parquet:"partner"`
		Province      string `parquet:"province"`
		Currency      string `parquet:"currency"`
	}
	int64Decimal struct {
		declText
		DeclaredOn int32 `parquet:"declared_on,date"`
		Value      int64 `parquet:"value,decimal(2:18)"`
		Pieces     int64 `parquet:"pieces"`
	}
	int32Decimal struct {
		declText
		DeclaredOn time.Time `parquet:"declared_on,timestamp(millisecond)"`
		Value      int32     `parquet:"value,decimal(1:9)"`
		Pieces     int32     `parquet:"pieces"`
	}
	fixedDecimal struct {
		declText
		DeclaredOn time.Time `parquet:"declared_on,timestamp(microsecond)"`
		Value      [16]byte  `parquet:"value,decimal(4:38)"`
		Pieces     int64     `parquet:"pieces"`
	}
	bytesDecimal struct {
		declText
		DeclaredOn string `parquet:"declared_on"`
		Value      []byte `parquet:"value,decimal(3:20)"`
		Pieces     int64  `parquet:"pieces"`
	}
	floatValue struct {
		declText
		DeclaredOn string  `parquet:"declared_on"`
		Value      float64 `parquet:"value"`
		Pieces     int64   `parquet:"pieces"`
	}
	nullableValue struct {
		declText
		DeclaredOn string  `parquet:"declared_on"`
		Value      *string `parquet:"value,optional"`
		Pieces     int64   `parquet:"pieces"`
	}
)

// declRow is declarations with every column a string but pieces, as
// the string-typed layout stores them.
type declRow = declgen.Row

// text is a record's text columns.
func text(r declRow) declText {
	return declText{r.DeclarationID, r.Flow, r.TradeMode, r.HSCode, r.Partner, r.Province, r.Currency}
}

// genRecords makes n generated declarations and their CSV.
func genRecords(t testing.TB, n int) ([]declRow, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := declgen.Generate(&b, n, 11, 2024); err != nil {
		t.Fatal(err)
	}
	rows, err := declgen.Rows(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return rows, b.Bytes()
}

// asInt64Decimal is declarations as the INT64 DECIMAL(18,2) and DATE layout
// stores them.
func asInt64Decimal(rows []declRow) []int64Decimal {
	var rs []int64Decimal
	for _, r := range rows {
		rs = append(rs, int64Decimal{text(r), int32(day(r.DeclaredOn).Unix() / 86400), fen(r.Value).Int64(), r.Pieces})
	}
	return rs
}

// fen is a decimal string's amount in fen (two decimals), exactly.
func fen(s string) *big.Int {
	r, _ := new(big.Rat).SetString(s)
	r.Mul(r, big.NewRat(100, 1))
	return new(big.Int).Quo(r.Num(), r.Denom())
}

func day(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

// writeParquet writes rows as a Parquet file of row groups of rowGroup
// rows, with the writer options given besides.
func writeParquet[T any](t testing.TB, rows []T, rowGroup int, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b, append([]parquet.WriterOption{parquet.MaxRowsPerRowGroup(int64(rowGroup))}, opts...)...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Every typed layout gives, to the fen, what the CSV of the same records
// gives (the CSV path is itself checked against an encoding/csv + math/big
// reference in TestAggregateMatchesReference), over several row groups.
func TestParquetTypesMatchCSV(t *testing.T) {
	rows, csvText := genRecords(t, 3000)
	want, err := aggregate(t, csvText, "d.csv", Options{Dims: []string{"partner"}})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	files["INT64 DECIMAL(18,2), DATE"] = writeParquet(t, asInt64Decimal(rows), 700)
	{
		var rs []fixedDecimal
		for _, r := range rows {
			var v [16]byte
			u := new(big.Int).Mul(fen(r.Value), big.NewInt(100)).Bytes() // scale 4
			copy(v[16-len(u):], u)
			rs = append(rs, fixedDecimal{text(r), day(r.DeclaredOn).Add(13 * time.Hour), v, r.Pieces})
		}
		files["FIXED_LEN_BYTE_ARRAY DECIMAL(38,4), TIMESTAMP micros"] = writeParquet(t, rs, 1000)
	}
	{
		var rs []bytesDecimal
		for _, r := range rows {
			u := new(big.Int).Mul(fen(r.Value), big.NewInt(10)).Bytes() // scale 3
			v := make([]byte, 9)                                        // parquet-go stores DECIMAL(20,3) in 9 fixed bytes
			copy(v[9-len(u):], u)
			rs = append(rs, bytesDecimal{text(r), r.DeclaredOn, v, r.Pieces})
		}
		files["FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,3), string date"] = writeParquet(t, rs, 3000)
	}
	files["decimal strings"] = writeParquet(t, rows, 1200)
	for name, b := range files {
		// Batches of 333 rows end inside pages and row groups.
		for _, batch := range []int{parquetBatch, 333} {
			t.Run(name+"/batch "+strconv.Itoa(batch), func(t *testing.T) {
				defer func(old int) { parquetBatch = old }(parquetBatch)
				parquetBatch = batch
				got, err := aggregate(t, b, "d.parquet", Options{Dims: []string{"partner"}})
				if err != nil {
					t.Fatal(err)
				}
				sameMaps(t, rowMap(got), rowMap(want))
			})
		}
	}
}

// The unscaled integer of a DECIMAL(18,2) is read with its scale: 5832529760
// is 58,325,297.60 yuan, not 5,832,529,760 (worked by hand); an INT32
// DECIMAL(9,1) and a TIMESTAMP in milliseconds read too, and a value beyond
// two decimals is a bad record, never a rounding.
func TestParquetDecimalScale(t *testing.T) {
	rows := []int64Decimal{{declText{"D1", "export", "9610", "6109", "US", "Guangdong", "CNY"}, int32(day("2018-01-15").Unix() / 86400), 5832529760, 3}}
	res, err := aggregate(t, writeParquet(t, rows, 10), "d.parquet", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rowMap(res)["cbec export 2018-01 CNY"]; got != "58325297.60 1 3" {
		t.Errorf("cbec export 2018-01 = %q, want 58325297.60 1 3", got)
	}
	r32 := []int32Decimal{{declText{"D1", "import", "1210", "3304", "JP", "Zhejiang", "CNY"}, day("2024-03-31").Add(23 * time.Hour), 12345, 2}}
	res, err = aggregate(t, writeParquet(t, r32, 10), "d.parquet", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rowMap(res)["cbec import 2024-03 CNY"]; got != "1234.50 1 2" {
		t.Errorf("INT32 DECIMAL(9,1) = %q, want 1234.50 1 2", got)
	}
	var v [16]byte
	v[15] = 7 // 0.0007 at scale 4
	fr := []fixedDecimal{{declText{"D1", "import", "1210", "3304", "JP", "Zhejiang", "CNY"}, day("2024-01-02"), v, 2}}
	if _, err := aggregate(t, writeParquet(t, fr, 10), "d.parquet", Options{}); err == nil || !strings.Contains(err.Error(), `d.parquet:2: value "0.0007"`) {
		t.Errorf("an over-precise decimal: %v", err)
	}
}

// A FLOAT or DOUBLE amount is refused with the reason; a null value is a bad
// record with its row.
func TestParquetRefusals(t *testing.T) {
	fl := []floatValue{{declText{"D1", "export", "9610", "6109", "US", "GD", "CNY"}, "2024-01-05", 1.1, 1}}
	_, err := aggregate(t, writeParquet(t, fl, 10), "f.parquet", Options{})
	if err == nil || !strings.Contains(err.Error(), "f.parquet: column value: DOUBLE cannot hold an exact amount; store money as DECIMAL(18,2) or as a decimal string") {
		t.Errorf("double: %v", err)
	}
	one := "1.00"
	nv := []nullableValue{{declText{"D1", "export", "9610", "6109", "US", "GD", "CNY"}, "2024-01-05", &one, 1}, {declText{"D2", "export", "9610", "6109", "US", "GD", "CNY"}, "2024-01-05", nil, 1}}
	if _, err := aggregate(t, writeParquet(t, nv, 10), "n.parquet", Options{}); err == nil || !strings.Contains(err.Error(), "n.parquet:3:") {
		t.Errorf("null value: %v", err)
	}
}

// The decimal decoder, for every physical type a DECIMAL may have (BYTE_ARRAY
// too, which parquet-go's struct tags do not write): two's complement, big
// endian, worked by hand.
func TestDecimalText(t *testing.T) {
	tests := []struct {
		name  string
		kind  parquet.Kind
		scale int
		v     parquet.Value
		want  string
	}{
		{"INT64 scale 2", parquet.Int64, 2, parquet.ValueOf(int64(5832529760)), "58325297.60"},
		{"INT32 scale 1", parquet.Int32, 1, parquet.ValueOf(int32(12345)), "1234.5"},
		{"small", parquet.Int64, 2, parquet.ValueOf(int64(5)), "0.05"},
		{"zeros beyond two decimals dropped", parquet.Int64, 4, parquet.ValueOf(int64(12300)), "1.23"},
		{"other digits kept", parquet.Int64, 4, parquet.ValueOf(int64(12345)), "1.2345"},
		{"BYTE_ARRAY", parquet.ByteArray, 2, parquet.ValueOf([]byte{0x01, 0x00}), "2.56"},
		{"BYTE_ARRAY negative", parquet.ByteArray, 2, parquet.ValueOf([]byte{0xff, 0x9c}), "-1.00"},
		{"scale 0", parquet.Int64, 0, parquet.ValueOf(int64(42)), "42"},
		// 2^64 (by hand: 18446744073709551616) does not fit an int64.
		{"beyond int64", parquet.FixedLenByteArray, 2, parquet.ValueOf([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0}), "184467440737095516.16"},
		{"negative INT64", parquet.Int64, 3, parquet.ValueOf(int64(-5)), "-0.005"},
	}
	for _, tt := range tests {
		conv, err := decimalText(tt.kind, tt.scale)
		if err != nil {
			t.Fatal(err)
		}
		// Twice through the same converter: it keeps no state between values.
		for range 2 {
			if got := string(conv(nil, tt.v)); got != tt.want {
				t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
			}
		}
	}
}

// BenchmarkAggregateParquet reads 200,000 declarations stored as a data
// lake stores them (INT64 DECIMAL(18,2), DATE), in row groups of 50,000,
// by the typed reader and, for comparison, the text reader.
func BenchmarkAggregateParquet(b *testing.B) {
	for _, typed := range []bool{true, false} {
		name := map[bool]string{true: "typed", false: "text"}[typed]
		b.Run(name, func(b *testing.B) {
			defer func(old bool) { parquetTyped = old }(parquetTyped)
			parquetTyped = typed
			benchmarkParquet(b)
		})
	}
}

func benchmarkParquet(b *testing.B) {
	t := &testing.T{}
	rows, _ := genRecords(t, 200000)
	rs := asInt64Decimal(rows)
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[int64Decimal](&buf, parquet.MaxRowsPerRowGroup(50000))
	w.Write(rs)
	w.Close()
	p := filepath.Join(b.TempDir(), "d.parquet")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Aggregate(context.Background(), []string{p}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Row groups are read in parallel; a bad record keeps its line in the file
// whichever worker read it: with row groups of 7 rows, rows 16 and 30
// (lines 17 and 31) fall in the third and fifth group.
func TestParquetRowGroupsKeepLines(t *testing.T) {
	rows, _ := genRecords(t, 40)
	rows[15].Value = "1.234" // three decimals: bad
	rows[29].Value = ""      // missing: bad
	b := writeParquet(t, rows, 7)
	defer func(old int) { parquetBatch = old }(parquetBatch)
	parquetBatch = 3 // several batches per group, the last one short
	for _, workers := range []int{1, 2, 4} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			res, err := aggregate(t, b, "d.parquet", Options{SkipBad: 5, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Bad) != 2 || res.Bad[0].Line != 17 || res.Bad[1].Line != 31 || res.Records != 38 {
				t.Errorf("bad = %v, records = %d; want lines 17 and 31 and 38 records", res.Bad, res.Records)
			}
		})
	}
	// Past the tolerance the run stops with the first bad record.
	if _, err := aggregate(t, b, "d.parquet", Options{SkipBad: 1, Workers: 2}); err == nil || !strings.Contains(err.Error(), ":17: more than the 1 bad records tolerated; the first: value \"1.234\"") {
		t.Errorf("err = %v", err)
	}
}

// appendDay agrees with time's calendar on every day from 1900 to 2100 and
// around the epoch, negative days included.
func TestAppendDay(t *testing.T) {
	from := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	to := time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400
	for d := from; d <= to; d++ {
		want := time.Unix(d*86400, 0).UTC().Format(time.DateOnly)
		if got := string(appendDay(nil, d)); got != want {
			t.Fatalf("day %d: %s, want %s", d, got, want)
		}
	}
	if got := floorDiv(-1, 86400); got != -1 {
		t.Errorf("floorDiv(-1, 86400) = %d, want -1", got)
	}
}

// declNoProvince is a declaration stored in a directory partitioned by
// province: the column lives in the path.
type declNoProvince struct {
	DeclarationID string `parquet:"declaration_id"`
	DeclaredOn    int32  `parquet:"declared_on,date"`
	Flow          string `parquet:"flow"`
	TradeMode     string `parquet:"trade_mode"`
	HSCode        string `parquet:"hs_code"`
	Partner       string `parquet:"partner"`
	Currency      string `parquet:"currency"`
	Value         int64  `parquet:"value,decimal(2:18)"`
	Pieces        int64  `parquet:"pieces"`
}

// A hive-partitioned directory (year=YYYY/province=P/part-N.parquet, with a
// _SUCCESS marker) reads as one dataset, the province from the path: to the
// fen what the CSV of the same records gives, by province.
func TestParquetHivePartitions(t *testing.T) {
	rows, csvText := genRecords(t, 2000)
	want, err := aggregate(t, csvText, "d.csv", Options{Dims: []string{"province"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	byPart := map[string][]declNoProvince{}
	for _, r := range rows {
		k := filepath.Join("year="+r.DeclaredOn[:4], "province="+url.PathEscape(r.Province))
		byPart[k] = append(byPart[k], declNoProvince{r.DeclarationID, int32(day(r.DeclaredOn).Unix() / 86400), r.Flow, r.TradeMode, r.HSCode, r.Partner, r.Currency, fen(r.Value).Int64(), r.Pieces})
	}
	for k, rs := range byPart {
		half := len(rs) / 2
		for i, part := range [][]declNoProvince{rs[:half], rs[half:]} {
			p := filepath.Join(dir, k, "part-"+strconv.Itoa(i)+".parquet")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, writeParquet(t, part, 100), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "_SUCCESS"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(byPart) < 3 {
		t.Fatalf("only %d partitions; the test needs several", len(byPart))
	}
	for _, typed := range []bool{true, false} { // both readers take partition values
		func() {
			defer func(old bool) { parquetTyped = old }(parquetTyped)
			parquetTyped = typed
			got, err := Aggregate(context.Background(), []string{dir}, Options{Dims: []string{"province"}})
			if err != nil {
				t.Fatal(err)
			}
			sameMaps(t, rowMap(got), rowMap(want))
		}()
	}
	if n, err := InputSize(dir); err != nil || n == 0 {
		t.Errorf("InputSize = %d, %v", n, err)
	}
	// A subdirectory is a dataset too.
	if _, err := Aggregate(context.Background(), []string{filepath.Join(dir, "year="+rows[0].DeclaredOn[:4])}, Options{}); err != nil {
		t.Errorf("a subdirectory reads too: %v", err)
	}
	empty := t.TempDir()
	if _, err := Aggregate(context.Background(), []string{empty}, Options{}); err == nil || !strings.Contains(err.Error(), "found none") {
		t.Errorf("empty directory: %v", err)
	}
	// A column neither in the files nor in the path is missing.
	var some []declNoProvince
	for _, rs := range byPart {
		some = rs
		break
	}
	flat := t.TempDir()
	if err := os.WriteFile(filepath.Join(flat, "x.parquet"), writeParquet(t, some, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Aggregate(context.Background(), []string{flat}, Options{}); err == nil || !strings.Contains(err.Error(), "missing declaration column(s) province") {
		t.Errorf("no province anywhere: %v", err)
	}
}

// dictRow is declarations as data lakes write them: codes dictionary-
// encoded, partner and province optional (null where the CSV is empty).
type dictRow struct {
	DeclarationID string  `parquet:"declaration_id"`
	DeclaredOn    string  `parquet:"declared_on,dict"`
	Flow          string  `parquet:"flow,dict"`
	TradeMode     string  `parquet:"trade_mode,dict"`
	HSCode        string  `parquet:"hs_code,dict"`
	Partner       *string `parquet:"partner,optional,dict"`
	Province      *string `parquet:"province,optional,dict"`
	Currency      string  `parquet:"currency,dict"`
	Value         string  `parquet:"value"`
	Pieces        int64   `parquet:"pieces"`
}

// Dictionary-encoded string columns, nulls among them, many small pages and
// several row groups, read through the dictionaries, give what the CSV of
// the same records gives, with and without the dimensions; one bad code
// in a dictionary is reported with its line.
func TestParquetDictionaryPages(t *testing.T) {
	rows, _ := genRecords(t, 12000)
	var csvText bytes.Buffer
	csvText.WriteString(declHead)
	cw := csv.NewWriter(&csvText)
	var drows []dictRow
	for i, r := range rows {
		d := dictRow{r.DeclarationID, r.DeclaredOn, r.Flow, r.TradeMode, r.HSCode, &rows[i].Partner, &rows[i].Province, r.Currency, r.Value, r.Pieces}
		rec := []string{r.DeclarationID, r.DeclaredOn, r.Flow, r.TradeMode, r.HSCode, r.Partner, r.Province, r.Currency, r.Value, strconv.FormatInt(r.Pieces, 10)}
		if i%7 == 0 {
			d.Partner, rec[5] = nil, ""
		}
		if i%11 == 0 {
			d.Province, rec[6] = nil, ""
		}
		drows = append(drows, d)
		cw.Write(rec)
	}
	cw.Flush()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[dictRow](&b, parquet.MaxRowsPerRowGroup(5000), parquet.PageBufferSize(2048))
	if _, err := w.Write(drows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, rg := range f.RowGroups() {
		ps := rg.ColumnChunks()[2].Pages() // flow
		for {
			p, err := ps.ReadPage()
			if err != nil {
				break
			}
			if p.Dictionary() == nil {
				t.Fatal("the flow column is not dictionary-encoded; the test needs it")
			}
			pages++
			parquet.Release(p)
		}
		ps.Close()
	}
	if pages < 6 {
		t.Fatalf("%d flow pages; the test needs several per row group", pages)
	}
	// The reader takes these pages through their dictionaries (else the
	// comparison below would pass on the generic path alone).
	for _, col := range []int{2, 5} { // flow (required), partner (optional, with nulls)
		rg := f.RowGroups()[0]
		chunk := rg.ColumnChunks()[col]
		leaf, _ := f.Schema().Lookup(Columns[col])
		conv, err := converter(Columns[col], chunk.Type())
		if err != nil {
			t.Fatal(err)
		}
		c := &columnCursor{pages: chunk.Pages(), text: conv, plain: true, maxDef: leaf.MaxDefinitionLevel}
		if err := c.next(100); err != nil {
			t.Fatal(err)
		}
		if c.dict == nil || len(c.dictText) == 0 {
			t.Errorf("column %s was not read through its dictionary", Columns[col])
		}
		c.close()
	}
	for _, dims := range [][]string{nil, {"partner", "province", "trade_mode", "hs2"}, {"hs8"}} {
		want, err := aggregate(t, csvText.Bytes(), "d.csv", Options{Dims: dims})
		if err != nil {
			t.Fatal(err)
		}
		got, err := aggregate(t, b.Bytes(), "d.parquet", Options{Dims: dims})
		if err != nil {
			t.Fatal(err)
		}
		sameMaps(t, rowMap(got), rowMap(want))
	}
	// A bad code read through the dictionary: reported with its line.
	drows[4321].Flow = "sideways"
	bad := writeParquet(t, drows, 5000)
	_, err = aggregate(t, bad, "bad.parquet", Options{})
	if err == nil || !strings.Contains(err.Error(), `bad.parquet:4323: flow "sideways"`) {
		t.Errorf("err = %v", err)
	}
}

// A repeated column (two partners in one row) has more values than the
// row group has rows: an error naming the column, from both readers.
func TestParquetRepeatedColumn(t *testing.T) {
	type repeated struct {
		DeclarationID string   `parquet:"declaration_id"`
		DeclaredOn    string   `parquet:"declared_on"`
		Flow          string   `parquet:"flow"`
		TradeMode     string   `parquet:"trade_mode"`
		HSCode        string   `parquet:"hs_code"`
		Partner       []string `parquet:"partner"`
		Province      string   `parquet:"province"`
		Currency      string   `parquet:"currency"`
		Value         string   `parquet:"value"`
		Pieces        int64    `parquet:"pieces"`
	}
	rows := []repeated{
		{"D1", "2024-01-05", "export", "9610", "6109", []string{"US", "JP"}, "GD", "CNY", "1.00", 1},
		{"D2", "2024-01-06", "export", "9610", "6109", []string{"US"}, "GD", "CNY", "1.00", 1},
	}
	p := filepath.Join(t.TempDir(), "r.parquet")
	if err := os.WriteFile(p, writeParquet(t, rows, 10), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []bool{true, false} {
		defer func(old bool) { parquetTyped = old }(parquetTyped)
		parquetTyped = typed
		_, err := Aggregate(context.Background(), []string{p}, Options{Dims: []string{"partner"}})
		if err == nil || !strings.Contains(err.Error(), "reading Parquet column partner: more values than the row group's 2 rows") {
			t.Errorf("typed %v: %v", typed, err)
		}
	}
}
