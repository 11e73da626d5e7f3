package decl

import (
	"encoding/binary"
	"errors"
	"fmt"
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

// Options control Aggregate.
type Options struct {
	By        string   // month (default), quarter, half or year
	CBECModes []string // default DefaultCBECModes
	Dims      []string // any of AggregateDims
	SkipBad   int      // bad records tolerated; more stop the run
	Workers   int      // default GOMAXPROCS
	ChunkSize int      // bytes per chunk (default 4 MiB)
	// Progress, when set, is called with the number of input bytes read
	// so far (compressed bytes for gzip).
	Progress func(read int64)
	// MaxMemory, when set, is the memory the groups of a breakdown (Dims)
	// may take, in bytes: past it they are spilled to files in TempDir
	// (default os.TempDir()) and merged at the end, with the same result.
	// The Result must then be closed.
	MaxMemory int64
	TempDir   string

	spill   *spiller // set by Aggregate when MaxMemory is
	spillAt int      // groups a worker's table holds before it spills
}

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
