package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// Every example in every command's help runs as written (exit 0), in a
// directory holding the files the examples name: a user who copies one
// gets what the help promises. Examples that pipe into ceb are left out.
func TestExamplesRun(t *testing.T) {
	gacc, err := filepath.Abs(filepath.Join("..", "..", "testdata", "gacc"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h1 := []byte("series,flow,period,value,unit,vintage,reported_yoy\ncbec,total,2024H1,1.22,1t,2024-07-30,10.5\ncbec,total,2023H1,1.10,1t,2023-07-13,16\n")
	write("h1.csv", h1)
	write("data/h1.csv", h1)
	var decl bytes.Buffer
	if err := declgen.Generate(&decl, 2000, 7, 2024); err != nil {
		t.Fatal(err)
	}
	write("decl.csv", decl.Bytes())
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(decl.Bytes())
	zw.Close()
	write("decl.csv.gz", gz.Bytes())
	write("by-partner.csv", []byte("series,flow,period,value,unit,partner\ncbec,total,2024,40,100m,US\ncbec,total,2023,30,100m,US\ncbec,total,2024,20,100m,GB\ncbec,total,2023,18,100m,GB\n"))
	for from, to := range map[string]string{"release_2024-11_usd_en.html": "release_2024-11.html", "release_2023-11_usd_en.html": "release_2023-11.html", "bulletin_2024_cny_gb18030.csv": "bulletin.csv", "trade_mode_2024-05_cny.txt": "trade_mode.txt"} {
		b, err := os.ReadFile(filepath.Join(gacc, from))
		if err != nil {
			t.Fatal(err)
		}
		write(to, b)
	}
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			cmdline, ok := strings.CutPrefix(strings.TrimSpace(line), "$ ceb ")
			if !ok || strings.Contains(cmdline, "|") {
				continue
			}
			if i := strings.Index(cmdline, " > "); i >= 0 {
				cmdline = cmdline[:i]
			}
			args := splitArgs(cmdline)
			n++
			t.Run(cmdline, func(t *testing.T) {
				if code, _, stderr := runCeb(t, false, args...); code != 0 {
					t.Errorf("exit %d: %s", code, stderr)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(&Factory{IO: func() *IOStreams { s, _, _ := TestStreams("", false); return s }(), Now: fixedNow}))
	if n < 30 {
		t.Errorf("only %d examples found", n)
	}
}

// splitArgs splits a command line at spaces, keeping double-quoted words
// whole.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}
