package decl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Checks of the sizes a Parquet file states, made before the Parquet
// library trusts them. The library allocates the footer's buffer from the
// length in the file's last eight bytes, and a page's buffers from the
// sizes in its header (compressed, then uncompressed) before reading the
// page; in a damaged file a size near 2^31 made it allocate gigabytes
// before it failed (2.8 GB for one of 3,000 damaged copies of a 30-record
// file; TestParquetDamagedSizes). Sound files pass every check: they only
// refuse sizes that cannot be right.

// checkFooter refuses a footer said to be longer than the file can hold
// (4 bytes of magic at each end and the 4-byte length), and returns where
// the footer starts: the end of the pages. A file too short or without the
// magic passes, for the library to report.
func checkFooter(r io.ReaderAt, size int64) (dataEnd int64, err error) {
	var b [8]byte
	if size < 12 {
		return size, nil
	}
	if _, err := r.ReadAt(b[:], size-8); err != nil {
		return size, nil
	}
	if m := string(b[4:]); m != "PAR1" && m != "PARE" {
		return size, nil
	}
	n := int64(binary.LittleEndian.Uint32(b[:4]))
	if n > size-12 {
		return 0, fmt.Errorf("its footer is said to be %d bytes long, in a file of %d", n, size)
	}
	return size - 8 - n, nil
}

// maxPageHeader is the longest page header read; headers hold a few
// numbers and, at most, a page's minimum and maximum values.
const maxPageHeader = 1 << 20

// checkChunk reads the page headers of one column chunk, whose pages must
// lie before dataEnd (where the footer starts), and refuses a chunk that
// lies outside the file, a page whose data runs past its chunk, and a page
// said to decompress to more bytes than the whole chunk holds
// uncompressed. It stops once the data pages hold the chunk's values.
// When pages is not nil, the headers read are appended to it, for the page
// reader (parquet_pages.go).
func checkChunk(r io.ReaderAt, dataEnd int64, cc *format.ColumnChunk, pages *[]pageRef) error {
	md := &cc.MetaData
	base := md.DataPageOffset
	if md.DictionaryPageOffset != 0 {
		base = md.DictionaryPageOffset // the library starts there too
	}
	end := base + md.TotalCompressedSize
	if base < 4 || md.TotalCompressedSize < 0 || end < base || end > dataEnd {
		return fmt.Errorf("a column chunk said to lie at bytes %d to %d, where the data ends at %d", base, end, dataEnd)
	}
	var buf []byte
	for off, values := base, int64(0); off < end && values < md.NumValues; {
		h, n, err := pageHeader(r, off, end, &buf)
		if err != nil {
			return err
		}
		switch {
		case int64(h.CompressedPageSize) > end-off-n:
			return fmt.Errorf("a page said to be %d bytes long, at byte %d of a column chunk with %d bytes after its header", h.CompressedPageSize, off, end-off-n)
		case int64(h.UncompressedPageSize) > md.TotalUncompressedSize:
			return fmt.Errorf("a page said to be %d bytes long uncompressed, at byte %d of a column chunk of %d bytes uncompressed", h.UncompressedPageSize, off, md.TotalUncompressedSize)
		}
		if pages != nil {
			*pages = append(*pages, pageRef{h: h, off: off + n})
		}
		switch h.Type {
		case format.DataPage:
			values += int64(h.DataPageHeader.V.NumValues)
		case format.DataPageV2:
			values += int64(h.DataPageHeaderV2.V.NumValues)
		}
		off += n + int64(h.CompressedPageSize)
	}
	return nil
}

// pageHeader decodes the page header at off, reading at most up to end,
// and returns it with its length. A short read is tried again with more
// bytes, up to maxPageHeader.
func pageHeader(r io.ReaderAt, off, end int64, buf *[]byte) (*format.PageHeader, int64, error) {
	var proto thrift.CompactProtocol
	for want := int64(256); ; want *= 16 {
		n := min(want, end-off, maxPageHeader)
		if int64(cap(*buf)) < n {
			*buf = make([]byte, n)
		}
		b := (*buf)[:n]
		if k, err := r.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && int64(k) == n) {
			return nil, 0, fmt.Errorf("reading the page header at byte %d: %v", off, err)
		}
		h := new(format.PageHeader)
		pr := proto.NewReaderFromBytes(b)
		err := thrift.NewDecoder(pr).Decode(h)
		if err == nil {
			if h.CompressedPageSize < 0 || h.UncompressedPageSize < 0 {
				return nil, 0, fmt.Errorf("a page header at byte %d with a negative size", off)
			}
			return h, int64(pr.BytesRead()), nil
		}
		if n == end-off || n == maxPageHeader {
			return nil, 0, fmt.Errorf("the page header at byte %d cannot be read: %v", off, err)
		}
	}
}
