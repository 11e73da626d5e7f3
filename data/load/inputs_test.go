package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCollides: an output that is one of the inputs is found by identity,
// whatever its name: the same path, ./x against x, a symbolic link either
// way, a hard link, a file inside a directory input (also through a link to
// the directory), and a new file a later load of a directory input would
// read. Copies, other names, devices and non-file inputs collide with
// nothing.
func TestCollides(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	write := func(p, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("x.csv", goodCSV)
	write("copy.csv", goodCSV)
	write("d/a.csv", goodCSV)
	write("d/sub/b.json", "[]")
	write("d/README.md", "notes")
	if err := os.Link("x.csv", "hl.csv"); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if err := os.Symlink("x.csv", "ln.csv"); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink("d", "ld"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		inputs []string
		output string
		want   string // the input returned, "" for none
	}{
		{"same path", []string{"x.csv"}, "x.csv", "x.csv"},
		{"./x against x", []string{"x.csv"}, "./x.csv", "x.csv"},
		{"absolute against relative", []string{"x.csv"}, filepath.Join(root, "x.csv"), "x.csv"},
		{"output a link to the input", []string{"x.csv"}, "ln.csv", "x.csv"},
		{"input a link to the output", []string{"ln.csv"}, "x.csv", "ln.csv"},
		{"hard link", []string{"x.csv"}, "hl.csv", "x.csv"},
		{"file in a directory input", []string{"copy.csv", "d"}, "d/a.csv", filepath.Join("d", "a.csv")},
		{"file in a subdirectory of one", []string{"d"}, "d/sub/b.json", filepath.Join("d", "sub", "b.json")},
		{"file in it through a link to the directory", []string{"d"}, "ld/a.csv", filepath.Join("d", "a.csv")},
		{"new table inside a directory input", []string{"d"}, "d/new.csv", "d"},
		{"new table below a link to one", []string{"d"}, "ld/sub/new.json", "d"},
		{"new chart inside a directory input", []string{"d"}, "d/chart.png", ""},
		{"file a directory load does not read", []string{"d"}, "d/README.md", ""},
		{"a copy", []string{"x.csv"}, "copy.csv", ""},
		{"another name", []string{"x.csv"}, "y.csv", ""},
		{"a device", []string{"x.csv"}, os.DevNull, ""},
		{"standard output", []string{"x.csv"}, "-", ""},
		{"standard input and the embedded data", []string{"-", "builtin"}, "x.csv", ""},
		{"a missing input", []string{"nope.csv"}, "x.csv", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Collides(tt.inputs, tt.output)
			if got != tt.want {
				t.Fatalf("Collides(%q, %q) = %q, %v; want %q", tt.inputs, tt.output, got, err, tt.want)
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.want != "" && !errors.Is(err, ErrOutputIsInput):
				t.Errorf("err = %v, want ErrOutputIsInput", err)
			case tt.want != "" && (!strings.HasPrefix(err.Error(), tt.output+": ") || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "--")):
				t.Errorf("err = %v, want it to name %s and %s and no flag", err, tt.output, tt.want)
			}
		})
	}
}
