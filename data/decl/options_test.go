package decl

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// Every invalid option is a *data.OptionError naming it, from Plan.
func TestPlanRefuses(t *testing.T) {
	tests := []struct {
		name   string
		opt    Options
		option string // OptionError.Option
		value  string // OptionError.Value
	}{
		{"unknown period", Options{By: "week"}, "by", "week"},
		{"period in capitals", Options{By: "Month"}, "by", "Month"},
		{"unknown dimension", Options{Dims: []string{"province", "city"}}, "dims", "city"},
		{"two HS levels", Options{Dims: []string{"hs2", "hs4"}}, "dims", "hs4"},
		{"short supervision code", Options{CBECModes: []string{"9610", "96"}}, "cbec-modes", "96"},
		{"letters in a supervision code", Options{CBECModes: []string{"96a0"}}, "cbec-modes", "96a0"},
		{"negative skip-bad", Options{SkipBad: -1}, "skip-bad", "-1"},
		{"negative workers", Options{Workers: -2}, "workers", "-2"},
		{"negative chunk size", Options{ChunkSize: -1}, "chunk-size", "-1"},
		{"negative memory", Options{MaxMemory: -1, Dims: []string{"hs2"}}, "max-memory", "-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.opt.Plan()
			var oe *data.OptionError
			if !errors.As(err, &oe) || p != nil {
				t.Fatalf("Plan() = %v, %v; want an OptionError", p, err)
			}
			if oe.Option != tc.option || oe.Value != tc.value {
				t.Errorf("OptionError{%q, %q}, want {%q, %q}: %v", oe.Option, oe.Value, tc.option, tc.value, err)
			}
		})
	}
}

// Plan decodes each option once, with the defaults filled in.
func TestPlanDecodes(t *testing.T) {
	p, err := Options{By: "quarter", Dims: []string{"partner", "hs4"}, CBECModes: []string{"0110"}, SkipBad: 3}.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if p.by != data.KindQuarter || len(p.dimRoles) != 2 || p.dimRoles[0] != rolePartner || p.dimRoles[1] != roleHS4 {
		t.Errorf("by %v, dims %v", p.by, p.dimRoles)
	}
	if !p.modes.byNumber[110] || p.modes.byNumber[9610] {
		t.Error("the CBEC modes are not 0110 alone")
	}
	if p.workers != runtime.GOMAXPROCS(0) || p.chunkSize != defaultChunkSize || p.spillAt != 0 {
		t.Errorf("workers %d, chunk %d, spillAt %d: want the defaults and no spilling", p.workers, p.chunkSize, p.spillAt)
	}
	p, err = Options{}.Plan()
	if err != nil || p.by != data.KindMonth || p.dimRoles != nil || !p.modes.byNumber[9610] {
		t.Errorf("the zero Options: %+v, %v", p, err)
	}
	// The budget is shared by the workers' tables and the merged one.
	p, err = Options{Dims: []string{"hs2"}, Workers: 3, MaxMemory: 4000 * groupBytes}.Plan()
	if err != nil || p.spillAt != 1000 {
		t.Errorf("spillAt = %d, want 1000 (%v)", p.spillAt, err)
	}
	// Without dimensions there is no group table to bound.
	if p, err = (Options{Workers: 3, MaxMemory: 4000 * groupBytes}).Plan(); err != nil || p.spillAt != 0 {
		t.Errorf("without dims: spillAt = %d, want 0 (%v)", p.spillAt, err)
	}
}

// An invalid option fails before any input is opened or read: with an
// input that does not exist the error is the option's, not the file's, and
// standard input is left unread.
func TestAggregateChecksOptionsFirst(t *testing.T) {
	bad := []Options{{By: "week"}, {Dims: []string{"hs2", "hs6"}}, {CBECModes: []string{"1"}}, {SkipBad: -1}, {MaxMemory: -1, Dims: []string{"hs2"}}}
	missing := filepath.Join(t.TempDir(), "no-such.csv")
	for _, opt := range bad {
		_, err := Aggregate(context.Background(), []string{missing}, opt)
		var oe *data.OptionError
		if !errors.As(err, &oe) {
			t.Errorf("%+v on a missing file: %v, want an OptionError", opt, err)
		}
	}

	// Standard input is a pipe holding a good file: after the refusal,
	// every byte of it is still there to read.
	content := []byte(declHead + "D1,2024-01-05,export,9610,6109,US,GD,CNY,1.00,1\n")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := w.Write(content); err != nil {
		t.Fatal(err)
	}
	w.Close()
	defer func(old *os.File) { os.Stdin = old }(os.Stdin)
	os.Stdin = r
	for _, opt := range bad {
		_, err := Aggregate(context.Background(), []string{"-"}, opt)
		var oe *data.OptionError
		if !errors.As(err, &oe) {
			t.Errorf("%+v on standard input: %v, want an OptionError", opt, err)
		}
	}
	left, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(left, content) {
		t.Errorf("standard input was read: %d of %d bytes left (%v)", len(left), len(content), err)
	}
}
