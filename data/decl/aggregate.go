package decl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cbec-stats/ceb/data"
	gzip "github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Record-level customs declarations (docs/design.md, Record-level declarations):
// CSV per RFC 4180 (quoted fields may hold commas, quotes and newlines),
// optionally gzip or zstd, or Parquet (value as a decimal string), with the header
//
//	declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces
//
// in any order. A record is CBEC when its supervision mode (trade_mode) is
// one of CBECModes. Money is summed exactly in integer fen.

// DeclColumns are the columns of a declaration file.
var Columns = []string{"declaration_id", "declared_on", "flow", "trade_mode", "hs_code", "partner", "province", "currency", "value", "pieces"}

// DefaultCBECModes are the supervision modes of cross-border e-commerce:
// 9610 (B2C by list), 9710 (B2B direct export), 9810 (export via overseas
// warehouse), 1210 (bonded) and 1239 (bonded A, imports).
var DefaultCBECModes = []string{"9610", "9710", "9810", "1210", "1239"}

// DimNames are the breakdowns `--dims` accepts: hs2, hs4, hs6 and hs8 are
// the HS code's first 2, 4, 6 or 8 digits (one of them at a time).
var DimNames = []string{"province", "partner", "trade_mode", "hs2", "hs4", "hs6", "hs8"}

// AggregateOptions control AggregateDeclarations.
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

// AggRow is one aggregate: a class (cbec or trade), flow, period,
// currency and dimensions, with the exact sum in fen.
type Row struct {
	Series   string
	Flow     data.Flow
	Period   data.Period
	Currency data.Currency
	Dims     data.Dims
	Fen      int64
	Records  int64
	Pieces   int64
}

// Yuan writes the sum in yuan with two decimals, exactly.
func (r Row) Yuan() string {
	var b [24]byte
	return string(r.appendYuan(b[:0]))
}

// appendYuan appends Yuan's text to out.
func (r Row) appendYuan(out []byte) []byte {
	f := uint64(r.Fen)
	if r.Fen < 0 {
		out, f = append(out, '-'), -f // also right for math.MinInt64
	}
	out = strconv.AppendUint(out, f/100, 10)
	return append(out, '.', byte('0'+f%100/10), byte('0'+f%10))
}

// AggResult is the outcome of an aggregation.
type Result struct {
	rows    rowSet
	spill   *spiller       // groups spilled to disk, removed by Close
	dims    []string       // the dimensions asked for, in their order
	Records int64          // good records read
	Bad     []data.Finding // bad records, in line order (those found before reading stopped)
	// BadCount is the number of bad records found: len(Bad) for files; a
	// warehouse counts them all and lists only the first few in Bad.
	BadCount int64
	Skipped  []string // periods left out as incomplete, by a period coarser than month
	// stopped: the bad-record limit stopped reading a file, so BadCount
	// is what was found by then, not all there are.
	stopped bool
}

// Rows yields the aggregates in the order series (cbec, then trade),
// currency, period, dimensions (DimNames order: partner, province,
// trade_mode, hs), flow (total, export, import). A total is export +
// import. A row is there only when it has records. The rows are made as
// they are read, from the groups.
func (r *Result) Rows() iter.Seq[Row] {
	if r.rows == nil {
		return func(func(Row) bool) {}
	}
	return r.rows.all
}

// Len is the number of rows Rows yields.
func (r *Result) Len() int {
	if r.rows == nil {
		return 0
	}
	return r.rows.count()
}

// Stopped reports whether the bad-record limit stopped reading: then Bad
// holds the records found by then — the file's first bad record always
// among them — and BadCount their number, not all there are.
func (r *Result) Stopped() bool { return r != nil && r.stopped }

// Err reports a failure while Rows was yielding (reading back groups that
// were spilled to disk), after which it stopped early.
func (r *Result) Err() error {
	if r.rows == nil {
		return nil
	}
	return r.rows.failure()
}

// Close removes the files of groups spilled to disk, if any.
func (r *Result) Close() error {
	if r.spill != nil {
		r.spill.remove()
		r.spill = nil
	}
	return nil
}

// rowSet is where the rows come from: groups in memory or spilled runs.
type rowSet interface {
	all(yield func(Row) bool)
	count() int
	failure() error
}

// errBadLimit stops the workers once too many bad records were seen.
var errBadLimit = errors.New("too many bad records")

// maxFen is the largest value of one record: 10^15 yuan would already be
// thousands of times a year's trade; anything larger is a data error.
const maxFen = int64(1e17)

// month slots cover 1970..2169.
const (
	slotYears  = 200
	slotFirstY = 1970
	slotCount  = slotYears * 12 * 2 * 2 // year-month × flow × currency
)

type acc struct {
	fen, records, pieces int64
}

// aggWorker parses chunks and accumulates; one per goroutine.
type aggWorker struct {
	cols      []int   // role of each column, -1 to ignore
	pos       [10]int // column of each role
	modes     *modeSet
	dims      []int // roles of the dimension fields, in output order
	trade     []acc
	cbec      []acc
	groups    *groupTable // with dimensions: the groups' sums
	bad       []data.Finding
	records   int64
	overflow  bool
	file      string
	fieldsBuf [10][]byte
	fast      int      // which fast path parseChunk tries
	sink      acc      // where the CBEC sums of a non-CBEC record go
	general   int      // records (or blank lines) the fast path left to generalRecord
	spill     *spiller // with a memory budget: where a full group table goes
	spillAt   int      // groups the table holds before it spills
	openQuote bool     // the chunk being parsed ended inside a quoted field
}

// Column roles.
const (
	roleID = iota
	roleDate
	roleFlow
	roleMode
	roleHS
	rolePartner
	roleProvince
	roleCurrency
	roleValue
	rolePieces
	roleHS2 // dimensions derived from hs_code: its first 2, 4, 6 or 8 digits
	roleHS4
	roleHS6
	roleHS8
)

// hsRoleDigits is the number of HS digits of an hs dimension's role, 0 for
// the other roles.
func hsRoleDigits(role int) int {
	if role < roleHS2 || role > roleHS8 {
		return 0
	}
	return 2 * (role - roleHS2 + 1)
}

func (w *aggWorker) addBad(line int, format string, a ...any) {
	w.bad = append(w.bad, data.Finding{File: w.file, Line: line, Severity: data.SevError, Message: fmt.Sprintf(format, a...)})
}

// parseChunk parses whole records from b, whose first record starts on
// line, and returns the line after b. When halt reports true it stops
// parsing at the next record the fast path leaves (and still counts the
// lines).
//
// Runs of ordinary records are read by the fast path (fastCanonical, or
// fastRecord for other column orders and for dimensions); the record it
// stops at (quoted newlines or escaped quotes, a bad field, a blank line,
// the end of the chunk) goes to generalRecord, which also reports every
// bad record.
func (w *aggWorker) parseChunk(b []byte, line int, halt func() bool) int {
	for i := 0; i < len(b); {
		if halt() {
			return line + bytes.Count(b[i:], nl)
		}
		switch w.fast {
		case fastCanonicalOrder:
			j, n := w.fastCanonical(b, i)
			i, line = j, line+n
		case fastAnyOrder:
			j, n := w.fastRecord(b, i)
			i, line = j, line+n
		}
		if i < len(b) {
			w.general++
			var rest []byte
			rest, line = w.generalRecord(b[i:], line)
			i = len(b) - len(rest)
		}
	}
	return line
}

// generalRecord parses one record at the start of b, whose first line is
// line, per RFC 4180 ("" is a quote; commas and newlines may be quoted),
// reports it if it is bad, and returns the rest of b and the line after
// the record. Blank lines are skipped.
func (w *aggWorker) generalRecord(b []byte, line int) ([]byte, int) {
	if len(b) > 1 && b[0] == '\r' && b[1] == '\n' {
		b = b[1:]
	}
	if len(b) > 0 && b[0] == '\n' {
		return b[1:], line + 1
	}
	f := &w.fieldsBuf
	start := line
	n := 0
	for {
		var field []byte
		if len(b) > 0 && b[0] == '"' {
			j := 1
			var buf []byte
			closed := false
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					break
				}
				line += bytes.Count(b[j:j+k], nl)
				if j+k+1 < len(b) && b[j+k+1] == '"' {
					buf = append(buf, b[j:j+k+1]...)
					j += k + 2
					continue
				}
				if buf != nil {
					field = append(buf, b[j:j+k]...)
				} else {
					field = b[j : j+k]
				}
				j += k + 1
				closed = true
				break
			}
			if !closed {
				w.openQuote = true
				w.addBad(start, "unbalanced quote")
				return nil, line + bytes.Count(b[j:], nl)
			}
			b = b[j:]
		} else {
			j := 0
			for j < len(b) && b[j] != ',' && b[j] != '\n' && b[j] != '"' {
				j++
			}
			if j < len(b) && b[j] == '"' {
				w.addBad(start, "quote inside an unquoted field")
				return skipLine(b, line)
			}
			field = b[:j]
			b = b[j:]
			if len(field) > 0 && field[len(field)-1] == '\r' && (len(b) == 0 || b[0] == '\n') {
				field = field[:len(field)-1]
			}
		}
		if n < len(f) {
			f[n] = field
		}
		n++
		if len(b) == 0 {
			break
		}
		if b[0] == ',' {
			b = b[1:]
			continue
		}
		if b[0] == '\r' && len(b) > 1 && b[1] == '\n' {
			b = b[1:]
		}
		if b[0] == '\n' {
			b = b[1:]
			line++
			break
		}
		w.addBad(start, "unexpected %q after a quoted field", b[0])
		return skipLine(b, line)
	}
	if n != len(w.cols) {
		w.addBad(start, "record has %d fields, the header has %d", n, len(w.cols))
		return b, line
	}
	w.record(f, start)
	return b, line
}

// skipLine skips to the next line; the line count is of newlines passed.
func skipLine(b []byte, line int) ([]byte, int) {
	k := bytes.IndexByte(b, '\n')
	if k < 0 {
		return nil, line
	}
	return b[k+1:], line + 1
}

var (
	nl    = []byte{'\n'}
	quote = []byte{'"'}
)

var daysIn = [13]int64{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// monthOf reads a declared_on date, YYYY-MM-DD, as its month's number
// from 1970-01, or says what is wrong with it.
func monthOf(v []byte) (int, string) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return 0, "is not YYYY-MM-DD"
	}
	d0, d1, d2, d3 := v[0]-'0', v[1]-'0', v[2]-'0', v[3]-'0'
	m0, m1, a0, a1 := v[5]-'0', v[6]-'0', v[8]-'0', v[9]-'0'
	if d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || m0 > 9 || m1 > 9 || a0 > 9 || a1 > 9 {
		return 0, "is not a date"
	}
	year := int(d0)*1000 + int(d1)*100 + int(d2)*10 + int(d3)
	month, day := int(m0)*10+int(m1), int64(a0)*10+int64(a1)
	if month < 1 || month > 12 || day < 1 || day > daysIn[month] || (month == 2 && day == 29 && !(year%4 == 0 && (year%100 != 0 || year%400 == 0))) {
		return 0, "is not a date"
	}
	if year < slotFirstY || year >= slotFirstY+slotYears {
		return 0, "is out of range"
	}
	return (year-slotFirstY)*12 + month - 1, ""
}

// record validates and accumulates one record; w.pos gives the column of
// each role.
func (w *aggWorker) record(f *[10][]byte, line int) {
	p := &w.pos
	// declared_on: YYYY-MM-DD, a real date.
	v := f[p[roleDate]]
	ym, why := monthOf(v)
	if why != "" {
		w.addBad(line, "declared_on %q %s", v, why)
		return
	}
	// flow
	var flow int
	switch v = f[p[roleFlow]]; string(v) {
	case "export", "E", "e":
	case "import", "I", "i":
		flow = 1
	default:
		w.addBad(line, "flow %q is not export or import", v)
		return
	}
	// trade_mode: four digits
	mode := f[p[roleMode]]
	if len(mode) != 4 || mode[0]-'0' > 9 || mode[1]-'0' > 9 || mode[2]-'0' > 9 || mode[3]-'0' > 9 {
		w.addBad(line, "trade_mode %q is not a 4-digit supervision code", mode)
		return
	}
	// hs_code: 2 to 10 digits
	v = f[p[roleHS]]
	if len(v) < 2 || len(v) > 10 || !allDigits(v) {
		w.addBad(line, "hs_code %q is not 2 to 10 digits", v)
		return
	}
	// currency
	var cur int
	switch v = f[p[roleCurrency]]; string(v) {
	case "CNY", "RMB":
	case "USD":
		cur = 1
	default:
		w.addBad(line, "currency %q is not CNY or USD", v)
		return
	}
	fen, ok := parseFen(f[p[roleValue]])
	if !ok {
		w.addBad(line, "value %q is not an amount with at most two decimals", f[p[roleValue]])
		return
	}
	v = f[p[rolePieces]]
	pieces, ok := digits(v)
	if !ok || len(v) > 12 {
		w.addBad(line, "pieces %q is not a whole number", v)
		return
	}
	slot := (ym*2+flow)*2 + cur
	w.accumulate(slot, w.modes.byNumber[int(mode[0]-'0')*1000+int(mode[1]-'0')*100+int(mode[2]-'0')*10+int(mode[3]-'0')], fen, pieces, f)
}

// accumulate adds one good record to its slot (year-month × flow ×
// currency) for all trade and, when its supervision mode is CBEC, for
// cbec. With dimensions, f holds the record's fields.
func (w *aggWorker) accumulate(slot int, isCBEC bool, fen, pieces int64, f *[10][]byte) {
	if w.dims == nil {
		w.add(&w.trade[slot], &w.cbec[slot], isCBEC, fen, pieces)
		return
	}
	g := w.group(slot, f)
	w.add(&g[0], &g[1], isCBEC, fen, pieces)
}

// add adds one good record to the trade sums t and, when its supervision
// mode is CBEC, to the CBEC sums c.
func (w *aggWorker) add(t, c *acc, isCBEC bool, fen, pieces int64) {
	w.records++
	// A record in another mode adds to a sink instead, picked without a
	// branch on the mode, which would be mispredicted often.
	to, k := [2]*acc{&w.sink, c}, 0
	if isCBEC {
		k = 1
	}
	if !addRecord(t, to[k], fen, pieces) {
		w.overflow = true
	}
}

// addRecord adds a record to the trade sums t and to c, the CBEC sums (or
// the sink), and reports false, adding nothing, when a trade sum would
// overflow. The CBEC sums never exceed the trade sums, so only those are
// checked; the sink may wrap, it is never read.
func addRecord(t, c *acc, fen, pieces int64) bool {
	if t.fen > math.MaxInt64-fen || t.pieces > math.MaxInt64-pieces {
		return false
	}
	t.fen += fen
	t.records++
	t.pieces += pieces
	c.fen += fen
	c.records++
	c.pieces += pieces
	return true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// digits parses ASCII digits (at most 18).
func digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func newWorker(cols []int, modes *modeSet, dimRoles []int, file string) *aggWorker {
	w := &aggWorker{cols: cols, modes: modes, file: file}
	for i, r := range cols {
		if r >= 0 {
			w.pos[r] = i
		}
	}
	if dimRoles == nil {
		w.trade, w.cbec = make([]acc, slotCount), make([]acc, slotCount)
	} else {
		w.dims, w.groups = dimRoles, newGroupTable(dimRoles)
	}
	w.fast = fastAnyOrder
	if dimRoles == nil && len(cols) == len(Columns) {
		w.fast = fastCanonicalOrder
		for i, r := range cols {
			if r != i {
				w.fast = fastAnyOrder
			}
		}
	}
	return w
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

// Fast paths of aggWorker.parseChunk.
const (
	fastNone           = iota // every record through generalRecord
	fastAnyOrder              // fastRecord
	fastCanonicalOrder        // fastCanonical: DeclColumns order, no dimensions
)

// parseFen reads a non-negative amount with at most two decimals as
// integer fen: "12.5" → 1250. Signs, exponents, thousands separators,
// more than two decimals and amounts of 10^15 yuan or more are refused.
func parseFen(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	dot := -1
	for i, c := range b {
		if c == '.' {
			if dot >= 0 {
				return 0, false
			}
			dot = i
			continue
		}
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	switch {
	case dot < 0:
		if len(b) > 15 {
			return 0, false
		}
		n *= 100
	case dot == 0 || dot > 15:
		return 0, false
	case len(b)-dot == 2:
		n *= 10
	case len(b)-dot != 3:
		return 0, false
	}
	if n >= maxFen {
		return 0, false
	}
	return n, true
}

// IsDeclarationHeader reports whether a first line is a declaration header.
func IsHeader(line []byte) bool {
	line = bytes.TrimPrefix(line, utf8BOM)
	cols := strings.Split(strings.TrimRight(string(line), "\r\n"), ",")
	have := map[string]bool{}
	for _, c := range cols {
		have[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] = true
	}
	for _, c := range Columns {
		if !have[c] {
			return false
		}
	}
	return true
}

// AggregateDeclarations reads declaration files and sums them per class,
// period, flow, currency and the dimensions asked for. Files are read in
// chunks split at record boundaries (quoted newlines included) and parsed
// on every core; memory grows with the number of groups, not of records.
// Every record is validated; bad records are reported with their line.
// With more than opt.SkipBad bad records the result is an error naming the
// first (the returned AggResult still lists those found).
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

// finish checks the bad records against opt.SkipBad and rolls the merged
// groups up into the result's rows.
func (res *Result) finish(merged *groupTable, months []bool, opt Options) (*Result, error) {
	if res.BadCount > int64(opt.SkipBad) {
		first := res.Bad[0]
		if opt.SkipBad == 0 {
			return res, &first
		}
		if res.stopped {
			// How many were found before the workers stopped depends on
			// how far each got; the first does not (badLimit).
			return res, data.Fail(first.File, first.Line, "more than the %d bad records tolerated; the first: %s", opt.SkipBad, first.Message)
		}
		return res, data.Fail(first.File, first.Line, "%d bad records, more than the %d tolerated; the first: %s", res.BadCount, opt.SkipBad, first.Message)
	}
	by, err := periodKind(opt.By)
	if err != nil {
		return nil, err
	}
	var overflow bool
	if sp := opt.spill; sp != nil && sp.used {
		sp.spill(merged)
		rows, skipped, of, err := sp.finish(merged.use, months)
		if err != nil {
			return nil, err
		}
		res.rows, res.Skipped, res.spill, overflow = rows, skipped, sp, of
	} else {
		res.rows, res.Skipped, overflow = buildRows(merged, months, by)
	}
	if overflow {
		res.Close()
		return nil, fmt.Errorf("a sum by %s overflows 64-bit fen; aggregate by month or split the input", opt.By)
	}
	return res, nil
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

// chunk is a run of whole records, the seq-th of its file.
type chunk struct {
	data    []byte
	seq     int
	last    bool   // the file's last chunk
	release func() // gives the buffer back, or the pages of a mapped file
}

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

// source is a declarations file opened for chunking: its header line, its
// bytes when it is mapped (nil for a stream: gzip, zstd, a pipe), the
// chunks of a stream (next returns false at the end), and release, which
// unmaps the file.
type source struct {
	head    []byte
	mapped  []byte
	next    func() (chunk, bool, error)
	release func()
}

// chunkSource opens a declarations file for chunking: mapped where it can
// be (not gzip or zstd), else read as a stream.
func chunkSource(path string, fh *os.File, size, workers int, read *int64, progress func(int64)) (src source, err error) {
	src.release = func() {}
	var mapped []byte
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > 0 {
		if m, unmap, err := mapFile(fh, info.Size()); err == nil {
			src.release = unmap
			if afterMap != nil {
				afterMap(path)
			}
			if err := guardFault(path, func() {
				if !compressed(m) { // gzip and zstd are read as a stream
					mapped = m
				}
			}); err != nil {
				return src, err
			}
		}
	}
	if mapped != nil {
		err = guardFault(path, func() {
			k := bytes.IndexByte(mapped, '\n') + 1
			if k == 0 {
				k = len(mapped)
			}
			src.head, src.mapped = bytes.Clone(mapped[:k]), mapped
			*read += int64(k) // so that the progress bar ends at the file's size
		})
		return src, err
	}
	var br *bufio.Reader
	if src.head, br, err = openStream(path, fh, read, progress); err != nil {
		return src, err
	}
	src.next = streamChunks(path, br, size, workers)
	return src, nil
}

// openDeclarations opens a declaration file; "-" is standard input.
func openDeclarations(path string) (*os.File, error) {
	if path == "-" {
		return os.Stdin, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, data.FileError(path, err)
	}
	return fh, nil
}

// afterMap, when set (by tests), is called once a file is mapped.
var afterMap func(path string)

// guardFault runs f and turns a memory fault in it, which reading a mapped
// file that has shrunk causes, into an error; the goroutine must have
// debug.SetPanicOnFault set. Other panics go on.
func guardFault(path string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(interface{ Addr() uintptr }); !ok {
				panic(r)
			}
			err = data.Fail(path, 0, "the file shrank while being read; run again once it is complete")
		}
	}()
	f()
	return nil
}

// declHeader reads a declaration header and returns each column's role.
func declHeader(path string, head []byte) ([]int, error) {
	head = bytes.TrimPrefix(head, utf8BOM)
	cols := strings.Split(strings.TrimRight(string(head), "\r\n"), ",")
	roles := make([]int, len(cols))
	seen := map[int]bool{}
	for i, c := range cols {
		c = strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))
		roles[i] = -1
		for r, name := range Columns {
			if c == name {
				if seen[r] {
					return nil, data.Fail(path, 1, "column %q appears twice", c)
				}
				roles[i], seen[r] = r, true
			}
		}
	}
	var miss []string
	for r, name := range Columns {
		if !seen[r] {
			miss = append(miss, name)
		}
	}
	if len(miss) > 0 {
		return nil, data.Fail(path, 1, "missing declaration column(s) %s; the header needs %s", strings.Join(miss, ", "), strings.Join(Columns, ","))
	}
	if len(cols) > 10 {
		return nil, data.Fail(path, 1, "%d columns; a declaration file has the %d of its header only", len(cols), len(Columns))
	}
	return roles, nil
}

// maxRecord is the longest record accepted: only a runaway quote makes
// one this long.
const maxRecord = 64 << 20

// mappedChunks cuts a mapped file, from offset off, into chunks of about
// size bytes. With exact, each chunk ends at a newline outside quotes;
// without, at its last newline, and the parser checks the cut.
func mappedChunks(path string, m []byte, off, size int, exact bool, read *int64, progress func(int64)) func() (chunk, bool, error) {
	seq := 0
	return func() (chunk, bool, error) {
		if off >= len(m) {
			return chunk{}, false, nil
		}
		end := len(m)
		for n := size; off+n < len(m); n *= 2 {
			cut := bytes.LastIndexByte(m[off:off+n], '\n') + 1
			if exact {
				cut = recordBoundary(m[off : off+n])
			}
			if cut > 0 {
				end = off + cut
				break
			}
			if n > maxRecord {
				return chunk{}, false, data.Fail(path, 0, "a record longer than 64 MiB after byte %d: an unbalanced quote?", off)
			}
		}
		from := off
		c := chunk{data: m[off:end], seq: seq, last: end == len(m), release: func() { dropPages(m, from, end) }}
		seq++
		*read += int64(end - off)
		off = end
		if progress != nil {
			progress(*read)
		}
		return c, true, nil
	}
}

// ZstdMagic starts a Zstandard frame (RFC 8878).
var ZstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// compressed reports whether b starts like a gzip or Zstandard stream.
func compressed(b []byte) bool {
	return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b || bytes.HasPrefix(b, ZstdMagic)
}

// openStream reads the header of a file that is read as a stream (gzip
// and Zstandard are detected by their magic numbers) and returns it with
// the reader of the rest.
func openStream(path string, fh *os.File, read *int64, progress func(int64)) ([]byte, *bufio.Reader, error) {
	src := &countingReader{r: fh, n: read, progress: progress}
	br := bufio.NewReaderSize(src, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, data.Fail(path, 0, "not a readable gzip file: %v", err)
		}
		br = bufio.NewReaderSize(gz, 64<<10)
	} else if magic, _ := br.Peek(4); bytes.Equal(magic, ZstdMagic) {
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, data.Fail(path, 0, "not a readable zstd file: %v", err)
		}
		br = bufio.NewReaderSize(zr.IOReadCloser(), 64<<10)
	}
	if magic, _ := br.Peek(4); bytes.Equal(magic, ParquetMagic) {
		return nil, nil, data.Fail(path, 0, "Parquet is read from its end, so it must be a file, not a pipe: save it first")
	}
	head, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, nil, data.Fail(path, 1, "%v", err)
	}
	return head, br, nil
}

// streamChunks cuts a stream into chunks of about size bytes. A fixed
// set of buffers cycles between the reader and the workers, so nothing is
// allocated (or cleared) per chunk.
func streamChunks(path string, br *bufio.Reader, size, workers int) func() (chunk, bool, error) {
	free := make(chan *[]byte, workers+2)
	for i := 0; i < workers+2; i++ {
		b := make([]byte, 0, size+size/4)
		free <- &b
	}
	var carry []byte
	seq, eof := 0, false
	next := func() (chunk, bool, error) {
		for !eof {
			bp := <-free
			if cap(*bp) < len(carry)+size {
				*bp = make([]byte, 0, len(carry)+size+size/4)
			}
			buf := append((*bp)[:0], carry...)
			n, err := io.ReadFull(br, buf[len(buf):len(buf)+size])
			buf = buf[:len(buf)+n]
			eof = err == io.EOF || err == io.ErrUnexpectedEOF
			if err != nil && !eof {
				free <- bp
				return chunk{}, false, data.Fail(path, 0, "%v", err)
			}
			cut := len(buf)
			if !eof {
				if cut = recordBoundary(buf); cut <= 0 {
					if len(buf) > maxRecord {
						free <- bp
						return chunk{}, false, data.Fail(path, 0, "a record longer than 64 MiB: an unbalanced quote?")
					}
					carry = append([]byte(nil), buf...)
					free <- bp
					continue
				}
			}
			carry = append(carry[:0], buf[cut:]...)
			*bp = buf
			if cut == 0 {
				free <- bp
				break
			}
			c := chunk{data: buf[:cut], seq: seq, release: func() { free <- bp }}
			seq++
			return c, true, nil
		}
		return chunk{}, false, nil
	}
	return next
}

// recordBoundary returns the index just after the last newline of b that is
// outside quotes, given that b starts at a record boundary; 0 if none.
func recordBoundary(b []byte) int {
	// Fast path: the quote count before the last newline is even, so that
	// newline is outside quotes (bytes.Count is vectorised).
	cut := bytes.LastIndexByte(b, '\n') + 1
	if cut == 0 || bytes.Count(b[:cut], quote)%2 == 0 {
		return cut
	}
	in, last := false, 0
	for i, c := range b {
		switch c {
		case '"':
			in = !in
		case '\n':
			if !in {
				last = i + 1
			}
		}
	}
	return last
}

type countingReader struct {
	r        io.Reader
	n        *int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	if c.progress != nil {
		c.progress(*c.n)
	}
	return n, err
}

// Observations returns the aggregates as observations (value in yuan,
// rounding step one fen) for `ceb stats --data declarations.csv`.
func (r *Result) Observations(source string) []data.Observation {
	out := make([]data.Observation, 0, r.Len())
	for a := range r.Rows() {
		v, _ := strconv.ParseFloat(a.Yuan(), 64)
		out = append(out, data.Observation{Series: a.Series, Flow: a.Flow, Period: a.Period, Value: v, HasValue: true, Step: 0.01,
			Unit: data.Unit1, Currency: a.Currency, Dims: a.Dims, Source: source, Note: fmt.Sprintf("%d records, %d pieces", a.Records, a.Pieces),
			Pos: data.Pos{File: source}})
	}
	return out
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
