package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badCases are the files of testdata/bad with the one-line error each must
// give: "file:line:col: message" (line and column where there is one).
var badCases = []struct {
	file string
	args []string
	want string
}{
	{"truncated.csv", nil, "truncated.csv:3: row has 2 fields, the header has 4"},
	{"ragged.csv", nil, "ragged.csv:3: row has 5 fields, the header has 4"},
	{"unbalanced_quote.csv", nil, "unbalanced_quote.csv:2: unbalanced quote"},
	{"bom_middle.csv", nil, "bom_middle.csv:3:1: column series: byte-order mark inside the value"},
	{"invalid_utf8.csv", nil, "invalid_utf8.csv:3: bytes that are neither UTF-8 nor GB18030"},
	{"gb18030_as_utf8.csv", []string{"--encoding", "utf-8"}, "gb18030_as_utf8.csv:2: not valid UTF-8; if the file is GB18030 or GBK, pass --encoding gb18030"},
	{"empty.csv", nil, "empty.csv: empty file"},
	{"header_only.csv", nil, "header_only.csv:1: header only, no data rows"},
	{"duplicate_column.csv", nil, `duplicate_column.csv:1:5: column "period" appears twice`},
	{"missing_column.csv", nil, "missing_column.csv:1: missing required column(s) period"},
	{"number_comma.csv", nil, `number_comma.csv:3:4: column value: "1,2x" is not a number: misplaced thousands separator`},
	{"number_exponent.csv", nil, `number_exponent.csv:3:4: column value: "1e400" is not a number: exponents are not accepted`},
	{"number_nan.csv", nil, `number_nan.csv:3:4: column value: "NaN" is not a number: NaN and Inf are not figures`},
	{"number_inf.csv", nil, `number_inf.csv:3:4: column value: "Inf" is not a number: NaN and Inf are not figures`},
	{"number_double_sign.csv", nil, `number_double_sign.csv:3:4: column value: "--5" is not a number: more than one sign`},
	{"number_brackets.csv", nil, `number_brackets.csv:3:4: column value: "(12.5)" is not a number: bracketed negatives are not accepted`},
	{"number_fullwidth.csv", nil, `number_fullwidth.csv:3:4: column value: "１２３" is not a number: full-width digits`},
	{"value_empty.csv", nil, "value_empty.csv:3:4: column value: empty, and no reported_yoy either"},
	{"unit_unknown.csv", nil, `unit_unknown.csv:2:5: column unit: unknown unit "gallons"`},
	{"currency_unknown.csv", nil, `currency_unknown.csv:2:6: column currency: unknown currency "EUR"`},
	{"period_q5.csv", nil, `period_q5.csv:3:3: column period: invalid period "2024Q5": a year has quarters Q1 to Q4`},
	{"period_month13.csv", nil, `period_month13.csv:3:3: column period: invalid period "2024-13": months run from 1 to 12`},
	{"period_h3.csv", nil, `period_h3.csv:3:3: column period: invalid period "2024H3": a year has halves H1 and H2`},
	{"period_reversed.csv", nil, `period_reversed.csv:3:3: column period: invalid period "2024-06..2024-02": the range ends before it starts`},
	{"period_across_years.csv", nil, `period_across_years.csv:3:3: column period: invalid period "2023-11..2024-02": a range must stay within one year`},
	{"vintage_future.csv", nil, "vintage_future.csv:2:7: column vintage: 2099-01-01 is in the future"},
	{"nested.json", nil, "nested.json:1:10002: invalid JSON: invalid character '[' exceeded max depth"},
	{"broken.json", nil, `broken.json:2:36: invalid JSON: invalid character '"' after object key:value pair`},
}

// checkBad runs one bad input through validate (exit 3, finding on
// stdout) and through stats growth (exit 1, one line on stderr).
func checkBad(t *testing.T, path string, args []string, want string) {
	t.Helper()
	dir := filepath.Dir(path) + string(filepath.Separator)
	code, out, errOut := runCeb(t, false, append(append([]string{"data", "validate"}, args...), path)...)
	out = strings.ReplaceAll(out, dir, "")
	if code != exitValidation {
		t.Errorf("validate: exit %d, want 3; stderr %q", code, errOut)
	}
	// The first error: a warning may come before it (a file without a
	// unit column is read in units of 1, and says so).
	var first string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, ": error: ") {
			first = line
			break
		}
	}
	wantLine := strings.Replace(want, ": ", ": error: ", 1)
	if !strings.HasPrefix(first, wantLine) {
		t.Errorf("validate:\n got  %s\n want %s", first, wantLine)
	}
	code, _, errOut = runCeb(t, false, append(append([]string{"stats", "growth"}, args...), "--data", path)...)
	errOut = strings.ReplaceAll(errOut, dir, "")
	if code != exitFailure {
		t.Errorf("growth: exit %d, want 1", code)
	}
	if !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("growth stderr:\n got  %q\n want one line starting %q", errOut, want)
	}
	for _, s := range []string{"panic", "goroutine ", ".go:"} {
		if strings.Contains(out+errOut, s) {
			t.Errorf("output has %q: a stack trace?", s)
		}
	}
}

func TestBadInputs(t *testing.T) {
	ents, err := os.ReadDir("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range badCases {
		covered[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			checkBad(t, filepath.Join("..", "..", "testdata", "bad", c.file), c.args, c.want)
		})
	}
	for _, e := range ents {
		if e.Name() != "README.md" && !covered[e.Name()] {
			t.Errorf("testdata/bad/%s has no case in badCases", e.Name())
		}
	}
}

// zipBomb is an XLSX-shaped zip whose sheet inflates to 300 MiB of spaces
// from a few hundred KiB.
func zipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<?xml version=\"1.0\"?><x/>"))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < 300; i++ {
		w.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}

// Inputs made at run time: too large to keep, or not files git can hold.
func TestBadInputsGenerated(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("100 MB JSON", func(t *testing.T) {
		p := filepath.Join(dir, "big.json")
		f, _ := os.Create(p)
		f.Truncate(100 << 20)
		f.Close()
		checkBad(t, p, nil, "big.json: 100 MiB is larger than the 64 MiB input limit; split the file or raise --max-input")
	})
	t.Run("input limit is configurable", func(t *testing.T) {
		p := write("small.csv", []byte("series,flow,period,value\ncbec,total,2024,1\n"+strings.Repeat("cbec,total,2023,1\n", 70000)))
		checkBad(t, p, []string{"--max-input", "1"}, "small.csv: 1 MiB is larger than the 1 MiB input limit")
	})
	t.Run("overlong line", func(t *testing.T) {
		p := write("long.csv", []byte("series,flow,period,value\ncbec,total,2024,\""+strings.Repeat("9", 2<<20)+"\"\n"))
		checkBad(t, p, nil, "long.csv:2: line is 2097170 bytes, longer than the 1024 KiB limit")
	})
	t.Run("zip bomb", func(t *testing.T) {
		p := write("bomb.xlsx", zipBomb(t))
		if fi, _ := os.Stat(p); fi.Size() > 2<<20 {
			t.Fatalf("the bomb is %d bytes; it should be small", fi.Size())
		}
		checkBad(t, p, nil, "bomb.xlsx: the workbook inflates beyond 256 MiB; refusing it as a possible zip bomb")
	})
	t.Run("corrupt xlsx", func(t *testing.T) {
		p := write("corrupt.xlsx", []byte("PK\x03\x04garbage"))
		checkBad(t, p, nil, "corrupt.xlsx: not a readable XLSX workbook")
	})
	// Inputs that cannot be read at all are I/O failures, exit 1 in
	// validate too, and a link in a directory is never skipped in silence.
	for _, tt := range []struct{ name, want string }{
		{"missing file", "nope.csv: no such file or directory; check the path"},
		{"symlink loop", "loop.csv: a symbolic link loop; point --data at the real file"},
		{"symlink loop in a directory", "links/loop.csv: a symbolic link loop; point --data at the real file"},
		{"dangling symlink in a directory", "dangling/gone.csv: a dangling symbolic link (its target does not exist); remove it or point it at a file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var p string
			switch tt.name {
			case "missing file":
				p = filepath.Join(dir, "nope.csv")
			case "symlink loop":
				p = filepath.Join(dir, "loop.csv")
				os.Symlink(p, p)
			case "symlink loop in a directory":
				p = filepath.Join(dir, "links")
				os.Mkdir(p, 0o755)
				os.WriteFile(filepath.Join(p, "good.csv"), []byte("series,flow,period,value\ns,total,2024,1\n"), 0o644)
				os.Symlink(filepath.Join(p, "loop.csv"), filepath.Join(p, "loop.csv"))
			case "dangling symlink in a directory":
				p = filepath.Join(dir, "dangling")
				os.Mkdir(p, 0o755)
				os.Symlink(filepath.Join(p, "nowhere.csv"), filepath.Join(p, "gone.csv"))
			}
			for _, args := range [][]string{{"data", "validate", p}, {"stats", "growth", "--data", p}} {
				code, _, errOut := runCeb(t, false, args...)
				errOut = strings.ReplaceAll(errOut, dir+string(filepath.Separator), "")
				if code != exitFailure || errOut != tt.want+"\n" {
					t.Errorf("%s: exit %d, stderr %q; want 1, %q", args[1], code, errOut, tt.want)
				}
			}
		})
	}
	t.Run("unreadable file in a directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads any file")
		}
		sub := filepath.Join(dir, "sub")
		os.Mkdir(sub, 0o755)
		p := filepath.Join(sub, "secret.csv")
		os.WriteFile(p, []byte("series,flow,period,value\n"), 0o000)
		checkBad(t, sub, nil, "secret.csv: permission denied; make the file readable")
	})
}
