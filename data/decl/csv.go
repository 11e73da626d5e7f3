package decl

import (
	"bytes"
	"context"
	"errors"
	"os"
	"runtime/debug"
	"sync"
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
func aggregateFile(ctx context.Context, path string, fh *os.File, opt Options, modes *modeSet, dimRoles []int, workers int, read *int64) ([]*aggWorker, error) {
	size := opt.ChunkSize
	if size <= 0 {
		size = 4 << 20
	}
	// A mapped file that shrinks while being read makes reads fault; this
	// goroutine and the workers turn such faults into an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	start := *read
	src, err := chunkSource(path, fh, size, workers, read, opt.Progress)
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
		next = mappedChunks(path, src.mapped, len(src.head), size, false, read, opt.Progress)
	}
	ws, stopped, miscut, err := parseChunks(ctx, path, next, roles, opt, modes, dimRoles, workers)
	if src.mapped != nil && (miscut || stopped && !errors.Is(err, context.Canceled)) {
		var quotes bool
		if ferr := guardFault(path, func() { quotes = bytes.IndexByte(src.mapped, '"') >= 0 }); ferr != nil {
			return nil, ferr
		}
		if miscut || quotes {
			*read = start + int64(len(src.head))
			ws, stopped, _, err = parseChunks(ctx, path, mappedChunks(path, src.mapped, len(src.head), size, true, read, opt.Progress), roles, opt, modes, dimRoles, workers)
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

// parseChunks parses the chunks next gives on workers goroutines. It
// reports whether the bad-record limit stopped them, and whether a chunk
// but the last ended inside a quoted field (then it was cut in the wrong
// place).
func parseChunks(ctx context.Context, path string, next func() (chunk, bool, error), roles []int, opt Options, modes *modeSet, dimRoles []int, workers int) (ws []*aggWorker, stopped, miscut bool, err error) {
	var (
		lim   = newBadLimit(opt.SkipBad)
		cut   atomic.Bool
		mu    sync.Mutex
		lines = map[int]int{} // lines in each chunk
		ferr  error           // a fault, under mu
		spans = make([][]span, workers)
		wg    sync.WaitGroup
		jobs  = make(chan chunk, workers)
	)
	ws = make([]*aggWorker, workers)
	for i := range ws {
		w := newWorker(roles, modes, dimRoles, path)
		if w.groups != nil {
			w.spill, w.spillAt = opt.spill, opt.spillAt
		}
		ws[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			debug.SetPanicOnFault(true)
			for c := range jobs {
				n, from := 0, len(w.bad)
				err := guardFault(path, func() {
					if lim.skip(c.seq) {
						n = bytes.Count(c.data, nl)
						return
					}
					w.openQuote = false
					n = w.parseChunk(c.data, 0, func() bool { return lim.skip(c.seq) || len(w.bad)-from > opt.SkipBad })
					if w.openQuote && !c.last {
						cut.Store(true)
					}
					lim.add(c.seq, len(w.bad)-from)
				})
				if err != nil {
					mu.Lock()
					ferr = err
					mu.Unlock()
					lim.abort.Store(true)
				}
				if len(w.bad) > from {
					spans[i] = append(spans[i], span{c.seq, from, len(w.bad)})
				}
				mu.Lock()
				lines[c.seq] = n
				mu.Unlock()
				if c.release != nil {
					c.release()
				}
			}
		}()
	}
	var rerr error
	for !lim.stopped() && !lim.abort.Load() {
		if err := ctx.Err(); err != nil {
			rerr = err
			break
		}
		var c chunk
		var ok bool
		if ferr := guardFault(path, func() { c, ok, err = next() }); ferr != nil {
			err = ferr
		}
		if err != nil {
			rerr = err
			break
		}
		if !ok {
			break
		}
		jobs <- c
	}
	close(jobs)
	wg.Wait()
	if rerr == nil {
		rerr = ferr
	}
	if rerr != nil {
		return nil, false, cut.Load(), rerr
	}
	renumber(ws, spans, lines)
	return ws, lim.stopped(), cut.Load(), nil
}
