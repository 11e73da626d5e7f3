package load

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/cbec-stats/ceb/internal/declgen"
)

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
	rows, err := declgen.Rows(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	byYear := map[string][]declgen.Row{}
	for _, r := range rows {
		byYear[r.DeclaredOn[:4]] = append(byYear[r.DeclaredOn[:4]], r)
	}
	for y, rows := range byYear {
		var pb bytes.Buffer
		w := parquet.NewGenericWriter[declgen.Row](&pb)
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
