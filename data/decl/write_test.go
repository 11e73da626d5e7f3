package decl

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// appendField writes each field as encoding/csv's Writer does: the
// fields that need quotes (a comma, a quote, CR, LF, a leading space of
// any kind, `\.`) and those that do not, then random strings over the
// bytes that matter.
func TestAppendFieldMatchesCSV(t *testing.T) {
	fields := []string{"", "Guangdong", "Guangxi, Zhuang A.R.", `say "hi"`, `"`, `""`, "a\nb", "a\r\nb", "\r", " lead", "\tlead", "\u00a0nbsp", "\u2003em space",
		"\u0085nel", `\.`, `\.x`, "trail ", "中国", "\xff\xfe", "x,", ",", "US", "8517", "2024-01", "-12.30"}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", ",", `"`, "\r", "\n", " ", "\t", `\`, ".", "\u00a0", "中", "\xff"}
	for range 2000 {
		var s strings.Builder
		for range rng.IntN(6) {
			s.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		fields = append(fields, s.String())
	}
	for _, f := range fields {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		if err := cw.Write([]string{f, f}); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if got := appendRecord(nil, []string{f, f}); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%q: wrote %q, encoding/csv %q", f, got, want.Bytes())
		}
	}
}

// WriteCSV's output, dimensions and quoted provinces included, is what
// encoding/csv writes for the same rows.
func TestWriteCSVMatches(t *testing.T) {
	var b bytes.Buffer
	declgen.Generate(&b, 20000, 5, 2024)
	res, err := aggregate(t, b.Bytes(), "d.csv", Options{Dims: []string{"province", "partner", "hs4"}})
	if err != nil {
		t.Fatal(err)
	}
	var got, want bytes.Buffer
	if err := res.WriteCSV(&got); err != nil {
		t.Fatal(err)
	}
	cw := csv.NewWriter(&want)
	cw.Write([]string{"series", "flow", "period", "value", "unit", "currency", "records", "pieces", "province", "partner", "hs4"})
	n := 0
	for r := range res.Rows() {
		cw.Write([]string{r.Series, string(r.Flow), r.Period.String(), r.Yuan(), "1", string(r.Currency), itoa64(r.Records), itoa64(r.Pieces), r.Dims.Province, r.Dims.Partner, r.Dims.HS})
		n++
	}
	cw.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("WriteCSV differs from encoding/csv over %d rows", n)
	}
	if !bytes.Contains(got.Bytes(), []byte(`,"Guangxi, Zhuang A.R.",`)) || n < 10000 {
		t.Fatalf("%d rows, and no quoted province: the test does not test quoting", n)
	}
}
