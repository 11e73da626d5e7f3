package decl

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

func TestCheckFooter(t *testing.T) {
	rows, _ := genRecords(t, 30)
	sound := writeParquet(t, rows, 10)
	footer := int64(binary.LittleEndian.Uint32(sound[len(sound)-8:]))
	long := bytes.Clone(sound)
	binary.LittleEndian.PutUint32(long[len(long)-8:], 0xfffffff0)
	for _, c := range []struct {
		name    string
		file    []byte
		dataEnd int64
		err     string
	}{
		{"sound", sound, int64(len(sound)) - 8 - footer, ""},
		{"footer longer than the file", long, 0, "its footer is said to be 4294967280 bytes long, in a file of "},
		{"too short: left to the library", []byte("PAR1PAR1"), 8, ""},
		{"no magic: left to the library", []byte("declaration_id,declared_on\n"), 27, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			end, err := checkFooter(bytes.NewReader(c.file), int64(len(c.file)))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || end != c.dataEnd {
				t.Fatalf("got %d, %v; want %d", end, err, c.dataEnd)
			}
		})
	}
}

// checkChunk passes every chunk of sound files (dictionary pages, several
// row groups, several pages per chunk) and refuses each impossible size.
func TestCheckChunk(t *testing.T) {
	rows, _ := genRecords(t, 300)
	files := map[string][]byte{
		"plain":       writeParquet(t, rows, 100),
		"small pages": writeParquet(t, asInt64Decimal(rows), 150, parquet.PageBufferSize(256)),
		"snappy":      writeParquet(t, rows, 300, parquet.Compression(&parquet.Snappy)),
	}
	for name, b := range files {
		md, dataEnd := parquetMeta(t, b)
		for g := range md.RowGroups {
			for c := range md.RowGroups[g].Columns {
				if err := checkChunk(bytes.NewReader(b), dataEnd, &md.RowGroups[g].Columns[c], nil); err != nil {
					t.Errorf("%s: row group %d, column %d: %v", name, g, c, err)
				}
			}
		}
	}

	b := files["plain"]
	md, dataEnd := parquetMeta(t, b)
	chunk := md.RowGroups[0].Columns[1] // declared_on
	base := chunk.MetaData.DataPageOffset
	if chunk.MetaData.DictionaryPageOffset != 0 {
		base = chunk.MetaData.DictionaryPageOffset
	}
	var h format.PageHeader
	hb, n := firstHeader(t, b, base, &h)
	for _, c := range []struct {
		name  string
		chunk func(*format.ColumnMetaData)
		page  func(*format.PageHeader) // the first page's header, re-encoded
		err   string
	}{
		{"past the data", func(m *format.ColumnMetaData) { m.TotalCompressedSize = dataEnd }, nil, "a column chunk said to lie at bytes"},
		{"negative size", func(m *format.ColumnMetaData) { m.TotalCompressedSize = -5 }, nil, "a column chunk said to lie at bytes"},
		{"before the magic", func(m *format.ColumnMetaData) { m.DataPageOffset, m.DictionaryPageOffset = 2, 0 }, nil, "a column chunk said to lie at bytes 2 "},
		{"page past its chunk", nil, func(p *format.PageHeader) { p.CompressedPageSize = 1<<31 - 1 }, "a page said to be 2147483647 bytes long, at byte "},
		{"page larger uncompressed than its chunk", nil, func(p *format.PageHeader) { p.UncompressedPageSize = 1<<31 - 1 }, "a page said to be 2147483647 bytes long uncompressed"},
		{"negative page size", nil, func(p *format.PageHeader) { p.UncompressedPageSize = -1 }, "with a negative size"},
		{"unreadable header", nil, func(p *format.PageHeader) { p.Type = 99 }, ""}, // see below
	} {
		t.Run(c.name, func(t *testing.T) {
			file, cc := b, chunk
			if c.chunk != nil {
				c.chunk(&cc.MetaData)
			}
			if c.page != nil {
				p := h
				c.page(&p)
				nb, err := thrift.Marshal(new(thrift.CompactProtocol), &p)
				if err != nil {
					t.Fatal(err)
				}
				if c.err == "" { // garbage where the header was: no stop field
					nb = bytes.Repeat([]byte{0xff}, len(hb))
					c.err = "the page header at byte "
				}
				file = append(append(bytes.Clone(b[:base]), nb...), b[base+n:]...)
				cc.MetaData.TotalCompressedSize += int64(len(nb)) - n
				dataEnd += int64(len(nb)) - n
				defer func() { dataEnd -= int64(len(nb)) - n }()
			}
			err := checkChunk(bytes.NewReader(file), dataEnd, &cc, nil)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("got %v, want %q", err, c.err)
			}
		})
	}
}

// parquetMeta returns a file's metadata and where its footer starts.
func parquetMeta(t *testing.T, b []byte) (*format.FileMetaData, int64) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return f.Metadata(), int64(len(b)) - 8 - int64(binary.LittleEndian.Uint32(b[len(b)-8:]))
}

// firstHeader decodes the page header at off into h and returns its bytes.
func firstHeader(t *testing.T, b []byte, off int64, h *format.PageHeader) ([]byte, int64) {
	t.Helper()
	var proto thrift.CompactProtocol
	pr := proto.NewReaderFromBytes(b[off:])
	if err := thrift.NewDecoder(pr).Decode(h); err != nil {
		t.Fatal(err)
	}
	n := int64(pr.BytesRead())
	return b[off : off+n], n
}

// Damaged copies of a small file never make reading allocate much: before
// the checks of parquet_check.go, 6 of these 1,000 made the Parquet library
// allocate 165 MB to 4.7 GB before failing (a page or its uncompressed form
// said to be near 2^31 bytes). TotalAlloc counts every allocation, freed or
// not, so a large buffer shows even if it is gone by the end.
func TestParquetDamagedSizes(t *testing.T) {
	rows, _ := genRecords(t, 30)
	seeds := [][]byte{writeParquet(t, asInt64Decimal(rows), 10), writeParquet(t, rows, 10)}
	rng := rand.New(rand.NewPCG(7, 9))
	p := filepath.Join(t.TempDir(), "d.parquet")
	const limit = 64 << 20
	for i := range 1000 {
		b := damage(rng, append([]byte(nil), seeds[i%2]...))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := Aggregate(context.Background(), []string{p}, Options{SkipBad: 1 << 30, Dims: [][]string{nil, {"partner"}}[i%2]})
		runtime.ReadMemStats(&m1)
		if d := m1.TotalAlloc - m0.TotalAlloc; d > limit {
			t.Errorf("damaged file %d: %d MB allocated (%v)", i, d>>20, err)
		}
	}
	// The footer's length is checked before the library reads it.
	long := bytes.Clone(seeds[0])
	binary.LittleEndian.PutUint32(long[len(long)-8:], 0xfffffff0)
	if err := os.WriteFile(p, long, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Aggregate(context.Background(), []string{p}, Options{})
	if want := p + ": a damaged Parquet file (its footer is said to be 4294967280 bytes long, in a file of "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q…", err, want)
	}
}
