package decl

import "bytes"

// The general CSV parser of a chunk (RFC 4180, every bad record reported);
// the fast paths it hands runs of ordinary records to are in fast.go.

// Fast paths of aggWorker.parseChunk.
const (
	fastNone           = iota // every record through generalRecord
	fastAnyOrder              // fastRecord
	fastCanonicalOrder        // fastCanonical: DeclColumns order, no dimensions
)

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
