//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/data"
)

// TestLoadDirNotRegular: a named pipe in a data directory, or a link to
// one, is an error naming it instead of a load that waits for a writer
// forever; a pipe the loader would not read anyway (no data extension) is
// passed over like any other such file.
func TestLoadDirNotRegular(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, dir string) string // returns the path to name
		want string                                // "" when the load succeeds
	}{
		{"named pipe with a .csv name", func(t *testing.T, dir string) string {
			return mkfifo(t, filepath.Join(dir, "b.csv"))
		}, "b.csv: a named pipe, not a regular file"},
		{"named pipe with a .parquet name", func(t *testing.T, dir string) string {
			return mkfifo(t, filepath.Join(dir, "part-0.parquet"))
		}, "part-0.parquet: a named pipe, not a regular file"},
		{"link to a named pipe", func(t *testing.T, dir string) string {
			p := mkfifo(t, filepath.Join(t.TempDir(), "fifo"))
			l := filepath.Join(dir, "c.json")
			if err := os.Symlink(p, l); err != nil {
				t.Fatal(err)
			}
			return l
		}, "c.json: a named pipe, not a regular file"},
		{"named pipe without a data extension", func(t *testing.T, dir string) string {
			return mkfifo(t, filepath.Join(dir, "notes"))
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte(goodCSV), 0o644); err != nil {
				t.Fatal(err)
			}
			p := tt.make(t, dir)
			done := make(chan error, 1)
			go func() {
				_, err := Load(dir, Options{})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				// Let the blocked open return, so the test binary can end.
				if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
				t.Fatalf("the load of a directory with %s did not return", p)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s", err, tt.want)
			}
			if f, ok := err.(*data.Finding); !ok || f.File != p {
				t.Errorf("error %#v does not name the file %s", err, p)
			}
		})
	}
}

func mkfifo(t *testing.T, p string) string {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	return p
}
