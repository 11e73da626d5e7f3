package decl

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cbec-stats/ceb/data"
)

// External aggregation, for breakdowns with more groups than
// Options.MaxMemory holds (DuckDB's external aggregation is the model).
//
// A group table that reaches its share of the budget is written out — each
// group with its partner and province as text — to one of spillParts
// partition files, chosen by a hash of the group's key with the month
// already rolled up to the period asked for, and the table starts again
// empty. So every group, with all its parts, lands in one partition. At the
// end each partition is read back into a table of its own (about
// 1/spillParts of the groups), rolled up and sorted as in memory, and
// written as a sorted run; the rows are a merge of the runs, in the order
// of an in-memory aggregation. The output is the same byte for byte.

// spillParts is the number of partitions.
const spillParts = 64

// groupBytes is what one group costs, for the budget: in its table it is
// about 121 bytes (key, sums, index slots; BenchmarkGroupTableBytes), and
// the rest is headroom — the index while it doubles, the group's share of
// the interned strings and of the sort order at the end. At 160 the
// 512 MiB job of docs/benchmarks.md peaked at 541 MB, at 256 at 358 MB, in
// about the same time.
const groupBytes = 256

// spiller writes groups to partition files; workers share it.
type spiller struct {
	dir    string
	by     data.PeriodKind
	dims   []int // dimension roles
	mu     sync.Mutex
	files  [spillParts]*os.File
	bufs   [spillParts]*bufio.Writer
	used   bool
	err    error
	enc    []byte
	months []bool // year-months of the groups spilled: they never reach a merge that marks them
}

func newSpiller(tempDir string, by data.PeriodKind, dims []int) (*spiller, error) {
	dir, err := os.MkdirTemp(tempDir, "ceb-spill-")
	if err != nil {
		return nil, fmt.Errorf("a directory for spilling groups: %w", err)
	}
	return &spiller{dir: dir, by: by, dims: dims, months: make([]bool, slotYears*12)}, nil
}

// remove deletes the spill files.
func (s *spiller) remove() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

// spill writes every group of t to its partition.
func (s *spiller) spill(t *groupTable) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.used = true
	if s.err != nil {
		return
	}
	for i := range t.len() {
		g := t.outGroup(i)
		s.months[g.period] = true
		p := g.partition(s.by)
		if s.bufs[p] == nil {
			f, err := os.Create(filepath.Join(s.dir, fmt.Sprintf("part-%02d", p)))
			if err != nil {
				s.err = err
				return
			}
			s.files[p], s.bufs[p] = f, bufio.NewWriterSize(f, 64<<10)
		}
		s.enc = g.append(s.enc[:0])
		if _, err := s.bufs[p].Write(s.enc); err != nil {
			s.err = err
			return
		}
	}
}

// outGroup is a group with its dimensions as text, as spilled and as
// merged.
type outGroup struct {
	cur, period       int // period: a month index when spilled, the period's once rolled up
	partner, province string
	mode, hs          int // hs: an hsKey
	sums              flowSums
}

func (g *outGroup) partition(by data.PeriodKind) int {
	h := fnv.New32a()
	ym := g.period
	var b [16]byte
	n := binary.PutUvarint(b[:], uint64(g.cur)<<32|uint64(periodIndex(by, slotFirstY+ym/12, ym%12+1)))
	n += binary.PutUvarint(b[n:], uint64(g.mode)<<34|uint64(g.hs))
	h.Write(b[:n])
	h.Write([]byte(g.partner))
	h.Write([]byte{0})
	h.Write([]byte(g.province))
	return int(h.Sum32() % spillParts)
}

func (g *outGroup) append(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(g.cur))
	b = binary.AppendUvarint(b, uint64(g.period))
	b = binary.AppendUvarint(b, uint64(len(g.partner)))
	b = append(b, g.partner...)
	b = binary.AppendUvarint(b, uint64(len(g.province)))
	b = append(b, g.province...)
	b = binary.AppendUvarint(b, uint64(g.mode))
	b = binary.AppendUvarint(b, uint64(g.hs))
	for f := range 2 {
		for cl := range 2 {
			a := g.sums[f][cl]
			b = binary.AppendUvarint(b, uint64(a.fen))
			b = binary.AppendUvarint(b, uint64(a.records))
			b = binary.AppendUvarint(b, uint64(a.pieces))
		}
	}
	return b
}

// read decodes the next group; io.EOF at the end. A group is decoded
// from the reader's buffer where it lies there whole (nearly always), else
// read field by field; the merge reads every group twice, and ReadByte a
// byte at a time was a quarter of a spilling run's time.
func (g *outGroup) read(r *bufio.Reader) error {
	b, err := r.Peek(peekGroup)
	if len(b) == 0 {
		return err
	}
	if n := g.decode(b); n > 0 {
		_, err := r.Discard(n)
		return err
	}
	d := decoder{r: r}
	g.cur, g.period = int(d.uvarint()), int(d.uvarint())
	g.partner, g.province = d.str(), d.str()
	g.mode, g.hs = int(d.uvarint()), int(d.uvarint())
	for f := range 2 {
		for cl := range 2 {
			g.sums[f][cl] = acc{int64(d.uvarint()), int64(d.uvarint()), int64(d.uvarint())}
		}
	}
	if errors.Is(d.err, io.EOF) {
		return io.ErrUnexpectedEOF // a group cut short
	}
	return d.err
}

// peekGroup is how much of the reader's buffer read looks at: a group
// is 20 numbers and two codes.
const peekGroup = 512

// decode decodes a group from the start of b and returns its length, or 0
// when b does not hold it whole (or it is damaged: read then reads it, or
// reports it, field by field). A code equal to the group's last is kept,
// not made again: in a sorted run partners repeat group after group.
func (g *outGroup) decode(b []byte) int {
	i, bad := 0, false
	num := func() uint64 {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 {
			bad = true
			return 0
		}
		i += n
		return v
	}
	str := func(old string) string {
		n := num()
		if bad || n > uint64(len(b)-i) {
			bad = true
			return ""
		}
		t := b[i : i+int(n)]
		i += int(n)
		if string(t) == old {
			return old
		}
		return string(t)
	}
	cur, period := num(), num()
	partner := str(g.partner)
	province := str(g.province)
	mode, hs := num(), num()
	var sums flowSums
	for f := range 2 {
		for cl := range 2 {
			sums[f][cl] = acc{int64(num()), int64(num()), int64(num())}
		}
	}
	if bad {
		return 0
	}
	g.cur, g.period, g.partner, g.province, g.mode, g.hs, g.sums = int(cur), int(period), partner, province, int(mode), int(hs), sums
	return i
}

// decoder reads a spilled group's fields, keeping the first error (then
// every read gives zero).
type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	d.err = err
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > maxRecord {
		d.err = errors.New("a spilled text longer than a record")
		return ""
	}
	b := make([]byte, n)
	_, d.err = io.ReadFull(d.r, b)
	return string(b)
}

// compare orders groups as the rows are ordered: currency, period,
// partner, province, trade_mode, hs.
func (g *outGroup) compare(h *outGroup) int {
	switch {
	case g.cur != h.cur:
		return g.cur - h.cur
	case g.period != h.period:
		return g.period - h.period
	case g.partner != h.partner:
		return strings.Compare(g.partner, h.partner)
	case g.province != h.province:
		return strings.Compare(g.province, h.province)
	case g.mode != h.mode:
		return g.mode - h.mode
	}
	return g.hs - h.hs
}

// spilledRows are the rows of a spilled aggregation: a merge of one sorted
// run per partition.
type spilledRows struct {
	s    *spiller
	use  [4]bool
	by   data.PeriodKind
	runs []string
	n    int
	err  error // a run that could not be read back, from the last all
}

// finish reads each partition back, rolls it up and sorts it as buildRows
// does, and writes it as a sorted run. It reports the rows, the periods
// left out and whether a sum overflowed.
func (s *spiller) finish(use [4]bool, months []bool) (*spilledRows, []string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, nil, false, fmt.Errorf("spilling groups to %s: %w", s.dir, s.err)
	}
	for ym, has := range s.months {
		months[ym] = months[ym] || has
	}
	out := &spilledRows{s: s, use: use, by: s.by}
	skipped := map[string]bool{}
	overflow := false
	for p, f := range s.files {
		if f == nil {
			continue
		}
		if err := s.bufs[p].Flush(); err != nil {
			return nil, nil, false, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, nil, false, err
		}
		t := newGroupTable(s.dims)
		r := bufio.NewReaderSize(f, 64<<10)
		var g outGroup
		for {
			err := g.read(r)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, false, fmt.Errorf("reading back %s: %w", f.Name(), err)
			}
			var partner, province uint32
			if use[dimPartner] {
				partner = t.partners.idOf(g.partner)
			}
			if use[dimProvince] {
				province = t.provinces.idOf(g.province)
			}
			if !t.sum(t.at(packKey(g.cur, g.period, partner, province, g.mode, g.hs))).add(&g.sums) {
				overflow = true
			}
		}
		f.Close()
		os.Remove(f.Name())
		s.files[p] = nil
		rows, sk, of := buildRows(t, months, s.by)
		overflow = overflow || of
		for _, x := range sk {
			skipped[x] = true
		}
		run := filepath.Join(s.dir, fmt.Sprintf("run-%02d", p))
		if err := rows.writeRun(run); err != nil {
			return nil, nil, false, err
		}
		out.runs = append(out.runs, run)
		out.n += rows.n
	}
	sk := make([]string, 0, len(skipped))
	for x := range skipped {
		sk = append(sk, x)
	}
	sort.Strings(sk)
	return out, sk, overflow, nil
}

// writeRun writes the groups in row order.
func (r *aggRows) writeRun(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var b []byte
	var werr error
	r.t.inOrder(r.order, func(g *outGroup) bool {
		b = g.append(b[:0])
		_, werr = w.Write(b)
		return werr == nil
	})
	if werr != nil {
		f.Close()
		return werr
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runHeap is the merge's heap of the runs' next groups.
type runHeap []*runCursor

type runCursor struct {
	r *bufio.Reader
	f *os.File
	g outGroup
}

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].g.compare(&h[j].g) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// all yields the rows as aggRows.all does, merging the runs once per
// series.
func (s *spilledRows) all(yield func(Row) bool) {
	for _, cl := range []int{1, 0} {
		if !s.merge(cl, yield) {
			return
		}
	}
}

func (s *spilledRows) merge(cl int, yield func(Row) bool) bool {
	var h runHeap
	defer func() {
		for _, c := range h {
			c.f.Close()
		}
	}()
	for _, p := range s.runs {
		f, err := os.Open(p)
		if err != nil {
			s.err = err
			return false
		}
		c := &runCursor{r: bufio.NewReaderSize(f, 64<<10), f: f}
		if err := c.g.read(c.r); err != nil {
			f.Close()
			if err != io.EOF {
				s.err = err
				return false
			}
			continue
		}
		h = append(h, c)
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		if !c.g.rows(cl, s.by, s.use, yield) {
			return false
		}
		if err := c.g.read(c.r); err != nil {
			c.f.Close()
			heap.Pop(&h)
			if err != io.EOF {
				s.err = err
				return false
			}
			continue
		}
		heap.Fix(&h, 0)
	}
	return true
}

// rows yields the rows of one class of a group: total, export, import,
// each when it has records. In memory and spilled, rows are made here.
func (g *outGroup) rows(cl int, by data.PeriodKind, use [4]bool, yield func(Row) bool) bool {
	ex, im := g.sums[0][cl], g.sums[1][cl]
	if ex.records == 0 && im.records == 0 {
		return true
	}
	total := ex
	total.add(im) // checked by buildRows
	row := Row{Series: []string{"trade", "cbec"}[cl], Period: periodAt(by, g.period), Currency: []data.Currency{data.CNY, data.USD}[g.cur]}
	if use[dimPartner] {
		row.Dims.Partner = g.partner
	}
	if use[dimProvince] {
		row.Dims.Province = g.province
	}
	if use[dimMode] {
		row.Dims.TradeMode = codeText(g.mode, 4)
	}
	if use[dimHS] {
		row.Dims.HS = hsText(g.hs)
	}
	for _, x := range [...]struct {
		flow data.Flow
		sums acc
	}{{data.Total, total}, {data.Export, ex}, {data.Import, im}} {
		if x.sums.records == 0 {
			continue
		}
		row.Flow, row.Fen, row.Records, row.Pieces = x.flow, x.sums.fen, x.sums.records, x.sums.pieces
		if !yield(row) {
			return false
		}
	}
	return true
}

func (s *spilledRows) count() int     { return s.n }
func (s *spilledRows) failure() error { return s.err }

// codeTexts are the texts of trade_mode (4 digits) and 2-digit HS
// codes, made once: the merge writes millions of rows.
var codeTexts = sync.OnceValue(func() [2][]string {
	var t [2][]string
	for n := range 10000 {
		t[0] = append(t[0], fmt.Sprintf("%04d", n))
	}
	for n := range 100 {
		t[1] = append(t[1], fmt.Sprintf("%02d", n))
	}
	return t
})

func codeText(n, digits int) string {
	if digits == 4 {
		return codeTexts()[0][n]
	}
	return codeTexts()[1][n]
}
