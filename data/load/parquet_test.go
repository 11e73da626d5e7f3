package load

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/cbec-stats/ceb/internal/declgen"
)

type hiveRow struct {
	DeclarationID string `parquet:"declaration_id"`
	DeclaredOn    string `parquet:"declared_on"`
	Flow          string `parquet:"flow"`
	TradeMode     string `parquet:"trade_mode"`
	HSCode        string `parquet:"hs_code"`
	Partner       string `parquet:"partner"`
	Province      string `parquet:"province"`
	Currency      string `parquet:"currency"`
	Value         string `parquet:"value"`
	Pieces        int64  `parquet:"pieces"`
}

// A directory of Parquet declarations, hive-partitioned by year (the year
// is in the path and in the files), loads as the monthly series the CSV of
// the same records gives; one that mixes them with tables is refused.
func TestLoadParquetDirectory(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 3000, 9, 2024); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(t.TempDir(), "decl.csv")
	if err := os.WriteFile(csvPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	byYear := map[string][]hiveRow{}
	for _, r := range recs[1:] {
		pieces, _ := strconv.ParseInt(r[9], 10, 64)
		byYear[r[1][:4]] = append(byYear[r[1][:4]], hiveRow{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], pieces})
	}
	for y, rows := range byYear {
		var pb bytes.Buffer
		w := parquet.NewGenericWriter[hiveRow](&pb)
		if _, err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "year="+y, "part-0.parquet")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, pb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Load(csvPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Obs) != len(want.Obs) || len(got.Obs) == 0 {
		t.Fatalf("%d observations from the directory, %d from the CSV", len(got.Obs), len(want.Obs))
	}
	for i := range got.Obs {
		g, w := got.Obs[i], want.Obs[i]
		if g.Series != w.Series || g.Flow != w.Flow || g.Period != w.Period || g.Value != w.Value || g.Note != w.Note {
			t.Errorf("observation %d: %+v, want %+v", i, g, w)
		}
	}
	if got.Sources[0].Path != dir {
		t.Errorf("source %q", got.Sources[0].Path)
	}
	if err := os.WriteFile(filepath.Join(dir, "h1.csv"), []byte("series,flow,period,value\ncbec,total,2024,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, Options{}); err == nil {
		t.Error("a directory mixing Parquet declarations and a table was loaded")
	}
}
