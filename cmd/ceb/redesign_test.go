package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report/vocab"
)

// ceb diff --fail-on-change says a press figure changed exactly when the
// press text ceb report writes changes: 1500.4 → 1500.2 亿元 is "1500亿元"
// ("RMB 150 billion") in both texts, so exit 0; 1500.4 → 1510 changes the
// text, so exit 4. The texts are written and read back, in both languages.
func TestDiffFollowsPressText(t *testing.T) {
	dir := t.TempDir()
	body := "series,flow,period,value,unit,vintage\nx,total,2024H1,%s,100m,2024-07-30\nx,total,2023H1,1400,100m,2023-07-30\n" +
		"trade,total,2024H1,211700,100m,2024-07-12\ntrade,total,2023H1,201000,100m,2023-07-13\n"
	write := func(name, level string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Replace(body, "%s", level, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	press := func(in string) string {
		t.Helper()
		md := strings.TrimSuffix(in, ".csv") + ".md"
		code, _, stderr := runCeb(t, false, "report", "--data", in, "--series", "x", "--period", "2024H1", "--as-of", "2024-08-01",
			"--out", strings.TrimSuffix(in, ".csv")+".xlsx", "--text", md, "--lang", "both", "--quiet")
		if code != 0 {
			t.Fatalf("report: exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(md)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := write("before.csv", "1500.4")
	tests := []struct {
		name, level string
		sameText    bool
		code        int
	}{
		{"rounds to the same press figure", "1500.2", true, 0},
		{"changes the press figure", "1510", false, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := write(strings.ReplaceAll(tt.name, " ", "_")+".csv", tt.level)
			if same := press(before) == press(after); same != tt.sameText {
				t.Fatalf("press texts the same: %v, want %v", same, tt.sameText)
			}
			for _, lang := range []string{"en", "zh"} {
				code, out, stderr := runCeb(t, false, "diff", "--before", before, "--after", after, "--fail-on-change", "--as-of", "2024-08-01", "--lang", lang)
				if code != tt.code {
					t.Errorf("%s: diff exit %d, want %d: %s\n%s", lang, code, tt.code, stderr, out)
				}
			}
		})
	}
}

// ceb explain speaks the language asked for and writes text or JSON; it
// refuses the table formats it has no form for (exit 2).
func TestExplainLangAndFormat(t *testing.T) {
	args := []string{"explain", "compare", "--period", "2024H1", "--as-of", "2024-07-31"}
	code, out, _ := runCeb(t, false, append(args, "--lang", "zh")...)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"本期：", "基期：", "采用", "未用", "公式：", "修约：", "核对：", "10.5 − 6.1 = 4.4个百分点"} {
		if !strings.Contains(out, want) {
			t.Errorf("zh explanation lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"current", "base:", "formula", "rounding", "check:", "used", "passed"} {
		if strings.Contains(out, english) {
			t.Errorf("zh explanation says %q:\n%s", english, out)
		}
	}
	if code, out, _ := runCeb(t, false, append(args, "--lang", "zh", "--format", "json")...); code != 0 || !strings.Contains(out, `"formula": "差距 = round(10.5, 1)`) {
		t.Errorf("zh json: exit %d\n%s", code, out)
	}
	for _, format := range []string{"csv", "markdown"} {
		code, _, stderr := runCeb(t, false, append(args, "--format", format)...)
		if code != 2 || !strings.Contains(stderr, "--format "+format) {
			t.Errorf("--format %s: exit %d, %q", format, code, stderr)
		}
	}
}

// Each command turns its flags into parsed options before any data is
// read; runF sees them.
func TestOptionsThroughRunF(t *testing.T) {
	run := func(t *testing.T, cmd *cobra.Command, f *Factory, args ...string) {
		t.Helper()
		root := &cobra.Command{Use: "ceb", PersistentPreRunE: func(*cobra.Command, []string) error { return f.parseGlobals() }, SilenceUsage: true, SilenceErrors: true}
		pf := root.PersistentFlags()
		pf.StringVar(&f.Format, "format", "table", "")
		pf.StringVar(&f.Globals.Lang, "lang", "en", "")
		pf.StringVar(&f.Globals.Currency, "currency", "CNY", "")
		pf.StringVar(&f.Unit, "unit", "auto", "")
		pf.StringVar(&f.Layout, "layout", "auto", "")
		pf.StringVar(&f.Globals.AsOf, "as-of", "", "")
		pf.IntVar(&f.MaxInput, "max-input", 64, "")
		root.AddCommand(cmd)
		root.SetArgs(args)
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
	}
	factory := func() *Factory {
		io, _, _ := TestStreams("", false)
		return &Factory{IO: io, Now: fixedNow}
	}
	t.Run("growth", func(t *testing.T) {
		f := factory()
		var got *GrowthOptions
		run(t, NewCmdGrowth(f, func(o *GrowthOptions) error { got = o; return nil }), f,
			"growth", "--period", "2024H1", "--flow", "export,import", "--where", "partner=US", "--currency", "USD")
		q := got.Query
		if *q.Period != data.Half(2024, 1) || len(q.Flows) != 2 || q.Flows[1] != data.Import || q.Dims.Partner != "US" || q.Currency != data.USD {
			t.Errorf("query = %+v", q)
		}
	})
	t.Run("report", func(t *testing.T) {
		f := factory()
		var got *ReportOptions
		out := filepath.Join(t.TempDir(), "r.xlsx")
		run(t, NewCmdReport(f, func(o *ReportOptions) error { got = o; return nil }), f,
			"report", "--period", "2024", "--out", out, "--lang", "both", "--embargo", "2025-01-14T10:00+08:00")
		if *got.Period != data.Year(2024) || got.Langs.String() != "both" || got.Langs.First() != vocab.Zh || got.Embargo == nil || got.Embargo.Hour() != 10 {
			t.Errorf("options = %+v", got)
		}
	})
	t.Run("chart", func(t *testing.T) {
		f := factory()
		var got *ChartOptions
		run(t, NewCmdChart(f, func(o *ChartOptions) error { got = o; return nil }), f,
			"chart", "top", "--by", "partner", "--n", "5", "--out", filepath.Join(t.TempDir(), "x.svg"), "--lang", "zh")
		if got.Kind != "top" || got.Query.By != "partner" || got.Query.N != 5 || got.Draw.Format != "svg" || got.Draw.Lang != vocab.Zh {
			t.Errorf("options = %+v", got)
		}
	})
	t.Run("diff", func(t *testing.T) {
		f := factory()
		var got *DiffOptions
		run(t, NewCmdDiff(f, func(o *DiffOptions) error { got = o; return nil }), f,
			"diff", "--from", "2024-07-31", "--to", "2024-10-31", "--period", "2024H1", "--fail-on-change")
		if got.From.String() != "2024-07-31" || got.To.String() != "2024-10-31" || *got.Query.Period != data.Half(2024, 1) || !got.FailOnChange || got.Query.Press == nil {
			t.Errorf("options = %+v", got)
		}
	})
	t.Run("explain", func(t *testing.T) {
		f := factory()
		var got *ExplainOptions
		run(t, NewCmdExplain(f, func(o *ExplainOptions) error { got = o; return nil }), f,
			"explain", "multiple", "--series", "trade", "--from", "2018", "--to", "2023", "--format", "json")
		if got.What != "multiple" || got.Query.Series[0] != "trade" || got.Query.Flows[0] != data.Total || got.Span.From.Year != 2018 || !got.JSON {
			t.Errorf("options = %+v", got)
		}
	})
}

// --unit takes the unit words ceb prints (亿, 万, 万亿) as well as codes.
func TestUnitWords(t *testing.T) {
	for unit, want := range map[string]string{"亿": "(CNY 100m)", "万": "(CNY 10k)", "万亿": "(CNY tn)", "亿元": "(CNY 100m)", "1t": "(CNY tn)"} {
		code, out, stderr := runCeb(t, false, "stats", "growth", "--series", "cbec", "--period", "2024H1", "--as-of", "2024-07-31", "--unit", unit)
		if code != 0 || !strings.Contains(out, "value "+want) {
			t.Errorf("--unit %s: exit %d, %s\n%s", unit, code, stderr, out)
		}
	}
	if code, _, stderr := runCeb(t, false, "stats", "growth", "--unit", "斤"); code != 2 || !strings.Contains(stderr, "万, 亿, 万亿") {
		t.Errorf("--unit 斤: exit %d, %q", code, stderr)
	}
}

// A trend chart takes --freq month and quarter, charting the periods the
// series has; growth and share charts stay by year or half.
func TestChartTrendByMonth(t *testing.T) {
	dir := t.TempDir()
	for _, freq := range []string{"month", "quarter"} {
		out := filepath.Join(dir, freq+".svg")
		if code, _, stderr := runCeb(t, false, "chart", "trend", "--series", "trade", "--freq", freq, "--out", out, "-q"); code != 0 {
			t.Errorf("--freq %s: exit %d, %s", freq, code, stderr)
		}
		if b, err := os.ReadFile(out); err != nil || len(b) < 1000 {
			t.Errorf("--freq %s: %d bytes, %v", freq, len(b), err)
		}
	}
	if code, _, stderr := runCeb(t, false, "chart", "growth", "--freq", "month", "--out", filepath.Join(dir, "g.svg")); code != 2 || !strings.Contains(stderr, "a trend chart takes quarter and month") {
		t.Errorf("growth by month: exit %d, %q", code, stderr)
	}
}

// ceb's version comes from the build: a module version, else the VCS
// revision (+dirty when the checkout had changes), else it says plainly
// that the build carries neither; never "dev".
func TestVersionOf(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "false"}}}, "devel+0123456789ab"},
		{"modified checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}}, "devel+0123456789ab+dirty"},
		{"neither (go run, -buildvcs=false)", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, unversioned},
		{"no build info", nil, unversioned},
	}
	for _, tt := range tests {
		if got := versionOf(tt.bi, tt.bi != nil); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
