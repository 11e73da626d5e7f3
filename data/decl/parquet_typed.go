package decl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/cbec-stats/ceb/data"
)

// The typed Parquet reader. The columns of the layouts data lakes use —
// declared_on as DATE or TIMESTAMP, value as an INT32 or INT64 DECIMAL (or
// an integer of yuan), pieces as an integer, the codes as strings — are
// read as numbers straight from the decoded pages, never as text: each
// column of a batch of rows becomes a code per row (the month, the flow,
// the amount in fen, …) and the rows are summed from the codes. A string
// column's values are classified once per dictionary entry of each row
// group (a row carries the entry's index), and a plain page's once per
// value. A DECIMAL stored as bytes (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY,
// big-endian two's complement) is read as an integer from its bytes.
//
// A row any of whose codes is negative (a null, or a value the checks would
// refuse) is written out as text and goes through the same record checks
// as a CSV line, so that a bad record is reported in the same words. A
// file with a column of another type (a decimal string, a repeated column)
// is read by the text reader (parquetGroup) instead.

// How a column's values become codes.
const (
	convNone   = iota // not read typed: the file takes the text reader
	convDays          // INT32 DATE: days since 1970-01-01
	convTime          // INT64 TIMESTAMP: perDay units a day
	convFen           // INT32, INT64 or bytes DECIMAL (or integer), scale in scale
	convPieces        // INT32 or INT64 count
	convString        // BYTE_ARRAY, classified by the column's role
)

// typedConv is how one column is read by the typed reader.
type typedConv struct {
	conv   int
	kind   parquet.Kind
	scale  int   // convFen
	size   int   // a FIXED_LEN_BYTE_ARRAY's bytes
	pow    int64 // convFen: 10^|2-scale|
	perDay int64 // convTime
}

// typedConvOf chooses the typed reading of a column, or convNone.
func typedConvOf(role int, leaf parquet.LeafColumn) typedConv {
	if leaf.MaxRepetitionLevel > 0 || leaf.MaxDefinitionLevel > 1 {
		return typedConv{}
	}
	tc := typedConvFor(role, leaf)
	if tc.kind == parquet.FixedLenByteArray {
		tc.size = leaf.Node.Type().Length()
	}
	return tc
}

func typedConvFor(role int, leaf parquet.LeafColumn) typedConv {
	t := leaf.Node.Type()
	kind := t.Kind()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	integer := kind == parquet.Int32 || kind == parquet.Int64
	switch role {
	case roleDate:
		switch lt := lt.(type) {
		case *format.DateType:
			if kind == parquet.Int32 {
				return typedConv{conv: convDays, kind: kind}
			}
		case *format.TimestampType:
			if kind != parquet.Int64 {
				return typedConv{}
			}
			per := int64(1e3 * 86400)
			switch lt.Unit.Value.(type) {
			case *format.MicroSeconds:
				per = 1e6 * 86400
			case *format.NanoSeconds:
				per = 1e9 * 86400
			}
			return typedConv{conv: convTime, kind: kind, perDay: per}
		}
		if kind == parquet.ByteArray {
			return typedConv{conv: convString, kind: kind}
		}
	case roleValue:
		scale := 0
		switch lt := lt.(type) {
		case *format.DecimalType:
			scale = int(lt.Scale)
			if !integer && kind != parquet.FixedLenByteArray && kind != parquet.ByteArray {
				return typedConv{}
			}
		case nil, *format.IntType:
			if !integer {
				return typedConv{}
			}
		default:
			return typedConv{}
		}
		if scale < 0 || scale > 18 {
			return typedConv{}
		}
		pow := int64(1)
		for range max(2-scale, scale-2) {
			pow *= 10
		}
		return typedConv{conv: convFen, kind: kind, scale: scale, pow: pow}
	case rolePieces:
		switch lt.(type) {
		case nil, *format.IntType:
			if integer {
				return typedConv{conv: convPieces, kind: kind}
			}
		}
	default:
		if kind == parquet.ByteArray {
			return typedConv{conv: convString, kind: kind}
		}
	}
	return typedConv{}
}

// dayMonth is the month number from 1970-01 of each day from 1970-01-01 to
// the last day of the slots' last year.
var dayMonth = sync.OnceValue(func() []int16 {
	var m []int16
	for y := slotFirstY; y < slotFirstY+slotYears; y++ {
		for mo := 1; mo <= 12; mo++ {
			n := daysIn[mo]
			if mo == 2 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
				n = 28
			}
			for range n {
				m = append(m, int16((y-slotFirstY)*12+mo-1))
			}
		}
	}
	return m
})

// numCode is the code of a number in a column: for declared_on the month's
// slot base (month × 4), for value the amount in fen, for pieces the count;
// -1 for a value the record checks refuse.
func (c *typedConv) numCode(v int64, months []int16) int64 {
	switch c.conv {
	case convTime:
		v = floorDiv(v, c.perDay)
		fallthrough
	case convDays:
		if v < 0 || v >= int64(len(months)) {
			return -1
		}
		return int64(months[v]) * 4
	case convFen:
		if v < 0 {
			return -1
		}
		if c.scale <= 2 {
			if v >= maxFen/c.pow {
				return -1
			}
			return v * c.pow
		}
		if v%c.pow != 0 || v/c.pow >= maxFen {
			return -1
		}
		return v / c.pow
	case convPieces:
		if v < 0 || v >= 1e12 {
			return -1
		}
		return v
	}
	return -1
}

// bytesNum reads a DECIMAL stored as bytes, a big-endian two's complement
// integer, and reports whether it is 0 to 2^63-1: a negative or larger one
// is refused by the checks anyway (its text is written from the bytes).
// No bytes is 0, as the text reader reads them.
func bytesNum(v []byte) (int64, bool) {
	n := len(v)
	for _, b := range v[:max(0, n-8)] {
		if b != 0 {
			return 0, false
		}
	}
	v = v[max(0, n-8):]
	if len(v) > 0 && v[0]&0x80 != 0 {
		return 0, false
	}
	var x uint64
	for _, b := range v {
		x = x<<8 | uint64(b)
	}
	return int64(x), true
}

// bytesCode is the code of a byte array in the column: a string's
// (stringCode), or a DECIMAL's amount in fen (numCode).
func (c *typedConv) bytesCode(role int, v []byte, months []int16) int64 {
	if c.conv == convString {
		if role == roleHS {
			return hsCode(v)
		}
		return stringCode(role, v)
	}
	x, ok := bytesNum(v)
	if !ok {
		return -1
	}
	return c.numCode(x, months)
}

// byteKind reports whether a column's values are byte arrays.
func byteKind(k parquet.Kind) bool { return k == parquet.ByteArray || k == parquet.FixedLenByteArray }

// stringCode is the code of a string in a column of role: for declared_on
// the month's slot base, flow × 2, the trade_mode's number, the hs_code's
// chapter, the currency's slot (0 CNY, 1 USD); 0 for partner and province,
// which are not checked; -1 for a value the record checks refuse.
func stringCode(role int, v []byte) int64 {
	switch role {
	case roleDate:
		ym, why := monthOf(v)
		if why != "" {
			return -1
		}
		return int64(ym) * 4
	case roleFlow:
		switch string(v) {
		case "export", "E", "e":
			return 0
		case "import", "I", "i":
			return 2
		}
	case roleMode:
		if len(v) == 4 && allDigits(v) {
			return int64(v[0]-'0')*1000 + int64(v[1]-'0')*100 + int64(v[2]-'0')*10 + int64(v[3]-'0')
		}
	case roleHS:
		return hsCode(v) // cut to the table's digits by hsCut
	case roleCurrency:
		switch string(v) {
		case "CNY", "RMB":
			return 0
		case "USD":
			return 1
		}
	case rolePartner, roleProvince, roleID:
		return 0
	}
	return -1
}

// A byte array's raw value (a string's, a bytes DECIMAL's) is its
// dictionary entry's index, or, for a value of a plain page, (k+1)<<32 | i
// for value i of the batch's k-th page.
const plainRaw = 1 << 32

// typedCursor reads a column chunk's values as codes, a batch of rows at a
// time, across its pages.
type typedCursor struct {
	typedConv
	role   int
	maxDef int
	text   textOf        // a number as text, for a row the record checks read
	pages  parquet.Pages // nil when own reads the chunk
	own    *ownChunk
	months []int16

	// The page being read: its definition levels (nil: no nulls), the
	// next row and next non-null value, and its values as one of: indexes
	// into the dictionary, INT32s, INT64s, or byte arrays (fixed ones of
	// bsize bytes when boff is nil).
	open      bool         // a page is being read
	page      parquet.Page // the Parquet library's page being read
	defs      []byte
	pos, vpos int
	pageRows  int
	idx       []int32
	i32       []int32
	i64       []int64
	bdata     []byte
	boff      []uint32
	bsize     int
	bat       int // of byte arrays each after its length (bsize -1): the next one's
	// Of a page of the page reader: its dictionary indexes, unpacked a
	// batch at a time (left: those still to unpack), and the buffers of
	// its levels and offsets.
	dictPage bool
	rle      rleReader
	left     int
	idxBuf   []int32
	defBuf   []byte

	// The chunk's dictionary, each entry's code and raw value (the number,
	// or the entry's index for a byte array), and a byte array's bytes.
	dict     parquet.Dictionary
	haveDict bool // the page reader read the chunk's dictionary
	dictCode []int64
	dictRaw  []int64
	dictText [][]byte

	// The pages the batch's rows come from, released when the next batch
	// starts, and the values of those that hold strings (a row's raw
	// value points into them).
	held      []parquet.Page
	heldBytes []byteValues
	hslot     int // the current page's place in heldBytes
	// The same for the page reader: the buffers of the batch's pages read
	// to their end, and of the page being read.
	heldBufs, curBufs []*pageBuf

	// A damaged page found while its values were read.
	err error
	// The page cache the batch's arrays were lent from (lendBatch).
	lender *pageCache

	// The batch: each row's code (negative: the row takes the text path),
	// its raw value (a number, or a string's id) and whether it is null.
	code []int64
	raw  []int64
	null []bool

	// A hive partition value: the same in every row.
	constant     bool
	constText    []byte
	constantCode int64
}

// byteValues are a page's byte arrays: value i is data[off[i]:off[i+1]];
// or, when off is nil, data[i*size:(i+1)*size]; or, when size is -1, the
// bytes after the 4-byte little-endian length at data[i:] (i is then a
// place, not a number: a PLAIN page read where it lies).
type byteValues struct {
	data []byte
	off  []uint32
	size int
}

// at is value i.
func (h *byteValues) at(i int64) []byte {
	switch {
	case h.size < 0:
		return h.data[i+4 : i+4+int64(binary.LittleEndian.Uint32(h.data[i:]))]
	case h.off == nil:
		return h.data[i*int64(h.size) : (i+1)*int64(h.size)]
	}
	return h.data[h.off[i]:h.off[i+1]]
}

func newTypedCursor(role int, c parquetColumn, pages parquet.Pages, own *ownChunk) *typedCursor {
	return &typedCursor{typedConv: c.typed, role: role, maxDef: c.maxDef, text: c.text, pages: pages, own: own, months: dayMonth()}
}

// newConstCursor is a cursor over a hive partition value.
func newConstCursor(role int, v []byte) *typedCursor {
	return &typedCursor{role: role, typedConv: typedConv{conv: convString}, constant: true, constText: v, constantCode: stringCode(role, v)}
}

// next reads the next n rows' codes, replacing the last batch.
func (c *typedCursor) next(n int) error {
	if cap(c.code) < n {
		c.code, c.raw, c.null = make([]int64, n), make([]int64, n), make([]bool, n)
	}
	c.code, c.raw, c.null = c.code[:n], c.raw[:n], c.null[:n]
	if c.constant {
		for i := range n {
			c.code[i] = c.constantCode
		}
		return nil
	}
	c.release()
	for out := 0; out < n; {
		if !c.open {
			var err error
			if c.own != nil {
				err = c.ownPage()
			} else {
				var p parquet.Page
				if p, err = c.pages.ReadPage(); err == nil {
					c.held = append(c.held, p)
					err = c.start(p)
				}
			}
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("%d values for %d rows (a repeated column?)", out, n)
			}
			if err != nil {
				return err
			}
			c.open = true
		}
		k := min(n-out, c.pageRows-c.pos)
		if c.dictPage {
			if err := c.ownIndexes(c.presentIn(k)); err != nil {
				return err
			}
			v := c.vpos
			c.vpos = 0 // c.idx holds these rows' indexes alone
			c.fill(c.code[out:out+k], c.raw[out:out+k], c.null[out:out+k])
			c.vpos += v
		} else {
			c.fill(c.code[out:out+k], c.raw[out:out+k], c.null[out:out+k])
		}
		if c.err != nil {
			return c.err
		}
		out += k
		if c.pos == c.pageRows {
			c.open, c.page = false, nil // released with the batch
			c.heldBufs, c.curBufs = append(c.heldBufs, c.curBufs...), nil
		}
	}
	return nil
}

// presentIn is how many of the page's next k rows have a value.
func (c *typedCursor) presentIn(k int) int {
	if c.defs == nil {
		return k
	}
	return bytes.Count(c.defs[c.pos:c.pos+k], []byte{byte(c.maxDef)})
}

// release releases the last batch's pages but the one still being read.
func (c *typedCursor) release() {
	for _, p := range c.held {
		if p != c.page {
			parquet.Release(p)
		}
	}
	putBuffers(c.heldBufs)
	c.held, c.heldBytes, c.heldBufs = c.held[:0], c.heldBytes[:0], c.heldBufs[:0]
	if c.open {
		if c.page != nil {
			c.held = append(c.held, c.page)
		}
		if c.bdata != nil || c.boff != nil {
			c.hslot, c.heldBytes = 0, append(c.heldBytes, byteValues{c.bdata, c.boff, c.bsize})
		}
	}
}

// start makes p the page being read.
func (c *typedCursor) start(p parquet.Page) error {
	if p.RepetitionLevels() != nil {
		return errors.New("a repeated column")
	}
	c.page, c.defs, c.pos, c.vpos, c.pageRows = p, p.DefinitionLevels(), 0, 0, int(p.NumRows())
	c.idx, c.i32, c.i64, c.bdata, c.boff, c.bsize, c.dictPage = nil, nil, nil, nil, nil, 0, false
	nv := 0
	values := p.Data()
	if d := p.Dictionary(); d != nil {
		if d != c.dict {
			c.setDictionary(d)
		}
		c.idx = values.Int32()
		for _, i := range c.idx {
			if i < 0 || int(i) >= len(c.dictCode) {
				return fmt.Errorf("dictionary index %d of %d entries", i, len(c.dictCode))
			}
		}
		nv = len(c.idx)
	} else {
		switch c.kind {
		case parquet.Int32:
			c.i32 = values.Int32()
			nv = len(c.i32)
		case parquet.Int64:
			c.i64 = values.Int64()
			nv = len(c.i64)
		case parquet.ByteArray:
			c.bdata, c.boff = values.ByteArray()
			nv = max(0, len(c.boff)-1)
			c.hslot, c.heldBytes = len(c.heldBytes), append(c.heldBytes, byteValues{c.bdata, c.boff, 0})
		case parquet.FixedLenByteArray:
			c.bdata, c.bsize = values.FixedLenByteArray()
			if c.bsize <= 0 || len(c.bdata)%c.bsize != 0 {
				return fmt.Errorf("a page of %d bytes of %d-byte values", len(c.bdata), c.bsize)
			}
			nv = len(c.bdata) / c.bsize
			if c.bdata == nil {
				c.bdata = []byte{} // not nil: the page holds byte arrays
			}
			c.hslot, c.heldBytes = len(c.heldBytes), append(c.heldBytes, byteValues{c.bdata, nil, c.bsize})
		}
	}
	present := c.pageRows
	if c.defs != nil {
		if len(c.defs) != c.pageRows {
			return fmt.Errorf("a page of %d rows with %d definition levels", c.pageRows, len(c.defs))
		}
		present = bytes.Count(c.defs, []byte{byte(c.maxDef)})
	}
	if nv != present {
		return fmt.Errorf("a page of %d values for %d rows", nv, present)
	}
	if present == c.pageRows {
		c.defs = nil // no nulls: read without the levels
	}
	return nil
}

// setDictionary classifies a column chunk's dictionary, once.
func (c *typedCursor) setDictionary(d parquet.Dictionary) {
	c.dict = d
	n := d.Len()
	c.dictCode, c.dictRaw, c.dictText = c.dictCode[:0], c.dictRaw[:0], c.dictText[:0]
	for i := range n {
		v := d.Index(int32(i))
		switch c.kind {
		case parquet.ByteArray, parquet.FixedLenByteArray:
			b := append([]byte(nil), v.ByteArray()...)
			c.dictText = append(c.dictText, b)
			c.dictCode = append(c.dictCode, c.bytesCode(c.role, b, c.months))
			c.dictRaw = append(c.dictRaw, int64(i))
		default:
			x := v.Int64()
			if c.kind == parquet.Int32 {
				x = int64(v.Int32())
			}
			c.dictCode = append(c.dictCode, c.numCode(x, c.months))
			c.dictRaw = append(c.dictRaw, x)
		}
	}
}

// fill writes the codes of the page's next len(code) rows.
func (c *typedCursor) fill(code, raw []int64, null []bool) {
	n, v := len(code), c.vpos
	if n == 0 {
		return
	}
	if c.defs != nil {
		c.fillNulls(code, raw, null)
		return
	}
	clear(null)
	switch {
	case c.idx != nil:
		dc, dr := c.dictCode, c.dictRaw
		for r, e := range c.idx[v : v+n] {
			code[r], raw[r] = dc[e], dr[e]
		}
	case c.i64 != nil:
		numCodes(&c.typedConv, c.months, code, raw, c.i64[v:v+n])
	case c.i32 != nil:
		numCodes(&c.typedConv, c.months, code, raw, c.i32[v:v+n])
	case c.bsize < 0:
		c.bat = prefixedCodes(&c.typedConv, c.role, c.months, code, raw, c.bdata, c.bat, int64(c.hslot+1)<<32)
		if c.bat < 0 {
			c.err = errPastPage
		}
	case c.boff == nil:
		fixedCodes(&c.typedConv, c.role, c.months, code, raw, c.bdata[v*c.bsize:(v+n)*c.bsize], c.bsize, int64(c.hslot+1)<<32|int64(v))
	case c.conv == convFen:
		h := byteValues{c.bdata, c.boff[v : v+n+1], 0}
		for r := range n {
			code[r], raw[r] = c.bytesCode(c.role, h.at(int64(r)), c.months), int64(c.hslot+1)<<32|int64(v+r)
		}
	default:
		stringCodes(c.role, code, raw, c.bdata, c.boff[v:v+n+1], int64(c.hslot+1)<<32|int64(v))
	}
	c.pos += n
	c.vpos += n
}

// fillNulls is fill for a page with nulls, a row at a time.
func (c *typedCursor) fillNulls(code, raw []int64, null []bool) {
	defs, maxDef := c.defs, byte(c.maxDef)
	v := c.vpos
	for r := range code {
		if defs[c.pos+r] != maxDef {
			code[r], raw[r], null[r] = -1, 0, true
			continue
		}
		null[r] = false
		switch {
		case c.idx != nil:
			e := c.idx[v]
			code[r], raw[r] = c.dictCode[e], c.dictRaw[e]
		case c.i64 != nil:
			x := c.i64[v]
			code[r], raw[r] = c.numCode(x, c.months), x
		case c.i32 != nil:
			x := int64(c.i32[v])
			code[r], raw[r] = c.numCode(x, c.months), x
		default:
			at := int64(v)
			if c.bsize < 0 {
				at = int64(c.bat)
				if c.bat = nextPrefixed(c.bdata, c.bat); c.bat < 0 {
					c.err, c.bat = errPastPage, len(c.bdata)
					code[r], raw[r] = -1, 0
					v++
					continue
				}
			}
			h := byteValues{c.bdata, c.boff, c.bsize}
			code[r], raw[r] = c.bytesCode(c.role, h.at(at), c.months), int64(c.hslot+1)<<32|at
		}
		v++
	}
	c.pos += len(code)
	c.vpos = v
}

// numCodes writes the codes of numbers, as numCode does, a loop per kind
// of column.
func numCodes[T int32 | int64](c *typedConv, months []int16, code, raw []int64, vals []T) {
	code, raw = code[:len(vals)], raw[:len(vals)]
	switch c.conv {
	case convDays:
		for r, x := range vals {
			raw[r] = int64(x)
			if uint64(x) < uint64(len(months)) {
				code[r] = int64(months[x]) * 4
			} else {
				code[r] = -1
			}
		}
	case convFen:
		if c.scale == 2 {
			for r, x := range vals {
				raw[r] = int64(x)
				if uint64(x) < uint64(maxFen) {
					code[r] = int64(x)
				} else {
					code[r] = -1
				}
			}
			return
		}
		fallthrough
	default:
		for r, x := range vals {
			raw[r], code[r] = int64(x), c.numCode(int64(x), months)
		}
	}
}

// fixedCodes writes the codes of a plain page's fixed-size byte arrays
// (DECIMALs or strings of size bytes each), as bytesCode does, and their
// raw values from first on.
func fixedCodes(c *typedConv, role int, months []int16, code, raw []int64, data []byte, size int, first int64) {
	n := len(data) / size
	code, raw = code[:n], raw[:n]
	for r := range n {
		raw[r] = first + int64(r)
	}
	if c.conv == convFen && size == 8 && c.scale == 2 {
		// DECIMAL(18,2) in eight bytes, the usual layout: one load a value.
		for r := range n {
			x := int64(binary.BigEndian.Uint64(data[r*8:]))
			if uint64(x) < uint64(maxFen) {
				code[r] = x
			} else {
				code[r] = -1
			}
		}
		return
	}
	for r := range n {
		code[r] = c.bytesCode(role, data[r*size:(r+1)*size], months)
	}
}

// errPastPage is a PLAIN byte array whose length runs past its page.
var errPastPage = errors.New("a value runs past the end of its page")

// nextPrefixed is where the byte array after the one at data[at:] (its
// 4-byte length, then its bytes) starts, or -1 when it runs past data.
func nextPrefixed(data []byte, at int) int {
	if at < 0 || len(data)-at < 4 || int64(binary.LittleEndian.Uint32(data[at:])) > int64(len(data)-at-4) {
		return -1
	}
	return at + 4 + int(binary.LittleEndian.Uint32(data[at:]))
}

// prefixedCodes writes the codes of len(code) byte arrays of a PLAIN page,
// each after its 4-byte length, from data[at:] on, as bytesCode does, and
// their raw values (base | the place of each); it returns the place of the
// next, or -1 when one runs past data.
func prefixedCodes(c *typedConv, role int, months []int16, code, raw []int64, data []byte, at int, base int64) int {
	hs := c.conv == convString && role == roleHS
	for r := range code {
		next := nextPrefixed(data, at)
		if next < 0 {
			return -1
		}
		v := data[at+4 : next]
		if hs {
			code[r] = hsCode(v)
		} else {
			code[r] = c.bytesCode(role, v, months)
		}
		raw[r] = base | int64(at)
		at = next
	}
	return at
}

// hsCode is the code of an hs_code string, as stringCode gives it: its
// hsKey at eight digits when it is 2 to 10 digits, else -1. The usual
// eight digits or more are checked and read as one word (hsKey's loop over
// them was 11% of a profile of the Parquet job).
func hsCode(v []byte) int64 {
	if len(v) >= 8 && len(v) <= 10 {
		x := load64(v, 0)
		if notDigits(x) != 0 || !allDigits(v[8:]) {
			return -1
		}
		return int64(digitsValue(x, 8))<<4 | 8
	}
	if len(v) >= 2 && len(v) < 8 && allDigits(v) {
		return int64(hsKey(v, 8))
	}
	return -1
}

// stringCodes writes the codes of a plain page's strings (value i is
// data[off[i]:off[i+1]]), as stringCode does, and their raw values from
// first on.
func stringCodes(role int, code, raw []int64, data []byte, off []uint32, first int64) {
	n := len(off) - 1
	code, raw = code[:n], raw[:n]
	for r := range n {
		raw[r] = first + int64(r)
	}
	switch role {
	case roleHS:
		for r := range n {
			code[r] = hsCode(data[off[r]:off[r+1]])
		}
	default:
		for r := range n {
			code[r] = stringCode(role, data[off[r]:off[r+1]])
		}
	}
}

// str is row r's text in a string column.
func (c *typedCursor) str(r int) []byte {
	switch raw := c.raw[r]; {
	case c.constant:
		return c.constText
	case c.null[r]:
		return nil
	case raw >= plainRaw:
		h := &c.heldBytes[raw>>32-1]
		return h.at(raw & (plainRaw - 1))
	default:
		return c.dictText[raw]
	}
}

// appendText appends row r's value as the record checks read it; a null
// is empty.
func (c *typedCursor) appendText(b []byte, r int) []byte {
	if c.conv == convString {
		return append(b, c.str(r)...)
	}
	if c.null[r] {
		return b
	}
	if byteKind(c.kind) {
		return c.text(b, parquet.ByteArrayValue(c.str(r)))
	}
	if c.kind == parquet.Int32 {
		return c.text(b, parquet.Int32Value(int32(c.raw[r])))
	}
	return c.text(b, parquet.Int64Value(c.raw[r]))
}

// more reports whether the chunk holds rows past those read.
func (c *typedCursor) more() bool {
	if c.constant {
		return false
	}
	if c.open && c.pos < c.pageRows {
		return true
	}
	if c.own != nil {
		for _, p := range c.own.pages[c.own.next:] {
			switch p.h.Type {
			case format.DataPage:
				if p.h.DataPageHeader.V.NumValues > 0 {
					return true
				}
			case format.DataPageV2:
				if p.h.DataPageHeaderV2.V.NumValues > 0 {
					return true
				}
			}
		}
		return false
	}
	for {
		p, err := c.pages.ReadPage()
		if err != nil {
			return false
		}
		n := p.NumRows()
		parquet.Release(p)
		if n > 0 {
			return true
		}
	}
}

func (c *typedCursor) close() {
	if c.constant {
		return
	}
	if c.lender != nil {
		c.lender.takeBatch(c.role, c)
	}
	c.open, c.page = false, nil
	c.release()
	putBuffers(c.curBufs)
	c.curBufs = nil
	if c.pages != nil {
		c.pages.Close()
	}
}

// typedReadable reports whether every column a job reads has a typed
// reading.
func typedReadable(cols []parquetColumn, needed func(role int) bool) bool {
	for i, c := range cols {
		if needed(i) && c.index >= 0 && c.typed.conv == convNone {
			return false
		}
	}
	return true
}

// typedGroup reads one row group into w by the typed reader, like
// parquetGroup.
func typedGroup(w *aggWorker, path string, rg parquet.RowGroup, cols []parquetColumn, pages *groupPages, needed func(role int) bool, line int, halt func() bool) error {
	var curs [10]*typedCursor
	for i, c := range cols {
		if !needed(i) {
			continue
		}
		if c.index < 0 {
			curs[i] = newConstCursor(i, c.constant)
			continue
		}
		if own := pages.own(i, c); own != nil {
			curs[i] = newTypedCursor(i, c, nil, own)
		} else {
			curs[i] = newTypedCursor(i, c, rg.ColumnChunks()[c.index].Pages(), nil)
		}
		if pages != nil && pages.cache != nil {
			pages.cache.lendBatch(i, curs[i])
		}
		defer curs[i].close()
	}
	dims := w.dims != nil
	total := int(rg.NumRows())
	batch := min(parquetBatch, typedBatch)
	var f [10][]byte
	var textBuf []byte
	for done := 0; done < total; {
		if halt() {
			return nil
		}
		n := min(batch, total-done)
		for i, c := range curs {
			if c == nil {
				continue
			}
			if err := c.next(n); err != nil {
				return data.Fail(path, line+done, "reading Parquet column %s: %v", Columns[i], err)
			}
		}
		date, flow, mode, hs := curs[roleDate].code[:n], curs[roleFlow].code[:n], curs[roleMode].code[:n], curs[roleHS].code[:n]
		cur, value, pieces := curs[roleCurrency].code[:n], curs[roleValue].code[:n], curs[rolePieces].code[:n]
		for r := range n {
			d, fl, m, h, cu, v, p := date[r], flow[r], mode[r], hs[r], cur[r], value[r], pieces[r]
			if d|fl|m|h|cu|v|p < 0 {
				// A null or a value the checks refuse: the row is written
				// out and checked as text, as a CSV line would be.
				textBuf = textBuf[:0]
				var ends [10]int
				for i, c := range curs {
					if c != nil {
						textBuf = c.appendText(textBuf, r)
					}
					ends[i] = len(textBuf)
				}
				start := 0
				for i := range f {
					f[i] = textBuf[start:ends[i]:ends[i]]
					start = ends[i]
				}
				w.record(&f, line+done+r)
				if halt() {
					return nil
				}
				continue
			}
			slot := int(d + fl + cu)
			isCBEC := w.modes.byNumber[m]
			if !dims {
				w.add(&w.trade[slot], &w.cbec[slot], isCBEC, v, p)
				continue
			}
			var partner, province []byte
			if c := curs[rolePartner]; c != nil {
				partner = c.str(r)
			}
			if c := curs[roleProvince]; c != nil {
				province = c.str(r)
			}
			g := w.groupOf(slot, partner, province, int(m), hsCut(int(h), w.groups.hsDigits))
			w.add(&g[0], &g[1], isCBEC, v, p)
		}
		done += n
	}
	return extraValues(path, line, total, curs[:])
}

// typedBatch is how many rows the typed reader holds at once: its codes
// stay in the cache.
const typedBatch = 8 << 10
