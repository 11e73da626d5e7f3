package decl

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"

	"github.com/cbec-stats/ceb/internal/declgen"
	"github.com/cbec-stats/ceb/internal/testkit"
)

const declHead = "declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n"

func aggregate(t *testing.T, content []byte, name string, opt Options) (*Result, error) {
	t.Helper()
	p := testkit.WriteFile(t, name, content)
	return Aggregate(context.Background(), []string{p}, opt)
}

// rowMap keys the rows as "series flow period currency dims" → "yuan records pieces".
func rowMap(res *Result) map[string]string {
	m := map[string]string{}
	for r := range res.Rows() {
		k := strings.Join([]string{r.Series, string(r.Flow), r.Period.String(), string(r.Currency), r.Dims.Partner, r.Dims.Province, r.Dims.TradeMode, r.Dims.HS}, " ")
		m[strings.Join(strings.Fields(k), " ")] = r.Yuan() + " " + itoa64(r.Records) + " " + itoa64(r.Pieces)
	}
	return m
}

// genDeclFile writes rows generated declarations (years 2024–2025) to a
// temporary file and returns its path and content.
func genDeclFile(tb testing.TB, rows int, seed uint64) (string, []byte) {
	tb.Helper()
	var b bytes.Buffer
	if err := declgen.Generate(&b, rows, seed, 2024); err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), "decl.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p, b.Bytes()
}

func itoa64(n int64) string { return big.NewInt(n).String() }

// reference is an independent aggregation: encoding/csv and math/big, one
// record at a time, by month, class and flow.
func reference(t *testing.T, content []byte) map[string]string {
	t.Helper()
	keys, sums := referenceBy(t, "month", nil, content)
	out := map[string]string{}
	for i, k := range keys {
		out[k] = sums[i]
	}
	return out
}

// referenceBy aggregates like reference, by period kind (month, quarter,
// half or year; every period is assumed complete) and by the dimensions
// named, and returns the keys ("series flow period currency" then the
// dimension values in the order partner, province, trade_mode, hs2) in the
// order ceb writes its rows, with the sums beside them. The order is
// worked out from the key's strings, not from any of ceb's code.
func referenceBy(t *testing.T, by string, dims []string, contents ...[]byte) (keys, sums []string) {
	t.Helper()
	modes := map[string]bool{"9610": true, "9710": true, "9810": true, "1210": true, "1239": true}
	type group struct {
		series, flow, period, cur string
		dims                      [4]string
		fen, n, pieces            big.Int
	}
	acc := map[string]*group{}
	for _, content := range contents {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, utf8BOM)))
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			ip, fp, _ := strings.Cut(rec[8], ".")
			fen, _ := new(big.Int).SetString(ip+(fp + "00")[:2], 10)
			pieces, _ := new(big.Int).SetString(rec[9], 10)
			y, m := rec[1][:4], rec[1][5:7]
			mo, _ := strconv.Atoi(m)
			period := map[string]string{
				"month":   y + "-" + m,
				"quarter": y + "Q" + strconv.Itoa((mo+2)/3),
				"half":    y + "H" + strconv.Itoa((mo+5)/6),
				"year":    y,
			}[by]
			var d [4]string
			for _, name := range dims {
				switch name {
				case "partner":
					d[0] = rec[5]
				case "province":
					d[1] = rec[6]
				case "trade_mode":
					d[2] = rec[3]
				case "hs2", "hs4", "hs6", "hs8":
					d[3] = rec[4][:min(len(rec[4]), int(name[2]-'0'))]
				}
			}
			classes := []string{"trade"}
			if modes[rec[3]] {
				classes = append(classes, "cbec")
			}
			for _, c := range classes {
				for _, fl := range []string{rec[2], "total"} {
					k := strings.Join(append([]string{c, fl, period, rec[7]}, d[:]...), " ")
					g := acc[k]
					if g == nil {
						g = &group{series: c, flow: fl, period: period, cur: rec[7], dims: d}
						acc[k] = g
					}
					g.fen.Add(&g.fen, fen)
					g.n.Add(&g.n, big.NewInt(1))
					g.pieces.Add(&g.pieces, pieces)
				}
			}
		}
	}
	groups := make([]*group, 0, len(acc))
	for _, g := range acc {
		groups = append(groups, g)
	}
	flowOrder := map[string]int{"total": 0, "export": 1, "import": 2}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		switch {
		case a.series != b.series:
			return a.series < b.series
		case a.cur != b.cur:
			return a.cur < b.cur
		case a.period != b.period:
			return a.period < b.period
		case a.dims != b.dims:
			return slices.Compare(a.dims[:], b.dims[:]) < 0
		}
		return flowOrder[a.flow] < flowOrder[b.flow]
	})
	for _, g := range groups {
		k := strings.Join(append([]string{g.series, g.flow, g.period, g.cur}, g.dims[:]...), " ")
		keys = append(keys, strings.Join(strings.Fields(k), " "))
		q, r := new(big.Int).QuoRem(&g.fen, big.NewInt(100), new(big.Int))
		sums = append(sums, q.String()+"."+strings.Repeat("0", 2-len(r.String()))+r.String()+" "+g.n.String()+" "+g.pieces.String())
	}
	return keys, sums
}

func sameMaps(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d groups, want %d", len(got), len(want))
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	bad := 0
	for _, k := range keys {
		if got[k] != want[k] && bad < 5 {
			t.Errorf("%s: got %q, want %q", k, got[k], want[k])
			bad++
		}
	}
}

// zstdBytes compresses b with Zstandard.
func zstdBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

// Exact to the fen against the independent reference, whatever the chunk
// size (tiny chunks put boundaries inside quoted fields, some of which hold
// newlines and escaped quotes) and worker count, for mapped files and for
// streams (gzip, zstd).
func TestAggregateMatchesReference(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 20000, 42, 2024); err != nil {
		t.Fatal(err)
	}
	// Every seventh Korea becomes a field with a newline and quotes in it.
	n := 0
	content := regexp.MustCompile(`"Korea, Rep."`).ReplaceAllFunc(b.Bytes(), func(m []byte) []byte {
		if n++; n%7 == 0 {
			return []byte("\"Korea,\n\"\"Rep.\"\"\"")
		}
		return m
	})
	if n < 100 {
		t.Fatalf("only %d partner fields to rewrite", n)
	}
	want := reference(t, content)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(content)
	zw.Close()
	zst := zstdBytes(t, content)
	for _, c := range []struct {
		name          string
		chunk, worker int
	}{{"default", 0, 0}, {"one worker", 0, 1}, {"97-byte chunks", 97, 2}, {"1 KiB chunks, 3 workers", 1024, 3}} {
		for _, f := range []struct {
			name    string
			content []byte
		}{{"d.csv", content}, {"d.csv.gz", gz.Bytes()}, {"d.csv.zst", zst}} {
			t.Run(c.name+"/"+f.name, func(t *testing.T) {
				res, err := aggregate(t, f.content, f.name, Options{ChunkSize: c.chunk, Workers: c.worker})
				if err != nil {
					t.Fatal(err)
				}
				if res.Records != 20000 {
					t.Errorf("records %d", res.Records)
				}
				sameMaps(t, rowMap(res), want)
			})
		}
	}
}

// With dimensions and coarser periods, the rows match the independent
// reference in their keys, their sums and their order, however the input is
// split into files, chunks and workers. Partner names hold commas, quotes
// and newlines; every period of the generated years is complete.
func TestAggregateDimsMatchReference(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 6000, 43, 2024); err != nil {
		t.Fatal(err)
	}
	n := 0
	content := regexp.MustCompile(`"Korea, Rep."`).ReplaceAllFunc(b.Bytes(), func(m []byte) []byte {
		if n++; n%5 == 0 {
			return []byte("\"Korea,\n\"\"Rep.\"\"\"")
		}
		return m
	})
	// Two files: the second holds the last third of the records.
	lines := bytes.SplitAfter(content, []byte("\n"))
	cut := 0
	for i := range 2 * len(lines) / 3 {
		cut += len(lines[i])
	}
	for !bytes.HasPrefix(content[cut:], []byte("D")) || bytes.Count(content[:cut], []byte(`"`))%2 == 1 {
		cut += bytes.IndexByte(content[cut:], '\n') + 1
	}
	first, second := content[:cut], append([]byte(declHead), content[cut:]...)
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}
	os.WriteFile(paths[0], first, 0o644)
	os.WriteFile(paths[1], second, 0o644)

	for _, c := range []struct {
		name string
		by   string
		dims []string
	}{
		{"all four by month", "month", []string{"trade_mode", "hs2", "partner", "province"}},
		{"province and partner by quarter", "quarter", []string{"province", "partner"}},
		{"hs2 by half", "half", []string{"hs2"}},
		{"hs4 and partner by month", "month", []string{"hs4", "partner"}},
		{"hs6 by quarter", "quarter", []string{"hs6"}},
		{"hs8 and trade_mode by year", "year", []string{"trade_mode", "hs8"}},
		{"trade_mode and province by year", "year", []string{"trade_mode", "province"}},
		{"none by year", "year", nil},
	} {
		wantKeys, wantSums := referenceBy(t, c.by, c.dims, first, second)
		for _, run := range []struct {
			name          string
			chunk, worker int
		}{{"default", 0, 0}, {"200-byte chunks, 3 workers", 200, 3}} {
			t.Run(c.name+"/"+run.name, func(t *testing.T) {
				res, err := Aggregate(context.Background(), paths, Options{By: c.by, Dims: c.dims, ChunkSize: run.chunk, Workers: run.worker})
				if err != nil {
					t.Fatal(err)
				}
				if res.Records != 6000 || len(res.Skipped) != 0 {
					t.Errorf("records %d, skipped %v", res.Records, res.Skipped)
				}
				var keys, sums []string
				for r := range res.Rows() {
					k := strings.Join([]string{r.Series, string(r.Flow), r.Period.String(), string(r.Currency), r.Dims.Partner, r.Dims.Province, r.Dims.TradeMode, r.Dims.HS}, " ")
					keys = append(keys, strings.Join(strings.Fields(k), " "))
					sums = append(sums, r.Yuan()+" "+itoa64(r.Records)+" "+itoa64(r.Pieces))
				}
				if len(keys) != len(wantKeys) || res.Len() != len(keys) {
					t.Fatalf("%d rows (Len %d), want %d", len(keys), res.Len(), len(wantKeys))
				}
				// A loop over the rows may stop early.
				seen := 0
				for range res.Rows() {
					if seen++; seen == 3 {
						break
					}
				}
				bad := 0
				for i := range keys {
					if (keys[i] != wantKeys[i] || sums[i] != wantSums[i]) && bad < 5 {
						t.Errorf("row %d: %s = %s, want %s = %s", i, keys[i], sums[i], wantKeys[i], wantSums[i])
						bad++
					}
				}
			})
		}
	}
}

// Bad records keep their line numbers however the file is cut into chunks
// and whichever worker finds them: lines are counted per chunk and made
// absolute at the end.
func TestAggregateBadLinesAcrossChunks(t *testing.T) {
	var b strings.Builder
	b.WriteString(declHead)
	line := 1
	var want []int
	for i := 0; i < 3000; i++ {
		switch {
		case i%97 == 0:
			b.WriteString("D1,2024-01-05,export,9610,6109,US,GD,CNY,1.234,1\n")
			line++
			want = append(want, line)
		case i%31 == 0:
			b.WriteString("D1,2024-01-05,export,9610,6109,\"Korea,\n\"\"Rep.\"\"\",GD,CNY,1.00,1\n")
			line += 2
		default:
			b.WriteString("D1,2024-01-05,import,0110,6109,US,GD,CNY,1.00,1\n")
			line++
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(b.String()))
	zw.Close()
	for _, chunk := range []int{64, 1000, 0} {
		for _, f := range []struct {
			name    string
			content []byte
		}{{"d.csv", []byte(b.String())}, {"d.csv.gz", gz.Bytes()}} {
			t.Run(fmt.Sprint(chunk, "/", f.name), func(t *testing.T) {
				res, err := aggregate(t, f.content, f.name, Options{ChunkSize: chunk, Workers: 3, SkipBad: 1000})
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, f := range res.Bad {
					got = append(got, f.Line)
				}
				if !slices.Equal(got, want) {
					t.Errorf("bad lines %v, want %v", got, want)
				}
			})
		}
	}
}

// Columns in any order give the same sums: the straight-line parser for
// the design's order and the per-column one agree.
func TestAggregateColumnOrders(t *testing.T) {
	var b bytes.Buffer
	declgen.Generate(&b, 3000, 9, 2024)
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := reference(t, b.Bytes())
	for _, perm := range [][]int{{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, {1, 0, 3, 2, 5, 4, 7, 6, 9, 8}, {8, 0, 1, 2, 3, 4, 5, 6, 7, 9}} {
		var out bytes.Buffer
		cw := csv.NewWriter(&out)
		for _, r := range recs {
			p := make([]string, len(perm))
			for i, k := range perm {
				p[i] = r[k]
			}
			cw.Write(p)
		}
		cw.Flush()
		t.Run(fmt.Sprint(perm), func(t *testing.T) {
			res, err := aggregate(t, out.Bytes(), "p.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameMaps(t, rowMap(res), want)
		})
	}
}

func TestAggregateFormats(t *testing.T) {
	body := `D1,2024-01-05,export,9610,6109100000,"Korea, Rep.",Guangdong,CNY,100.10,2
D2,2024-01-06,import,0110,8471,"He said ""hi""
on two lines",Zhejiang,CNY,0.05,1
D3,2024-02-07,export,1210,6109,US,"Guangxi, Zhuang A.R.",USD,12,3
`
	want := map[string]string{
		"trade total 2024-01 CNY": "100.15 2 3", "trade export 2024-01 CNY": "100.10 1 2", "trade import 2024-01 CNY": "0.05 1 1",
		"cbec total 2024-01 CNY": "100.10 1 2", "cbec export 2024-01 CNY": "100.10 1 2",
		"trade total 2024-02 USD": "12.00 1 3", "trade export 2024-02 USD": "12.00 1 3", "cbec total 2024-02 USD": "12.00 1 3", "cbec export 2024-02 USD": "12.00 1 3",
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(declHead + body))
	zw.Close()
	tests := []struct {
		name    string
		content []byte
	}{
		{"plain", []byte(declHead + body)},
		{"CRLF", []byte(strings.ReplaceAll(declHead+body, "\n", "\r\n"))},
		{"BOM", append([]byte{0xEF, 0xBB, 0xBF}, declHead+body...)},
		{"gzip", gz.Bytes()},
		{"no final newline", []byte(declHead + strings.TrimSuffix(body, "\n"))},
		{"columns reordered", []byte("value,pieces,declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency\n" +
			"100.10,2,D1,2024-01-05,export,9610,6109100000,\"Korea, Rep.\",Guangdong,CNY\n0.05,1,D2,2024-01-06,import,0110,8471,\"x\",Zhejiang,CNY\n12,3,D3,2024-02-07,export,1210,6109,US,GX,USD\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := aggregate(t, tt.content, "d.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := rowMap(res)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			if len(got) != len(want) {
				t.Errorf("groups %v", got)
			}
		})
	}
}

func TestAggregateParquet(t *testing.T) {
	rows := []declRow{
		{DeclarationID: "D1", DeclaredOn: "2024-01-05", Flow: "export", TradeMode: "9610", HSCode: "6109", Partner: "US", Province: "Guangdong", Currency: "CNY", Value: "100.10", Pieces: 2},
		{DeclarationID: "D2", DeclaredOn: "2024-01-06", Flow: "import", TradeMode: "0110", HSCode: "8471", Partner: "JP", Province: "Zhejiang", Currency: "CNY", Value: "0.05", Pieces: 1},
	}
	var b bytes.Buffer
	if err := parquet.Write(&b, rows); err != nil {
		t.Fatal(err)
	}
	res, err := aggregate(t, b.Bytes(), "d.parquet", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rowMap(res)
	if got["trade total 2024-01 CNY"] != "100.15 2 3" || got["cbec export 2024-01 CNY"] != "100.10 1 2" {
		t.Errorf("got %v", got)
	}
	bad := []declRow{{DeclarationID: "D1", DeclaredOn: "2024-01-05", Flow: "export", TradeMode: "9610", HSCode: "6109", Partner: "US", Province: "GD", Currency: "CNY", Value: "1.234", Pieces: 2}}
	b.Reset()
	parquet.Write(&b, bad)
	if _, err := aggregate(t, b.Bytes(), "bad.parquet", Options{}); err == nil || !strings.Contains(err.Error(), `bad.parquet:2: value "1.234"`) {
		t.Errorf("bad parquet: %v", err)
	}
}

func TestAggregateBadRecords(t *testing.T) {
	good := "D0,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1\n"
	tests := []struct{ name, rec, want string }{
		{"three decimals", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1.234,1\n", `d.csv:3: value "1.234" is not an amount with at most two decimals`},
		{"negative pieces", "D1,2024-01-05,export,9610,6109,US,GD,CNY,5.00,-2\n", `d.csv:3: pieces "-2" is negative: a count of pieces is 0 or more`},
		{"sign", "D1,2024-01-05,export,9610,6109,US,GD,CNY,-5,1\n", `value "-5" is negative: a declared value is 0 or more`},
		{"plus sign", "D1,2024-01-05,export,9610,6109,US,GD,CNY,+5,1\n", `value "+5" is not an amount`},
		{"minus before no number", "D1,2024-01-05,export,9610,6109,US,GD,CNY,-x5,1\n", `value "-x5" is not an amount`},
		{"minus zero", "D1,2024-01-05,export,9610,6109,US,GD,CNY,-0.00,1\n", `value "-0.00" is not an amount with at most two decimals`},
		{"pieces minus zero", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,-0\n", `pieces "-0" is not a whole number`},
		{"pieces of 13 digits", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1000000000000\n", `pieces "1000000000000" has more than 12 digits`},
		{"overflow", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1234567890123456,1\n", `value "1234567890123456" is not an amount`},
		{"separator", "D1,2024-01-05,export,9610,6109,US,GD,CNY,\"1,000.00\",1\n", `value "1,000.00" is not an amount`},
		{"date", "D1,2024-02-30,export,9610,6109,US,GD,CNY,1,1\n", `declared_on "2024-02-30" is not a date`},
		{"flow", "D1,2024-01-05,exports,9610,6109,US,GD,CNY,1,1\n", `flow "exports" is not export or import`},
		{"mode", "D1,2024-01-05,export,961,6109,US,GD,CNY,1,1\n", `trade_mode "961" is not a 4-digit supervision code`},
		{"currency", "D1,2024-01-05,export,9610,6109,US,GD,EUR,1,1\n", `currency "EUR" is not CNY or USD`},
		{"pieces", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1,1.5\n", `pieces "1.5" is not a whole number`},
		{"fields", "D1,2024-01-05,export,9610,6109,US,GD,CNY,1\n", "record has 9 fields, the header has 10"},
		{"unbalanced quote", "D1,2024-01-05,export,9610,6109,\"US,GD,CNY,1,1\n", "unbalanced quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := aggregate(t, []byte(declHead+good+tt.rec+good), "d.csv", Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	t.Run("skip-bad tolerates and lists them", func(t *testing.T) {
		content := declHead + good + tests[0].rec + good + tests[6].rec + good
		res, err := aggregate(t, []byte(content), "d.csv", Options{SkipBad: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Bad) != 2 || res.Bad[0].Line != 3 || res.Bad[1].Line != 5 || res.Records != 3 {
			t.Errorf("bad %+v records %d", res.Bad, res.Records)
		}
		if _, err := aggregate(t, []byte(content), "d.csv", Options{SkipBad: 1}); err == nil || !strings.Contains(err.Error(), "d.csv:3: more than the 1 bad records tolerated; the first: value") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("line numbers count quoted newlines", func(t *testing.T) {
		content := declHead + "D1,2024-01-05,export,9610,6109,\"two\nlines\",GD,CNY,1,1\n" + tests[0].rec
		if _, err := aggregate(t, []byte(content), "d.csv", Options{ChunkSize: 16}); err == nil || !strings.Contains(err.Error(), "d.csv:4:") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("missing column", func(t *testing.T) {
		if _, err := aggregate(t, []byte("declaration_id,declared_on,flow\n"), "d.csv", Options{}); err == nil || !strings.Contains(err.Error(), "missing declaration column(s) trade_mode") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("lines ending in a lone CR", func(t *testing.T) {
		content := strings.ReplaceAll(declHead+tests[0].rec, "\n", "\r")
		if _, err := aggregate(t, []byte(content), "d.csv", Options{}); err == nil || !strings.Contains(err.Error(), "d.csv:1: lines end in a carriage return alone") {
			t.Errorf("got %v", err)
		}
		// CRLF stays a line end.
		if _, err := aggregate(t, []byte(strings.ReplaceAll(declHead+tests[0].rec, "\n", "\r\n")), "d.csv", Options{}); err != nil && strings.Contains(err.Error(), "carriage return") {
			t.Errorf("CRLF refused: %v", err)
		}
	})
}

func TestAggregateByAndDims(t *testing.T) {
	var b bytes.Buffer
	for m := 1; m <= 4; m++ {
		b.WriteString("D,2024-0" + string(rune('0'+m)) + "-01,export,9610,610910,US,Zhejiang,CNY,1.00,1\n")
	}
	content := []byte(declHead + b.String() + "D,2024-01-02,import,0110,847130,JP,Guangdong,CNY,2.50,1\n")
	res, err := aggregate(t, content, "d.csv", Options{By: "quarter"})
	if err != nil {
		t.Fatal(err)
	}
	got := rowMap(res)
	if got["trade total 2024Q1 CNY"] != "5.50 4 4" || len(res.Skipped) != 1 || res.Skipped[0] != "2024Q2" {
		t.Errorf("got %v, skipped %v", got, res.Skipped)
	}
	res, err = aggregate(t, content, "d.csv", Options{Dims: []string{"province", "hs2"}})
	if err != nil {
		t.Fatal(err)
	}
	got = rowMap(res)
	if got["trade import 2024-01 CNY Guangdong 84"] != "2.50 1 1" || got["cbec export 2024-03 CNY Zhejiang 61"] != "1.00 1 1" {
		t.Errorf("got %v", got)
	}
	// The order of the rows: series, currency, period, dimensions in
	// DimNames order (province before hs, whatever --dims says), flow.
	res, err = aggregate(t, []byte(declHead+
		"D,2024-01-02,import,0110,847130,JP,Guangdong,CNY,2.50,1\n"+
		"D,2024-01-03,export,0110,610910,JP,Zhejiang,CNY,1.00,1\n"+
		"D,2024-01-04,export,0110,010110,JP,Zhejiang,CNY,1.00,1\n"+
		"D,2024-01-05,export,0110,990000,JP,Anhui,USD,1.00,1\n"), "d.csv", Options{Dims: []string{"hs2", "province"}})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for r := range res.Rows() {
		order = append(order, strings.Join([]string{r.Series, string(r.Currency), r.Period.String(), r.Dims.Province, r.Dims.HS, string(r.Flow)}, " "))
	}
	want := []string{
		"trade CNY 2024-01 Guangdong 84 total", "trade CNY 2024-01 Guangdong 84 import",
		"trade CNY 2024-01 Zhejiang 01 total", "trade CNY 2024-01 Zhejiang 01 export",
		"trade CNY 2024-01 Zhejiang 61 total", "trade CNY 2024-01 Zhejiang 61 export",
		"trade USD 2024-01 Anhui 99 total", "trade USD 2024-01 Anhui 99 export",
	}
	if !slices.Equal(order, want) {
		t.Errorf("rows in the order\n%s\nwant\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
}

// --data reads declarations directly as monthly series.
func BenchmarkAggregate(b *testing.B) {
	p, content := genDeclFile(b, 200000, 1)
	b.SetBytes(int64(len(content)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Aggregate(context.Background(), []string{p}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAggregateDims is the many-groups case: --dims
// province,partner,hs2 on 200,000 generated records (464,078 rows),
// reading every row as the CSV writer does.
func BenchmarkAggregateDims(b *testing.B) {
	p, content := genDeclFile(b, 200000, 1)
	b.SetBytes(int64(len(content)))
	rows := 0
	for b.Loop() {
		res, err := Aggregate(context.Background(), []string{p}, Options{Dims: []string{"province", "partner", "hs2"}})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for range res.Rows() {
			rows++
		}
	}
	b.ReportMetric(float64(rows), "rows")
}

// BenchmarkAggregateFile aggregates the file named by CEB_BENCH_FILE (a
// large generated one: go run ./cmd/gendecl --rows 10000000 -o decl.csv).
func BenchmarkAggregateFile(b *testing.B) {
	p := os.Getenv("CEB_BENCH_FILE")
	if p == "" {
		b.Skip("set CEB_BENCH_FILE to a declaration file")
	}
	info, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	for i := 0; i < b.N; i++ {
		if _, err := Aggregate(context.Background(), []string{p}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseChunk measures the record parser alone, on one core and
// in memory: no reading, no chunking, no merging.
func BenchmarkParseChunk(b *testing.B) {
	for _, bc := range []struct {
		name string
		fast int
	}{{"canonical", fastCanonicalOrder}, {"anyorder", fastAnyOrder}, {"general", fastNone}} {
		b.Run(bc.name, func(b *testing.B) {
			var buf bytes.Buffer
			declgen.Generate(&buf, 200000, 1, 2024)
			data := buf.Bytes()[len(declHead):]
			roles := make([]int, len(Columns))
			for i := range roles {
				roles[i] = i
			}
			modes, _ := newModeSet(nil)
			var stop atomic.Bool
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				w := newWorker(roles, modes, nil, "bench")
				w.fast = bc.fast
				w.parseChunk(data, 2, stop.Load)
				if w.records != 200000 || len(w.bad) > 0 {
					b.Fatalf("%d records, %d bad", w.records, len(w.bad))
				}
			}
		})
	}
}

// A mapped file that shrinks while being read gives an error, not a crash
// (the reads past its new end fault).
func TestAggregateFileShrinks(t *testing.T) {
	probe := testkit.WriteFile(t, "probe", []byte("x"))
	if f, err := os.Open(probe); err == nil {
		_, unmap, err := mapFile(f, 1)
		f.Close()
		if err != nil {
			t.Skip("no memory mapping here: files are streamed")
		}
		unmap()
	}
	var b bytes.Buffer
	declgen.Generate(&b, 100000, 5, 2024)
	// With 1 MiB chunks the reader meets the fault while cutting chunks;
	// with one chunk for the whole file, a worker meets it.
	for _, c := range []struct{ keep, chunk int64 }{{0, 1 << 20}, {100, 1 << 20}, {3 << 20, 1 << 20}, {3 << 20, 64 << 20}} {
		keep := c.keep
		t.Run(fmt.Sprint(c.keep, "/", c.chunk), func(t *testing.T) {
			afterMap = func(path string) {
				if err := os.Truncate(path, keep); err != nil {
					t.Fatal(err)
				}
			}
			defer func() { afterMap = nil }()
			_, err := aggregate(t, b.Bytes(), "d.csv", Options{ChunkSize: int(c.chunk)})
			if err == nil || !strings.Contains(err.Error(), "d.csv: the file shrank while being read") {
				t.Errorf("got %v", err)
			}
		})
	}
}

// Sums that overflow 64-bit fen are an error wherever they overflow: in a
// worker, when the workers' sums are merged, or when months are added up
// into a year.
func TestAggregateOverflow(t *testing.T) {
	const max = "999999999999999.99" // just under 10^15 yuan, the largest value
	var oneMonth, twelveMonths strings.Builder
	oneMonth.WriteString(declHead)
	for i := 0; i < 100; i++ { // 100 × 10^17 fen > 9.2 × 10^18
		fmt.Fprintf(&oneMonth, "D%d,2024-01-05,export,9610,6109,US,GD,CNY,%s,1\n", i, max)
	}
	twelveMonths.WriteString(declHead)
	for m := 1; m <= 12; m++ {
		for i := 0; i < 9; i++ { // 9 × 10^17 a month fits; 108 × 10^17 a year does not
			fmt.Fprintf(&twelveMonths, "D%d,2024-%02d-05,export,9610,6109,US,GD,CNY,%s,1\n", i, m, max)
		}
	}
	tests := []struct {
		name    string
		content string
		opt     Options
		want    string
	}{
		{"one worker", oneMonth.String(), Options{Workers: 1}, "a sum overflows 64-bit fen"},
		{"dimensions", oneMonth.String(), Options{Workers: 1, Dims: []string{"partner"}}, "a sum overflows 64-bit fen"},
		{"months into a year", twelveMonths.String(), Options{By: "year"}, "a sum by year overflows 64-bit fen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := aggregate(t, []byte(tt.content), "d.csv", tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := aggregate(t, []byte(twelveMonths.String()), "d.csv", Options{}); err != nil {
		t.Errorf("by month: %v", err)
	}
	// Two files of 60 records each: neither overflows, their sum does.
	var sixty strings.Builder
	sixty.WriteString(declHead)
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&sixty, "D%d,2024-01-05,export,9610,6109,US,GD,CNY,%s,1\n", i, max)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte(sixty.String()), 0o644)
	os.WriteFile(b, []byte(sixty.String()), 0o644)
	if _, err := Aggregate(context.Background(), []string{a}, Options{}); err != nil {
		t.Fatalf("one file: %v", err)
	}
	if _, err := Aggregate(context.Background(), []string{a, b}, Options{}); err == nil || !strings.Contains(err.Error(), "a sum overflows 64-bit fen") {
		t.Errorf("merging two files: got %v", err)
	}
}

// Yuan writes fen as yuan with two decimals; the want column is by hand,
// and every case is also checked against math/big division.
func TestAggRowYuan(t *testing.T) {
	tests := []struct {
		name string
		fen  int64
		want string
	}{
		{"zero", 0, "0.00"},
		{"one fen", 1, "0.01"},
		{"ten fen", 10, "0.10"},
		{"one yuan", 100, "1.00"},
		{"odd", 1234567, "12345.67"},
		{"negative", -5, "-0.05"},
		{"negative yuan", -12345, "-123.45"},
		{"largest", math.MaxInt64, "92233720368547758.07"},
		{"smallest", math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Row{Fen: tt.fen}.Yuan()
			if got != tt.want {
				t.Errorf("Yuan(%d) = %q, want %q", tt.fen, got, tt.want)
			}
			abs := new(big.Int).Abs(big.NewInt(tt.fen))
			q, r := new(big.Int).QuoRem(abs, big.NewInt(100), new(big.Int))
			sign := ""
			if tt.fen < 0 {
				sign = "-"
			}
			if ref := fmt.Sprintf("%s%s.%02d", sign, q, r.Int64()); got != ref {
				t.Errorf("Yuan(%d) = %q, math/big gives %q", tt.fen, got, ref)
			}
		})
	}
}

// A truncated Zstandard stream is an error, never a partial sum.
func TestAggregateTruncatedZstd(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 5000, 7, 2024); err != nil {
		t.Fatal(err)
	}
	zst := zstdBytes(t, b.Bytes())
	if _, err := aggregate(t, zst[:len(zst)/2], "d.csv.zst", Options{}); err == nil {
		t.Error("a truncated zstd file was read without error")
	}
}

// A mapped file is cut at newlines without counting quotes; a cut inside a
// quoted field is seen by the parser of the chunk before it, and the file
// is read again, cut where quotes are counted. The field below holds lines
// that look like records (one of them bad) to a parser that starts inside
// it; every chunk size must find only the real bad record, on line 24.
func TestAggregateCutInsideQuotes(t *testing.T) {
	var b strings.Builder
	b.WriteString(declHead)
	for range 20 {
		b.WriteString("D1,2024-01-05,import,0110,6109,US,GD,CNY,1.00,1\n") // lines 2–21
	}
	b.WriteString("D2,2024-01-05,export,9610,6109,\"Korea\nD9,2024-01-05,export,9610,6109,US,GD,EUR,1.00,1\nRep.\",GD,CNY,2.00,1\n") // lines 22–24
	b.WriteString("D3,2024-01-05,export,9610,6109,US,GD,CNY,1.234,1\n")                                                              // line 25: bad
	for range 20 {
		b.WriteString("D1,2024-01-05,import,0110,6109,US,GD,CNY,1.00,1\n")
	}
	content := []byte(b.String())
	for chunk := 16; chunk < 400; chunk += 7 {
		for _, skip := range []int{0, 10} {
			res, err := aggregate(t, content, "d.csv", Options{ChunkSize: chunk, Workers: 2, SkipBad: skip})
			if skip == 0 {
				if err == nil || !strings.Contains(err.Error(), `d.csv:25: value "1.234"`) {
					t.Fatalf("chunks of %d: %v", chunk, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("chunks of %d: %v", chunk, err)
			}
			if len(res.Bad) != 1 || res.Bad[0].Line != 25 || res.Records != 41 {
				t.Fatalf("chunks of %d: %d records, bad %v", chunk, res.Records, res.Bad)
			}
		}
	}
	// The parser does see a cut inside the quotes: the chunk before it
	// ends in an open quoted field. A window ending just after the quoted
	// newline before "Rep." is cut there.
	roles := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	q := bytes.Index(content, []byte("\nRep.")) + 1
	for _, c := range []struct {
		name string
		size int
		want bool
	}{{"inside the quotes", q - len(declHead), true}, {"before the quoted field", q - len(declHead) - 100, false}} {
		p, err := Options{SkipBad: 10, Workers: 1}.Plan()
		if err != nil {
			t.Fatal(err)
		}
		r := &run{plan: p}
		next := mappedChunks("d.csv", content, len(declHead), c.size, false, &r.read)
		_, _, miscut, err := r.parseChunks(context.Background(), "d.csv", next, roles)
		if err != nil || miscut != c.want {
			t.Errorf("a cut %s: miscut %v (want %v), %v", c.name, miscut, c.want, err)
		}
	}
}

// Past the bad-record limit the error names the file's first bad record,
// the same on every run, however the workers shared the chunks: a chunk
// is read to its end unless a chunk before it passed the limit. A file of
// 4,000 records in 64-byte chunks, a bad one every 37th (the first on line
// 2 + 36 = 38), read 40 times by 3 workers.
func TestAggregateBadLimitFirstIsStable(t *testing.T) {
	var b strings.Builder
	b.WriteString(declHead)
	for i := range 4000 {
		if i%37 == 36 {
			b.WriteString("D1,2024-01-05,export,9610,6109,US,GD,CNY,1.234,1\n")
			continue
		}
		b.WriteString("D1,2024-01-05,import,0110,6109,US,GD,CNY,1.00,1\n")
	}
	p := testkit.WriteFile(t, "d.csv", []byte(b.String()))
	for run := range 40 {
		_, err := Aggregate(context.Background(), []string{p}, Options{SkipBad: 5, Workers: 3, ChunkSize: 64})
		if want := p + `:38: more than the 5 bad records tolerated; the first: value "1.234"`; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("run %d: %v, want %s…", run, err, want)
		}
	}
}

// A compressed file cut short at a record boundary (a gzip member without
// its trailer, a zstd frame without its end) is an error naming the file,
// never read as the complete file: its first half would aggregate as
// whole. The cut gzip is flushed after whole records, so that every record
// read decodes and only the missing end tells.
func TestAggregateCutShort(t *testing.T) {
	var b strings.Builder
	b.WriteString(declHead)
	for i := 0; i < 2000; i++ {
		b.WriteString("D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1\n")
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(b.String()))
	zw.Flush() // a sync flush: every record so far decodes; no trailer follows
	var zs bytes.Buffer
	ze, _ := zstd.NewWriter(&zs)
	ze.Write([]byte(b.String()))
	ze.Close()
	tests := []struct {
		name    string
		content []byte
	}{
		{"gzip without its trailer", gz.Bytes()},
		{"zstd frame cut off", zs.Bytes()[:zs.Len()-4]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := aggregate(t, tt.content, "d.csv.gz", Options{})
			if err == nil {
				t.Fatalf("read %d records, want an error", res.Records)
			}
			if !strings.Contains(err.Error(), "d.csv.gz") || !strings.Contains(err.Error(), "stream ends before its end") {
				t.Errorf("error %q, want one naming the file and the cut", err)
			}
		})
	}
}

// A file given twice (by two names, through a link, or inside a directory
// also given) is refused: its records would be counted twice. Two files
// with the same bytes are two files and are both read.
func TestAggregateFileGivenTwice(t *testing.T) {
	body := []byte(declHead + "D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1\n")
	p := testkit.WriteFile(t, "d.csv", body)
	dir := filepath.Dir(p)
	copyPath := filepath.Join(dir, "copy.csv")
	if err := os.WriteFile(copyPath, body, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(p, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	tests := []struct {
		name  string
		paths []string
		want  string // "" for no error
	}{
		{"two names", []string{p, dir + string(filepath.Separator) + "." + string(filepath.Separator) + "d.csv"}, "the same file as"},
		{"a link", []string{p, link}, "the same file as"},
		{"two files with the same bytes", []string{p, copyPath}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Aggregate(context.Background(), tt.paths, Options{})
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want == "" && res.Records != 2:
				t.Errorf("read %d records, want 2", res.Records)
			case tt.want != "" && err == nil:
				t.Fatalf("read %d records, want an error", res.Records)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want %q", err, tt.want)
			}
		})
	}
}
