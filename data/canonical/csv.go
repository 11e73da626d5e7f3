package canonical

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cbec-stats/ceb/data"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// IsCanonicalCSV reports whether the first row names the required
// canonical columns.
func IsCanonicalCSV(text []byte) bool {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return true // let the canonical reader report it
	}
	return IsCanonicalHeader(head)
}

func IsCanonicalHeader(head []string) bool {
	have := map[string]bool{}
	for _, h := range head {
		have[canonicalColumn(strings.TrimPrefix(h, "\uFEFF"))] = true
	}
	n := 0
	for _, c := range requiredColumns {
		if have[c] {
			n++
		}
	}
	// Two of the four make it a canonical file with a mistake, which the
	// canonical reader explains better than the GACC one.
	return n >= 2
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DecodeText returns b as UTF-8 without a leading BOM, decoding GB18030
// (which includes GBK and GB2312) when asked or when b is not valid UTF-8.
// Text whose lines end in a carriage return alone (Excel for the classic
// Mac OS saves CSV so) gets line feeds instead, so that its rows are rows.
func DecodeText(name string, b []byte, enc string) ([]byte, error) {
	out, err := decodeText(name, b, enc)
	if err != nil {
		return nil, err
	}
	return crLines(out), nil
}

// crLines turns the lone carriage returns of text that has no line feed
// into line feeds. Text with line feeds is left alone: its CRLF endings are
// read as such, and a carriage return inside it is data.
func crLines(b []byte) []byte {
	if bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

func decodeText(name string, b []byte, enc string) ([]byte, error) {
	b = bytes.TrimPrefix(b, utf8BOM)
	switch strings.ToLower(strings.ReplaceAll(enc, "-", "")) {
	case "", "auto":
		if utf8.Valid(b) {
			return b, nil
		}
	case "utf8":
		if !utf8.Valid(b) {
			line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
			return nil, data.FailHint(name, line, data.HintEncoding, "not valid UTF-8")
		}
		return b, nil
	case "gb18030", "gbk", "gb2312":
	default:
		return nil, &data.OptionError{Option: "encoding", Value: enc, Err: errors.New("unknown encoding: use utf-8 or gb18030")}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return nil, data.Fail(name, 0, "neither UTF-8 nor GB18030 text: %v", err)
	}
	// The decoder replaces bytes that are not GB18030 either with U+FFFD;
	// such a file is neither, and guessing would corrupt names silently.
	if i := bytes.Index(out, []byte("\uFFFD")); i >= 0 {
		line := 1 + bytes.Count(out[:i], []byte("\n"))
		return nil, data.Fail(name, line, "bytes that are neither UTF-8 nor GB18030; save the file as UTF-8")
	}
	return out, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// cell is one field of a row with its position.
type cell struct {
	text string
	line int
	col  int
	// num is set when the source already typed the field as a number (JSON).
	num bool
}

// columns are the canonical column names; aliases map other spellings.
var canonicalColumns = []string{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note", "release", "partner", "province", "trade_mode", "hs", "quantity", "quantity_unit", "quantity2", "quantity2_unit"}

// quantityColumns are the columns of the first and second quantities: amount
// and unit.
var quantityColumns = [2][2]string{{"quantity", "quantity_unit"}, {"quantity2", "quantity2_unit"}}

var columnAliases = map[string]string{"reported_yoy_pct": "reported_yoy", "yoy": "reported_yoy", "hs_code": "hs", "hs2": "hs", "hs4": "hs", "hs6": "hs", "hs8": "hs"}

func canonicalColumn(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if a, ok := columnAliases[h]; ok {
		return a
	}
	for _, c := range canonicalColumns {
		if h == c {
			return c
		}
	}
	return ""
}

var requiredColumns = []string{"series", "flow", "period", "value"}

func ReadCSV(ds *data.Dataset, f *data.Findings, name string, text []byte, opt Options) {
	from := len(ds.Obs)
	defer func() { data.RefineSteps(ds.Obs[from:]) }()
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		csvError(f, name, err)
		return
	}
	cols, ok := headerColumns(f, name, header)
	if !ok {
		return
	}
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvError(f, name, err)
			return
		}
		line, _ := r.FieldPos(0)
		rows++
		if len(rec) != len(header) {
			f.Add(data.SevError, name, line, 0, nil, "row has %d fields, the header has %d; check for a missing or extra comma", len(rec), len(header))
			continue
		}
		row := map[string]cell{}
		for c, i := range cols {
			l, _ := r.FieldPos(i)
			row[c] = cell{text: rec[i], line: l, col: i + 1}
		}
		if o, ok := parseRow(f, name, line, row, opt); ok {
			ds.Obs = append(ds.Obs, o)
		}
	}
	if rows == 0 {
		f.Add(data.SevError, name, 1, 0, nil, "header only, no data rows")
	}
}

// headerColumns reads a canonical header row (of a CSV file or a sheet)
// into the position of each canonical column. A byte-order mark inside it,
// a column given twice or a required column missing is an error, and ok is
// false.
func headerColumns(f *data.Findings, name string, header []string) (cols map[string]int, ok bool) {
	cols = map[string]int{}
	for i, h := range header {
		if strings.ContainsRune(h, '\uFEFF') {
			f.Add(data.SevError, name, 1, i+1, nil, "byte-order mark inside the header; save the file as plain UTF-8")
			return nil, false
		}
		c := canonicalColumn(h)
		if c == "" {
			continue
		}
		if j, dup := cols[c]; dup {
			f.Add(data.SevError, name, 1, i+1, nil, "column %q appears twice (also column %d); keep one", c, j+1)
			return nil, false
		}
		cols[c] = i
	}
	return cols, !missingColumns(f, name, cols)
}

func missingColumns(f *data.Findings, name string, cols map[string]int) bool {
	var miss []string
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			miss = append(miss, c)
		}
	}
	if len(miss) > 0 {
		f.Add(data.SevError, name, 1, 0, nil, "missing required column(s) %s; the header needs series,flow,period,value (unit, currency, vintage, reported_yoy optional)", strings.Join(miss, ", "))
		return true
	}
	if _, ok := cols["unit"]; !ok {
		// Read as the default unit, 1 (yuan or dollars), as the format says,
		// but never without a word: a file of 亿元 read as yuan is off by
		// 10⁸.
		f.Add(data.SevWarning, name, 1, 0, nil, "no unit column: the values are read as units of 1 (yuan or dollars); add a unit column (100m, 亿元, 1t …) if they are in another unit")
	}
	return false
}

func csvError(f *data.Findings, name string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			msg = "unbalanced quote; a quoted field must end with a closing quote"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "quote inside an unquoted field; quote the whole field and double the inner quote"
		}
		line, col := pe.Line, pe.Column
		if errors.Is(pe.Err, csv.ErrQuote) {
			// The quote opened where the record started; the reader only
			// noticed at the end of the input.
			line, col = pe.StartLine, 0
		}
		f.Add(data.SevError, name, line, col, pe.Err, "%s", msg)
		return
	}
	f.Add(data.SevError, name, 0, 0, err, "%v", err)
}

// parseRow turns one row of canonical columns into an observation, adding a
// finding for each bad field. It reports whether the row is usable.
// rowReader reads the cells of one canonical row, recording every problem
// as a finding (ok turns false on the first).
type rowReader struct {
	f    *data.Findings
	name string
	line int
	row  map[string]cell
	ok   bool
}

// fail records a problem of column col, at its cell.
func (r *rowReader) fail(c cell, col string, err error, format string, a ...any) {
	r.ok = false
	l := c.line
	if l == 0 {
		l = r.line
	}
	r.f.Add(data.SevError, r.name, l, c.col, err, "column %s: %s", col, fmt.Sprintf(format, a...))
}

// get returns the cell of col and its trimmed text; a text that is no
// clean UTF-8 or holds a control character is refused, and read as empty.
func (r *rowReader) get(col string) (cell, string) {
	c := r.row[col]
	t := strings.TrimSpace(c.text)
	if strings.ContainsRune(t, '\uFEFF') {
		r.fail(c, col, nil, "byte-order mark inside the value; remove it")
		return c, ""
	}
	if !utf8.ValidString(t) {
		r.fail(c, col, nil, "invalid UTF-8")
		r.f.List[len(r.f.List)-1].Hint = data.HintSaveUTF8
		return c, ""
	}
	// Tabs and line breaks around a field are trimmed; inside a name or
	// code they are refused like every other control character, which
	// are refused anywhere (TrimSpace would drop a trailing U+0085).
	ch, bad := data.ControlChar(c.text, true)
	if !bad {
		ch, bad = data.ControlChar(t, col == "source" || col == "note")
	}
	if bad {
		r.fail(c, col, nil, "control character %U in %q; remove it (a NUL or an escape inside a name would make another series, partner or unit in silence)", ch, c.text)
		return c, ""
	}
	return c, t
}

// extras reads the optional columns of a row: quantities with their units,
// source, note, release kind and dimensions.
func (r *rowReader) extras(o *data.Observation) {
	for k, qc := range quantityColumns {
		c, t := r.get(qc[0])
		uc, ut := r.get(qc[1])
		switch {
		case t == "":
		case ut == "":
			r.fail(uc, qc[1], nil, "empty beside %s %s; a quantity needs its unit (千克, 件)", qc[0], t)
		default:
			n, err := data.ParseNumber(t, false)
			if err != nil {
				r.fail(c, qc[0], err, "%v", err)
				break
			}
			o.Quantities[k] = &data.Quantity{Amount: n.Value, Unit: ut}
		}
	}
	_, o.Source = r.get("source")
	_, o.Note = r.get("note")
	if c, t := r.get("release"); t != "" {
		rel, err := data.ParseRelease(t)
		if err != nil {
			r.fail(c, "release", err, "%v", err)
		}
		o.Release = rel
	}
	for _, d := range data.DimNames {
		_, t := r.get(d)
		o.Dims.Set(d, t)
	}
}

func parseRow(f *data.Findings, name string, line int, row map[string]cell, opt Options) (data.Observation, bool) {
	o := data.Observation{Pos: data.Pos{File: name, Line: line}, Currency: data.CNY}
	r := &rowReader{f: f, name: name, line: line, row: row, ok: true}
	fail, get := r.fail, r.get
	if c, t := get("series"); t == "" {
		fail(c, "series", nil, "empty; name the series, e.g. cbec or trade")
	} else {
		o.Series = t
	}
	c, t := get("flow")
	fl, err := data.ParseFlow(t)
	if err != nil {
		fail(c, "flow", nil, "%v", err)
	}
	o.Flow = fl
	c, t = get("period")
	p, err := data.ParsePeriod(t)
	if err != nil {
		fail(c, "period", err, "%v", err)
	}
	o.Period = p
	var curHint data.Currency
	if c, t := get("unit"); t != "" {
		u, cur, err := data.ParseUnit(t)
		if err != nil {
			fail(c, "unit", err, "%v", err)
		}
		o.Unit, curHint = u, cur
	}
	if c, t := get("currency"); t != "" {
		cur, err := data.ParseCurrency(t)
		if err != nil {
			fail(c, "currency", nil, "%v", err)
		} else if curHint != "" && cur != curHint {
			fail(c, "currency", nil, "%s, but the unit says %s; make them agree", cur, curHint)
		}
		o.Currency = cur
	} else if curHint != "" {
		o.Currency = curHint
	}
	if c, t := get("value"); t != "" {
		n, err := data.ParseNumber(t, false)
		if err != nil {
			fail(c, "value", err, "%v", err)
		} else {
			o.Value, o.Step, o.HasValue = n.Scaled(o.Unit), n.Step*o.Unit.Factor(), true
		}
	}
	if c, t := get("reported_yoy"); t != "" {
		n, err := data.ParseNumber(t, true)
		if err != nil {
			fail(c, "reported_yoy", err, "%v", err)
		} else {
			v := n.Value
			o.ReportedYoY = &v
		}
	}
	if c, t := get("vintage"); t != "" {
		d, err := data.ParseDate(t)
		switch {
		case err != nil:
			fail(c, "vintage", nil, "%v", err)
		case !opt.Today.IsZero() && d.After(opt.Today):
			fail(c, "vintage", nil, "%s is in the future; a vintage is the date a figure was published", d)
		}
		o.Vintage = d
	}
	if r.ok && !o.HasValue && o.ReportedYoY == nil {
		c := row["value"]
		fail(c, "value", nil, "empty, and no reported_yoy either; give a value or a published rate")
	}
	r.extras(&o)
	return o, r.ok
}

// Options control how canonical files are read.
type Options struct {
	// Today, when set, makes a vintage after it an error.
	Today data.Date
	// Sheet names the XLSX sheet to read; empty means the first sheet.
	Sheet string
}
