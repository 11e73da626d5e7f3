package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An interrupted run leaves no temporary file, keeps the previous output,
// and exits 130. The run is held waiting for standard input, with its
// outputs already opened, when the signal arrives.
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ceb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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
