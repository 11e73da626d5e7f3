package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/internal/dbtest"
)

// An interrupted run leaves no temporary file, keeps the previous output,
// and exits 130. The run is held waiting for standard input, with its
// outputs already opened, when the signal arrives.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCeb(t)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			old := filepath.Join(dir, "h1.xlsx")
			os.WriteFile(old, []byte("previous report"), 0o644)
			cmd := exec.Command(bin, "report", "--data", "-", "--out", old, "--text", filepath.Join(dir, "h1.md"))
			stdin, _ := cmd.StdinPipe() // held open: the run waits on it
			defer stdin.Close()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until both temporary outputs exist.
			deadline := time.Now().Add(20 * time.Second)
			for {
				tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
				if len(tmps) == 2 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the outputs were never opened; stderr %q", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("exit: %v, want 130", err)
			}
			if !strings.Contains(stderr.String(), "ceb: interrupted") {
				t.Errorf("stderr %q", stderr.String())
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 || ents[0].Name() != "h1.xlsx" {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("directory holds %v, want only the previous h1.xlsx", names)
			}
			if b, _ := os.ReadFile(old); string(b) != "previous report" {
				t.Errorf("the previous output was clobbered: %q", b)
			}
		})
	}
}

var built struct {
	sync.Once
	bin string
	err error
	out []byte
}

// buildCeb builds the binary once for the tests that signal a process.
func buildCeb(t *testing.T) string {
	t.Helper()
	built.Do(func() {
		dir, err := os.MkdirTemp("", "ceb-bin")
		if err != nil {
			built.err = err
			return
		}
		built.bin = filepath.Join(dir, "ceb")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// Ctrl-C during a warehouse query cancels it on the server before ceb
// exits: the server stops sleeping in the slow view's pg_sleep.
func TestInterruptCancelsWarehouseQuery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := dbtest.PostgresURL(t)
	bin := buildCeb(t)
	table := dbtest.TableName(t)
	dbtest.LoadPostgres(t, table, "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint",
		[]byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.5,3\n"))
	c := dbtest.Postgres(t)
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE VIEW "+table+"_slow AS SELECT d.* FROM "+table+" d, LATERAL (SELECT pg_sleep(60)) s"); err != nil {
		t.Fatal(err)
	}
	sleeping := func() int {
		var n int
		_ = c.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND wait_event = 'PgSleep' AND datname = current_database()").Scan(&n)
		return n
	}
	cmd := exec.Command(bin, "data", "aggregate", base+"?table="+table+"_slow")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for sleeping() == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the query never ran; stderr %q", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	start := time.Now()
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || time.Since(start) > 5*time.Second {
		t.Errorf("exit: %v after %v, want 130 within 5 s; stderr %q", err, time.Since(start), stderr.String())
	}
	for deadline = time.Now().Add(3 * time.Second); sleeping() > 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the query still runs on the server 3 s after ceb exited")
		}
	}
}
