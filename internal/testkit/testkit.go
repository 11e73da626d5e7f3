// Package testkit holds what the tests of several packages share: golden
// files rewritten under -update, and the embedded dataset as a View.
package testkit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden compares got with testdata/NAME of the package under test,
// rewriting the file under -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// BuiltinView is the embedded dataset as published by asOf (YYYY-MM-DD;
// empty: every vintage).
func BuiltinView(t testing.TB, asOf string) *data.View {
	t.Helper()
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var d data.Date
	if asOf != "" {
		if d, err = data.ParseDate(asOf); err != nil {
			t.Fatal(err)
		}
	}
	return data.NewView(ds, d)
}

// WriteFile writes b to a file name in a temporary directory of the test
// and returns its path.
func WriteFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// MustDate parses YYYY-MM-DD or panics.
func MustDate(s string) data.Date {
	d, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
