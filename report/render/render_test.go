package render

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

func sample() *report.Table {
	nan, inf := math.NaN(), math.Inf(1)
	t := &report.Table{Currency: data.CNY, Columns: []report.Column{
		{Key: "series"},
		{Key: "value", Kind: report.Amount},
		{Key: "growth_pct", Kind: report.Percent},
		{Key: "gap_pp", Kind: report.Points},
		{Key: "ratio", Kind: report.Ratio},
		{Key: "r2", Kind: report.Fraction},
		{Key: "years", Kind: report.Count},
		{Key: "detail", Detail: true},
		{Key: "reason"},
	}}
	t.Add(report.Str("cbec"), report.Val(1.22e12), report.Val(10.5), report.Val(4.4), report.Val(2.2452830188679247), report.Val(0.957), report.Val(5), report.Str("x"), report.Str(""))
	t.Add(report.Str("跨境电商"), report.Val(266.4e9), report.Val(-3.9), report.Val(-0.04), report.Val(1.25), report.Val(1), report.Val(1234), report.Str("y"), report.Str(""))
	t.Add(report.Str("z"), report.Num(&nan), report.Num(&inf), report.Num(nil), report.Cell{}, report.Cell{}, report.Cell{}, report.Str(""), report.Str("zero base"))
	return t
}

func TestRenderGolden(t *testing.T) {
	meta := report.Meta{Command: "test", Datasets: []data.Source{{Path: "builtin", SHA256: "00"}}, AsOf: "2026-11-23", Currency: "CNY", Version: "dev"}
	tests := []struct {
		name string
		opt  Options
	}{
		{"table.txt", Options{Format: "table", Unit: "auto", Lang: vocab.En}},
		{"table_tty.txt", Options{Format: "table", Unit: "auto", Lang: vocab.En, Terminal: true}},
		{"table_zh.txt", Options{Format: "table", Unit: "100m", Lang: vocab.Zh}},
		{"table.md", Options{Format: "markdown", Unit: "auto", Lang: vocab.En}},
		{"table.csv", Options{Format: "csv"}},
		{"table.json", Options{Format: "json", Meta: meta}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, sample(), tt.opt); err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"NaN", "Inf"} {
				if strings.Contains(b.String(), bad) {
					t.Errorf("output contains %s", bad)
				}
			}
			testkit.Golden(t, tt.name, b.Bytes())
		})
	}
	if err := Render(&bytes.Buffer{}, sample(), Options{Format: "xml"}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestHumanNumbers(t *testing.T) {
	tests := []struct {
		name string
		f    float64
		col  report.Column
		unit data.Unit
		dec  int
		want string
	}{
		{"trillions", 1.22e12, report.Column{Kind: report.Amount}, data.Unit1t, 2, "1.22"},
		{"100 million with separators", 1.25e12, report.Column{Kind: report.Amount}, data.Unit100m, 1, "12,500.0"},
		{"negative amount", -9.6e9, report.Column{Kind: report.Amount}, data.Unit100m, 1, "-96.0"},
		{"rounds to zero without a sign", -0.004e8, report.Column{Kind: report.Amount}, data.Unit100m, 1, "0.0"},
		{"growth", 10.909090909, report.Column{Kind: report.Percent}, data.Unit1, 0, "+10.9%"},
		{"half rounds away from zero", 10.45, report.Column{Kind: report.Percent}, data.Unit1, 0, "+10.5%"},
		{"decline", -3.85, report.Column{Kind: report.Percent}, data.Unit1, 0, "-3.9%"},
		{"zero", 0.04, report.Column{Kind: report.Points}, data.Unit1, 0, "0.0"},
		{"ratio one decimal", 2.2452830188679247, report.Column{Kind: report.Ratio}, data.Unit1, 0, "2.2"},
		{"count", 1234567, report.Column{Kind: report.Count}, data.Unit1, 0, "1,234,567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := human(report.Val(tt.f), tt.col, tt.unit, tt.dec, vocab.En); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Text from the data cannot drive the terminal: an escape sequence that
// would clear the screen, an OSC title and a newline inside a cell are shown
// escaped, and the table keeps one line a row.
func TestTerminalEscapes(t *testing.T) {
	tb := &report.Table{Columns: []report.Column{{Key: "series"}, {Key: "value", Kind: report.Count}}}
	tb.Add(report.Str("a\x1b[2Jb"), report.Val(1))
	tb.Add(report.Str("\x1b]0;pwned\x07c"), report.Val(2))
	tb.Add(report.Str("two\nlines"), report.Val(3))
	for _, format := range []string{"table", "markdown"} {
		var b bytes.Buffer
		if err := Render(&b, tb, Options{Format: format, Lang: vocab.En}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s: control characters reach the terminal: %q", format, out)
		}
		for _, want := range []string{`a\x1b[2Jb`, `\x1b]0;pwned\ac`, `two\nlines`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q not shown escaped in %q", format, want, out)
			}
		}
		if n := strings.Count(out, "\n"); format == "table" && n != 7 {
			t.Errorf("%s: %d lines, want 7: %q", format, n, out)
		}
	}
	// Machine formats keep the data as it is: CSV quotes it, JSON escapes it.
	var b bytes.Buffer
	if err := Render(&b, tb, Options{Format: "csv", Lang: vocab.En}); err != nil || !strings.Contains(b.String(), "a\x1b[2Jb") {
		t.Errorf("csv changed the data: %q, %v", b.String(), err)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		width int
		want  string
	}{
		{"no width", "a b c", 0, "a b c"},
		{"fits", "note: short", 20, "note: short"},
		{"at spaces", "note: one two three", 10, "note: one\ntwo three"},
		{"long word", "abcdefghij", 4, "abcd\nefgh\nij"},
		// Each Chinese character is two columns wide (runewidth).
		{"Chinese anywhere", "注：春节为二月十日", 8, "注：春节\n为二月十\n日"},
		// A line never starts with "，": the character before goes down too.
		{"Chinese before a comma", "春节为二月，宜比较", 10, "春节为二\n月，宜比较"},
		{"Chinese before two closing marks", "春节为二月）。宜比较", 10, "春节为二\n月）。宜比\n较"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Wrap(tt.s, tt.width); got != tt.want {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
			}
		})
	}
}

// A narrowed table drops plain columns before those that qualify a number
// (basis, check, reason, the computed rate), and never a key column: a rate
// left without its basis would look published.
func TestFitDropsQualifiersLast(t *testing.T) {
	tb := &report.Table{Columns: []report.Column{
		{Key: "series", Keep: true},
		{Key: "growth_pct", Keep: true, Kind: report.Percent},
		{Key: "growth_basis", Qualifies: true},
		{Key: "computed_growth_pct", Kind: report.Percent, Qualifies: true},
		{Key: "base_value", Kind: report.Count},
		{Key: "change", Kind: report.Count},
	}}
	tb.Add(report.Str("cbec"), report.Val(14.3), report.Str("computed"), report.Val(14.3), report.Val(1000000), report.Val(143000))
	all := []int{0, 1, 2, 3, 4, 5}
	tests := []struct {
		width int
		kept  []int
	}{
		{200, all},
		{60, []int{0, 1, 2, 3, 4}}, // the plain columns go, rightmost first
		{45, []int{0, 1, 2, 3}},
		{35, []int{0, 1, 2}}, // then the qualifiers, rightmost first
		{10, []int{0, 1}},    // key columns stay past the width
	}
	for _, tt := range tests {
		kept, _, _, _, _ := fit(tb, append([]int{}, all...), Options{Lang: vocab.En, Width: tt.width})
		if !slices.Equal(kept, tt.kept) {
			t.Errorf("width %d: kept %v, want %v", tt.width, kept, tt.kept)
		}
	}
}

// TestDiffStacksInNarrowTerminals: diff's key columns (the press texts
// before and after) need about 120 columns; in a narrower terminal each
// figure heads a block and each change is a line, "* label  before →
// after", no line wider than the terminal.
func TestDiffStacksInNarrowTerminals(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	key := func(fl data.Flow) data.Key {
		return data.Key{Series: "cbec", Flow: fl, Period: data.Half(2024, 1), Currency: data.CNY}
	}
	changes := []report.Change{
		{Key: key(data.Total), What: "level", Figure: report.FigAmount, Before: f(1.22e12), After: f(1.2463e12), Headline: true},
		{Key: key(data.Total), What: "gap", Figure: report.FigPoints, Before: f(4.4), After: f(6.9), Headline: true},
		{Key: key(data.Total), What: "share", Figure: report.FigShare, Before: f(5.74), After: f(5.71)},
		{Key: key(data.Export), What: "level", Figure: report.FigAmount, After: f(979.9e9), Headline: true},
	}
	tb := report.DiffTable(changes, data.CNY)
	tests := []struct {
		name  string
		lang  vocab.Lang
		width int
		want  []string // lines, in order
	}{
		{"english at 80 columns", vocab.En, 80, []string{
			"cbec total 2024H1",
			"* level  RMB 1.22 trillion → RMB 1.25 trillion",
			"* gap    4.4 percentage points higher → 6.9 percentage points higher",
			"  share  5.7% → 5.7%",
			"cbec export 2024H1",
			"* level  – → RMB 979.9 billion",
			"* press figure changed",
		}},
		{"english at 50 columns: after on a line of its own", vocab.En, 50, []string{
			"* gap    4.4 percentage points higher",
			"         → 6.9 percentage points higher",
		}},
		{"chinese at 80 columns", vocab.Zh, 80, []string{
			"cbec 进出口 2024年上半年",
			"* 金额  1.22万亿元 → 1.25万亿元",
			"* 差距  高出4.4个百分点 → 高出6.9个百分点",
			"* 新闻稿数字变化",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, tb, Options{Lang: tt.lang, Width: tt.width, Terminal: true}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			for _, l := range lines {
				if w := runewidth.StringWidth(l); w > tt.width {
					t.Errorf("line %q is %d columns wide, more than %d", l, w, tt.width)
				}
			}
			at := 0
			for _, want := range tt.want {
				i := slices.Index(lines[at:], want)
				if i < 0 {
					t.Fatalf("no line %q after line %d in\n%s", want, at, out)
				}
				at += i + 1
			}
		})
	}
	// A terminal wide enough keeps the table.
	var b bytes.Buffer
	if err := Render(&b, tb, Options{Lang: vocab.En, Width: 200, Terminal: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "│ before") {
		t.Errorf("at 200 columns, want the table, got\n%s", b.String())
	}
}

// CSV and JSON keep the fields scripts select on as codes whatever --lang
// is: flow, period (canonical), status and diff's terms come out of a
// Chinese run as out of an English one; only prose (reasons, notes,
// before/after text) follows the language.
func TestMachineFormatsKeepCodesInEveryLanguage(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	key := data.Key{Series: "cbec", Flow: data.Import, Period: data.Half(2024, 1), Currency: data.CNY}
	diff := report.DiffTable([]report.Change{{Key: key, What: "level", Figure: report.FigAmount, Before: f(2.6e11), After: f(2.664e11), Headline: true}}, data.CNY)
	status := &report.Table{Currency: data.CNY, Columns: []report.Column{{Key: "flow", Kind: report.Flow}, {Key: "period", Kind: report.Period}, {Key: "consistency", Kind: report.Status}}}
	status.Add(report.Str("total"), report.Str("2024-01..2024-02"), report.Str("revised-base"))
	for _, tt := range []struct {
		name   string
		table  *report.Table
		format string
		want   []string // substrings of the output, in both languages
	}{
		{"diff as CSV", diff, "csv", []string{"cbec,import,2024H1,CNY,level,", ",yes,"}},
		{"diff as JSON", diff, "json", []string{`"flow": "import"`, `"period": "2024H1"`, `"what": "level"`, `"headline": "yes"`}},
		{"codes as CSV", status, "csv", []string{"total,2024-01..2024-02,revised-base"}},
		{"codes as JSON", status, "json", []string{`"flow": "total", "period": "2024-01..2024-02", "consistency": "revised-base"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range []vocab.Lang{vocab.En, vocab.Zh} {
				var b bytes.Buffer
				if err := Render(&b, tt.table, Options{Format: tt.format, Lang: l}); err != nil {
					t.Fatal(err)
				}
				for _, w := range tt.want {
					if !strings.Contains(b.String(), w) {
						t.Errorf("%v: no %q in\n%s", l, w, b.String())
					}
				}
			}
		})
	}
}

// A table of key columns only, too wide for the terminal, puts its
// headers' parentheses on a second line rather than run past the edge
// (stats revisions at 80 columns was 97 wide).
func TestHeadersSplitToFit(t *testing.T) {
	tb := &report.Table{Currency: data.CNY, Columns: []report.Column{
		{Key: "series", Keep: true}, {Key: "flow", Keep: true, Kind: report.Flow}, {Key: "period", Keep: true, Kind: report.Period},
		{Key: "first_value", Keep: true, Kind: report.Amount}, {Key: "latest_value", Keep: true, Kind: report.Amount},
		{Key: "revision_pct", Keep: true, Kind: report.Percent}, {Key: "growth_revision_pp", Keep: true, Kind: report.Points},
	}}
	tb.Add(report.Str("cbec"), report.Str("total"), report.Str("2022"), report.Val(2.11e12), report.Val(2.0578e12), report.Val(-2.5), report.Val(-2.7))
	for _, tt := range []struct {
		lang  vocab.Lang
		width int
		split bool
	}{{vocab.En, 200, false}, {vocab.En, 80, true}, {vocab.Zh, 80, true}} {
		var b bytes.Buffer
		if err := Render(&b, tb, Options{Lang: tt.lang, Width: tt.width, Terminal: true}); err != nil {
			t.Fatal(err)
		}
		widest := 0
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			widest = max(widest, runewidth.StringWidth(line))
		}
		if widest > tt.width {
			t.Errorf("width %d: a line of %d columns:\n%s", tt.width, widest, b.String())
		}
		if got := regexp.MustCompile(`\n│ +│ +│ +│ +\((CNY tn|万亿元)\) │`).MatchString(b.String()); got != tt.split {
			t.Errorf("width %d: units on a line of their own = %v, want %v:\n%s", tt.width, got, tt.split, b.String())
		}
		// A Chinese title's parenthesis follows it without a space.
		if tt.lang == vocab.Zh && !regexp.MustCompile(`│ +\(百分点\) │`).MatchString(b.String()) {
			t.Errorf("(百分点) not on a line of its own:\n%s", b.String())
		}
	}
}
