package decl

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/cbec-stats/ceb/data"
)

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

// hivePart is one Parquet file of a partitioned directory, with the
// partition values its path gives (year=2024/province=44/part-0.parquet).
type hivePart struct {
	path  string
	parts map[string]string
}

// hiveParts lists the .parquet files under dir, in path order, each with
// the key=value segments of its path below dir (values unescaped as hive
// writes them). Files and directories whose names start with "." or "_"
// (_SUCCESS, .crc) are skipped.
func hiveParts(dir string) ([]hivePart, error) {
	var out []hivePart
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(name, ".parquet") {
			return nil
		}
		rel, err := filepath.Rel(dir, filepath.Dir(p))
		if err != nil {
			return err
		}
		parts := map[string]string{}
		for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
			if k, v, ok := strings.Cut(seg, "="); ok {
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
				parts[k] = v
			}
		}
		out = append(out, hivePart{path: p, parts: parts})
		return nil
	})
	if err != nil {
		return nil, data.FileError(dir, err)
	}
	if len(out) == 0 {
		return nil, data.Fail(dir, 0, "a directory of declarations holds .parquet files (hive-partitioned or not); found none")
	}
	return out, nil
}

// InputSize is the number of bytes Aggregate reads from path: a file's
// size, or the sum of a partitioned directory's Parquet files.
func InputSize(path string) (int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, data.FileError(path, err)
	}
	if !info.IsDir() {
		return info.Size(), nil
	}
	parts, err := hiveParts(path)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, hp := range parts {
		fi, err := os.Stat(hp.path)
		if err != nil {
			return 0, data.FileError(hp.path, err)
		}
		n += fi.Size()
	}
	return n, nil
}

// textOf turns one Parquet value into the text the record parser reads,
// appending to b.
type textOf func(b []byte, v parquet.Value) []byte

// parquetColumn is how one declaration column is read from a file.
type parquetColumn struct {
	index int // leaf column index; -1 for a partition value
	text  textOf
	// plain: the text is the value's own bytes (a string column), so a
	// dictionary-encoded page is read through its dictionary; maxDef is
	// the column's maximum definition level (a value below it is null).
	plain  bool
	maxDef int
	// constant is the column's value in every row when it comes from the
	// file's hive partition (province=44/part-0.parquet), not the file.
	constant []byte
	typed    typedConv // how the typed reader reads it
}

// parquetColumns finds the declaration columns in a file's schema and
// chooses how to read each by its physical and logical type:
//
//   - value: DECIMAL with its scale (INT32, INT64, FIXED_LEN_BYTE_ARRAY or
//     BYTE_ARRAY), a decimal string, or an integer of yuan; FLOAT and
//     DOUBLE are refused, since they cannot hold an exact amount;
//   - declared_on: DATE, TIMESTAMP (millis, micros, nanos; the UTC day) or a
//     string YYYY-MM-DD;
//   - every other column: a string, or an integer written out.
//
// A column the file lacks is taken from the partition values of its path,
// when it has one.
func parquetColumns(path string, schema *parquet.Schema, parts map[string]string) ([]parquetColumn, error) {
	cols := make([]parquetColumn, len(Columns))
	var miss []string
	for i, name := range Columns {
		leaf, ok := schema.Lookup(name)
		if !ok {
			if v, ok := parts[name]; ok {
				cols[i] = parquetColumn{index: -1, constant: []byte(v)}
				continue
			}
			miss = append(miss, name)
			continue
		}
		t := leaf.Node.Type()
		conv, err := converter(name, t)
		if err != nil {
			return nil, data.Fail(path, 0, "column %s: %v", name, err)
		}
		plain := name != "value" && name != "declared_on" && (t.Kind() == parquet.ByteArray || t.Kind() == parquet.FixedLenByteArray)
		cols[i] = parquetColumn{index: leaf.ColumnIndex, text: conv, plain: plain, maxDef: leaf.MaxDefinitionLevel, typed: typedConvOf(i, leaf)}
	}
	if len(miss) > 0 {
		return nil, data.Fail(path, 0, "missing declaration column(s) %s; a declarations file has the columns %s", strings.Join(miss, ", "), strings.Join(Columns, ","))
	}
	return cols, nil
}

func converter(name string, t parquet.Type) (textOf, error) {
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	kind := t.Kind()
	switch name {
	case "value":
		if d, ok := lt.(*format.DecimalType); ok {
			return decimalText(kind, int(d.Scale))
		}
		switch kind {
		case parquet.Float, parquet.Double:
			return nil, fmt.Errorf("%s cannot hold an exact amount; store money as DECIMAL(18,2) or as a decimal string", strings.ToUpper(kind.String()))
		}
	case "declared_on":
		switch lt := lt.(type) {
		case *format.DateType:
			return func(b []byte, v parquet.Value) []byte { return appendDay(b, int64(v.Int32())) }, nil
		case *format.TimestampType:
			per := int64(1e3) // units per second
			switch lt.Unit.Value.(type) {
			case *format.MicroSeconds:
				per = 1e6
			case *format.NanoSeconds:
				per = 1e9
			}
			return func(b []byte, v parquet.Value) []byte {
				return appendDay(b, floorDiv(v.Int64(), per*86400))
			}, nil
		}
	}
	switch kind {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(b []byte, v parquet.Value) []byte { return append(b, v.ByteArray()...) }, nil
	case parquet.Int32:
		return func(b []byte, v parquet.Value) []byte { return strconv.AppendInt(b, int64(v.Int32()), 10) }, nil
	case parquet.Int64:
		return func(b []byte, v parquet.Value) []byte { return strconv.AppendInt(b, v.Int64(), 10) }, nil
	}
	return nil, fmt.Errorf("type %s is not one ceb reads here", t)
}

// appendDay appends the date days after 1970-01-01 as YYYY-MM-DD, by the
// civil-from-days algorithm (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"): no time.Time per value. Years outside 0–9999 are written as
// time does, and the record parser rejects them.
func appendDay(b []byte, days int64) []byte {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	if y < 0 || y > 9999 {
		return time.Unix(days*86400, 0).UTC().AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// decimalText writes a DECIMAL's unscaled integer with its scale: 5832529760
// at scale 2 is 58325297.60. Zeros beyond the second decimal are dropped
// (1.230 at scale 3 is 1.23); other digits stay, and the record parser
// reports the over-precise amount.
func decimalText(kind parquet.Kind, scale int) (textOf, error) {
	switch kind {
	case parquet.Int32:
		return func(b []byte, v parquet.Value) []byte { return appendScaled(b, int64(v.Int32()), scale) }, nil
	case parquet.Int64:
		return func(b []byte, v parquet.Value) []byte { return appendScaled(b, v.Int64(), scale) }, nil
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(b []byte, v parquet.Value) []byte {
			n := twosComplement(v.ByteArray())
			if n.IsInt64() {
				return appendScaled(b, n.Int64(), scale)
			}
			return appendDigits(b, []byte(n.String()), scale)
		}, nil
	}
	return nil, fmt.Errorf("DECIMAL stored as %s is not valid Parquet", kind)
}

// appendScaled appends the unscaled integer n at scale, without allocating.
func appendScaled(b []byte, n int64, scale int) []byte {
	var buf [24]byte
	return appendDigits(b, strconv.AppendInt(buf[:0], n, 10), scale)
}

// appendDigits appends the decimal digits s (with an optional sign) as a
// number at scale: 5 at scale 2 is 0.05. Zeros beyond the second decimal
// are dropped (1.230 at scale 3 is 1.23); other digits stay, and the record
// parser reports the over-precise amount.
func appendDigits(b, s []byte, scale int) []byte {
	if len(s) > 0 && s[0] == '-' {
		b = append(b, '-')
		s = s[1:]
	}
	if scale <= 0 {
		return append(b, s...)
	}
	var buf [64]byte
	d := buf[:0]
	for i := len(s); i <= scale; i++ {
		d = append(d, '0')
	}
	d = append(d, s...)
	intPart, frac := d[:len(d)-scale], d[len(d)-scale:]
	for len(frac) > 2 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	b = append(b, intPart...)
	b = append(b, '.')
	return append(b, frac...)
}

// twosComplement reads a big-endian two's complement integer.
func twosComplement(b []byte) *big.Int {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return n
}

// aggregateParquet reads a Parquet file of declarations through the same
// validation as CSV, a row group at a time, only the declaration columns;
// a record's "line" is its row number (header = 1).
func aggregateParquet(ctx context.Context, path string, fh *os.File, parts map[string]string, opt Options, modes *modeSet, dimRoles []int, workers int, read *int64) ([]*aggWorker, error) {
	info, err := fh.Stat()
	if err != nil {
		return nil, data.FileError(path, err)
	}
	dataEnd, err := checkFooter(fh, info.Size())
	if err != nil {
		return nil, data.Fail(path, 0, "a damaged Parquet file (%v); export or copy it again", err)
	}
	// The page index and bloom filters are not needed, and not read: a
	// damaged page index made the Parquet library panic on opening.
	var pf *parquet.File
	var openErr error
	if err := parquetGuard(path, func() error {
		pf, openErr = parquet.OpenFile(fh, info.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		return nil
	}); err != nil {
		return nil, err
	}
	if openErr != nil {
		return nil, data.Fail(path, 0, "not a readable Parquet file: %v", openErr)
	}
	var cols []parquetColumn
	if err := parquetGuard(path, func() (err error) {
		cols, err = parquetColumns(path, pf.Schema(), parts)
		return err
	}); err != nil {
		return nil, err
	}
	// Row groups are independent: the workers take them in turn, each into
	// its own aggregate, and the caller merges the aggregates (sums are
	// exact, so the order does not matter). Each group's first line is
	// known from the groups before it, so bad records keep their lines.
	groups, meta := pf.RowGroups(), pf.Metadata().RowGroups
	if len(meta) != len(groups) {
		return nil, data.Fail(path, 0, "a damaged Parquet file (%d row groups in its footer, %d read); export or copy it again", len(meta), len(groups))
	}
	firstLine := make([]int, len(groups))
	line := 2
	for i, rg := range groups {
		firstLine[i] = line
		line += int(rg.NumRows())
	}
	workers = max(1, min(workers, len(groups)))
	var (
		lim  = newBadLimit(opt.SkipBad)
		mu   sync.Mutex
		ferr error
		wg   sync.WaitGroup
		ws   = make([]*aggWorker, workers)
		jobs = make(chan int)
	)
	for i := range ws {
		w := newWorker([]int{roleID, roleDate, roleFlow, roleMode, roleHS, rolePartner, roleProvince, roleCurrency, roleValue, rolePieces}, modes, dimRoles, path)
		if w.groups != nil {
			w.spill, w.spillAt = opt.spill, opt.spillAt
		}
		ws[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range jobs {
				if lim.skip(g) {
					continue
				}
				from := len(w.bad)
				halt := func() bool { return lim.skip(g) || len(w.bad)-from > opt.SkipBad }
				err := parquetGuard(path, func() error {
					if err := checkGroup(fh, dataEnd, &meta[g], w, cols); err != nil {
						return data.Fail(path, firstLine[g], "a damaged Parquet file (row group %d, %v); export or copy it again", g+1, err)
					}
					return parquetGroup(w, path, groups[g], cols, firstLine[g], halt)
				})
				lim.add(g, len(w.bad)-from)
				if err != nil {
					mu.Lock()
					ferr = cmp.Or(ferr, err)
					mu.Unlock()
					lim.abort.Store(true)
				}
			}
		}()
	}
	var rerr error
	for g := range groups {
		if rerr = ctx.Err(); rerr != nil || lim.stopped() || lim.abort.Load() {
			break
		}
		jobs <- g
	}
	close(jobs)
	wg.Wait()
	if rerr = cmp.Or(rerr, ferr); rerr != nil {
		return nil, rerr
	}
	if lim.stopped() {
		return ws, errBadLimit
	}
	*read += info.Size()
	if opt.Progress != nil {
		opt.Progress(*read)
	}
	return ws, nil
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

// checkGroup runs checkChunk on the column chunks of a row group that w
// reads.
func checkGroup(r io.ReaderAt, dataEnd int64, rg *format.RowGroup, w *aggWorker, cols []parquetColumn) error {
	for i, c := range cols {
		if c.index < 0 || c.index >= len(rg.Columns) || !w.parquetNeeds(i) {
			continue
		}
		if err := checkChunk(r, dataEnd, &rg.Columns[c.index]); err != nil {
			return fmt.Errorf("column %s: %v", Columns[i], err)
		}
	}
	return nil
}

// parquetGroup reads one row group into w, its first row being line, a
// batch of rows at a time so that memory does not grow with the group; it
// stops early when halt reports true (badLimit).
func parquetGroup(w *aggWorker, path string, rg parquet.RowGroup, cols []parquetColumn, line int, halt func() bool) error {
	// Only the columns the job needs are read: the checks never look at
	// declaration_id, and partner and province matter only as dimensions
	// (on the 10M-record file the id, unique per record, was the largest
	// column to decode).
	needed := w.parquetNeeds
	if parquetTyped && typedReadable(cols, needed) {
		return typedGroup(w, path, rg, cols, needed, line, halt)
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
// by the typed reader (a variable so that tests can compare both readers).
var parquetTyped = true

// colText is a column's values as text, one after another in buf; row r
// ends at end[r]. Offsets rather than slices keep the garbage collector from
// scanning a pointer per value.
type colText struct {
	buf []byte
	end []int
}

func (c colText) row(r int) []byte {
	start := 0
	if r > 0 {
		start = c.end[r-1]
	}
	return c.buf[start:c.end[r]:c.end[r]]
}

// columnCursor reads a column chunk's values as text, n rows at a time,
// across its pages; a null is empty text, which the record parser reports
// as a missing field.
type columnCursor struct {
	pages parquet.Pages
	text  textOf
	page  parquet.Page
	vr    parquet.ValueReader
	buf   []parquet.Value
	out   colText
	// A string column's dictionary-encoded page is read without a
	// parquet.Value per row: its indexes pick texts copied once from the
	// dictionary (codes have a few dozen values; a profile put the
	// Values and their copies at a third of the reader's time).
	plain      bool
	maxDef     int
	dict       parquet.Dictionary
	dictText   [][]byte
	idx        []int32 // the page's indexes, for its non-null values
	defs       []byte  // the page's definition levels (nil: no nulls)
	pos, vpos  int     // the next row and non-null value of the page
	pageRows   int
	dictionary bool // the current page is read through dictText
}

// next reads the next n values into c.out, replacing the last batch.
func (c *columnCursor) next(n int) error {
	if c.buf == nil {
		c.buf = make([]parquet.Value, 4096)
		c.out = colText{buf: make([]byte, 0, n*16), end: make([]int, 0, n)}
	}
	c.out.buf, c.out.end = c.out.buf[:0], c.out.end[:0]
	for len(c.out.end) < n {
		if c.vr == nil && !c.dictionary {
			p, err := c.pages.ReadPage()
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("%d values for %d rows (a repeated column?)", len(c.out.end), n)
			}
			if err != nil {
				return err
			}
			c.page = p
			if !c.startDictionary(p) {
				c.vr = p.Values()
			}
		}
		if c.dictionary {
			c.dictionaryRows(n)
			continue
		}
		k, err := c.vr.ReadValues(c.buf[:min(len(c.buf), n-len(c.out.end))])
		for _, v := range c.buf[:k] {
			if !v.IsNull() {
				c.out.buf = c.text(c.out.buf, v)
			}
			c.out.end = append(c.out.end, len(c.out.buf))
		}
		if errors.Is(err, io.EOF) {
			parquet.Release(c.page)
			c.page, c.vr = nil, nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// startDictionary sets up reading a dictionary-encoded page of a string
// column through its dictionary, and reports whether it did.
func (c *columnCursor) startDictionary(p parquet.Page) bool {
	d := p.Dictionary()
	if !c.plain || d == nil || c.maxDef > 1 || p.RepetitionLevels() != nil {
		return false
	}
	values := p.Data()
	idx := values.Int32()
	defs := p.DefinitionLevels()
	if defs == nil && len(idx) != int(p.NumRows()) || defs != nil && len(defs) != int(p.NumRows()) {
		return false
	}
	if d != c.dict {
		c.dict, c.dictText = d, c.dictText[:0]
		for i := range d.Len() {
			c.dictText = append(c.dictText, append([]byte(nil), d.Index(int32(i)).ByteArray()...))
		}
	}
	for _, i := range idx {
		if i < 0 || int(i) >= len(c.dictText) {
			return false
		}
	}
	c.idx, c.defs, c.pos, c.vpos, c.pageRows, c.dictionary = idx, defs, 0, 0, int(p.NumRows()), true
	return true
}

// dictionaryRows appends rows of the dictionary page until the batch has
// n or the page ends (then it is released).
func (c *columnCursor) dictionaryRows(n int) {
	for c.pos < c.pageRows && len(c.out.end) < n {
		if c.defs == nil || int(c.defs[c.pos]) == c.maxDef {
			c.out.buf = append(c.out.buf, c.dictText[c.idx[c.vpos]]...)
			c.vpos++
		}
		c.out.end = append(c.out.end, len(c.out.buf))
		c.pos++
	}
	if c.pos == c.pageRows {
		parquet.Release(c.page)
		c.page, c.dictionary = nil, false
	}
}

// more reports whether the chunk holds values past those read.
func (c *columnCursor) more() bool {
	if c.dictionary && c.pos < c.pageRows {
		return true
	}
	c.dictionary = false
	for {
		if c.vr == nil {
			p, err := c.pages.ReadPage()
			if err != nil {
				return false
			}
			c.page, c.vr = p, p.Values()
		}
		k, err := c.vr.ReadValues(c.buf[:1])
		if k > 0 {
			return true
		}
		if err == nil {
			continue
		}
		parquet.Release(c.page)
		c.page, c.vr = nil, nil
		if !errors.Is(err, io.EOF) {
			return false
		}
	}
}

func (c *columnCursor) close() {
	if c.page != nil {
		parquet.Release(c.page)
	}
	c.pages.Close()
}
