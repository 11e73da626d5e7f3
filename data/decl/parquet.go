package decl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// A Parquet file read through the pool, a row group at a time.

// ParquetMagic starts and ends a Parquet file.
var ParquetMagic = []byte("PAR1")

// isParquet reports whether a regular file starts with Parquet's magic
// bytes. It reads them in place, so a stream is never consumed (and never
// Parquet: that format is read from its end).
func isParquet(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	var b [4]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		return false
	}
	return bytes.Equal(b[:], ParquetMagic)
}

// aggregateParquet reads a Parquet file of declarations through the same
// validation as CSV, its row groups on the pool's workers, only the
// declaration columns; a record's "line" is its row number (header = 1).
//
// Row groups are independent: the workers take them in turn, each into its
// own aggregate, and the caller merges the aggregates (sums are exact, so
// the order does not matter). Each group's first line is known from the
// groups before it, so bad records keep their lines.
func (r *run) aggregateParquet(ctx context.Context, in hivePart, fh *os.File) ([]*aggWorker, error) {
	pf, err := openParquet(in, fh)
	if err != nil {
		return nil, err
	}
	ws := r.newWorkers(max(1, min(r.plan.workers, len(pf.groups))), []int{roleID, roleDate, roleFlow, roleMode, roleHS, rolePartner, roleProvince, roleCurrency, roleValue, rolePieces}, in.path)
	p := &pool[int]{ws: ws, skipBad: r.plan.opt.SkipBad, seq: func(g int) int { return g }, read: pf.readGroup}
	g := 0
	stopped, err := p.run(ctx, func() (int, bool, error) {
		if g == len(pf.groups) {
			return 0, false, nil
		}
		g++
		return g - 1, true, nil
	})
	pf.caches.release() // the workers are done with them
	if err != nil {
		return nil, err
	}
	if stopped {
		return ws, errBadLimit
	}
	r.read.add(pf.size)
	return ws, nil
}

// parquetFile is a Parquet file of declarations opened for reading, its
// footer checked and its declaration columns found.
type parquetFile struct {
	path      string
	fh        *os.File
	size      int64
	dataEnd   int64 // where the column chunks end (checkFooter)
	cols      []parquetColumn
	groups    []parquet.RowGroup
	meta      []format.RowGroup // the footer's description of each row group
	firstLine []int             // the line of each row group's first row
	caches    pageCaches        // the buffers of the page reader, by worker
}

// openParquet opens a Parquet file of declarations, in being its path and
// hive partition values.
func openParquet(in hivePart, fh *os.File) (*parquetFile, error) {
	path := in.path
	info, err := fh.Stat()
	if err != nil {
		return nil, data.FileError(path, err)
	}
	pf := &parquetFile{path: path, fh: fh, size: info.Size()}
	if pf.dataEnd, err = checkFooter(fh, info.Size()); err != nil {
		return nil, data.Fail(path, 0, "a damaged Parquet file (%v); export or copy it again", err)
	}
	// The page index and bloom filters are not needed, and not read: a
	// damaged page index made the Parquet library panic on opening.
	var f *parquet.File
	var openErr error
	if err := parquetGuard(path, func() error {
		f, openErr = parquet.OpenFile(fh, info.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		return nil
	}); err != nil {
		return nil, err
	}
	if openErr != nil {
		return nil, data.Fail(path, 0, "not a readable Parquet file: %v", openErr)
	}
	if err := parquetGuard(path, func() (err error) {
		pf.cols, err = parquetColumns(path, f.Schema(), in.parts)
		return err
	}); err != nil {
		return nil, err
	}
	pf.groups, pf.meta = f.RowGroups(), f.Metadata().RowGroups
	if len(pf.meta) != len(pf.groups) {
		return nil, data.Fail(path, 0, "a damaged Parquet file (%d row groups in its footer, %d read); export or copy it again", len(pf.meta), len(pf.groups))
	}
	pf.firstLine = make([]int, len(pf.groups))
	line := 2
	for i, rg := range pf.groups {
		pf.firstLine[i] = line
		line += int(rg.NumRows())
	}
	return pf, nil
}

// readGroup reads row group g into w (a pool's read).
func (pf *parquetFile) readGroup(w *aggWorker, g int, halt func() bool) (int, error) {
	if halt() {
		return 0, nil
	}
	return 0, parquetGuard(pf.path, func() error {
		pages := &groupPages{r: pf.fh, meta: &pf.meta[g], cache: pf.caches.of(w)}
		if err := checkGroup(pf.fh, pf.dataEnd, &pf.meta[g], w, pf.cols, &pages.refs); err != nil {
			return data.Fail(pf.path, pf.firstLine[g], "a damaged Parquet file (row group %d, %v); export or copy it again", g+1, err)
		}
		return parquetGroup(w, pf.path, pf.groups[g], pf.cols, pages, pf.firstLine[g], halt)
	})
}

// parquetGuard runs f and turns a panic raised inside the Parquet library —
// which trusts some lengths and offsets of the file it reads, so a damaged
// file could crash ceb — into an error naming the file. A panic elsewhere
// (a bug of ceb's own) goes on.
func parquetGuard(path string, f func() error) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, fault := r.(interface{ Addr() uintptr }); fault || !inParquetLibrary(debug.Stack()) {
			panic(r)
		}
		err = data.Fail(path, 0, "a damaged Parquet file (reading it failed: %v); export or copy it again", r)
	}()
	return f()
}

// inParquetLibrary reports whether the innermost frame of a panicking
// goroutine's stack, below the runtime's own, is the Parquet library's.
func inParquetLibrary(stack []byte) bool {
	for _, line := range strings.Split(string(stack), "\n") {
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "goroutine ") || line == "" {
			continue
		}
		if strings.HasPrefix(line, "runtime.") || strings.HasPrefix(line, "runtime/debug.") || strings.HasPrefix(line, "panic(") ||
			strings.HasPrefix(line, "github.com/cbec-stats/ceb/data/decl.parquetGuard") {
			continue
		}
		return strings.HasPrefix(line, "github.com/parquet-go/")
	}
	return false
}

// parquetNeeds reports whether the declaration column of role is read from
// a Parquet file: the checks never look at declaration_id, and partner and
// province matter only as dimensions.
func (w *aggWorker) parquetNeeds(role int) bool {
	switch role {
	case roleID:
		return false
	case rolePartner, roleProvince:
		return slices.Contains(w.dims, role)
	}
	return true
}

// groupPages are the pages of the column chunks of a row group that a
// worker reads, by role, as checkGroup found them.
type groupPages struct {
	r     io.ReaderAt
	meta  *format.RowGroup
	refs  [10][]pageRef
	cache *pageCache
}

// own is the page reader of the chunk of role, or nil when the Parquet
// library is to read it.
func (g *groupPages) own(role int, c parquetColumn) *ownChunk {
	if g == nil || !parquetOwnPages || c.index < 0 || c.index >= len(g.meta.Columns) {
		return nil
	}
	cc := &g.meta.Columns[c.index]
	if !ownReadable(cc, c.typed, c.maxDef, g.refs[role]) {
		return nil
	}
	return &ownChunk{r: g.r, codec: cc.MetaData.Codec, pages: g.refs[role], maxDef: c.maxDef, role: role, cache: g.cache}
}

// checkGroup runs checkChunk on the column chunks of a row group that w
// reads, keeping their pages in refs.
func checkGroup(r io.ReaderAt, dataEnd int64, rg *format.RowGroup, w *aggWorker, cols []parquetColumn, refs *[10][]pageRef) error {
	for i, c := range cols {
		if c.index < 0 || c.index >= len(rg.Columns) || !w.parquetNeeds(i) {
			continue
		}
		if err := checkChunk(r, dataEnd, &rg.Columns[c.index], &refs[i]); err != nil {
			return fmt.Errorf("column %s: %v", Columns[i], err)
		}
	}
	return nil
}

// parquetGroup reads one row group into w, its first row being line, a
// batch of rows at a time so that memory does not grow with the group; it
// stops early when halt reports true (badLimit).
func parquetGroup(w *aggWorker, path string, rg parquet.RowGroup, cols []parquetColumn, pages *groupPages, line int, halt func() bool) error {
	// Only the columns the job needs are read: the checks never look at
	// declaration_id, and partner and province matter only as dimensions
	// (on the 10M-record file the id, unique per record, was the largest
	// column to decode).
	needed := w.parquetNeeds
	if parquetTyped && typedReadable(cols, needed) {
		return typedGroup(w, path, rg, cols, pages, needed, line, halt)
	}
	curs := make([]*columnCursor, len(cols))
	for i, c := range cols {
		if c.index >= 0 && needed(i) {
			curs[i] = &columnCursor{pages: rg.ColumnChunks()[c.index].Pages(), text: c.text, plain: c.plain, maxDef: c.maxDef}
			defer curs[i].close()
		}
	}
	total := int(rg.NumRows())
	var f [10][]byte
	for done := 0; done < total; {
		n := min(parquetBatch, total-done)
		for i, c := range curs {
			if c == nil {
				continue
			}
			if err := c.next(n); err != nil {
				return data.Fail(path, line+done, "reading Parquet column %s: %v", Columns[i], err)
			}
		}
		for r := range n {
			for i, c := range cols {
				switch {
				case curs[i] != nil:
					f[i] = curs[i].out.row(r)
				case c.index < 0:
					f[i] = c.constant
				}
			}
			w.record(&f, line+done+r)
			if halt() {
				return nil
			}
		}
		done += n
	}
	return extraValues(path, line, total, curs)
}

// extraValues is the error for a column, of the cursors curs (by role,
// nil for those not read), that has values left after a row group's total
// rows, as a repeated column would.
func extraValues[C interface {
	comparable
	more() bool
}](path string, line, total int, curs []C) error {
	var none C
	for i, c := range curs {
		if c != none && c.more() {
			return data.Fail(path, line, "reading Parquet column %s: more values than the row group's %d rows (a repeated column?)", Columns[i], total)
		}
	}
	return nil
}

// parquetBatch is how many rows of a row group are held as text at once
// (a variable so that tests can make batches end inside pages).
var parquetBatch = 64 << 10

// parquetTyped is whether a file whose columns have typed readings is read
// by the typed reader, and parquetOwnPages whether the typed reader reads
// the pages it can itself (parquet_pages.go) rather than through the
// Parquet library (variables so that tests can compare the readers).
var parquetTyped, parquetOwnPages = true, true
