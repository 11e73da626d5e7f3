package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	os.WriteFile(p, []byte("old"), 0o644)
	ctx := context.Background()

	t.Run("success replaces", func(t *testing.T) {
		if err := Write(ctx, p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != "new" {
			t.Errorf("content %q", b)
		}
	})
	t.Run("failure keeps the old file and leaves no temporary", func(t *testing.T) {
		err := Write(ctx, p, func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") })
		if err == nil {
			t.Fatal("no error")
		}
		if b, _ := os.ReadFile(p); string(b) != "new" {
			t.Errorf("content %q", b)
		}
		assertOnly(t, dir, "out.txt")
	})
	t.Run("interrupt keeps the old file", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		err := Write(c, p, func(w io.Writer) error { cancel(); _, err := io.WriteString(w, "late"); return err })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if b, _ := os.ReadFile(p); string(b) != "new" {
			t.Errorf("content %q", b)
		}
		assertOnly(t, dir, "out.txt")
	})
	t.Run("missing directory", func(t *testing.T) {
		_, err := Create(filepath.Join(dir, "nope", "x.png"))
		if err == nil || !strings.Contains(err.Error(), "does not exist; create it first") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("read-only directory", func(t *testing.T) {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if f, err := os.CreateTemp(ro, "probe"); err == nil { // root ignores permissions
			f.Close()
			os.Remove(f.Name())
			t.Skip("running as root: permissions are not enforced")
		}
		_, err := Create(filepath.Join(ro, "x.png"))
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("err = %v", err)
		}
	})
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		if !e.IsDir() {
			got = append(got, e.Name())
		}
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %v, want %v", got, names)
	}
}
