//go:build unix

package atomicfile

import (
	"context"
	"io"
	"os"
	"path/filepath"
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
