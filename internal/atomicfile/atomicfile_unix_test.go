//go:build unix

package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A target that is not a regular file is written in place: renaming a file
// over a named pipe or /dev/null would replace it (as root, `-o /dev/null`
// left a regular file at /dev/null).
func TestNotRegularTargets(t *testing.T) {
	ctx := context.Background()
	t.Run("named pipe", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
		got := make(chan string, 1)
		go func() {
			r, err := os.Open(p) // waits for the writer
			if err != nil {
				got <- err.Error()
				return
			}
			b, _ := io.ReadAll(r)
			r.Close()
			got <- string(b)
		}()
		if err := Write(ctx, p, func(w io.Writer) error { _, err := io.WriteString(w, "rows\n"); return err }); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-got:
			if s != "rows\n" {
				t.Errorf("the reader got %q", s)
			}
		case <-time.After(10 * time.Second):
			os.Remove(p)
			t.Fatal("nothing was written to the pipe: was it replaced by a file?")
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("after the write: %v, %v; want the named pipe still", fi.Mode(), err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%d entries in the directory, want the pipe alone", len(entries))
		}
	})
	t.Run("/dev/null", func(t *testing.T) {
		f, err := Create("/dev/null")
		if err != nil {
			t.Fatal(err)
		}
		if !f.direct {
			f.Abort() // never rename over /dev/null
			t.Fatal("/dev/null is to be written in place")
		}
		io.WriteString(f.Writer(), "rows\n")
		if err := f.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("/dev/null after the write: %v, %v", fi.Mode(), err)
		}
	})
}

// TestPermissions: the written file keeps an existing target's permissions
// and a new one gets the umask's (it was 0644 whatever they were); a
// read-only target is refused when the output is created, before any work,
// and left as it was (it used to be renamed over).
func TestPermissions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		umask    int
		existing os.FileMode // 0: no target yet
		want     os.FileMode
		readOnly bool
	}{
		{"existing 0600 stays 0600", 0o022, 0o600, 0o600, false},
		{"existing 0640 stays 0640", 0o077, 0o640, 0o640, false},
		{"existing 0664 stays 0664 under umask 077", 0o077, 0o664, 0o664, false},
		{"new file, umask 077", 0o077, 0, 0o600, false},
		{"new file, umask 022", 0o022, 0, 0o644, false},
		{"new file, umask 002", 0o002, 0, 0o664, false},
		{"read-only 0444 refused", 0o022, 0o444, 0o444, true},
		{"read-only 0400 refused", 0o022, 0o400, 0o400, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			dir := t.TempDir()
			p := filepath.Join(dir, "out.csv")
			if tt.existing != 0 {
				if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(p, tt.existing); err != nil {
					t.Fatal(err)
				}
			}
			worked := false
			err := Write(ctx, p, func(w io.Writer) error {
				worked = true
				_, err := io.WriteString(w, "new")
				return err
			})
			wantContent := "new"
			if tt.readOnly {
				wantContent = "old"
				if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), p+": the file is read-only") {
					t.Errorf("err = %v, want a read-only error naming %s", err, p)
				}
				if worked {
					t.Error("the work ran before the read-only target was refused")
				}
			} else if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("mode %v, want %v", got, tt.want)
			}
			if b, _ := os.ReadFile(p); string(b) != wantContent {
				t.Errorf("content %q, want %q", b, wantContent)
			}
			assertOnly(t, dir, "out.csv")
		})
	}
}
