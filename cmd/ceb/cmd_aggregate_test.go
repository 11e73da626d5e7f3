package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The flags of `data aggregate` are checked the same whatever the source:
// a file, or a warehouse URL (unreachable here: the flags fail first).
func TestAggregateFlagsWhateverTheSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "decl.csv")
	url := "postgres://u@127.0.0.1:1/db?table=t"
	tests := []struct {
		name string
		args []string
		want string // the whole of stderr, but for its newline
	}{
		{"max-memory", []string{"--max-memory", "banana"}, `--max-memory "banana": give a size of 1MiB or more, such as 512MiB or 2GiB`},
		{"max-memory too small", []string{"--max-memory", "1KiB"}, `--max-memory "1KiB": give a size of 1MiB or more, such as 512MiB or 2GiB`},
		{"by", []string{"--by", "week"}, `--by "week": use month, quarter, half or year`},
		{"dims", []string{"--dims", "city"}, `--dims "city": unknown dimension: use province, partner, trade_mode, hs2, hs4, hs6, hs8`},
		{"cbec-modes", []string{"--cbec-modes", "96"}, `--cbec-modes "96": not a 4-digit supervision code`},
		{"skip-bad", []string{"--skip-bad", "-1"}, `--skip-bad "-1": must be 0 or more`},
	}
	for _, tc := range tests {
		for _, src := range []string{file, url} {
			t.Run(tc.name+" "+map[bool]string{true: "url", false: "file"}[src == url], func(t *testing.T) {
				code, _, errOut := runCeb(t, false, append([]string{"data", "aggregate", src}, tc.args...)...)
				if code != 2 || strings.TrimSpace(errOut) != tc.want {
					t.Errorf("exit %d, stderr %q; want 2, %q", code, errOut, tc.want)
				}
			})
		}
	}
	// --columns names a warehouse table's columns, not a file's.
	code, _, errOut := runCeb(t, false, "data", "aggregate", file, "--columns", "value=amount")
	if code != 2 || !strings.Contains(errOut, "--columns maps the columns of a warehouse table") {
		t.Errorf("--columns with a file: exit %d, %s", code, errOut)
	}
}

// RunE hands runF the parsed values, not the flags' text.
func TestAggregateOptionsParsed(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, o *AggregateOptions)
	}{
		{"files", []string{"a.csv", "b.csv.gz", "--max-memory", "512MiB", "--dims", "province,hs2", "--by", "quarter", "--skip-bad", "3", "--temp-dir", "/scratch", "-o", "out.csv"},
			func(t *testing.T, o *AggregateOptions) {
				d := o.Decl
				if d.MaxMemory != 512<<20 || !slices.Equal(d.Dims, []string{"province", "hs2"}) || d.By != "quarter" || d.SkipBad != 3 || d.TempDir != "/scratch" {
					t.Errorf("Decl = %+v", d)
				}
				if !slices.Equal(o.Sources, []string{"a.csv", "b.csv.gz"}) || o.Out != "out.csv" || o.warehouse() {
					t.Errorf("sources %v, out %q", o.Sources, o.Out)
				}
				if !slices.Equal(d.CBECModes, []string{"9610", "9710", "9810", "1210", "1239"}) {
					t.Errorf("default modes %v", d.CBECModes)
				}
			}},
		{"warehouse", []string{"clickhouse://u@h:9000/db?table=t", "--max-memory", "2GB", "--cbec-modes", "9610,0110", "--columns", "value=amount", "--quiet"},
			func(t *testing.T, o *AggregateOptions) {
				if o.Decl.MaxMemory != 2e9 || !slices.Equal(o.Decl.CBECModes, []string{"9610", "0110"}) || o.Columns["value"] != "amount" || !o.warehouse() || !o.Quiet {
					t.Errorf("options %+v", o)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			io, _, _ := TestStreams("", false)
			f := &Factory{IO: io, Now: fixedNow}
			var got *AggregateOptions
			cmd := NewCmdAggregate(f, func(o *AggregateOptions) error { got = o; return nil })
			cmd.PersistentFlags().BoolVar(&f.Quiet, "quiet", false, "")
			cmd.SetArgs(tc.args)
			if err := cmd.ExecuteContext(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("runF was not called")
			}
			if got.IO != io || got.Ctx == nil {
				t.Errorf("IO %v, Ctx %v", got.IO, got.Ctx)
			}
			tc.check(t, got)
		})
	}
}
