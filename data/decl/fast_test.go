package decl

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// The word-at-a-time helpers against their byte-at-a-time definitions,
// for every byte value at every position of a word.
func TestWordHelpers(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := []byte("55555555")
			w[pos] = byte(c)
			x := binary.LittleEndian.Uint64(w)
			run := 0
			for run < 8 && w[run] >= '0' && w[run] <= '9' {
				run++
			}
			if got := digitRun(x); got != run {
				t.Fatalf("digitRun(%q) = %d, want %d", w, got, run)
			}
			var below uint64 // top bit of each byte < 0x2d
			for k, b := range w {
				if b < 0x2d {
					below |= 0x80 << (8 * k)
				}
			}
			if got := below2D(x); got != below {
				t.Fatalf("below2D(%q) = %x, want %x", w, got, below)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10000; i++ {
		n := 1 + r.IntN(8)
		s := strconv.FormatUint(r.Uint64N(100000000), 10)
		for len(s) < n {
			s = "0" + s
		}
		s = s[len(s)-n:]
		word := []byte(s + ",XYZ,.-9"[:8-n])
		want, _ := strconv.ParseUint(s, 10, 64)
		if got := digitsValue(binary.LittleEndian.Uint64(word), n); got != want {
			t.Fatalf("digitsValue(%q, %d) = %d, want %d", word, n, got, want)
		}
	}
}

// The field readers on the edges of what they accept; -1 means the record
// goes to the general path.
func TestFieldReaders(t *testing.T) {
	pad := ",xxxxxxxxxxxxxxxx\n"
	amounts := []struct {
		in   string
		fen  int64
		next int
	}{
		{"0", 0, 1}, {"7565.84", 756584, 7}, {"12.5", 1250, 4}, {"12.", 0, -1}, {".5", 0, -1},
		{"999999999999999.99", 99999999999999999, 18}, {"1000000000000000", 0, -1}, {"123456789", 12345678900, 9},
		{"1.234", 123, 4}, // the caller then finds no comma after "1.23": general path
		{"-5", 0, -1}, {"+5", 0, -1}, {"", 0, -1},
	}
	for _, a := range amounts {
		fen, next := readAmount([]byte(a.in+pad), 0)
		if next != a.next || (next >= 0 && fen != a.fen) {
			t.Errorf("readAmount(%q) = %d, %d; want %d, %d", a.in, fen, next, a.fen, a.next)
		}
	}
	dates := []struct {
		in string
		ok bool
	}{{"2024-02-29", true}, {"2023-02-29", false}, {"2000-02-29", true}, {"1900-02-29", false}, {"2024-13-01", false},
		{"2024-00-10", false}, {"2024-04-31", false}, {"1969-12-31", false}, {"1970-01-01", true}, {"2169-12-31", true},
		{"2170-01-01", false}, {"2024/01/05", false}, {"2024-1-05x", false}, {"2O24-01-05", false}}
	for _, d := range dates {
		if _, next := readDate([]byte(d.in+pad), 0); (next == 10) != d.ok {
			t.Errorf("readDate(%q) = %d, want ok %v", d.in, next, d.ok)
		}
	}
	// Every year, month and day written with two digits, and some that are
	// not: the fast reader and monthOf (the general path) agree on each,
	// index included.
	for y := slotFirstY - 2; y < slotFirstY+slotYears+2; y++ {
		for m := 0; m <= 99; m += 1 + m/14*7 {
			for d := 0; d <= 99; d += 1 + d/33*11 {
				in := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				want, msg := monthOf([]byte(in))
				ym, next := readDate([]byte(in+pad), 0)
				if (next == 10) != (msg == "") || (msg == "" && ym != want) {
					t.Fatalf("readDate(%q) = %d, %d; monthOf %d, %q", in, ym, next, want, msg)
				}
			}
		}
	}
	texts := []struct {
		in   string
		s, e int
		next int
	}{
		{`US,`, 0, 2, 2}, {`"Korea, Rep.",`, 1, 12, 13}, {`"two` + "\n" + `lines",`, 0, 0, -1}, {`a"b,`, 0, 0, -1},
		{`"a""b",`, 1, 2, 3}, // the caller then finds a quote, not a comma: general path
		{`"Guangxi, Zhuang A.R.",`, 1, 21, 22}, {`"Hong Kong, China` + "\n" + `",`, 0, 0, -1}, {`"Hong Kong, China"""",`, 1, 17, 18},
		{`Inner Mongolia (A.R.)!,`, 0, 22, 22}, {"x\r\n", 0, 1, 1}, {`"a` + "\r" + `b",`, 1, 4, 5},
	}
	for _, x := range texts {
		s, e, next := readText([]byte(x.in+pad), 0)
		if next != x.next || (next >= 0 && (s != x.s || e != x.e)) {
			t.Errorf("readText(%q) = %d, %d, %d; want %d, %d, %d", x.in, s, e, next, x.s, x.e, x.next)
		}
	}
	// Near the end of a chunk the readers give up rather than read past it.
	if _, next := readAmount([]byte("12,1\n"), 0); next != -1 {
		t.Errorf("readAmount near the end: %d", next)
	}
}

// The fast path must take ordinary records: if it gave up on them the
// sums would still be right (FuzzFastPath), only slow.
func TestFastPathTakesOrdinaryRecords(t *testing.T) {
	var b bytes.Buffer
	declgen.Generate(&b, 5000, 3, 2024)
	body := b.Bytes()[len(declHead):]
	roles := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	modes, _ := newModeSet([]string{"9610"})
	for _, fast := range []int{fastCanonicalOrder, fastAnyOrder} {
		w := newWorker(roles, modes, nil, "t.csv")
		w.fast = fast
		var stop atomic.Bool
		w.parseChunk(body, 2, stop.Load)
		// Only the last record or so lacks the eight bytes the readers need.
		if w.records != 5000 || w.general > 1 {
			t.Errorf("fast path %d: %d records, %d through the general path", fast, w.records, w.general)
		}
	}
}

// modeKey gives every supervision code its own key.
func TestModeKey(t *testing.T) {
	seen := map[int]int{}
	for m := 0; m < 10000; m++ {
		k := modeKey(binary.LittleEndian.Uint64([]byte(fmt.Sprintf("%04d,xyz", m))))
		if prev, ok := seen[k]; ok || k < 0 || k >= 1<<16 {
			t.Fatalf("modeKey(%04d) = %d, as for %04d", m, k, prev)
		}
		seen[k] = m
	}
}

// --cbec-modes takes four-digit codes only, and both lookups agree.
func TestModeSet(t *testing.T) {
	for _, bad := range []string{"961", "+123", "96a0", "09610", ""} {
		if _, err := newModeSet([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	s, err := newModeSet([]string{"0110", "9610"})
	if err != nil {
		t.Fatal(err)
	}
	for m := 0; m < 10000; m++ {
		code := fmt.Sprintf("%04d", m)
		byKey := s.byKey[modeKey(binary.LittleEndian.Uint64([]byte(code+",xyz")))] == 1
		if want := code == "0110" || code == "9610"; s.byNumber[m] != want || byKey != want {
			t.Fatalf("%s: by number %v, by key %v, want %v", code, s.byNumber[m], byKey, want)
		}
	}
}

// skipTwo passes two plain fields and their commas as readText twice
// would, and leaves everything else to readText (0): a space or quote, a
// newline, fields longer than its 16 bytes, the end of the buffer.
func TestSkipTwo(t *testing.T) {
	pad := "CNY,7565.84,45\n"
	tests := []struct {
		name, in string
		want     int
	}{
		{"partner and province", "AU,Shandong," + pad, 12},
		{"both short", "US,GD," + pad, 6},
		{"empty fields", ",," + pad, 2},
		{"second field in the next word", "AU,Guangdong," + pad, 13},
		{"a space", "Korea, Rep.,GD," + pad, 0},
		{"a quote", `"AU",GD,` + pad, 0},
		{"a newline first", "AU\nD2,2024-01-05," + pad, 0},
		{"too long for 16 bytes", "AU,InnerMongoliaAutonomous," + pad, 0},
		{"near the end", "AU,GD,CNY,1,1\n", 0},
	}
	for _, tt := range tests {
		b := []byte(tt.in)
		got := skipTwo(b, 0)
		if got != tt.want {
			t.Errorf("%s: skipTwo = %d, want %d", tt.name, got, tt.want)
			continue
		}
		if got > 0 { // as two readText calls and their commas
			_, _, j := readText(b, 0)
			j = comma(b, j)
			_, _, j = readText(b, j)
			if j = comma(b, j); j != got {
				t.Errorf("%s: readText twice ends at %d, skipTwo at %d", tt.name, j, got)
			}
		}
	}
}
