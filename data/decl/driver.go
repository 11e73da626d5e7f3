package decl

import (
	"context"
	"errors"
	"os"
	"sort"

	"github.com/cbec-stats/ceb/data"
)

// The driver of an aggregation: the inputs in turn, each read by its pool
// of workers, their groups merged (and spilled past the budget), then the
// rows rolled up.

// Aggregate reads declaration files and sums them per class, period, flow,
// currency and the dimensions asked for. The options are checked first
// (Options.Plan): an invalid one is a *data.OptionError, and no input is
// read. Files are read in chunks split at record boundaries (quoted
// newlines included) and parsed on every core; memory grows with the
// number of groups, not of records. Every record is validated; bad records
// are reported with their line. With more than opt.SkipBad bad records the
// result is an error naming the first (the returned Result still lists
// those found).
func Aggregate(ctx context.Context, paths []string, opt Options) (*Result, error) {
	p, err := opt.Plan()
	if err != nil {
		return nil, err
	}
	return p.Aggregate(ctx, paths)
}

// Aggregate is the package's Aggregate with options already checked.
func (p *Plan) Aggregate(ctx context.Context, paths []string) (*Result, error) {
	inputs, err := listInputs(paths)
	if err != nil {
		return nil, err
	}
	r := &run{plan: p, res: &Result{dims: p.opt.Dims}, merged: newGroupTable(p.dimRoles), months: make([]bool, slotYears*12), read: readCounter{progress: p.opt.Progress}}
	if p.spillAt > 0 {
		if r.spill, err = newSpiller(p.opt.TempDir, p.by, p.dimRoles); err != nil {
			return nil, err
		}
		defer func() {
			if r.res.spill == nil { // not handed to the result
				r.spill.remove()
			}
		}()
	}
	for _, in := range inputs {
		stopped, err := r.aggregateInput(ctx, in)
		if err != nil {
			return nil, err
		}
		if stopped {
			r.res.stopped = true
			break
		}
	}
	res := r.res
	sort.Slice(res.Bad, func(i, j int) bool {
		if res.Bad[i].File != res.Bad[j].File {
			return res.Bad[i].File < res.Bad[j].File
		}
		return res.Bad[i].Line < res.Bad[j].Line
	})
	res.BadCount = int64(len(res.Bad))
	return res.finish(r.merged, r.months, p, r.spill)
}

// run is the state of one aggregation across its inputs.
type run struct {
	plan   *Plan
	res    *Result
	merged *groupTable // the groups of the inputs read so far (those not spilled)
	months []bool      // year-months with records
	read   readCounter // input bytes read, for Options.Progress
	spill  *spiller    // where groups go past the budget; nil without one
}

// listInputs checks that standard input is named once at most and lists
// the files to read, a directory's Parquet files in its place.
func listInputs(paths []string) ([]hivePart, error) {
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
	if err := distinctFiles(files); err != nil {
		return nil, err
	}
	return files, nil
}

// distinctFiles refuses a file named twice (d.csv and ./d.csv, a link to
// another input, overlapping globs, a file also inside a directory given):
// its records would be counted twice. Files are compared by identity
// (os.SameFile: device and inode, links resolved), only within one size.
func distinctFiles(files []hivePart) error {
	type seen struct {
		path string
		info os.FileInfo
	}
	bySize := map[int64][]seen{}
	for _, f := range files {
		if f.path == "-" {
			continue
		}
		info, err := os.Stat(f.path)
		if err != nil {
			continue // opening it says why
		}
		for _, s := range bySize[info.Size()] {
			if os.SameFile(s.info, info) {
				return data.Fail(f.path, 0, "the same file as %q, given before: its records would be counted twice; give each file once", s.path)
			}
		}
		bySize[info.Size()] = append(bySize[info.Size()], seen{f.path, info})
	}
	return nil
}

// aggregateInput reads one file, CSV or Parquet, and merges its groups. It
// reports whether the bad-record limit stopped the reading.
func (r *run) aggregateInput(ctx context.Context, in hivePart) (stopped bool, err error) {
	fh, err := openDeclarations(in.path)
	if err != nil {
		return false, err
	}
	var ws []*aggWorker
	switch {
	case isParquet(fh):
		ws, err = r.aggregateParquet(ctx, in, fh)
	case in.parts != nil:
		err = data.Fail(in.path, 0, "not a Parquet file; a partitioned directory holds Parquet files only")
	default:
		ws, err = r.aggregateFile(ctx, in.path, fh)
	}
	if fh != os.Stdin {
		fh.Close()
	}
	if err != nil && !errors.Is(err, errBadLimit) {
		return false, err
	}
	if merr := r.mergeWorkers(in.path, ws); merr != nil {
		return false, merr
	}
	return errors.Is(err, errBadLimit), nil
}

// newWorkers makes n workers for a file whose columns have the roles cols.
func (r *run) newWorkers(n int, cols []int, path string) []*aggWorker {
	ws := make([]*aggWorker, n)
	for i := range ws {
		ws[i] = newWorker(cols, r.plan.modes, r.plan.dimRoles, path)
		if ws[i].groups != nil {
			ws[i].spill, ws[i].spillAt = r.spill, r.plan.spillAt
		}
	}
	return ws
}

// mergeWorkers adds the records, bad records and groups of a file's
// workers to the run, and spills the merged groups past the budget.
func (r *run) mergeWorkers(path string, ws []*aggWorker) error {
	for i, w := range ws {
		r.res.Records += w.records
		r.res.Bad = append(r.res.Bad, w.bad...)
		if w.overflow {
			return data.Fail(path, 0, "a sum overflows 64-bit fen; split the input")
		}
		if w.groups != nil && r.merged.len() == 0 {
			// The first table becomes the merged one: one table
			// fewer at the peak (the others merge into it).
			r.merged = w.groups
			for i := range r.merged.len() {
				r.months[r.merged.key(i).period()] = true
			}
		} else if !r.merged.merge(w, r.months) {
			return data.Fail(path, 0, "a sum overflows 64-bit fen; split the input")
		}
		ws[i] = nil // its table can go
	}
	if sp := r.spill; sp != nil && (sp.used || r.merged.len() >= r.plan.spillAt) {
		sp.spill(r.merged)
		r.merged = newGroupTable(r.plan.dimRoles)
	}
	return nil
}
