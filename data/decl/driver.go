package decl

import (
	"context"
	"errors"
	"os"
	"runtime"
	"runtime/debug"
	"sort"

	"github.com/cbec-stats/ceb/data"
)

// The driver of an aggregation: the inputs in turn, each read by its pool
// of workers, their groups merged (and spilled past the budget), then the
// rows rolled up.

// Aggregate reads declaration files and sums them per class,
// period, flow, currency and the dimensions asked for. Files are read in
// chunks split at record boundaries (quoted newlines included) and parsed
// on every core; memory grows with the number of groups, not of records.
// Every record is validated; bad records are reported with their line.
// With more than opt.SkipBad bad records the result is an error naming the
// first (the returned Result still lists those found).
func Aggregate(ctx context.Context, paths []string, opt Options) (*Result, error) {
	modes, err := newModeSet(opt.CBECModes)
	if err != nil {
		return nil, err
	}
	dimRoles, err := dimRolesOf(opt.Dims)
	if err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := &Result{dims: opt.Dims}
	merged := newGroupTable(dimRoles)
	if opt.MaxMemory > 0 && len(dimRoles) > 0 {
		by, err := periodKind(opt.By)
		if err != nil {
			return nil, err
		}
		if opt.spill, err = newSpiller(opt.TempDir, by, dimRoles); err != nil {
			return nil, err
		}
		// The workers' tables and the merged one share the budget.
		opt.spillAt = max(1, min(maxTableGroups, int(opt.MaxMemory/groupBytes/int64(workers+1))))
		// And the collector keeps to it: by default it lets the heap grow
		// to twice what is live, which took the 512 MiB job to 687 MB.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(opt.MaxMemory))
		defer func() {
			if res.spill == nil {
				opt.spill.remove()
			}
		}()
	}
	months := make([]bool, slotYears*12) // year-months with records
	var read int64
	stdin := 0
	for _, p := range paths {
		if p == "-" {
			if stdin++; stdin > 1 {
				return nil, errors.New("standard input (-) can be read only once")
			}
		}
	}
	var files []hivePart
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			parts, err := hiveParts(p)
			if err != nil {
				return nil, err
			}
			files = append(files, parts...)
			continue
		}
		files = append(files, hivePart{path: p})
	}
	for _, hp := range files {
		p := hp.path
		fh, err := openDeclarations(p)
		if err != nil {
			return nil, err
		}
		var ws []*aggWorker
		if isParquet(fh) {
			ws, err = aggregateParquet(ctx, p, fh, hp.parts, opt, modes, dimRoles, workers, &read)
		} else if hp.parts != nil {
			fh.Close()
			return nil, data.Fail(p, 0, "not a Parquet file; a partitioned directory holds Parquet files only")
		} else {
			ws, err = aggregateFile(ctx, p, fh, opt, modes, dimRoles, workers, &read)
		}
		if fh != os.Stdin {
			fh.Close()
		}
		if err != nil && !errors.Is(err, errBadLimit) {
			return nil, err
		}
		for i, w := range ws {
			res.Records += w.records
			res.Bad = append(res.Bad, w.bad...)
			if w.overflow {
				return nil, data.Fail(p, 0, "a sum overflows 64-bit fen; split the input")
			}
			if w.groups != nil && merged.len() == 0 {
				// The first table becomes the merged one: one table
				// fewer at the peak (the others merge into it).
				merged = w.groups
				for i := range merged.len() {
					months[merged.key(i).period()] = true
				}
			} else if !merged.merge(w, months) {
				return nil, data.Fail(p, 0, "a sum overflows 64-bit fen; split the input")
			}
			ws[i] = nil // its table can go
		}
		if sp := opt.spill; sp != nil && (sp.used || merged.len() >= opt.spillAt) {
			sp.spill(merged)
			merged = newGroupTable(dimRoles)
		}
		if errors.Is(err, errBadLimit) {
			res.stopped = true
			break
		}
	}
	sort.Slice(res.Bad, func(i, j int) bool {
		if res.Bad[i].File != res.Bad[j].File {
			return res.Bad[i].File < res.Bad[j].File
		}
		return res.Bad[i].Line < res.Bad[j].Line
	})
	res.BadCount = int64(len(res.Bad))
	return res.finish(merged, months, opt)
}
