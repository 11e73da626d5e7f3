package data

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// DefaultMaxBytes is the largest input file ceb reads unless told otherwise
// (--max-input): far above any statistical table, low enough that a hostile
// file cannot exhaust memory. Record-level declarations are streamed by
// `ceb data aggregate` and not subject to it.
const DefaultMaxBytes = 64 << 20

// DefaultMaxLine is the longest CSV line ceb accepts unless told otherwise.
const DefaultMaxLine = 1 << 20

// LoadOptions control how inputs are read.
type LoadOptions struct {
	// Encoding forces the text encoding of CSV input: "utf-8", "gb18030" or
	// "gbk". Empty means detect: UTF-8 (with or without BOM) when the bytes
	// are valid UTF-8, GB18030 otherwise.
	Encoding string
	// Sheet names the XLSX sheet to read; empty means the first sheet.
	Sheet string
	// MaxBytes caps the size of one input (default DefaultMaxBytes).
	MaxBytes int64
	// Stdin is read for the path "-".
	Stdin io.Reader
	// MaxLine caps the length of one CSV line in bytes (default
	// DefaultMaxLine).
	MaxLine int
	// Today, when set, makes a vintage after it an error.
	Today Date
	// Layout forces how a file is read: auto (default: canonical when the
	// header has series,flow,period,value, else a GACC table), canonical,
	// gacc-release, gacc-bulletin or gacc-country.
	Layout string
	// Series names the series of GACC tables (default trade).
	Series string
	// Vintage dates GACC tables whose page gives no release date, and
	// overrides the page's.
	Vintage Date
}

func (o LoadOptions) maxLine() int {
	if o.MaxLine > 0 {
		return o.MaxLine
	}
	return DefaultMaxLine
}

func (o LoadOptions) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Load reads one input: a canonical CSV, JSON or XLSX file, a directory of
// such files (read in name order, symbolic links not followed), "-" for
// standard input, or "builtin" for the embedded dataset. It stops at the
// first bad row; the error is a *Finding naming file, line and column.
func Load(path string, opt LoadOptions) (*Dataset, error) {
	ds, fs, err := LoadAll(path, opt)
	if err != nil {
		return nil, err
	}
	for i := range fs {
		if fs[i].Severity == SevError {
			return nil, &fs[i]
		}
	}
	return ds, nil
}

// LoadAll is Load for validation: it reads every row it can and returns the
// problems found as findings instead of stopping at the first. The error is
// reserved for inputs that cannot be read at all (a missing file, an
// unreadable directory, an unparseable spreadsheet).
func LoadAll(path string, opt LoadOptions) (*Dataset, []Finding, error) {
	var f findings
	ds := &Dataset{}
	switch {
	case path == "builtin":
		b, err := Builtin()
		if err != nil {
			return nil, nil, err
		}
		return b, nil, nil
	case path == "-":
		if opt.Stdin == nil {
			return nil, nil, errors.New("-: no standard input")
		}
		b, err := readCapped(opt.Stdin, "-", opt.maxBytes())
		if err != nil {
			return nil, nil, err
		}
		if err := loadBytes(ds, &f, "-", sniff(b), b, opt); err != nil {
			return nil, nil, err
		}
		return ds, f.list, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, fileError(path, err)
	}
	if info.IsDir() {
		if err := loadDir(ds, &f, path, opt); err != nil {
			return nil, nil, err
		}
		return ds, f.list, nil
	}
	if err := loadFile(ds, &f, path, opt); err != nil {
		return nil, nil, err
	}
	return ds, f.list, nil
}

// fail returns a *Finding for a problem that stops reading an input.
func fail(file string, line int, format string, a ...any) error {
	return &Finding{File: file, Line: line, Severity: SevError, Message: fmt.Sprintf(format, a...)}
}

func fileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(path, 0, "no such file or directory; check the --data path")
	case errors.Is(err, fs.ErrPermission):
		return fail(path, 0, "permission denied; make the file readable")
	case errors.Is(err, syscall.ELOOP):
		return fail(path, 0, "a symbolic link loop; point --data at the real file")
	}
	return fail(path, 0, "%v", err)
}

func readCapped(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fileError(name, err)
	}
	if int64(len(b)) > max {
		return nil, fail(name, 0, "larger than the %d MiB input limit; split the file or raise --max-input", max>>20)
	}
	return b, nil
}

// Input kinds, by extension or content.
const (
	kindCSV  = "csv"
	kindJSON = "json"
	kindXLSX = "xlsx"
	kindHTML = "html"
)

func kindOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt":
		return kindCSV
	case ".json":
		return kindJSON
	case ".xlsx", ".xlsm":
		return kindXLSX
	case ".html", ".htm":
		return kindHTML
	}
	return ""
}

func sniff(b []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(b, utf8BOM), " \t\r\n")
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return kindXLSX
	case len(t) > 0 && (t[0] == '[' || t[0] == '{'):
		return kindJSON
	case bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 15)]), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 6)]), []byte("<html")) || bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 6)]), []byte("<table")):
		return kindHTML
	}
	return kindCSV
}

func loadDir(ds *Dataset, f *findings, dir string, opt LoadOptions) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fileError(p, err)
		}
		if d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		if kindOf(p) != "" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fail(dir, 0, "no .csv, .json or .xlsx files in the directory")
	}
	sort.Strings(files)
	for _, p := range files {
		if err := loadFile(ds, f, p, opt); err != nil {
			return err
		}
	}
	return nil
}

func loadFile(ds *Dataset, f *findings, path string, opt LoadOptions) error {
	fh, err := os.Open(path)
	if err != nil {
		return fileError(path, err)
	}
	defer fh.Close()
	// Record-level declarations stream through the aggregator, whatever
	// their size: monthly cbec and trade series.
	if first, _ := bufio.NewReaderSize(fh, 4096).ReadSlice('\n'); IsDeclarationHeader(first) || isGzip(first) && strings.HasSuffix(path, ".gz") || bytes.HasPrefix(first, parquetMagic) {
		res, err := AggregateDeclarations(context.Background(), []string{path}, AggregateOptions{})
		if err != nil {
			return err
		}
		sum, _ := fileSHA256(path)
		ds.Sources = append(ds.Sources, Source{Path: path, SHA256: sum})
		ds.Obs = append(ds.Obs, res.Observations(path)...)
		return nil
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return fileError(path, err)
	}
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > opt.maxBytes() {
		return fail(path, 0, "%d MiB is larger than the %d MiB input limit; split the file or raise --max-input", info.Size()>>20, opt.maxBytes()>>20)
	}
	b, err := readCapped(fh, path, opt.maxBytes())
	if err != nil {
		return err
	}
	kind := kindOf(path)
	if kind == "" {
		kind = sniff(b)
	}
	return loadBytes(ds, f, path, kind, b, opt)
}

func loadBytes(ds *Dataset, f *findings, name, kind string, b []byte, opt LoadOptions) error {
	sum := sha256.Sum256(b)
	ds.Sources = append(ds.Sources, Source{Path: name, SHA256: hex.EncodeToString(sum[:])})
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, utf8BOM))) == 0 {
		f.add(SevError, name, 0, 0, nil, "empty file; expected a header row such as series,flow,period,value,unit,currency")
		return nil
	}
	layout := opt.Layout
	if layout == "" {
		layout = LayoutAuto
	}
	gacc := layout != LayoutAuto && layout != LayoutCanonical
	switch kind {
	case kindJSON:
		loadJSON(ds, f, name, b, opt)
		return nil
	case kindXLSX:
		if gacc || (layout == LayoutAuto && !xlsxIsCanonical(b, opt.Sheet)) {
			g, err := gridFromXLSX(name, b, opt.Sheet)
			if err != nil {
				return err
			}
			return loadGACC(ds, f, g, layout, opt)
		}
		return loadXLSX(ds, f, name, b, opt)
	}
	text, err := decodeText(name, b, opt.Encoding)
	if err != nil {
		return err
	}
	if kind == kindHTML || gacc || (layout == LayoutAuto && !csvIsCanonical(text)) {
		var g *grid
		if kind == kindHTML {
			g, err = gridFromHTML(name, text)
		} else {
			g, err = gridFromCSV(name, text)
		}
		if err != nil {
			return fail(name, 0, "%v", err)
		}
		return loadGACC(ds, f, g, layout, opt)
	}
	if line, n := longestLine(text); n > opt.maxLine() {
		f.add(SevError, name, line, 0, nil, "line is %d bytes, longer than the %d KiB limit; is this a CSV file?", n, opt.maxLine()>>10)
		return nil
	}
	loadCSV(ds, f, name, text, opt)
	return nil
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

func fileSHA256(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// csvIsCanonical reports whether the first row names the required
// canonical columns.
func csvIsCanonical(text []byte) bool {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return true // let the canonical reader report it
	}
	return headerIsCanonical(head)
}

func headerIsCanonical(head []string) bool {
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

func xlsxIsCanonical(b []byte, sheet string) bool {
	g, err := gridFromXLSX("", b, sheet)
	if err != nil {
		return true // let the canonical reader report it
	}
	switch {
	case len(g.rows) > 0 && len(g.lines) == 0:
		return headerIsCanonical(g.rows[0].cells)
	case len(g.rows) == 0:
		return true
	}
	return headerIsCanonical(g.rows[0].cells) && g.rows[0].line == 1
}

// longestLine returns the number and length of the longest line.
func longestLine(b []byte) (int, int) {
	best, bestLine, line := 0, 0, 1
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		if i > best {
			best, bestLine = i, line
		}
		if i == len(b) {
			break
		}
		b = b[i+1:]
		line++
	}
	return bestLine, best
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns b as UTF-8 without a leading BOM, decoding GB18030
// (which includes GBK and GB2312) when asked or when b is not valid UTF-8.
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
			return nil, fail(name, line, "not valid UTF-8; if the file is GB18030 or GBK, pass --encoding gb18030")
		}
		return b, nil
	case "gb18030", "gbk", "gb2312":
	default:
		return nil, fmt.Errorf("unknown --encoding %q: use utf-8 or gb18030", enc)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return nil, fail(name, 0, "neither UTF-8 nor GB18030 text: %v", err)
	}
	// The decoder replaces bytes that are not GB18030 either with U+FFFD;
	// such a file is neither, and guessing would corrupt names silently.
	if i := bytes.Index(out, []byte("\uFFFD")); i >= 0 {
		line := 1 + bytes.Count(out[:i], []byte("\n"))
		return nil, fail(name, line, "bytes that are neither UTF-8 nor GB18030; save the file as UTF-8")
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
var canonicalColumns = []string{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note", "partner", "province", "trade_mode", "hs"}

var columnAliases = map[string]string{"reported_yoy_pct": "reported_yoy", "yoy": "reported_yoy", "hs_code": "hs"}

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

func loadCSV(ds *Dataset, f *findings, name string, text []byte, opt LoadOptions) {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		csvError(f, name, err)
		return
	}
	cols := map[string]int{}
	for i, h := range header {
		if strings.ContainsRune(h, '\uFEFF') {
			f.add(SevError, name, 1, i+1, nil, "byte-order mark inside the header; save the file as plain UTF-8")
			return
		}
		c := canonicalColumn(h)
		if c == "" {
			continue
		}
		if j, dup := cols[c]; dup {
			f.add(SevError, name, 1, i+1, nil, "column %q appears twice (also column %d); keep one", c, j+1)
			return
		}
		cols[c] = i
	}
	if missingColumns(f, name, cols) {
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
			f.add(SevError, name, line, 0, nil, "row has %d fields, the header has %d; check for a missing or extra comma", len(rec), len(header))
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
		f.add(SevError, name, 1, 0, nil, "header only, no data rows")
	}
}

func missingColumns(f *findings, name string, cols map[string]int) bool {
	var miss []string
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			miss = append(miss, c)
		}
	}
	if len(miss) > 0 {
		f.add(SevError, name, 1, 0, nil, "missing required column(s) %s; the header needs series,flow,period,value (unit, currency, vintage, reported_yoy optional)", strings.Join(miss, ", "))
		return true
	}
	return false
}

func csvError(f *findings, name string, err error) {
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
		f.add(SevError, name, line, col, pe.Err, "%s", msg)
		return
	}
	f.add(SevError, name, 0, 0, err, "%v", err)
}

// parseRow turns one row of canonical columns into an observation, adding a
// finding for each bad field. It reports whether the row is usable.
func parseRow(f *findings, name string, line int, row map[string]cell, opt LoadOptions) (Observation, bool) {
	o := Observation{Pos: Pos{File: name, Line: line}, Currency: CNY}
	ok := true
	fail := func(c cell, col string, err error, format string, a ...any) {
		ok = false
		l := c.line
		if l == 0 {
			l = line
		}
		f.add(SevError, name, l, c.col, err, "column %s: %s", col, fmt.Sprintf(format, a...))
	}
	get := func(col string) (cell, string) {
		c := row[col]
		t := strings.TrimSpace(c.text)
		if strings.ContainsRune(t, '\uFEFF') {
			fail(c, col, nil, "byte-order mark inside the value; remove it")
			return c, ""
		}
		if !utf8.ValidString(t) {
			fail(c, col, nil, "invalid UTF-8; save the file as UTF-8 or pass --encoding gb18030")
			return c, ""
		}
		return c, t
	}
	if c, t := get("series"); t == "" {
		fail(c, "series", nil, "empty; name the series, e.g. cbec or trade")
	} else {
		o.Series = t
	}
	c, t := get("flow")
	fl, err := ParseFlow(t)
	if err != nil {
		fail(c, "flow", nil, "%v", err)
	}
	o.Flow = fl
	c, t = get("period")
	p, err := ParsePeriod(t)
	if err != nil {
		fail(c, "period", err, "%v", err)
	}
	o.Period = p
	var curHint Currency
	if c, t := get("unit"); t != "" {
		u, cur, err := ParseUnit(t)
		if err != nil {
			fail(c, "unit", err, "%v", err)
		}
		o.Unit, curHint = u, cur
	}
	if c, t := get("currency"); t != "" {
		cur, err := ParseCurrency(t)
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
		n, err := ParseNumber(t, false)
		if err != nil {
			fail(c, "value", err, "%v", err)
		} else {
			o.Value, o.Step, o.HasValue = n.Scaled(o.Unit), n.Step*o.Unit.Factor(), true
		}
	}
	if c, t := get("reported_yoy"); t != "" {
		n, err := ParseNumber(t, true)
		if err != nil {
			fail(c, "reported_yoy", err, "%v", err)
		} else {
			v := n.Value
			o.ReportedYoY = &v
		}
	}
	if c, t := get("vintage"); t != "" {
		d, err := ParseDate(t)
		switch {
		case err != nil:
			fail(c, "vintage", nil, "%v", err)
		case !opt.Today.IsZero() && d.After(opt.Today):
			fail(c, "vintage", nil, "%s is in the future; a vintage is the date a figure was published", d)
		}
		o.Vintage = d
	}
	if ok && !o.HasValue && o.ReportedYoY == nil {
		c := row["value"]
		fail(c, "value", nil, "empty, and no reported_yoy either; give a value or a published rate")
	}
	o.Source = strings.TrimSpace(row["source"].text)
	o.Note = strings.TrimSpace(row["note"].text)
	for _, d := range DimNames {
		o.Dims.Set(d, strings.TrimSpace(row[d].text))
	}
	return o, ok
}
