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
// object.
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
	n := 0
	for dec.More() {
		start := dec.InputOffset()
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			syntax(err)
			return
		}
		n++
		// The object starts after any comma and white space following start.
		rest := b[start:]
		skip := bytes.IndexByte(rest, '{')
		if skip < 0 {
			skip = 0
		}
		line, _ := lineAt(start + int64(skip))
		row, ok := jsonRow(f, name, n, line, obj)
		if !ok {
			continue
		}
		if o, ok := parseRow(f, name, line, row, opt); ok {
			ds.Obs = append(ds.Obs, o)
		}
	}
	if _, err := dec.Token(); err != nil {
		syntax(err)
		return
	}
	if n == 0 {
		f.Add(data.SevError, name, 1, 0, nil, "an empty array, no observations")
	}
}

// jsonRow turns the n-th object, at line, into a row of canonical cells,
// adding a finding for each duplicate, unreadable or missing key.
func jsonRow(f *data.Findings, name string, n, line int, obj map[string]json.RawMessage) (map[string]cell, bool) {
	row := map[string]cell{}
	cols := map[string]bool{}
	ok := true
	for k, raw := range obj {
		c := canonicalColumn(k)
		if c == "" {
			continue
		}
		if cols[c] {
			f.Add(data.SevError, name, line, 0, nil, "object %d: key %q given twice; keep one", n, c)
			ok = false
		}
		cols[c] = true
		text, isNum, err := jsonScalar(raw)
		if err != nil {
			f.Add(data.SevError, name, line, 0, nil, "object %d: key %s: %v", n, c, err)
			ok = false
			continue
		}
		row[c] = cell{text: text, line: line, num: isNum}
	}
	var miss []string
	for _, c := range requiredColumns {
		if !cols[c] {
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
