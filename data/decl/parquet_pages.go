package decl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// ceb's own reader of the pages of a column chunk, for the layouts data
// lakes write: data pages (v1 or v2) whose values are PLAIN or indexes
// into the chunk's dictionary (RLE_DICTIONARY, PLAIN_DICTIONARY), levels
// RLE-encoded, compressed by any codec the Parquet library decodes. The
// Parquet library decodes a whole page into arrays before the first value
// is read — an index per row for a dictionary-encoded column, offsets for
// strings — and DuckDB writes a column chunk of a 1,000,000-row group as a
// single page: a worker held every needed column of a row group decoded,
// which was most of the peak memory. Here a page is only decompressed: its
// numbers and strings are read where they lie, and the dictionary indexes
// are unpacked a batch of rows at a time, straight into codes.
//
// The page headers are the ones checkChunk read, and checked, before any
// page is. A chunk any of whose pages is of another kind (another
// encoding, a repeated column, a page index) is read by the Parquet
// library (typedCursor over parquet.Pages).

// pageRef is a page of a column chunk: its header, and where its data
// starts in the file.
type pageRef struct {
	h   *format.PageHeader
	off int64
}

// ownChunk is a column chunk read by the page reader.
type ownChunk struct {
	r      io.ReaderAt
	codec  format.CompressionCodec
	pages  []pageRef
	next   int // the next page to read
	maxDef int
	role   int // the column's, for its buffers' list
	cache  *pageCache
}

// ownReadable reports whether the page reader reads the chunk cc of a
// column of kind (size bytes a value, for FIXED_LEN_BYTE_ARRAY) whose
// pages are pages.
func ownReadable(cc *format.ColumnChunk, t typedConv, maxDef int, pages []pageRef) bool {
	switch cc.MetaData.Codec {
	case format.Uncompressed, format.Snappy, format.Gzip, format.Zstd:
	default:
		return false
	}
	if t.conv == convNone || maxDef > 1 || t.kind == parquet.FixedLenByteArray && t.size <= 0 {
		return false
	}
	for _, p := range pages {
		switch h := p.h; h.Type {
		case format.DictionaryPage:
			if e := h.DictionaryPageHeader.V.Encoding; !h.DictionaryPageHeader.Valid || e != format.Plain && e != plainDictionary {
				return false
			}
		case format.DataPage:
			d := h.DataPageHeader
			if !d.Valid || !valueEncoding(d.V.Encoding) || maxDef > 0 && d.V.DefinitionLevelEncoding != format.RLE {
				return false
			}
		case format.DataPageV2:
			d := h.DataPageHeaderV2
			if !d.Valid || !valueEncoding(d.V.Encoding) || d.V.RepetitionLevelsByteLength != 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// plainDictionary is PLAIN_DICTIONARY, deprecated by the format for
// RLE_DICTIONARY (data pages) and PLAIN (dictionary pages), and still
// written by DuckDB 1.5 on its data pages.
//
//lint:ignore SA1019 files written with it are read
const plainDictionary = format.PlainDictionary

func valueEncoding(e format.Encoding) bool {
	return e == format.Plain || e == plainDictionary || e == format.RLEDictionary
}

// pageBuf is a buffer a page is read or decompressed into, of one of the
// lists of a pageCache.
type pageBuf struct {
	b     []byte
	cache *pageCache
	list  int
}

// pageCache holds the buffers one worker reads pages into, for as long as
// it reads a file: a list of free ones for reading pages (list 0, shared
// by the columns: a page is decompressed as soon as it is read) and one for
// each column's decompressed pages (a column's pages are of about the same
// size in every row group). Buffers reused this way, rather than left to
// the collector, kept the peak memory near what the pages need.
type pageCache struct {
	free [1 + 10][]*pageBuf
	// Each column's arrays of a batch of rows (a cursor's code, raw, null
	// and idxBuf), lent to the cursor of each row group in turn: row
	// groups of 122,880 rows allocated 80 MB of them on the 10M-record file.
	batch [10]struct {
		code, raw []int64
		null      []bool
		idx       []int32
	}
}

// lendBatch lends the arrays of column role's batches to c.
func (pc *pageCache) lendBatch(role int, c *typedCursor) {
	b := &pc.batch[role]
	c.code, c.raw, c.null, c.idxBuf, c.lender = b.code, b.raw, b.null, b.idx, pc
}

// takeBatch takes them back from c, as c may have grown them.
func (pc *pageCache) takeBatch(role int, c *typedCursor) {
	b := &pc.batch[role]
	b.code, b.raw, b.null, b.idx = c.code, c.raw, c.null, c.idxBuf
	c.code, c.raw, c.null, c.idxBuf, c.lender = nil, nil, nil, nil, nil
}

// get is a buffer of n bytes from list.
func (pc *pageCache) get(list, n int) *pageBuf {
	var b *pageBuf
	if k := len(pc.free[list]); k > 0 {
		b, pc.free[list] = pc.free[list][k-1], pc.free[list][:k-1]
	} else {
		b = &pageBuf{cache: pc, list: list}
	}
	if cap(b.b) < n {
		// A little more than asked: the next row group's page of the
		// column is often a few bytes longer.
		b.b = nil
		b.b = make([]byte, n, n+n/16+64)
		hugePages(b.b)
	}
	b.b = b.b[:n]
	return b
}

// putBuffers gives buffers back to their caches.
func putBuffers(bufs []*pageBuf) {
	for _, b := range bufs {
		b.cache.free[b.list] = append(b.cache.free[b.list], b)
	}
}

// pageCaches are the workers' page caches for one file.
type pageCaches struct {
	mu sync.Mutex
	m  map[*aggWorker]*pageCache
}

func (c *pageCaches) of(w *aggWorker) *pageCache {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[*aggWorker]*pageCache{}
	}
	pc := c.m[w]
	if pc == nil {
		pc, _ = idleCaches.Get().(*pageCache)
		if pc == nil {
			pc = &pageCache{}
		}
		c.m[w] = pc
	}
	return pc
}

// idleCaches are page caches of files read to their end, for the next
// file (or the next aggregation of a long-running process) to reuse.
var idleCaches sync.Pool

// release gives the caches back once the file is read.
func (c *pageCaches) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for w, pc := range c.m {
		idleCaches.Put(pc)
		delete(c.m, w)
	}
}

// readPage reads page p's data, the levels of a v2 page apart (they are
// never compressed), and decompresses the rest. It returns the buffers to
// give back once the values are no longer needed.
func (o *ownChunk) readPage(p pageRef) (levels, values []byte, bufs []*pageBuf, err error) {
	h := p.h
	raw := o.cache.get(0, int(h.CompressedPageSize))
	if _, err := o.r.ReadAt(raw.b, p.off); err != nil {
		putBuffers([]*pageBuf{raw})
		return nil, nil, nil, fmt.Errorf("reading a page at byte %d: %v", p.off, err)
	}
	body, compressed := raw.b, o.codec != format.Uncompressed
	if h.Type == format.DataPageV2 {
		n := int(h.DataPageHeaderV2.V.DefinitionLevelsByteLength)
		if n < 0 || n > len(body) {
			putBuffers([]*pageBuf{raw})
			return nil, nil, nil, fmt.Errorf("a page of %d bytes with %d bytes of levels", len(body), n)
		}
		levels, body = body[:n], body[n:]
		if c, ok := h.DataPageHeaderV2.V.IsCompressed.Get(); ok && !c {
			compressed = false
		}
	}
	if !compressed {
		return levels, body, []*pageBuf{raw}, nil
	}
	want := int(h.UncompressedPageSize) - len(levels)
	out := o.cache.get(1+o.role, max(0, want))
	dec, err := parquet.LookupCompressionCodec(o.codec).Decode(out.b[:0], body)
	if err == nil && len(dec) != want {
		err = fmt.Errorf("%d bytes, not %d", len(dec), want)
	}
	if err != nil {
		putBuffers([]*pageBuf{raw, out})
		return nil, nil, nil, fmt.Errorf("decompressing a page at byte %d: %v", p.off, err)
	}
	if cap(dec) > cap(out.b) {
		out.b = dec // the codec grew it
	}
	if h.Type == format.DataPageV2 {
		return levels, dec, []*pageBuf{raw, out}, nil // levels are raw's
	}
	putBuffers([]*pageBuf{raw})
	return nil, dec, []*pageBuf{out}, nil
}

// ownPage makes the chunk's next data page the cursor's page, reading the
// dictionary page before it when there is one. It returns io.EOF when the
// chunk has no page left.
func (c *typedCursor) ownPage() error {
	o := c.own
	for {
		if o.next == len(o.pages) {
			return io.EOF
		}
		p := o.pages[o.next]
		o.next++
		levels, values, bufs, err := o.readPage(p)
		if err != nil {
			return err
		}
		if p.h.Type == format.DictionaryPage {
			err := c.ownDictionary(values, int(p.h.DictionaryPageHeader.V.NumValues))
			putBuffers(bufs)
			if err != nil {
				return err
			}
			continue
		}
		c.curBufs = bufs
		return c.ownStart(p.h, levels, values)
	}
}

// ownDictionary reads a dictionary page of n PLAIN values.
func (c *typedCursor) ownDictionary(b []byte, n int) error {
	if n < 0 || n > len(b)+1 {
		return fmt.Errorf("a dictionary of %d values in %d bytes", n, len(b))
	}
	c.dict = nil
	c.dictCode, c.dictRaw, c.dictText = c.dictCode[:0], c.dictRaw[:0], c.dictText[:0]
	switch c.kind {
	case parquet.Int32, parquet.Int64:
		size := 4
		if c.kind == parquet.Int64 {
			size = 8
		}
		if len(b) < n*size {
			return fmt.Errorf("a dictionary of %d values in %d bytes", n, len(b))
		}
		for i := range n {
			x := int64(int32(binary.LittleEndian.Uint32(b[i*4:])))
			if size == 8 {
				x = int64(binary.LittleEndian.Uint64(b[i*8:]))
			}
			c.dictCode = append(c.dictCode, c.numCode(x, c.months))
			c.dictRaw = append(c.dictRaw, x)
		}
	case parquet.ByteArray, parquet.FixedLenByteArray:
		for i := range n {
			var v []byte
			if c.kind == parquet.FixedLenByteArray {
				if len(b) < c.size {
					return fmt.Errorf("dictionary entry %d runs past its page", i)
				}
				v, b = b[:c.size], b[c.size:]
			} else {
				next := nextPrefixed(b, 0)
				if next < 0 {
					return fmt.Errorf("dictionary entry %d runs past its page", i)
				}
				v, b = b[4:next], b[next:]
			}
			v = append([]byte(nil), v...)
			c.dictText = append(c.dictText, v)
			c.dictCode = append(c.dictCode, c.bytesCode(c.role, v, c.months))
			c.dictRaw = append(c.dictRaw, int64(i))
		}
	default:
		return fmt.Errorf("a dictionary of %s values", c.kind)
	}
	c.haveDict = true
	return nil
}

// ownStart makes a data page, decompressed, the page being read, as start
// does for a page of the Parquet library.
func (c *typedCursor) ownStart(h *format.PageHeader, levels, values []byte) error {
	var rows int
	var enc format.Encoding
	if h.Type == format.DataPageV2 {
		d := &h.DataPageHeaderV2.V
		rows, enc = int(d.NumValues), d.Encoding
	} else {
		d := &h.DataPageHeader.V
		rows, enc = int(d.NumValues), d.Encoding
		if c.maxDef > 0 {
			next := nextPrefixed(values, 0)
			if next < 0 {
				return errors.New("a page's definition levels run past its end")
			}
			levels, values = values[4:next], values[next:]
		}
	}
	if rows < 0 {
		return fmt.Errorf("a page of %d rows", rows)
	}
	c.pos, c.vpos, c.pageRows = 0, 0, rows
	c.idx, c.i32, c.i64, c.bdata, c.boff, c.bsize = nil, nil, nil, nil, nil, 0
	c.defs, c.dictPage = nil, false
	present := rows
	if c.maxDef > 0 && !allPresent(levels, rows) {
		if cap(c.defBuf) < rows {
			c.defBuf = make([]byte, rows)
		}
		c.defs = c.defBuf[:rows]
		var err error
		if present, err = readLevels(levels, c.defs); err != nil {
			return fmt.Errorf("definition levels: %v", err)
		}
		if present == rows {
			c.defs = nil
		}
	}
	if enc != format.Plain {
		if !c.haveDict {
			return errors.New("a dictionary-encoded page without a dictionary")
		}
		if len(values) < 1 || values[0] > 32 {
			return errors.New("a dictionary-encoded page without its bit width")
		}
		c.rle = rleReader{b: values[1:], width: uint(values[0])}
		c.dictPage = true
		c.left = present
		return nil
	}
	switch c.kind {
	case parquet.Int32:
		if len(values) < 4*present {
			return fmt.Errorf("a page of %d values in %d bytes", present, len(values))
		}
		c.i32 = int32s(values[:4*present])
	case parquet.Int64:
		if len(values) < 8*present {
			return fmt.Errorf("a page of %d values in %d bytes", present, len(values))
		}
		c.i64 = int64s(values[:8*present])
	case parquet.FixedLenByteArray:
		if len(values) < c.size*present {
			return fmt.Errorf("a page of %d values in %d bytes", present, len(values))
		}
		c.bdata, c.bsize = values[:c.size*present:c.size*present], c.size
		c.hslot, c.heldBytes = len(c.heldBytes), append(c.heldBytes, byteValues{data: c.bdata, size: c.bsize})
	case parquet.ByteArray:
		// Each value after its length, read in turn from bat on (its
		// length checked then: prefixedCodes): a value's raw is where its
		// length is (byteValues with size -1).
		if len(values) >= 1<<31 {
			return fmt.Errorf("a page of %d bytes", len(values))
		}
		c.bdata, c.bsize, c.bat = values[:len(values):len(values)], -1, 0
		if c.bdata == nil {
			c.bdata = []byte{}
		}
		c.hslot, c.heldBytes = len(c.heldBytes), append(c.heldBytes, byteValues{data: c.bdata, size: -1})
	default:
		return fmt.Errorf("a page of %s values", c.kind)
	}
	return nil
}

// nativeLittle is whether this machine stores integers little-endian, as
// Parquet does: PLAIN numbers are then read where they lie.
var nativeLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// int32s is b's little-endian INT32s: b itself when the machine is
// little-endian and b aligned, else a copy.
func int32s(b []byte) []int32 {
	n := len(b) / 4
	if n == 0 {
		return []int32{}
	}
	if nativeLittle && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*int32)(unsafe.Pointer(&b[0])), n)
	}
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// int64s is int32s for INT64s.
func int64s(b []byte) []int64 {
	n := len(b) / 8
	if n == 0 {
		return []int64{}
	}
	if nativeLittle && uintptr(unsafe.Pointer(&b[0]))%8 == 0 {
		return unsafe.Slice((*int64)(unsafe.Pointer(&b[0])), n)
	}
	v := make([]int64, n)
	for i := range v {
		v[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

// ownIndexes unpacks the dictionary indexes of the page's next k values
// into c.idx, checking each against the dictionary.
func (c *typedCursor) ownIndexes(k int) error {
	if k > c.left {
		return fmt.Errorf("a page of %d values, more asked for", c.left)
	}
	if cap(c.idxBuf) < k {
		c.idxBuf = make([]int32, max(k, typedBatch))
	}
	idx := c.idxBuf[:k]
	if err := c.rle.read(idx); err != nil {
		return err
	}
	n := uint32(len(c.dictCode))
	for _, i := range idx {
		if uint32(i) >= n {
			return fmt.Errorf("dictionary index %d of %d entries", i, n)
		}
	}
	c.left -= k
	c.idx = idx
	return nil
}

// allPresent reports whether the definition levels b (of width 1) are
// runs of 1 alone, rows of them: a column without nulls, as writers store
// a nullable one (one run per 2^31 rows, or fewer).
func allPresent(b []byte, rows int) bool {
	n := 0
	for n < rows {
		h, k := binary.Uvarint(b)
		if k <= 0 || h&1 != 0 || len(b) < k+1 || b[k] != 1 {
			return false
		}
		n += int(h >> 1)
		b = b[k+1:]
	}
	return n == rows
}

// readLevels decodes RLE/bit-packed definition levels of width 1 (a
// column with a maximum definition level of 1) into out, and returns how
// many are 1 (the values present).
func readLevels(b []byte, out []byte) (int, error) {
	r := rleReader{b: b, width: 1}
	var buf [1024]int32
	present := 0
	for done := 0; done < len(out); {
		n := min(len(buf), len(out)-done)
		if err := r.read(buf[:n]); err != nil {
			return 0, err
		}
		for i, l := range buf[:n] {
			if l > 1 {
				return 0, fmt.Errorf("level %d, above the column's 1", l)
			}
			out[done+i] = byte(l)
			present += int(l)
		}
		done += n
	}
	return present, nil
}

// rleReader reads Parquet's RLE/bit-packed hybrid encoding of integers of
// width bits: runs of one repeated value (a header h with h&1 == 0: h>>1
// copies of a value in ceil(width/8) little-endian bytes) and bit-packed
// runs (h&1 == 1: h>>1 groups of eight values, width bits each, least
// significant bit first).
type rleReader struct {
	b     []byte
	width uint
	// The run being read: repeat copies of val left, or packed values
	// left, the next at bit bit of pb.
	repeat int
	val    int32
	packed int
	pb     []byte
	bit    uint
}

// read fills out with the next len(out) values.
func (r *rleReader) read(out []int32) error {
	for len(out) > 0 {
		switch {
		case r.repeat > 0:
			n := min(r.repeat, len(out))
			v := r.val
			for i := range out[:n] {
				out[i] = v
			}
			r.repeat -= n
			out = out[n:]
		case r.packed > 0:
			n := min(r.packed, len(out))
			r.unpack(out[:n])
			r.packed -= n
			out = out[n:]
		default:
			if err := r.run(); err != nil {
				return err
			}
		}
	}
	return nil
}

// run starts the next run.
func (r *rleReader) run() error {
	h, n := binary.Uvarint(r.b)
	if n <= 0 {
		return errors.New("the levels or indexes end early")
	}
	r.b = r.b[n:]
	if h&1 == 0 {
		bytes := int(r.width+7) / 8
		if h>>1 == 0 || h>>1 > 1<<31 || len(r.b) < bytes {
			return errors.New("a damaged run of levels or indexes")
		}
		var v uint32
		for i := range bytes {
			v |= uint32(r.b[i]) << (8 * i)
		}
		if r.width < 32 && v>>r.width != 0 {
			return errors.New("a damaged run of levels or indexes")
		}
		r.repeat, r.val, r.b = int(h>>1), int32(v), r.b[bytes:]
		return nil
	}
	groups := h >> 1
	if groups == 0 || groups > 1<<28 {
		return errors.New("a damaged run of levels or indexes")
	}
	// The last run may be cut short of its last groups' bytes: its values
	// past the data are padding, never read (a page holds as many as its
	// header says).
	size := min(uint64(len(r.b)), groups*uint64(r.width))
	r.pb, r.b, r.bit = r.b[:size], r.b[size:], 0
	r.packed = int(min(groups*8, uint64(size)*8/uint64(max(r.width, 1))))
	if r.width == 0 {
		r.packed = int(groups * 8)
	}
	if r.packed == 0 {
		return errors.New("a damaged run of levels or indexes")
	}
	return nil
}

// unpack reads len(out) values of the bit-packed run.
func (r *rleReader) unpack(out []int32) {
	w := r.width
	if w == 0 {
		clear(out)
		return
	}
	mask := uint64(1)<<w - 1
	pb, bit := r.pb, r.bit
	if w <= 8 {
		// Whole groups of eight from one load: a group is w bytes and
		// starts on a byte.
		for len(out) >= 8 && bit%(8*w) == 0 && int(bit>>3)+8 <= len(pb) {
			x := binary.LittleEndian.Uint64(pb[bit>>3:])
			o := out[:8:8]
			o[0], o[1], o[2], o[3] = int32(x&mask), int32(x>>w&mask), int32(x>>(2*w)&mask), int32(x>>(3*w)&mask)
			o[4], o[5], o[6], o[7] = int32(x>>(4*w)&mask), int32(x>>(5*w)&mask), int32(x>>(6*w)&mask), int32(x>>(7*w)&mask)
			out, bit = out[8:], bit+8*w
		}
	}
	for i := range out {
		at := bit >> 3
		var x uint64
		if int(at)+8 <= len(pb) {
			x = binary.LittleEndian.Uint64(pb[at:])
		} else {
			for j := 0; int(at)+j < len(pb); j++ {
				x |= uint64(pb[int(at)+j]) << (8 * j)
			}
		}
		out[i] = int32(x >> (bit & 7) & mask)
		bit += w
	}
	r.bit = bit
}
