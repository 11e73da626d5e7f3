package canonical

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cbec-stats/ceb/data"
)

// ReadJSON reads an array of objects with the canonical keys. Values may be
// strings or numbers (numbers keep their written digits, so the rounding step
// is known); null means empty. Lines are counted from the byte offset of each
// object, and a cell's column is the byte column of its key. A key given
// twice in an object, and anything after the array, are errors.
func ReadJSON(ds *data.Dataset, f *data.Findings, name string, b []byte, opt Options) {
	from := len(ds.Obs)
	defer func() { data.RefineSteps(ds.Obs[from:]) }()
	b = bytes.TrimPrefix(b, utf8BOM)
	lineAt := func(off int64) (int, int) {
		if off > int64(len(b)) {
			off = int64(len(b))
		}
		pre := b[:off]
		line := 1 + bytes.Count(pre, []byte("\n"))
		col := int(off) - bytes.LastIndexByte(pre, '\n')
		return line, col
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	syntax := func(err error) {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			l, c := lineAt(se.Offset)
			f.Add(data.SevError, name, l, c, err, "invalid JSON: %v", se)
		case errors.As(err, &te):
			l, c := lineAt(te.Offset)
			f.Add(data.SevError, name, l, c, err, "expected an array of objects with keys series, flow, period, value; found %s", te.Value)
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			l, c := lineAt(int64(len(b)))
			f.Add(data.SevError, name, l, c, err, "JSON ends early; check for a missing ] or }")
		default:
			l, c := lineAt(dec.InputOffset())
			f.Add(data.SevError, name, l, c, err, "invalid JSON: %v", err)
		}
	}
	tok, err := dec.Token()
	if err != nil {
		syntax(err)
		return
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		f.Add(data.SevError, name, 1, 1, nil, "expected a JSON array of observations, [ {\"series\": …}, … ]")
		return
	}
	n, unitless := 0, 0
	for dec.More() {
		start := dec.InputOffset()
		// The element starts after any comma and white space.
		at := start + int64(len(b[start:])-len(bytes.TrimLeft(b[start:], ", \t\r\n")))
		n++
		if at >= int64(len(b)) || b[at] != '{' {
			// Not an object: decoding it into one words the error.
			var obj map[string]json.RawMessage
			if err := dec.Decode(&obj); err != nil {
				syntax(err)
				return
			}
			continue
		}
		line, _ := lineAt(at)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			syntax(err)
			return
		}
		members := jsonObject(raw, at)
		row, ok := jsonRow(f, name, n, line, members, lineAt)
		if !ok {
			continue
		}
		if _, has := row["unit"]; !has {
			unitless++
		}
		if o, ok := parseRow(f, name, line, row, opt); ok {
			ds.Obs = append(ds.Obs, o)
		}
	}
	if _, err := dec.Token(); err != nil {
		syntax(err)
		return
	}
	// One array is the file: a second one (two files joined with cat) or
	// anything else after it would otherwise be dropped unread.
	if end := dec.InputOffset(); len(bytes.TrimSpace(b[end:])) > 0 {
		at := end + int64(len(b[end:])-len(bytes.TrimLeft(b[end:], " \t\r\n")))
		l, c := lineAt(at)
		f.Add(data.SevError, name, l, c, nil, "more JSON after the array of observations ends; a file holds one array, so join the arrays into one ([…, …]) or give each its own file")
		return
	}
	if n == 0 {
		f.Add(data.SevError, name, 1, 0, nil, "an empty array, no observations")
	}
	if unitless > 0 {
		// As a CSV file without a unit column: read in units of 1, said.
		f.Add(data.SevWarning, name, 1, 0, nil, "%d object(s) without a unit key: their values are read as units of 1 (yuan or dollars); add \"unit\" (100m, 亿元, 1t …) if they are in another unit", unitless)
	}
}

// member is one key of a JSON object with its value and the offset of the
// key in the input.
type member struct {
	key string
	raw json.RawMessage
	off int64
}

// jsonObject returns the members of obj, a well-formed JSON object found at
// offset at of the input, in order: a key given twice is kept twice, for
// jsonRow to refuse, where decoding into a map would keep the last in
// silence.
func jsonObject(obj json.RawMessage, at int64) []member {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	var ms []member
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	for dec.More() {
		off := dec.InputOffset()
		off += int64(len(obj[off:]) - len(bytes.TrimLeft(obj[off:], ", \t\r\n")))
		tok, err := dec.Token()
		if err != nil {
			return ms // not reached: obj was decoded once already
		}
		key, _ := tok.(string) // inside an object the decoder yields only string keys
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return ms
		}
		ms = append(ms, member{key: key, raw: raw, off: at + off})
	}
	return ms
}

// jsonRow turns the n-th object, at line, into a row of canonical cells,
// adding a finding for each duplicate, unreadable or missing key. lineAt
// gives the line and column of an offset in the input.
func jsonRow(f *data.Findings, name string, n, line int, members []member, lineAt func(int64) (int, int)) (map[string]cell, bool) {
	row := map[string]cell{}
	seen := map[string]member{}
	ok := true
	for _, m := range members {
		c := canonicalColumn(m.key)
		if c == "" {
			continue
		}
		l, col := lineAt(m.off)
		if prev, dup := seen[c]; dup {
			pl, pc := lineAt(prev.off)
			f.Add(data.SevError, name, l, col, nil, "object %d: key %q given twice (also %q at line %d, column %d); keep one", n, m.key, prev.key, pl, pc)
			ok = false
			continue
		}
		seen[c] = m
		text, isNum, err := jsonScalar(m.raw)
		if err != nil {
			f.Add(data.SevError, name, l, col, nil, "object %d: key %s: %v", n, c, err)
			ok = false
			continue
		}
		row[c] = cell{text: text, line: l, col: col, num: isNum}
	}
	var miss []string
	for _, c := range requiredColumns {
		if _, ok := seen[c]; !ok {
			miss = append(miss, c)
		}
	}
	if len(miss) > 0 {
		f.Add(data.SevError, name, line, 0, nil, "object %d: missing key(s) %v; each object needs series, flow, period, value", n, miss)
		return nil, false
	}
	return row, ok
}

// jsonScalar returns the text of a string, number or null JSON value.
func jsonScalar(raw json.RawMessage) (string, bool, error) {
	t := bytes.TrimSpace(raw)
	switch {
	case len(t) == 0 || string(t) == "null":
		return "", false, nil
	case t[0] == '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return "", false, err
		}
		return s, false, nil
	case t[0] == '-' || (t[0] >= '0' && t[0] <= '9'):
		return string(t), true, nil
	}
	return "", false, fmt.Errorf("expected a string or a number, not %s", firstBytes(t, 20))
}

func firstBytes(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
