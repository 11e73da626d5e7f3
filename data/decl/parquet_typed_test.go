package decl

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/cbec-stats/ceb/internal/testkit"
)

// Layouts the typed reader reads: nullable typed columns, dictionary and
// plain strings, a dictionary-encoded DECIMAL, TIMESTAMPs of two units.
type (
	typedDate struct {
		DeclarationID string  `parquet:"declaration_id"`
		DeclaredOn    *int32  `parquet:"declared_on,date,optional"`
		Flow          *string `parquet:"flow,optional,dict"`
		TradeMode     string  `parquet:"trade_mode,dict"`
		HSCode        string  `parquet:"hs_code"`
		Partner       string  `parquet:"partner,dict"`
		Province      *string `parquet:"province,optional"`
		Currency      string  `parquet:"currency,dict"`
		Value         *int64  `parquet:"value,optional,decimal(2:18)"`
		Pieces        int64   `parquet:"pieces"`
	}
	typedNanos struct {
		DeclarationID string    `parquet:"declaration_id"`
		DeclaredOn    time.Time `parquet:"declared_on,timestamp(nanosecond)"`
		Flow          string    `parquet:"flow"`
		TradeMode     string    `parquet:"trade_mode"`
		HSCode        string    `parquet:"hs_code,dict"`
		Partner       *string   `parquet:"partner,optional"`
		Province      string    `parquet:"province,dict"`
		Currency      string    `parquet:"currency"`
		Value         int64     `parquet:"value,decimal(4:18),dict"`
		Pieces        int32     `parquet:"pieces"`
	}
	typedYuan struct {
		declText
		DeclaredOn string `parquet:"declared_on,dict"`
		Value      int64  `parquet:"value"` // whole yuan, no logical type
		Pieces     int64  `parquet:"pieces"`
	}
)

func ptr[T any](v T) *T { return &v }

// readers reads a file by the typed reader and by the text reader.
func readers(t *testing.T, b []byte, opt Options) (typed, text *Result, typedErr, textErr error) {
	t.Helper()
	p := testkit.WriteFile(t, "d.parquet", b)
	typed, typedErr = Aggregate(context.Background(), []string{p}, opt)
	defer func(old bool) { parquetTyped = old }(parquetTyped)
	parquetTyped = false
	text, textErr = Aggregate(context.Background(), []string{p}, opt)
	return
}

// assertTyped fails unless every column a job reads of the file has a
// typed reading (else the comparisons below would compare the text reader
// with itself).
func assertTyped(t *testing.T, b []byte, want bool) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	cols, err := parquetColumns("d.parquet", f.Schema(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := typedReadable(cols, func(role int) bool { return role != roleID }); got != want {
		var not []string
		for i, c := range cols {
			if i != roleID && c.typed.conv == convNone {
				leaf, _ := f.Schema().Lookup(Columns[i])
				not = append(not, fmt.Sprintf("%s (%s)", Columns[i], leaf.Node.Type()))
			}
		}
		t.Fatalf("typed reader used: %v, want %v; columns without a typed reading: %v", got, want, not)
	}
}

// The typed reader gives what the text reader gives — the same groups, the
// same bad records with the same lines and words, the same error — on
// files with every kind of bad value the checks refuse, nulls, batches
// that end inside pages and row groups, with and without dimensions. (The
// text reader is itself compared with the CSV path in
// TestParquetTypesMatchCSV.)
func TestTypedReaderMatchesTextReader(t *testing.T) {
	rows, _ := genRecords(t, 6000)
	day := func(s string) int32 { return int32(day(s).Unix() / 86400) }
	var td []typedDate
	var tn []typedNanos
	var ty []typedYuan
	for i, r := range rows {
		f := fen(r.Value).Int64()
		d := typedDate{r.DeclarationID, ptr(day(r.DeclaredOn)), ptr(r.Flow), r.TradeMode, r.HSCode, r.Partner, ptr(r.Province), r.Currency, ptr(f), r.Pieces}
		n := typedNanos{r.DeclarationID, time.Unix(int64(day(r.DeclaredOn))*86400, 0).Add(time.Duration(i%86400) * time.Second).UTC(), r.Flow, r.TradeMode, r.HSCode, ptr(r.Partner), r.Province, r.Currency, f * 100, int32(r.Pieces)}
		y := typedYuan{text(r), r.DeclaredOn, f / 100, r.Pieces}
		switch i % 97 { // a bad value every 97 rows, each kind in turn
		case 5:
			d.Value, n.Value, y.Value = ptr(int64(-5)), -5, -5 // negative
		case 11:
			d.DeclaredOn, n.DeclaredOn, y.DeclaredOn = ptr(int32(-1)), time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), "1969-12-31" // out of range
		case 17:
			d.DeclaredOn, n.DeclaredOn, y.DeclaredOn = ptr(int32(80000)), time.Date(2189, 1, 1, 0, 0, 0, 0, time.UTC), "2024-02-30" // out of range; not a date
		case 23:
			d.Flow, n.Flow, y.Flow = ptr("sideways"), "sideways", "sideways"
		case 29:
			d.TradeMode, n.TradeMode, y.TradeMode = "96X0", "961", "96100"
		case 31:
			d.HSCode, n.HSCode, y.HSCode = "1", "12345678901", "12a4"
		case 37:
			d.Currency, n.Currency, y.Currency = "EUR", "usd", ""
		case 41:
			d.Pieces, n.Pieces, y.Pieces = -3, -3, 1e12 // negative; thirteen digits
		case 43:
			d.Value, n.Value, y.Value = ptr(int64(1e17)), 12345, 1e15 // 10^15 yuan; a third decimal at scale 4
		case 47:
			d.Value, d.Flow, d.DeclaredOn, n.Partner = nil, nil, nil, nil // nulls (a null partner is not bad)
		case 53:
			d.Province = nil
		}
		td, tn, ty = append(td, d), append(tn, n), append(ty, y)
	}
	files := map[string][]byte{
		"DATE, nullable, dictionary and plain strings": writeParquet(t, td, 700, parquet.PageBufferSize(4096)),
		"TIMESTAMP nanos, DECIMAL(18,4) dictionary":    writeParquet(t, tn, 1000, parquet.PageBufferSize(4096)),
		"whole yuan, string dates":                     writeParquet(t, ty, 6000, parquet.PageBufferSize(4096)),
	}
	for name, b := range files {
		assertTyped(t, b, true)
		for _, batch := range []int{parquetBatch, 333} {
			for _, opt := range []Options{
				{SkipBad: 1000},
				{SkipBad: 1000, Dims: []string{"partner", "province", "trade_mode", "hs2"}},
				{SkipBad: 1000, Dims: []string{"hs6", "province"}}, // codes cut from the dictionary's (hsCut)
				{SkipBad: 3}, // stops at the fourth bad record
			} {
				t.Run(fmt.Sprintf("%s/batch %d/dims %v skip %d", name, batch, opt.Dims, opt.SkipBad), func(t *testing.T) {
					defer func(old int) { parquetBatch = old }(parquetBatch)
					parquetBatch = batch
					typed, text, typedErr, textErr := readers(t, b, opt)
					if opt.SkipBad == 3 {
						// Both stop at the file's first bad record (line 7, the
						// 6th row: a bad value every 97 rows from the 6th), in
						// the same words, whichever row groups the workers
						// read first (badLimit).
						if typedErr == nil || textErr == nil || typedErr.Error() != textErr.Error() || !strings.Contains(typedErr.Error(), "d.parquet:7: more than the 3 bad records tolerated; the first: value ") {
							t.Fatalf("past the bad-record limit: typed reader %v, text reader %v", typedErr, textErr)
						}
						return
					}
					if typedErr != nil || textErr != nil {
						t.Fatalf("typed reader: %v\ntext reader:  %v", typedErr, textErr)
					}
					if typed == nil || text == nil {
						t.Fatalf("no result: typed %v, text %v", typed, text)
					}
					sameMaps(t, rowMap(typed), rowMap(text))
					if typed.BadCount != text.BadCount || len(typed.Bad) != len(text.Bad) {
						t.Errorf("typed reader: %d bad records (%d listed), text reader %d (%d)", typed.BadCount, len(typed.Bad), text.BadCount, len(text.Bad))
					}
					for i := range min(len(typed.Bad), len(text.Bad)) {
						if !reflect.DeepEqual(typed.Bad[i], text.Bad[i]) {
							t.Fatalf("bad record %d: typed reader %v, text reader %v", i, typed.Bad[i], text.Bad[i])
						}
					}
					if opt.SkipBad == 1000 && typed.BadCount < 60 {
						t.Errorf("%d bad records; the file has a bad value every 97 rows", typed.BadCount)
					}
				})
			}
		}
	}
	// A decimal string takes the text reader.
	assertTyped(t, writeParquet(t, rows[:10], 10), false)
}

// The codes of single values, worked by hand: 2024-03-15 is day 19797 and
// month 650 from 1970-01 (54 years × 12 + 2), slot base 2600.
func TestTypedCodes(t *testing.T) {
	months := dayMonth()
	if len(months) != 73049 { // 200 years, 48 leap ones but 2100: 200×365 + 49
		t.Errorf("%d days in the slots' years, want 73049", len(months))
	}
	tests := []struct {
		name string
		conv typedConv
		v    int64
		want int64
	}{
		{"DATE", typedConv{conv: convDays}, 19797, 2600},
		{"DATE first day", typedConv{conv: convDays}, 0, 0},
		{"DATE before 1970", typedConv{conv: convDays}, -1, -1},
		{"DATE past 2169", typedConv{conv: convDays}, 73049, -1},
		{"TIMESTAMP millis, late in the day", typedConv{conv: convTime, perDay: 86400e3}, 19797*86400e3 + 86399999, 2600},
		{"TIMESTAMP millis before 1970", typedConv{conv: convTime, perDay: 86400e3}, -1, -1},
		{"DECIMAL scale 2", typedConv{conv: convFen, scale: 2, pow: 1}, 5832529760, 5832529760},
		{"DECIMAL scale 1", typedConv{conv: convFen, scale: 1, pow: 10}, 12345, 123450},
		{"DECIMAL scale 0: yuan", typedConv{conv: convFen, scale: 0, pow: 100}, 42, 4200},
		{"DECIMAL scale 4, zeros", typedConv{conv: convFen, scale: 4, pow: 100}, 12300, 123},
		{"DECIMAL scale 4, a third decimal", typedConv{conv: convFen, scale: 4, pow: 100}, 12345, -1},
		{"negative", typedConv{conv: convFen, scale: 2, pow: 1}, -5, -1},
		{"10^15 yuan", typedConv{conv: convFen, scale: 0, pow: 100}, 1e15, -1},
		{"just below 10^15 yuan", typedConv{conv: convFen, scale: 2, pow: 1}, 1e17 - 1, 1e17 - 1},
		{"pieces", typedConv{conv: convPieces}, 999999999999, 999999999999},
		{"pieces, thirteen digits", typedConv{conv: convPieces}, 1e12, -1},
	}
	for _, tt := range tests {
		if got := tt.conv.numCode(tt.v, months); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
		// The loop over a page gives the same code.
		code, raw := make([]int64, 1), make([]int64, 1)
		numCodes(&tt.conv, months, code, raw, []int64{tt.v})
		if code[0] != tt.want || raw[0] != tt.v {
			t.Errorf("%s, as a page: code %d raw %d, want %d %d", tt.name, code[0], raw[0], tt.want, tt.v)
		}
	}
	strs := []struct {
		role int
		v    string
		want int64
	}{
		{roleDate, "2024-03-15", 2600}, {roleDate, "2024-02-30", -1}, {roleFlow, "export", 0}, {roleFlow, "i", 2},
		{roleFlow, "Export", -1}, {roleMode, "9610", 9610}, {roleMode, "961", -1}, {roleHS, "8517", 8517*16 + 4}, // an hsKey: the value, then the length
		{roleHS, "85171300009", -1}, {roleHS, "1", -1}, {roleCurrency, "RMB", 0}, {roleCurrency, "USD", 1},
		{roleCurrency, "usd", -1}, {rolePartner, "", 0},
	}
	for _, tt := range strs {
		if got := stringCode(tt.role, []byte(tt.v)); got != tt.want {
			t.Errorf("%s %q: %d, want %d", Columns[tt.role], tt.v, got, tt.want)
		}
	}
	// hsCode, which reads eight digits as one word, against a check digit
	// by digit and hsKey's loop: every length from 0 to 11, all digits and
	// with a non-digit (or a byte just past '9', or just before '0')
	// anywhere.
	for n := 0; n <= 11; n++ {
		v := []byte("85171300091"[:n])
		want := int64(-1)
		if n >= 2 && n <= 10 && allDigits(v) {
			want = int64(hsKey(v, 8))
		}
		if got := hsCode(v); got != want {
			t.Errorf("hsCode(%q) = %d, want %d", v, got, want)
		}
		for i := range n {
			for _, c := range []byte{'a', ':', '/', ' ', 0x80} {
				w := bytes.Clone(v)
				w[i] = c
				if got := hsCode(w); got != -1 {
					t.Errorf("hsCode(%q) = %d, want -1", w, got)
				}
			}
		}
	}
	if got := hsCode([]byte("85171300")); got != 85171300*16+8 {
		t.Errorf("hsCode(85171300) = %d", got)
	}
}

// Damaged Parquet files give a one-line error naming the file, or a sound
// result, never a crash or a hang. Two of them (found by the random
// sequence below, kept in testdata) made the Parquet library panic — one
// on opening, in its footer, one in a worker, on a damaged data page — and
// the process ended with a stack trace; they must now be errors that say
// the file is damaged. Then bytes overwritten, cut out or inserted, in a
// fixed random sequence.
func TestParquetDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	for name, dims := range map[string][]string{"damaged-footer.parquet": nil, "damaged-page.parquet": {"partner"}} { // the damaged page is a partner column's
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = Aggregate(context.Background(), []string{p}, Options{SkipBad: 1 << 30, Dims: dims})
		if err == nil || strings.Count(err.Error(), p) != 1 || !strings.Contains(err.Error(), p+": a damaged Parquet file (reading it failed: runtime error: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	rows, _ := genRecords(t, 30)
	seeds := [][]byte{writeParquet(t, asInt64Decimal(rows), 10), writeParquet(t, rows, 10)}
	rng := rand.New(rand.NewPCG(1, 2))
	p := filepath.Join(dir, "d.parquet")
	n := 500
	if testing.Short() {
		n = 50
	}
	for i := range n {
		b := damage(rng, append([]byte(nil), seeds[i%2]...))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := Aggregate(context.Background(), []string{p}, Options{SkipBad: 1 << 30, Dims: [][]string{nil, {"partner"}}[i%2]})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				continue
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, p) {
				t.Fatalf("damaged file %d: error %q is not one line naming the file", i, msg)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("damaged file %d: no answer after 20 s", i)
		}
	}
}

// damage changes b in one to four places.
func damage(rng *rand.Rand, b []byte) []byte {
	for range 1 + rng.IntN(4) {
		switch j := rng.IntN(len(b) - 4); rng.IntN(4) {
		case 0:
			b[j] = byte(rng.IntN(256))
		case 1:
			v := []uint32{0xffffffff, 0xfffffff0, 0x80000000, 1 << 16}[rng.IntN(4)]
			b[j], b[j+1], b[j+2], b[j+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		case 2:
			b = append(b[:j:j], b[min(len(b), j+1+rng.IntN(8)):]...)
		case 3:
			ins := make([]byte, 1+rng.IntN(8))
			for x := range ins {
				ins[x] = byte(rng.IntN(256))
			}
			b = append(append(b[:j:j], ins...), b[j:]...)
		}
		if len(b) < 16 {
			b = append(b, make([]byte, 16)...)
		}
	}
	return b
}
