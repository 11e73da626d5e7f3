package decl

import (
	"cmp"
	"context"
	"errors"
	"math"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// The worker pool that reads the units of one input — the chunks of a CSV
// file, the row groups of a Parquet file — and the bad-record limit that
// stops it.

// errBadLimit stops the workers once too many bad records were seen.
var errBadLimit = errors.New("too many bad records")

// pool reads the units of one input — the chunks of a CSV file, the row
// groups of a Parquet file — on its workers, a goroutine each, taking the
// units in turn. It stops at the bad-record limit (badLimit), at the first
// failure, or when the context is done.
type pool[U any] struct {
	ws      []*aggWorker
	skipBad int
	seq     func(U) int // a unit's place in its input, from 0
	// read reads a unit into w, stopping when halt reports true, and
	// returns the number of lines the unit spans (0 when they are known
	// otherwise, as a Parquet row group's are).
	read func(w *aggWorker, u U, halt func() bool) (lines int, err error)

	lines map[int]int // lines in each unit read, by seq
	spans [][]span    // where each worker's bad records came from
}

// run hands the units next yields to the workers until next reports false,
// and waits for them. It reports whether the bad-record limit stopped them.
func (p *pool[U]) run(ctx context.Context, next func() (U, bool, error)) (stopped bool, err error) {
	var (
		lim  = newBadLimit(p.skipBad)
		mu   sync.Mutex
		ferr error // the first failure of a worker, under mu
		wg   sync.WaitGroup
		jobs = make(chan U, len(p.ws))
	)
	p.lines, p.spans = map[int]int{}, make([][]span, len(p.ws))
	for i, w := range p.ws {
		wg.Go(func() {
			// A mapped file that shrinks makes reads fault: guardFault
			// turns that into an error.
			debug.SetPanicOnFault(true)
			for u := range jobs {
				seq, from := p.seq(u), len(w.bad)
				n, err := p.read(w, u, func() bool { return lim.skip(seq) || len(w.bad)-from > p.skipBad })
				lim.add(seq, len(w.bad)-from)
				if len(w.bad) > from {
					p.spans[i] = append(p.spans[i], span{seq, from, len(w.bad)})
				}
				mu.Lock()
				p.lines[seq] = n
				if err != nil {
					ferr = cmp.Or(ferr, err)
					lim.abort.Store(true)
				}
				mu.Unlock()
			}
		})
	}
	var rerr error
	for !lim.stopped() && !lim.abort.Load() {
		if rerr = ctx.Err(); rerr != nil {
			break
		}
		u, ok, err := next()
		if err != nil {
			rerr = err
			break
		}
		if !ok {
			break
		}
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	if err := cmp.Or(rerr, ferr); err != nil {
		return false, err
	}
	return lim.stopped(), nil
}

// badLimit stops the workers once the bad records found exceed the limit,
// at the unit (a chunk, a row group) whose records took the count past it.
// Units before that one are still read to the end and later ones are not,
// so the file's first bad record is always among those found, whichever
// order the workers took the units in: the error that names it reads the
// same on every run.
type badLimit struct {
	limit int64
	found atomic.Int64
	at    atomic.Int64 // the unit that passed the limit; math.MaxInt64 until one does
	abort atomic.Bool  // a fault: stop every unit
}

func newBadLimit(limit int) *badLimit {
	l := &badLimit{limit: int64(limit)}
	l.at.Store(math.MaxInt64)
	return l
}

// add counts the bad records of a unit read to the end (or to its own
// limit).
func (l *badLimit) add(unit, bad int) {
	if bad == 0 || l.found.Add(int64(bad)) <= l.limit {
		return
	}
	for {
		at := l.at.Load()
		if int64(unit) >= at || l.at.CompareAndSwap(at, int64(unit)) {
			return
		}
	}
}

// skip reports whether a unit is not to be read (or read on).
func (l *badLimit) skip(unit int) bool { return l.abort.Load() || int64(unit) > l.at.Load() }

// stopped reports whether the limit was passed.
func (l *badLimit) stopped() bool { return l.at.Load() != math.MaxInt64 }

// span says that w.bad[from:to] of a worker came from chunk seq.
type span struct{ seq, from, to int }

// renumber turns the bad records' line numbers within their chunks into
// line numbers of the file, from the number of lines in each chunk.
func renumber(ws []*aggWorker, spans [][]span, lines map[int]int) {
	// Line numbers: the header is line 1, so chunk 0 starts on line 2.
	base := make([]int, len(lines)+1)
	base[0] = 2
	for seq := 0; seq < len(lines); seq++ {
		base[seq+1] = base[seq] + lines[seq]
	}
	for i, w := range ws {
		for _, sp := range spans[i] {
			for k := sp.from; k < sp.to; k++ {
				w.bad[k].Line += base[sp.seq]
			}
		}
	}
}
