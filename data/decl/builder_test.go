package decl

import (
	"bytes"
	"context"
	"encoding/csv"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// groupsOfRecords makes one Group per record of a declaration file, parsed
// with encoding/csv and strconv rather than the engine's own readers, so
// that a Builder fed with them must agree with Aggregate on the file.
// HS holds the code's first hsDigits digits.
func groupsOfRecords(t *testing.T, content []byte, cbec map[string]bool, hsDigits int) []Group {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var gs []Group
	for _, r := range recs[1:] { // Columns order
		y, _ := strconv.Atoi(r[1][:4])
		m, _ := strconv.Atoi(r[1][5:7])
		yuan, err := strconv.ParseFloat(r[8], 64) // values have at most 2 decimals and 12 digits: exact in fen after rounding
		if err != nil {
			t.Fatal(err)
		}
		pieces, _ := strconv.ParseInt(r[9], 10, 64)
		flow := map[string]data.Flow{"export": data.Export, "E": data.Export, "e": data.Export}[r[2]]
		if flow == "" {
			flow = data.Import
		}
		cur := data.CNY
		if r[7] == "USD" {
			cur = data.USD
		}
		gs = append(gs, Group{Year: y, Month: m, Flow: flow, Currency: cur, CBEC: cbec[r[3]],
			Partner: r[5], Province: r[6], TradeMode: r[3], HS: r[4][:min(len(r[4]), hsDigits)],
			Fen: int64(yuan*100 + 0.5), Records: 1, Pieces: pieces})
	}
	return gs
}

func TestBuilderMatchesAggregate(t *testing.T) {
	path, content := genDeclFile(t, 20000, 7)
	cbec := map[string]bool{}
	for _, m := range DefaultCBECModes {
		cbec[m] = true
	}
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"month", Options{}},
		{"quarter", Options{By: "quarter"}},
		{"dims", Options{Dims: []string{"province", "partner", "trade_mode", "hs2"}}},
		{"year by hs2", Options{By: "year", Dims: []string{"hs2"}}},
		{"hs6 and partner", Options{Dims: []string{"hs6", "partner"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			digits := 2
			if slices.Contains(tc.opt.Dims, "hs6") {
				digits = 6
			}
			groups := groupsOfRecords(t, content, cbec, digits)
			want, err := Aggregate(context.Background(), []string{path}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			b, err := NewBuilder("db", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range groups {
				if err := b.Add(g); err != nil {
					t.Fatal(err)
				}
			}
			got, err := b.Result()
			if err != nil {
				t.Fatal(err)
			}
			var wb, gb bytes.Buffer
			if err := want.WriteCSV(&wb); err != nil {
				t.Fatal(err)
			}
			if err := got.WriteCSV(&gb); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(wb.Bytes(), gb.Bytes()) || got.Records != want.Records {
				t.Errorf("builder: %d rows, %d records; Aggregate: %d rows, %d records", got.Len(), got.Records, want.Len(), want.Records)
			}
		})
	}
}

func TestBuilderRefuses(t *testing.T) {
	ok := Group{Year: 2024, Month: 1, Flow: data.Export, Currency: data.CNY, TradeMode: "9610", HS: "85", Fen: 1, Records: 1}
	for _, tc := range []struct {
		name string
		opt  Options
		edit func(*Group)
	}{
		{"month", Options{}, func(g *Group) { g.Month = 13 }},
		{"year", Options{}, func(g *Group) { g.Year = 1969 }},
		{"flow", Options{}, func(g *Group) { g.Flow = data.Total }},
		{"currency", Options{}, func(g *Group) { g.Currency = "EUR" }},
		{"negative", Options{}, func(g *Group) { g.Fen = -1 }},
		{"trade mode", Options{Dims: []string{"trade_mode"}}, func(g *Group) { g.TradeMode = "96" }},
		{"hs2", Options{Dims: []string{"hs2"}}, func(g *Group) { g.HS = "8" }},
		{"hs4 too long", Options{Dims: []string{"hs4"}}, func(g *Group) { g.HS = "85171" }},
		{"overflow", Options{}, func(g *Group) { g.Fen = 1 << 62 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewBuilder("db", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			g := ok
			tc.edit(&g)
			err = b.Add(g)
			if err == nil {
				err = b.Add(g) // an overflow shows on the second
			}
			if err == nil {
				t.Errorf("%+v was added", g)
			}
		})
	}
	if _, err := NewBuilder("db", Options{By: "week"}); err == nil {
		t.Error("by week accepted")
	}
	b, _ := NewBuilder("db", Options{SkipBad: 2})
	_ = b.Add(ok)
	b.SetBad(3, []data.Finding{{File: "db", Message: "declaration D1: flow \"x\" is not export or import"}})
	if _, err := b.Result(); err == nil || err.Error() != `db: 3 bad records, more than the 2 tolerated; the first: declaration D1: flow "x" is not export or import` {
		t.Errorf("err = %v", err)
	}
}

func TestReason(t *testing.T) {
	good := [10]string{"D1", "2024-01-05", "export", "9610", "8517", "US", "44", "CNY", "12.50", "3"}
	if r := Reason(good); r != "" {
		t.Errorf("good record: %q", r)
	}
	bad := good
	bad[8] = "-1.00"
	if r := Reason(bad); r != `value "-1.00" is negative: a declared value is 0 or more` {
		t.Errorf("negative value: %q", r)
	}
}

// BenchmarkGroupTableBytes reports the heap a worker's group table holds
// per group once built (B/group, after a collection) and what building it
// allocated (alloc-B/group: the slices' growth copies), for 1,000,000
// groups of partner × province × hs2.
func BenchmarkGroupTableBytes(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		w := newWorker([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, defaultModes(), []int{roleProvince, rolePartner, roleHS2}, "d.csv")
		var f [10][]byte
		for i := range n {
			f[rolePartner] = []byte(strconv.Itoa(i % 1000))
			f[roleProvince] = []byte(strconv.Itoa(i / 1000))
			f[roleHS] = []byte(strconv.Itoa(10 + i%90))
			f[roleMode] = []byte("9610")
			g := w.group(i%7*4, &f)
			g[0].records++
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if w.groups.len() != n {
			b.Fatalf("%d groups, want %d", w.groups.len(), n)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/group")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "alloc-B/group")
		runtime.KeepAlive(w)
	}
}

// The group table's own hash index numbers each key once, through many
// doublings, against a Go map of the same keys (keys that differ in one
// word only, and in the top or bottom bits, included).
func TestGroupTableIndex(t *testing.T) {
	tb := newGroupTable([]int{rolePartner})
	want := map[dimKey]int{}
	var order []dimKey
	for i := range 200_000 {
		for _, k := range []dimKey{
			{uint64(i), 0}, {0, uint64(i) + 1}, {uint64(i) << 40, 7}, {1 << 62, uint64(i) << 32},
			{uint64(i % 1000), uint64(i / 1000)}, // repeats of earlier keys
		} {
			n, seen := want[k]
			got := tb.at(k)
			if !seen {
				n = len(order)
				want[k] = n
				order = append(order, k)
			}
			if got != n {
				t.Fatalf("key %v: group %d, want %d", k, got, n)
			}
		}
	}
	if tb.len() != len(order) {
		t.Fatalf("%d groups, want %d", tb.len(), len(order))
	}
	for i, k := range order {
		if tb.key(i) != k {
			t.Fatalf("group %d: key %v, want %v", i, tb.key(i), k)
		}
	}
	if used := 4 * tb.len(); used > 3*len(tb.slots) {
		t.Errorf("%d groups in %d slots: more than three quarters full", tb.len(), len(tb.slots))
	}
}

// An HS code in a group key: cut to the digits asked for, shorter codes
// kept whole and told apart from the same digits with leading zeros, and
// written back as the code (by hand: 85171300 cut to 4 is 8517).
func TestHSKey(t *testing.T) {
	tests := []struct {
		code   string
		digits int
		text   string
	}{
		{"85171300", 2, "85"}, {"85171300", 4, "8517"}, {"85171300", 6, "851713"}, {"85171300", 8, "85171300"},
		{"8517130000", 8, "85171300"}, {"84", 4, "84"}, {"0084", 4, "0084"}, {"01012100", 6, "010121"},
		{"00", 2, "00"}, {"999", 2, "99"}, {"999", 4, "999"},
	}
	for _, tt := range tests {
		k := hsKey([]byte(tt.code), tt.digits)
		if got := hsText(k); got != tt.text {
			t.Errorf("hsText(hsKey(%q, %d)) = %q, want %q", tt.code, tt.digits, got, tt.text)
		}
		if got := hsCut(hsKey([]byte(tt.code), 8), tt.digits); got != k {
			t.Errorf("hsCut of %q to %d digits = %d, want %d", tt.code, tt.digits, got, k)
		}
		if k >= 1<<34 {
			t.Errorf("hsKey(%q, %d) = %d does not fit its 34 bits", tt.code, tt.digits, k)
		}
	}
	if hsKey([]byte("84"), 4) == hsKey([]byte("0084"), 4) {
		t.Error("84 and 0084 have one key")
	}
	// The widest key and the other fields at their largest survive packing.
	k := packKey(1, 1<<15-1, 1<<32-1, 1<<32-2, 9999, hsKey([]byte("99999999"), 8))
	if k.cur() != 1 || k.period() != 1<<15-1 || k.partner() != 1<<32-1 || k.province() != 1<<32-2 || k.mode() != 9999 || hsText(k.hs()) != "99999999" {
		t.Errorf("packKey round trip: %d %d %d %d %d %s", k.cur(), k.period(), k.partner(), k.province(), k.mode(), hsText(k.hs()))
	}
}
