package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An output that is one of the inputs, by any name, is refused before any
// work (exit 2) and the input is left as it was; so are two outputs of one
// run that name the same file.
func TestOutputIsInput(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(data, "h1.csv")
	body := "series,flow,period,value,unit,vintage,reported_yoy\ncbec,total,2024H1,1.22,1t,2024-07-30,10.5\ncbec,total,2023H1,1.10,1t,2023-07-13,16\n"
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tests := []struct {
		name, stderr string
		args         []string
	}{
		{"report --out inside the --data directory", "would be written inside the input directory",
			[]string{"report", "--data", data, "--series", "cbec", "--period", "2024H1", "--out", filepath.Join(data, "r.xlsx"), "--text", filepath.Join(data, "r.md")}},
		{"report --text names the workbook", "are the same file",
			[]string{"report", "--period", "2024H1", "--out", "r.xlsx", "--text", "./r.xlsx"}},
		{"report --text is the input through a link", "is also an input",
			[]string{"report", "--data", "data/h1.csv", "--series", "cbec", "--period", "2024H1", "--out", "r.xlsx", "--text", "link.csv"}},
		{"import -o is a hard link to the input", "is also an input",
			[]string{"data", "import", in, "-o", hard}},
		{"aggregate -o is the input by another name", "is also an input",
			[]string{"data", "aggregate", in, "-o", "./data/../data/h1.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCeb(t, false, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.stderr)
			}
			if b, _ := os.ReadFile(in); string(b) != body {
				t.Errorf("the input changed: %q", b)
			}
			for _, f := range []string{filepath.Join(data, "r.xlsx"), "r.xlsx"} {
				if _, err := os.Stat(f); err == nil {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
}
