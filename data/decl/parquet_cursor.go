package decl

import (
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
)

// The text reader of Parquet columns: a column chunk's values as text, a
// batch of rows at a time.

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
