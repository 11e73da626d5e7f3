package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cbec-stats/ceb/data/warehouse"
	"github.com/cbec-stats/ceb/internal/dbtest"
	"github.com/cbec-stats/ceb/internal/declgen"
)

// Every example in every command's help runs as written (exit 0), in a
// directory holding the files the examples name: a user who copies one
// gets what the help promises. Examples that pipe into ceb are left out;
// an example's warehouse is the test server of its engine.
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
				for i, a := range args {
					if warehouse.IsURL(a) {
						args[i] = exampleWarehouse(t, a, decl.Bytes())
					}
				}
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
		case r == '"' || r == '\'':
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

// exampleWarehouse points an example's warehouse URL at the test server of
// its engine, keeping its table, which it loads with declarations. Without
// a server the example skips (fails under CEB_REQUIRE_DB=1).
func exampleWarehouse(t *testing.T, example string, declarations []byte) string {
	t.Helper()
	u, err := url.Parse(example)
	if err != nil {
		t.Fatal(err)
	}
	table := u.Query().Get("table")
	if strings.HasPrefix(example, "clickhouse://") {
		dbtest.LoadClickHouse(t, table, "declaration_id String, declared_on Date, flow String, trade_mode String, hs_code String, partner String, province String, currency String, value Decimal(18,2), pieces Int64", declarations)
		return dbtest.ClickHouseURL(t) + "?table=" + table
	}
	if schema, _, ok := strings.Cut(table, "."); ok {
		if _, err := dbtest.Postgres(t).Exec(context.Background(), "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
			t.Fatal(err)
		}
	}
	dbtest.LoadPostgres(t, table, "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint", declarations)
	q := u.Query()
	q.Del("sslmode") // the test server speaks no TLS
	return dbtest.PostgresURL(t) + "?" + q.Encode()
}
