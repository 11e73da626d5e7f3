package decl

import (
	"bytes"
	"context"
	"errors"
	"os"
	"runtime/debug"
	"sync/atomic"
)

// A CSV file (plain, gzip or zstd, or a stream) read through the pool.

// aggregateFile streams one file through the workers. A plain file is
// mapped into memory where the system allows it, so chunks are slices of
// the file with no copy; gzip, pipes and other systems read through a
// fixed set of buffers.
//
// Chunks end at record boundaries (quoted newlines included). Workers
// count lines relative to their chunk; the line numbers of bad records are
// made absolute once every chunk's line count is known, so the reader does
// no counting of its own.
//
// A mapped file is first cut at the last newline of each chunk without
// counting quotes, which took a sixth of the job's time. Each chunk's
// parser then tells whether its end fell inside a quoted field (it starts
// on a record boundary, so that is the only way a cut can be wrong, and if
// no chunk's end did, every cut was right, chunk after chunk). When one
// did — or when the bad-record limit stopped the parsers early and the file
// has quotes at all — the file is read again, cut where quotes are
// counted.
func (r *run) aggregateFile(ctx context.Context, path string, fh *os.File) ([]*aggWorker, error) {
	size, read := r.plan.chunkSize, &r.read
	// A mapped file that shrinks while being read makes reads fault; this
	// goroutine and the workers turn such faults into an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	start := read.n
	src, err := chunkSource(path, fh, size, r.plan.workers, read)
	defer src.release()
	if err != nil {
		return nil, err
	}
	roles, err := declHeader(path, src.head)
	if err != nil {
		return nil, err
	}
	next := src.next
	if src.mapped != nil {
		next = mappedChunks(path, src.mapped, len(src.head), size, false, read)
	}
	ws, stopped, miscut, err := r.parseChunks(ctx, path, next, roles)
	if src.mapped != nil && (miscut || stopped && !errors.Is(err, context.Canceled)) {
		var quotes bool
		if ferr := guardFault(path, func() { quotes = bytes.IndexByte(src.mapped, '"') >= 0 }); ferr != nil {
			return nil, ferr
		}
		if miscut || quotes {
			read.n = start + int64(len(src.head))
			ws, stopped, _, err = r.parseChunks(ctx, path, mappedChunks(path, src.mapped, len(src.head), size, true, read), roles)
		}
	}
	if err != nil {
		return nil, err
	}
	if stopped {
		return ws, errBadLimit
	}
	return ws, nil
}

// parseChunks parses the chunks next gives on the plan's workers, each
// chunk's lines counted from 0 and the bad records' lines made the file's
// at the end. It reports whether the bad-record limit stopped them, and
// whether a chunk but the last ended inside a quoted field (then it was cut
// in the wrong place).
func (r *run) parseChunks(ctx context.Context, path string, next func() (chunk, bool, error), roles []int) (ws []*aggWorker, stopped, miscut bool, err error) {
	var cut atomic.Bool
	ws = r.newWorkers(r.plan.workers, roles, path)
	p := &pool[chunk]{ws: ws, skipBad: r.plan.opt.SkipBad, seq: func(c chunk) int { return c.seq },
		read: func(w *aggWorker, c chunk, halt func() bool) (lines int, err error) {
			err = guardFault(path, func() {
				w.openQuote = false
				lines = w.parseChunk(c.data, 0, halt)
				if w.openQuote && !c.last {
					cut.Store(true)
				}
			})
			if c.release != nil {
				c.release()
			}
			return lines, err
		}}
	stopped, err = p.run(ctx, func() (c chunk, ok bool, err error) {
		if ferr := guardFault(path, func() { c, ok, err = next() }); ferr != nil {
			err = ferr
		}
		return c, ok, err
	})
	if err != nil {
		return nil, false, cut.Load(), err
	}
	renumber(ws, p.spans, p.lines)
	return ws, stopped, cut.Load(), nil
}
