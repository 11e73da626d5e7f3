package decl

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With a budget far below the groups, every table spills many times; the
// result must be the in-memory one byte for byte, and Close removes the
// files.
func TestSpillMatchesInMemory(t *testing.T) {
	path, _ := genDeclFile(t, 30000, 3)
	second := filepath.Join(t.TempDir(), "more.csv")
	_, more := genDeclFile(t, 5000, 4)
	if err := os.WriteFile(second, more, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		opt   Options
		files []string
	}{
		{"every dimension", Options{Dims: []string{"province", "partner", "trade_mode", "hs2"}}, []string{path}},
		{"partner and hs2 by quarter", Options{Dims: []string{"partner", "hs2"}, By: "quarter"}, []string{path}},
		{"province by year, two files", Options{Dims: []string{"province"}, By: "year"}, []string{path, second}},
		{"hs2, one worker, small chunks", Options{Dims: []string{"hs2"}, Workers: 1, ChunkSize: 64 << 10}, []string{path}},
		{"province and hs6", Options{Dims: []string{"province", "hs6"}}, []string{path}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := Aggregate(context.Background(), tc.files, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			capped := tc.opt
			capped.MaxMemory, capped.TempDir = 40*groupBytes, tmp
			got, err := Aggregate(context.Background(), tc.files, capped)
			if err != nil {
				t.Fatal(err)
			}
			if got.spill == nil {
				t.Fatal("nothing was spilled; the test needs a smaller budget")
			}
			var gb, wb bytes.Buffer
			if err := got.WriteCSV(&gb); err != nil {
				t.Fatal(err)
			}
			if err := want.WriteCSV(&wb); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gb.Bytes(), wb.Bytes()) || got.Len() != want.Len() || got.Records != want.Records || len(got.Skipped) != len(want.Skipped) {
				t.Errorf("spilled: %d rows, %d records, skipped %v; in memory: %d rows, %d records, skipped %v",
					got.Len(), got.Records, got.Skipped, want.Len(), want.Records, want.Skipped)
			}
			// Twice: the rows can be read again.
			gb.Reset()
			if err := got.WriteCSV(&gb); err != nil || !bytes.Equal(gb.Bytes(), wb.Bytes()) {
				t.Errorf("the second reading differs (%v)", err)
			}
			got.Close()
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("%d spill entries left after Close", len(ents))
			}
		})
	}
}

// A budget on a job without breakdowns changes nothing: it has no group
// table to spill.
func TestSpillNeedsDims(t *testing.T) {
	path, _ := genDeclFile(t, 2000, 5)
	tmp := t.TempDir()
	res, err := Aggregate(context.Background(), []string{path}, Options{MaxMemory: 1, TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if res.spill != nil {
		t.Error("spilled without dimensions")
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("%d entries left in the temporary directory", len(ents))
	}
}

// The Parquet reader's workers spill too.
func TestSpillParquet(t *testing.T) {
	rows, _ := genRecords(t, 20000)
	p := filepath.Join(t.TempDir(), "d.parquet")
	if err := os.WriteFile(p, writeParquet(t, rows, 3000), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := Options{Dims: []string{"partner", "province", "hs2"}}
	want, err := Aggregate(context.Background(), []string{p}, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxMemory, opt.TempDir = 30*groupBytes, t.TempDir()
	got, err := Aggregate(context.Background(), []string{p}, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	var gb, wb bytes.Buffer
	if err := got.WriteCSV(&gb); err != nil {
		t.Fatal(err)
	}
	if err := want.WriteCSV(&wb); err != nil {
		t.Fatal(err)
	}
	if got.spill == nil || !bytes.Equal(gb.Bytes(), wb.Bytes()) {
		t.Errorf("spilled %v; %d rows against %d", got.spill != nil, got.Len(), want.Len())
	}
}

// BenchmarkAggregateDimsSpill is BenchmarkAggregateDims's job under a
// budget of a tenth of its groups.
func BenchmarkAggregateDimsSpill(b *testing.B) {
	path, _ := genDeclFile(b, 200000, 1)
	for _, budget := range []int64{0, 20000 * groupBytes} {
		name := "in memory"
		if budget > 0 {
			name = "spilling"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				res, err := Aggregate(context.Background(), []string{path}, Options{Dims: []string{"province", "partner", "hs2"}, MaxMemory: budget, TempDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				if err := res.WriteCSV(io.Discard); err != nil {
					b.Fatal(err)
				}
				res.Close()
			}
		})
	}
}

// A spilled group reads back as written; one cut short is an error, not a
// zero group.
func TestSpillEncoding(t *testing.T) {
	g := outGroup{cur: 1, period: 654, partner: "Korea, Rep.", province: "广东", mode: 9610, hs: hsKey([]byte("85"), 2)}
	g.sums[0][1] = acc{fen: 1<<62 + 3, records: 7, pieces: 9}
	g.sums[1][0] = acc{fen: 5, records: 1, pieces: 0}
	b := g.append(nil)
	var back outGroup
	if err := back.read(bufio.NewReader(bytes.NewReader(b))); err != nil || back.compare(&g) != 0 || back.sums != g.sums {
		t.Fatalf("read back %+v, %v; wrote %+v", back, err, g)
	}
	for cut := 1; cut < len(b); cut++ {
		if err := back.read(bufio.NewReader(bytes.NewReader(b[:cut]))); err == nil {
			t.Fatalf("a group cut at byte %d of %d read without an error", cut, len(b))
		}
	}
	if err := back.read(bufio.NewReader(bytes.NewReader(nil))); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	// decode, the fast path, takes a whole group and nothing less.
	if n := new(outGroup).decode(b); n != len(b) {
		t.Errorf("decode of a whole group: %d of %d bytes", n, len(b))
	}
	for cut := range len(b) {
		if n := new(outGroup).decode(b[:cut]); n != 0 {
			t.Errorf("decode of a group cut at byte %d: %d", cut, n)
		}
	}
	// A run of groups, the partner repeated (kept, not made again) and a
	// province too long for read's look at the buffer (read field by field).
	long := g
	long.province = strings.Repeat("省", 300) // 900 bytes > peekGroup
	other := g
	other.partner, other.hs = "US", hsKey([]byte("61"), 2)
	run := []outGroup{g, g, long, g, other}
	var w []byte
	for i := range run {
		w = run[i].append(w)
	}
	r := bufio.NewReaderSize(bytes.NewReader(w), 4096)
	var x outGroup
	for i := range run {
		if err := x.read(r); err != nil || x.compare(&run[i]) != 0 || x.sums != run[i].sums {
			t.Fatalf("group %d read back as %+v, %v", i, x, err)
		}
	}
	if err := x.read(r); err != io.EOF {
		t.Errorf("after the run: %v, want io.EOF", err)
	}
}

// A temporary directory that cannot be used is an error naming it.
func TestSpillTempDirMissing(t *testing.T) {
	path, _ := genDeclFile(t, 100, 6)
	missing := filepath.Join(t.TempDir(), "no", "such")
	_, err := Aggregate(context.Background(), []string{path}, Options{Dims: []string{"hs2"}, MaxMemory: 1 << 20, TempDir: missing})
	if err == nil || !strings.Contains(err.Error(), "a directory for spilling groups") || !strings.Contains(err.Error(), missing) {
		t.Errorf("err = %v", err)
	}
}
