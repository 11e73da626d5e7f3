package decl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cbec-stats/ceb/data"
	"github.com/klauspost/compress/zstd"
)

// Byte sources of a CSV input: a mapped file cut into chunks, or a stream
// (gzip, zstd, a pipe) read through a fixed set of buffers.

// chunk is a run of whole records, the seq-th of its file.
type chunk struct {
	data    []byte
	seq     int
	last    bool   // the file's last chunk
	release func() // gives the buffer back, or the pages of a mapped file
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
func chunkSource(path string, fh *os.File, size, workers int, read *readCounter) (src source, err error) {
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
			read.n += int64(k) // so that the progress bar ends at the file's size
		})
		return src, err
	}
	var br *bufio.Reader
	if src.head, br, err = openStream(path, fh, read); err != nil {
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

// maxRecord is the longest record accepted: only a runaway quote makes
// one this long.
const maxRecord = 64 << 20

// mappedChunks cuts a mapped file, from offset off, into chunks of about
// size bytes. With exact, each chunk ends at a newline outside quotes;
// without, at its last newline, and the parser checks the cut.
func mappedChunks(path string, m []byte, off, size int, exact bool, read *readCounter) func() (chunk, bool, error) {
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
		read.add(int64(end - off))
		off = end
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
func openStream(path string, fh *os.File, read *readCounter) ([]byte, *bufio.Reader, error) {
	src := &countingReader{r: fh, n: read}
	br := bufio.NewReaderSize(src, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, data.Fail(path, 0, "not a readable gzip file: %v", err)
		}
		br = bufio.NewReaderSize(cutShort{gz, "gzip"}, 64<<10)
	} else if magic, _ := br.Peek(4); bytes.Equal(magic, ZstdMagic) {
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, data.Fail(path, 0, "not a readable zstd file: %v", err)
		}
		br = bufio.NewReaderSize(cutShort{zr.IOReadCloser(), "zstd"}, 64<<10)
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

// cutShort reads a decompressed stream and turns the decompressor's
// io.ErrUnexpectedEOF (the stream ends without its end of stream: a gzip
// member without its trailer, a zstd frame cut off) into an error of its
// own, which readers of chunks cannot take for the short last read that
// io.ReadFull also reports as io.ErrUnexpectedEOF. A file cut short at a
// record boundary would otherwise be read as complete.
type cutShort struct {
	r    io.Reader
	kind string
}

func (c cutShort) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("the %s stream ends before its end (a file cut short in copying or downloading?); copy the whole file again", c.kind)
	}
	return n, err
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

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *readCounter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.add(int64(n))
	return n, err
}

// readCounter counts the input bytes read, and reports each count to
// progress (Options.Progress) when set.
type readCounter struct {
	n        int64
	progress func(read int64)
}

// add counts n more bytes read.
func (c *readCounter) add(n int64) {
	c.n += n
	if c.progress != nil {
		c.progress(c.n)
	}
}
