package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cbec-stats/ceb/internal/declgen"
)

var update = flag.Bool("update", false, "rewrite golden files and scripts")

// fixedNow is 2026-11-23, the "today" of the tests (also SOURCE_DATE_EPOCH
// in the scripts).
var fixedNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"ceb": func() { os.Exit(Main()) }})
}

// TestScripts runs the end-to-end scripts in testdata/script: each is a
// txtar archive of commands and their expected output.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			gacc, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "gacc"))
			env.Setenv("GACC", gacc)
			env.Setenv("SOURCE_DATE_EPOCH", "1795392000")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

func runCeb(t *testing.T, tty bool, args ...string) (int, string, string) {
	t.Helper()
	io, out, errOut := TestStreams("", tty)
	code := run(context.Background(), args, io, fixedNow)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("series,flow,period,value\ncbec,total,2024,1\ncbec,total,2023,\"1,2x\"\n"), 0o644)
	decl := filepath.Join(dir, "decl.csv")
	os.WriteFile(decl, []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n"+
		"D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1\nD2,2024-01-05,export,9610,6109,US,GD,CNY,1.234,1\n"), 0o644)
	warn := filepath.Join(dir, "warn.csv")
	os.WriteFile(warn, []byte("series,flow,period,value,unit\ncbec,total,2024,1001,1\ncbec,export,2024,601,1\ncbec,import,2024,451,1\n"), 0o644)
	page := filepath.Join("..", "..", "testdata", "gacc", "trade_mode_2024-05_cny.txt")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a substring of stderr; "" means stderr must be empty
	}{
		{"ok", []string{"stats", "growth", "--as-of", "2026-11-23", "--period", "2024H1", "--series", "cbec,trade"}, 0, ""},
		{"version", []string{"version"}, 0, ""},
		{"unknown command", []string{"nosuch"}, 2, `unknown command "nosuch"`},
		{"unknown flag", []string{"stats", "growth", "--bogus"}, 2, "unknown flag: --bogus"},
		{"bad period", []string{"stats", "growth", "--period", "2024Q5"}, 2, `--period: invalid period "2024Q5": a year has quarters Q1 to Q4`},
		{"bad format", []string{"stats", "growth", "--format", "xml"}, 2, `--format "xml"`},
		{"bad currency", []string{"stats", "growth", "--currency", "EUR"}, 2, "unknown currency"},
		{"bad as-of", []string{"stats", "growth", "--as-of", "yesterday"}, 2, "--as-of"},
		{"bad freq", []string{"stats", "trend", "--freq", "weekly"}, 2, "--freq"},
		{"args where none belong", []string{"stats", "growth", "extra"}, 2, "takes no arguments"},
		{"validate without files", []string{"data", "validate"}, 2, "name at least one file"},
		{"period not covered", []string{"stats", "growth", "--series", "cbec", "--period", "2019", "--as-of", "2026-11-23"}, 1, "no data for cbec total 2019 (CNY)"},
		{"missing file", []string{"stats", "growth", "--data", filepath.Join(dir, "nope.csv")}, 1, "no such file or directory"},
		{"validate: a missing file", []string{"data", "validate", filepath.Join(dir, "nope.csv")}, 1, "no such file or directory"},
		{"bad data while computing", []string{"stats", "growth", "--data", bad}, 1, `bad.csv:3:4: column value: "1,2x" is not a number`},
		{"validate finds errors", []string{"data", "validate", bad}, 3, "1 error(s)"},
		{"validate warnings pass", []string{"data", "validate", warn}, 0, "0 error(s), 1 warning(s)"},
		{"validate strict", []string{"data", "validate", "--strict", warn}, 3, "1 error(s), 0 warning(s)"},
		// A real GACC page without a release date: strict validation says
		// how to give one, and passes once it is given.
		{"validate strict, no release date", []string{"data", "validate", "--strict", page}, 3, "1 file(s), 47 observation(s): 1 error(s), 0 warning(s)"},
		{"validate strict, release date given", []string{"data", "validate", "--strict", "--vintage", "2024-06-20", page}, 0, "1 file(s), 47 observation(s): 0 error(s), 0 warning(s)"},
		{"validate: bad vintage", []string{"data", "validate", "--vintage", "2024-13-01", page}, 2, `--vintage: date "2024-13-01" is not YYYY-MM-DD`},
		{"chart: unknown kind", []string{"chart", "pie", "--out", filepath.Join(dir, "x.png")}, 2, `unknown chart kind "pie"`},
		{"chart: bad extension", []string{"chart", "trend", "--out", filepath.Join(dir, "x.gif")}, 2, "must be .png or .svg"},
		{"chart: missing directory", []string{"chart", "trend", "--out", filepath.Join(dir, "no", "x.png")}, 1, "does not exist"},
		{"chart: bad dpi", []string{"chart", "trend", "--out", filepath.Join(dir, "x.png"), "--dpi", "5"}, 2, "--dpi"},
		{"aggregate: bad record", []string{"data", "aggregate", decl}, 1, `decl.csv:3: value "1.234" is not an amount with at most two decimals`},
		{"aggregate: stdin twice", []string{"data", "aggregate", "-", "-"}, 2, "standard input (-) can be read only once"},
		{"aggregate: bad --by", []string{"data", "aggregate", decl, "--by", "week"}, 2, `--by "week"`},
		// A --format the command would ignore is refused, not dropped.
		{"aggregate: --format json", []string{"data", "aggregate", decl, "--format", "json"}, 2, "--format json: ceb data aggregate writes CSV whatever --format says"},
		{"import: --format json", []string{"data", "import", page, "--format", "json", "-o", filepath.Join(dir, "x.csv")}, 2, "--format json: ceb data import writes CSV"},
		{"chart: --format csv", []string{"chart", "trend", "--format", "csv", "--out", filepath.Join(dir, "x.png")}, 2, "--format csv: ceb chart writes a PNG or SVG file"},
		{"report: --format json", []string{"report", "--format", "json", "--out", filepath.Join(dir, "x.xlsx")}, 2, "--format json: ceb report writes files"},
		// A selection the data has nothing for is an error, not an empty table.
		{"compare: nothing in the currency", []string{"stats", "compare", "--period", "2024H1", "--currency", "USD", "--as-of", "2026-11-23", "--format", "json"}, 1, "nothing to show: the data has nothing for this selection in USD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCeb(t, false, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			switch {
			case tt.stderr == "" && stderr != "":
				t.Errorf("stderr %q, want none", stderr)
			case tt.stderr == "" && stdout == "":
				t.Error("a successful run printed nothing")
			case !strings.Contains(stderr, tt.stderr):
				t.Errorf("stderr %q does not contain %q", stderr, tt.stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr is more than one line: %q", stderr)
			}
		})
	}
}

// TestValidateNamesVintage: the finding about a page without a release
// date names the commands that take --vintage, whichever command prints
// it, and strict validation passes once --vintage gives the date; a date
// after today is refused as a usage error.
func TestValidateNamesVintage(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "gacc", "trade_mode_2024-05_cny.txt")
	hint := "no release date on the page; give its release date to ceb data import --vintage YYYY-MM-DD (data validate takes --vintage too) so revisions rank correctly"
	_, stdout, _ := runCeb(t, false, "data", "validate", page)
	if !strings.Contains(stdout, hint) {
		t.Errorf("data validate: stdout %q does not contain %q", stdout, hint)
	}
	_, _, stderr := runCeb(t, false, "stats", "growth", "--period", "2024-05", "--data", page)
	if !strings.Contains(stderr, hint) {
		t.Errorf("stats growth: stderr %q does not contain %q", stderr, hint)
	}
	for _, cmd := range [][]string{{"data", "validate"}, {"data", "import"}} {
		code, _, stderr := runCeb(t, false, append(cmd, "--vintage", "2999-01-01", page)...)
		if code != 2 || !strings.Contains(stderr, "--vintage 2999-01-01 is after today") {
			t.Errorf("%v --vintage 2999-01-01: exit %d, stderr %q; want 2, after today", cmd, code, stderr)
		}
	}
}

// A terminal gets box drawing; a pipe gets plain ASCII with the same numbers.
func TestTerminalAndPipe(t *testing.T) {
	args := []string{"stats", "compare", "--period", "2024H1", "--as-of", "2024-07-31"}
	_, tty, _ := runCeb(t, true, args...)
	_, pipe, _ := runCeb(t, false, args...)
	if !strings.Contains(tty, "│") || strings.Contains(pipe, "│") {
		t.Errorf("borders: tty %q, pipe %q", tty, pipe)
	}
	for _, s := range []string{tty, pipe} {
		for _, want := range []string{"1.22", "+10.5%", "+6.1%", "+4.4"} {
			if !strings.Contains(s, want) {
				t.Errorf("output lacks %q:\n%s", want, s)
			}
		}
	}
}

// JSON output parses and has the fields of docs/design.md, with no NaN or Inf.
func TestJSONShape(t *testing.T) {
	for _, cmd := range [][]string{
		{"stats", "growth"},
		{"stats", "compare", "--period", "2024H1"},
		{"stats", "multiple"},
		{"stats", "trend"},
		{"data", "list"},
		{"data", "show", "--series", "cbec"},
	} {
		t.Run(strings.Join(cmd, " "), func(t *testing.T) {
			code, out, stderr := runCeb(t, false, append(cmd, "--format", "json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Meta struct {
					Command  string `json:"command"`
					Datasets []struct {
						Path   string `json:"path"`
						SHA256 string `json:"sha256"`
					} `json:"datasets"`
					AsOf     string `json:"as_of"`
					Currency string `json:"currency"`
					Version  string `json:"version"`
				} `json:"meta"`
				Rows []map[string]any `json:"rows"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, out)
			}
			if doc.Meta.Command != strings.Join(cmd[:2], " ") || doc.Meta.AsOf != "2026-11-23" || doc.Meta.Currency != "CNY" ||
				len(doc.Meta.Datasets) != 1 || doc.Meta.Datasets[0].Path != "builtin" || len(doc.Meta.Datasets[0].SHA256) != 64 {
				t.Errorf("meta = %+v", doc.Meta)
			}
			if len(doc.Rows) == 0 {
				t.Error("no rows")
			}
			for _, bad := range []string{"NaN", "Inf"} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %s", bad)
				}
			}
		})
	}
}

func TestGrowthFields(t *testing.T) {
	_, out, _ := runCeb(t, false, "stats", "compare", "--period", "2024H1", "--as-of", "2024-07-31", "--format", "json")
	var doc struct{ Rows []map[string]any }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(`series flow period base_period currency value base_value change growth_pct growth_basis
		computed_growth_pct reported_growth_pct consistency vintage base_vintage reference reference_value
		reference_base_value reference_growth_pct gap_pp gap_pp_exact share_pct share_change_pp contribution_pp growth_share_pct reason`)
	row := doc.Rows[0]
	for _, k := range want {
		if _, ok := row[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	if row["value"] != 1.22e12 || row["growth_pct"] != 10.5 || row["gap_pp"] != 4.4 || row["growth_basis"] != "reported" {
		t.Errorf("row = %v", row)
	}
}

// No output anywhere carries NaN or Inf: a number that cannot be computed
// is null, empty or n/a with a reason. The monthly fixture has zero and
// negative bases and a balance that changes sign.
func TestNoNaNOrInf(t *testing.T) {
	bad := regexp.MustCompile(`\bNaN\b|\bInf\b|[+-]Inf`)
	fixture := filepath.Join("..", "..", "stats", "testdata", "monthly.csv")
	cmds := [][]string{
		{"stats", "growth"},
		{"stats", "growth", "--data", fixture},
		{"stats", "growth", "--data", fixture, "--series", "z,n", "--period", "2024"},
		{"stats", "growth", "--data", fixture, "--series", "b", "--flow", "balance", "--period", "2024"},
		{"stats", "compare", "--period", "2024H1"},
		{"stats", "compare", "--data", fixture, "--series", "z", "--period", "2024", "--against", "n"},
		{"stats", "multiple", "--data", fixture, "--series", "z", "--to", "2024", "--years", "1"},
		{"stats", "multiple", "--series", "cbec"},
		{"stats", "trend", "--series", "trade", "--freq", "quarter"},
		{"stats", "trend", "--data", fixture, "--series", "m", "--freq", "month"},
		{"data", "show"},
	}
	for _, c := range cmds {
		for _, format := range []string{"table", "csv", "json", "markdown"} {
			code, out, errOut := runCeb(t, false, append(c, "--format", format)...)
			if code != 0 {
				t.Errorf("%v --format %s: exit %d: %s", c, format, code, errOut)
			}
			if bad.MatchString(out + errOut) {
				t.Errorf("%v --format %s printed NaN or Inf:\n%s", c, format, out)
			}
		}
	}
}

// The progress bar of data aggregate goes to stderr when it is a terminal,
// and only the summary line otherwise.
func TestAggregateProgress(t *testing.T) {
	p := filepath.Join(t.TempDir(), "decl.csv")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := declgen.Generate(fh, 20000, 1, 2024); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	out := filepath.Join(t.TempDir(), "agg.csv")
	code, _, tty := runCeb(t, true, "data", "aggregate", p, "-o", out)
	if code != 0 || !strings.Contains(tty, "aggregating") {
		t.Errorf("terminal: exit %d, stderr %q", code, tty)
	}
	code, _, pipe := runCeb(t, false, "data", "aggregate", p, "-o", out)
	if code != 0 || pipe != "20000 record(s) in 287 group(s)\n" {
		t.Errorf("pipe: exit %d, stderr %q", code, pipe)
	}
	code, _, quiet := runCeb(t, true, "-q", "data", "aggregate", p, "-o", out)
	if code != 0 || quiet != "" {
		t.Errorf("quiet terminal: exit %d, stderr %q", code, quiet)
	}
}

// On a narrow terminal a table keeps its key columns and the headline,
// leaves out columns empty in every row, then the rest (rightmost first,
// those that qualify a number last) and says which; a pipe and --wide keep every column.
func TestTableFitsTerminal(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	args := []string{"stats", "growth", "--period", "2024H1", "--as-of", "2024-07-31", "--series", "cbec,trade"}
	_, tty, _ := runCeb(t, true, args...)
	lines := strings.Split(strings.TrimRight(tty, "\n"), "\n")
	for _, l := range lines { // the "left out" line is wrapped too
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("a line is %d columns wide: %q", w, l)
		}
	}
	for _, want := range []string{"series", "flow", "period", "value", "growth", "+10.5%", "12,200.0"} {
		if !strings.Contains(tty, want) {
			t.Errorf("the narrowed table lacks %q:\n%s", want, tty)
		}
	}
	_, left, _ := strings.Cut(tty, "left out")
	left = "left out" + left
	// reason is empty in every row here: it goes first and is not listed.
	// The plain columns go next; the basis and the computed rate, which say
	// how to read the headline, stay.
	if !strings.HasPrefix(left, "left out to fit 80 columns: change, base value, base") || !strings.Contains(left, "--wide") {
		t.Errorf("%q does not say what was left out", left)
	}
	for _, want := range []string{"basis", "computed", "reported"} {
		if !strings.Contains(strings.Split(tty, "left out")[0], want) {
			t.Errorf("the narrowed table lost %q, which qualifies the rates:\n%s", want, tty)
		}
	}
	_, wide, _ := runCeb(t, true, append(args, "--wide")...)
	_, pipe, _ := runCeb(t, false, args...)
	for _, out := range []string{wide, pipe} {
		if !strings.Contains(out, "reason") || strings.Contains(out, "left out") {
			t.Errorf("every column should be there:\n%s", out)
		}
	}
	// In Chinese the line is Chinese, the titles joined with 、.
	_, zh, _ := runCeb(t, true, append(args, "--lang", "zh")...)
	if !strings.Contains(zh, "为适应80列宽度未显示：") || !strings.Contains(zh, "、") || strings.Contains(zh, "left out") {
		t.Errorf("the Chinese table does not say in Chinese what was left out:\n%s", zh)
	}
}

// At 80 columns the ranked trade modes keep rank, code, name, value, share
// and growth, a name too long for the width shortened with "…" in the
// terminal only; a pipe and CSV keep the whole name.
func TestTopFitsTerminal(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	args := []string{"stats", "top", "--by", "trade_mode", "--data", "../../testdata/gacc/trade_mode_2024-05_cny.txt", "--quiet"}
	_, tty, _ := runCeb(t, true, args...)
	for _, l := range strings.Split(strings.TrimRight(tty, "\n"), "\n") {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("a line is %d columns wide: %q", w, l)
		}
	}
	for _, want := range []string{"rank", "trade_mode", "name", "value (CNY 100m)", "share", "growth", "0110", "Ordinary Tr…", "24,225.6", "65.3%", "+7.1%", "…"} {
		if !strings.Contains(tty, want) {
			t.Errorf("the narrowed table lacks %q:\n%s", want, tty)
		}
	}
	_, pipe, _ := runCeb(t, false, args...)
	_, csv, _ := runCeb(t, false, append(args, "--format", "csv")...)
	for _, out := range []string{pipe, csv} {
		if !strings.Contains(out, "Processing and Assembling Trade with Foreign-Supplied Materials") || strings.Contains(out, "…") {
			t.Errorf("a name was shortened outside a terminal:\n%s", out)
		}
	}
}

// A diff in an 80-column terminal is stacked: each figure heads a block,
// each change is a line (before → after) no wider than the terminal, and
// the star that says the press figure changed is kept, with its legend.
func TestDiffKeepsPressMark(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	_, tty, _ := runCeb(t, true, "diff", "--from", "2024-07-31", "--to", "2024-10-31", "--series", "cbec", "--quiet")
	for _, l := range strings.Split(tty, "\n") {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("a line is %d columns wide: %q", w, l)
		}
	}
	for _, want := range []string{"\ncbec total 2024H1\n", "\n* level           RMB 1.22 trillion → RMB 1.25 trillion\n", "\n  share           5.7% → 5.7%\n", "\n* press figure changed\n"} {
		if !strings.Contains(tty, want) {
			t.Errorf("the narrowed diff lacks %q:\n%s", want, tty)
		}
	}
}

// A monthly trend lists the months the data has, not a row of n/a for
// each month it lacks, and prints each note once (January and February of
// a year share one Spring Festival note). A series without months says how
// it is published.
func TestMonthlyTrend(t *testing.T) {
	_, out, _ := runCeb(t, false, "stats", "trend", "--series", "trade", "--freq", "month", "--quiet")
	if regexp.MustCompile(`\| +n/a \| +n/a \|`).MatchString(out) {
		t.Errorf("the monthly trend lists months without data:\n%s", out)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "note:") {
			if seen[l] {
				t.Errorf("note printed twice: %s", l)
			}
			seen[l] = true
		}
	}
	code, _, errOut := runCeb(t, false, "stats", "trend", "--series", "cbec", "--freq", "month", "--quiet")
	if code == 0 || !strings.Contains(errOut, "cbec has no monthly figures: it is published yearly, half-yearly") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// explain's numbers are the stats commands' own: for each selection the
// explained result and levels equal the JSON rows of the stats command.
func TestExplainAgreesWithStats(t *testing.T) {
	tests := []struct {
		name         string
		stats, expl  []string
		result, a, b string // JSON keys of the stats row: the result and the two levels
	}{
		{"growth as first published", []string{"stats", "growth", "--series", "cbec", "--flow", "total", "--period", "2024H1", "--as-of", "2024-07-31"},
			[]string{"explain", "growth", "--series", "cbec", "--period", "2024H1", "--as-of", "2024-07-31"}, "growth_pct", "value", "base_value"},
		{"growth derived by subtraction", []string{"stats", "growth", "--series", "trade", "--flow", "total", "--period", "2021Q2"},
			[]string{"explain", "growth", "--series", "trade", "--period", "2021Q2"}, "growth_pct", "value", "base_value"},
		{"compare", []string{"stats", "compare", "--flow", "total", "--period", "2024H1", "--as-of", "2024-07-31"},
			[]string{"explain", "compare", "--period", "2024H1", "--as-of", "2024-07-31"}, "gap_pp", "value", "base_value"},
		{"multiple", []string{"stats", "multiple", "--series", "cbec", "--flow", "total", "--from", "2018", "--to", "2023"},
			[]string{"explain", "multiple", "--series", "cbec", "--from", "2018", "--to", "2023"}, "ratio", "to_value", "from_value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, _ := runCeb(t, false, append(tt.stats, "--format", "json")...)
			var s struct{ Rows []map[string]any }
			if err := json.Unmarshal([]byte(out), &s); err != nil || len(s.Rows) == 0 {
				t.Fatalf("stats: %v\n%s", err, out)
			}
			code, out, errOut := runCeb(t, false, append(tt.expl, "--format", "json")...)
			var e struct {
				Explanation struct {
					Result *float64
					Levels []struct{ Value *float64 }
				}
			}
			if err := json.Unmarshal([]byte(out), &e); err != nil || code != 0 {
				t.Fatalf("explain: exit %d, %v\n%s%s", code, err, out, errOut)
			}
			row := s.Rows[0]
			if e.Explanation.Result == nil || *e.Explanation.Result != row[tt.result].(float64) {
				t.Errorf("result %v, stats %v", e.Explanation.Result, row[tt.result])
			}
			for i, key := range []string{tt.a, tt.b} {
				if lv := e.Explanation.Levels[i].Value; lv == nil || *lv != row[key].(float64) {
					t.Errorf("level %d = %v, stats %s = %v", i, lv, key, row[key])
				}
			}
		})
	}
}

// Every command's flag help fits 80 columns (cobra prints a flag's text on
// one line otherwise: stats top's --group was 248 characters).
func TestFlagHelpFits80Columns(t *testing.T) {
	for _, c := range []string{"stats growth", "stats compare", "stats multiple", "stats trend", "stats top", "stats revisions",
		"data list", "data show", "data validate", "data import", "data aggregate", "chart", "report", "diff", "explain"} {
		t.Run(c, func(t *testing.T) {
			code, stdout, _ := runCeb(t, false, append(strings.Fields(c), "--help")...)
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			_, flags, ok := strings.Cut(stdout, "\nFlags:\n")
			if !ok {
				t.Fatalf("no Flags: section in\n%s", stdout)
			}
			for _, line := range strings.Split(flags, "\n") {
				if w := runewidth.StringWidth(line); w > 80 {
					t.Errorf("%d columns: %q", w, line)
				}
			}
		})
	}
}
