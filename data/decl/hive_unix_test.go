//go:build unix

package decl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe named like a part of a Parquet dataset directory is refused,
// naming it, instead of being opened (which waits forever for a writer).
func TestParquetDirRefusesPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "year=2024", "part-0.parquet")
	if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		res, err := Aggregate(context.Background(), []string{dir}, Options{})
		if res != nil {
			res.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "part-0.parquet") || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("err = %v, want the pipe refused by name", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the run waits on the named pipe")
	}
}
