package decl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// What an aggregation is asked to do: Options as callers give them, and
// Plan, the same checked and decoded once before any input is read.

// DefaultCBECModes are the supervision modes of cross-border e-commerce:
// 9610 (B2C by list), 9710 (B2B direct export), 9810 (export via overseas
// warehouse), 1210 (bonded) and 1239 (bonded A, imports).
var DefaultCBECModes = []string{"9610", "9710", "9810", "1210", "1239"}

// DimNames are the breakdowns `--dims` accepts: hs2, hs4, hs6 and hs8 are
// the HS code's first 2, 4, 6 or 8 digits (one of them at a time).
var DimNames = []string{"province", "partner", "trade_mode", "hs2", "hs4", "hs6", "hs8"}

// Options control Aggregate. Plan checks and decodes them; an invalid one
// is a *data.OptionError, returned before any input is read.
type Options struct {
	By        string   // month (default), quarter, half or year
	CBECModes []string // four-digit codes; default DefaultCBECModes
	Dims      []string // any of DimNames, one HS level at most
	SkipBad   int      // bad records tolerated (0 or more); more stop the run
	Workers   int      // default (0) GOMAXPROCS
	ChunkSize int      // bytes per chunk; default (0) 4 MiB
	// Progress, when set, is called with the number of input bytes read
	// so far (compressed bytes for gzip).
	Progress func(read int64)
	// MaxMemory, when set (0 or more), bounds the group table of a
	// breakdown (Dims), in bytes: past it the groups are spilled to files
	// in TempDir (default os.TempDir()) and merged at the end, with the
	// same result. The Result must then be closed. It bounds the groups
	// only: the process's memory limit (runtime/debug.SetMemoryLimit) is
	// the caller's business, and Aggregate leaves it alone.
	MaxMemory int64
	TempDir   string
}

// Plan is Options checked and decoded: what every stage of an aggregation
// reads. Options.Plan makes one; its zero value is not usable.
type Plan struct {
	opt       Options         // as given, for Result and messages
	by        data.PeriodKind // By
	modes     *modeSet        // CBECModes
	dimRoles  []int           // the roles of Dims, in their order; nil without Dims
	workers   int             // goroutines per input (Workers or GOMAXPROCS)
	chunkSize int             // bytes per CSV chunk
	// spillAt is the number of groups a worker's table holds before it
	// spills, 0 when groups are not spilled (no MaxMemory, or no Dims).
	spillAt int
}

// defaultChunkSize is the size of a CSV chunk when Options.ChunkSize is 0.
const defaultChunkSize = 4 << 20

// Plan checks every option and decodes them once. It reads no input: an
// invalid option is a *data.OptionError naming it (by, cbec-modes, dims,
// skip-bad, workers, chunk-size or max-memory) before the first byte of
// any file is read.
func (o Options) Plan() (*Plan, error) {
	p := &Plan{opt: o, workers: o.Workers, chunkSize: o.ChunkSize}
	var err error
	if p.by, err = periodKind(o.By); err != nil {
		return nil, err
	}
	if p.modes, err = newModeSet(o.CBECModes); err != nil {
		return nil, err
	}
	if p.dimRoles, err = dimRolesOf(o.Dims); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		name string
		n    int64
	}{{"skip-bad", int64(o.SkipBad)}, {"workers", int64(o.Workers)}, {"chunk-size", int64(o.ChunkSize)}, {"max-memory", o.MaxMemory}} {
		if c.n < 0 {
			return nil, &data.OptionError{Option: c.name, Value: strconv.FormatInt(c.n, 10), Err: errors.New("must be 0 or more")}
		}
	}
	if p.workers == 0 {
		p.workers = runtime.GOMAXPROCS(0)
	}
	if p.chunkSize == 0 {
		p.chunkSize = defaultChunkSize
	}
	if o.MaxMemory > 0 && len(p.dimRoles) > 0 {
		// The workers' tables and the merged one share the budget.
		p.spillAt = max(1, min(maxTableGroups, int(o.MaxMemory/groupBytes/int64(p.workers+1))))
	}
	return p, nil
}

// periodKind reads By.
func periodKind(by string) (data.PeriodKind, error) {
	k, ok := map[string]data.PeriodKind{"": data.KindMonth, "month": data.KindMonth, "quarter": data.KindQuarter, "half": data.KindHalf, "year": data.KindYear}[by]
	if !ok {
		return k, &data.OptionError{Option: "by", Value: by, Err: errors.New("use month, quarter, half or year")}
	}
	return k, nil
}

// dimRolesOf reads the dimensions asked for.
func dimRolesOf(dims []string) ([]int, error) {
	var roles []int
	hs := ""
	for _, d := range dims {
		r, ok := map[string]int{"province": roleProvince, "partner": rolePartner, "trade_mode": roleMode, "hs2": roleHS2, "hs4": roleHS4, "hs6": roleHS6, "hs8": roleHS8}[d]
		if !ok {
			return nil, &data.OptionError{Option: "dims", Value: d, Err: fmt.Errorf("unknown dimension: use %s", strings.Join(DimNames, ", "))}
		}
		if hsRoleDigits(r) > 0 {
			if hs != "" {
				return nil, &data.OptionError{Option: "dims", Value: d, Err: fmt.Errorf("one HS level at a time (%s was asked for too)", hs)}
			}
			hs = d
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// modeSet is the set of CBEC supervision modes, by number (general path)
// and by modeKey (fast path); it is built once and shared by the workers.
type modeSet struct {
	byNumber [10000]bool
	byKey    [1 << 16]uint8 // 1 for a CBEC mode
}

// newModeSet reads --cbec-modes: four-digit codes (nil: DefaultCBECModes).
func newModeSet(codes []string) (*modeSet, error) {
	if codes == nil {
		codes = DefaultCBECModes
	}
	s := &modeSet{}
	for _, m := range codes {
		if len(m) != 4 || !allDigits([]byte(m)) {
			return nil, &data.OptionError{Option: "cbec-modes", Value: m, Err: errors.New("not a 4-digit supervision code")}
		}
		n, _ := strconv.Atoi(m)
		s.byNumber[n] = true
		s.byKey[modeKey(binary.LittleEndian.Uint64([]byte(m+"----")))] = 1
	}
	return s, nil
}
