package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/internal/dbtest"
	"github.com/cbec-stats/ceb/internal/declgen"
)

// warehouseDecl writes generated declarations and returns the file and its
// content.
func warehouseDecl(t *testing.T) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := declgen.Generate(&b, 5000, 5, 2024); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "decl.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

// TestWarehouseCommands runs ceb's commands on a table in each engine and
// on the file it was loaded from: the outputs must agree.
func TestWarehouseCommands(t *testing.T) {
	path, content := warehouseDecl(t)
	for _, e := range []struct {
		name string
		url  func(testing.TB) string
		load func(testing.TB, string, string, []byte)
		cols string
	}{
		{"postgres", dbtest.PostgresURL, dbtest.LoadPostgres, "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint"},
		{"clickhouse", dbtest.ClickHouseURL, dbtest.LoadClickHouse, "declaration_id String, declared_on Date, flow String, trade_mode String, hs_code String, partner String, province String, currency String, value Decimal(18,2), pieces Int64"},
	} {
		t.Run(e.name, func(t *testing.T) {
			table := dbtest.TableName(t)
			url := e.url(t) + "?table=" + table
			e.load(t, table, e.cols, content)
			for _, args := range [][]string{
				{"data", "aggregate", "SOURCE", "--dims", "province,hs2"},
				{"data", "aggregate", "SOURCE", "--by", "quarter", "--cbec-modes", "9610,9710"},
				{"stats", "growth", "--data", "SOURCE", "--period", "2025H1"},
			} {
				t.Run(strings.Join(args, " "), func(t *testing.T) {
					run := func(src string) (int, string, string) {
						a := append([]string(nil), args...)
						for i := range a {
							if a[i] == "SOURCE" {
								a[i] = src
							}
						}
						return runCeb(t, false, a...)
					}
					wc, wout, _ := run(path)
					gc, gout, gerr := run(url)
					if gc != 0 || wc != 0 {
						t.Fatalf("exit %d (file: %d): %s", gc, wc, gerr)
					}
					if gout != wout {
						t.Errorf("output from %s differs from the file's:\n%s\n--- file\n%s", e.name, gout, wout)
					}
				})
			}
		})
	}
}

// TestWarehousePasswordStaysOut: a password given in the URL shows nowhere
// (PostgreSQL's test server trusts loopback, so it connects with any).
func TestWarehousePasswordStaysOut(t *testing.T) {
	_, content := warehouseDecl(t)
	table := dbtest.TableName(t)
	base := dbtest.PostgresURL(t)
	dbtest.LoadPostgres(t, table, "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint", content)
	url := strings.Replace(base, "@", ":Pw-9x7q@", 1) + "?table=" + table
	if !strings.Contains(url, ":Pw-9x7q@") {
		t.Fatalf("test URL %s has no user to add a password to", base)
	}
	dir := t.TempDir()
	code, out, errOut := runCeb(t, false, "stats", "growth", "--data", url, "--period", "2025H1", "--format", "json")
	if code != 0 || strings.Contains(out+errOut, "Pw-9x7q") || !strings.Contains(out, `"path": "postgres://`) {
		t.Errorf("stats growth: exit %d, output %s %s", code, out, errOut)
	}
	xlsx, text := filepath.Join(dir, "h1.xlsx"), filepath.Join(dir, "h1.md")
	code, out, errOut = runCeb(t, false, "report", "--data", url, "--period", "2025H1", "--against", "trade", "-o", xlsx, "--text", text)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	if strings.Contains(out+errOut, "Pw-9x7q") {
		t.Errorf("report output: %s %s", out, errOut)
	}
	if b, _ := os.ReadFile(text); bytes.Contains(b, []byte("Pw-9x7q")) || len(b) == 0 {
		t.Errorf("press text: %s", b)
	}
	zr, err := zip.OpenReader(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	sawSource := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("Pw-9x7q")) {
			t.Errorf("the workbook's %s holds the password", f.Name)
		}
		sawSource = sawSource || bytes.Contains(b, []byte("?table="+table))
	}
	if !sawSource {
		t.Error("the workbook does not name its source")
	}
	// A refused connection: exit 1, host and port named, no password.
	code, _, errOut = runCeb(t, false, "data", "aggregate", "postgres://ceb:Pw-9x7q@127.0.0.1:1/ceb?table=declarations")
	if code != 1 || strings.Contains(errOut, "Pw-9x7q") || !strings.Contains(errOut, "cannot connect to 127.0.0.1:1") {
		t.Errorf("refused connection: exit %d, stderr %s", code, errOut)
	}
}

// --max-memory: a budget far below the groups gives the same output; a
// size that is not one is a usage error.
func TestAggregateMaxMemory(t *testing.T) {
	var b bytes.Buffer
	if err := declgen.Generate(&b, 40000, 8, 2024); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "decl.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	code, want, errOut := runCeb(t, false, "data", "aggregate", p, "--dims", "province,partner,hs2", "--max-memory", "64GiB")
	if code != 0 {
		t.Fatal(errOut)
	}
	code, got, errOut := runCeb(t, false, "data", "aggregate", p, "--dims", "province,partner,hs2", "--max-memory", "1MiB", "--temp-dir", tmp)
	if code != 0 || got != want {
		t.Errorf("exit %d, %s; the output differs: %v", code, errOut, got != want)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("%d entries left in --temp-dir", len(ents))
	}
	for _, bad := range []string{"lots", "0", "12KB", "-5MiB"} {
		if code, _, errOut := runCeb(t, false, "data", "aggregate", p, "--dims", "hs2", "--max-memory", bad); code != 2 || !strings.Contains(errOut, "--max-memory") {
			t.Errorf("--max-memory %s: exit %d, %s", bad, code, errOut)
		}
	}
}

// stats top ranks a warehouse's breakdown: dims= in the --data URL asks
// the engine for it (the commands that read --data have no --dims). The
// ranking is the one of the file aggregated with --dims.
func TestWarehouseTop(t *testing.T) {
	path, content := warehouseDecl(t)
	base := dbtest.PostgresURL(t)
	table := dbtest.TableName(t)
	dbtest.LoadPostgres(t, table, "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint", content)
	agg := filepath.Join(t.TempDir(), "by-partner.csv")
	if code, _, errOut := runCeb(t, false, "data", "aggregate", path, "--dims", "partner", "-o", agg); code != 0 {
		t.Fatal(errOut)
	}
	args := []string{"stats", "top", "--by", "partner", "--period", "2025", "--n", "5", "--format", "csv"}
	_, want, _ := runCeb(t, false, append(args, "--data", agg)...)
	code, got, errOut := runCeb(t, false, append(args, "--data", base+"?table="+table+"&dims=partner")...)
	if code != 0 || got != want || !strings.Contains(got, "others") {
		t.Errorf("exit %d %s\ngot\n%s\nwant\n%s", code, errOut, got, want)
	}
	if code, _, errOut := runCeb(t, false, "stats", "growth", "--data", base+"?table="+table+"&dims=country"); code != 1 || !strings.Contains(errOut, `"country" is not a dimension`) {
		t.Errorf("dims=country: exit %d, %s", code, errOut)
	}
}
