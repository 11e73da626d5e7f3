package decl

import (
	"bytes"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// The header of a declarations file (docs/design.md, Record-level
// declarations): CSV per RFC 4180 (quoted fields may hold commas, quotes and
// newlines), optionally gzip or zstd, or Parquet, with the header
//
//	declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces
//
// in any order. A record is CBEC when its supervision mode (trade_mode) is
// one of Options.CBECModes. Money is summed exactly in integer fen.

// Columns are the columns of a declaration file.
var Columns = []string{"declaration_id", "declared_on", "flow", "trade_mode", "hs_code", "partner", "province", "currency", "value", "pieces"}

// declHeader reads a declaration header and returns each column's role.
func declHeader(path string, head []byte) ([]int, error) {
	head = bytes.TrimPrefix(head, utf8BOM)
	if i := bytes.IndexByte(head, '\r'); i >= 0 && i < len(bytes.TrimRight(head, "\r\n")) {
		// Lines ending in a lone CR (classic Mac Excel): the whole file
		// reads as one line, and its "header" would lack columns.
		return nil, data.Fail(path, 1, "lines end in a carriage return alone (an old Mac export); convert the line ends first, e.g. tr '\\r' '\\n' < FILE > FILE.csv")
	}
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

// IsHeader reports whether a first line is a declaration header.
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

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
