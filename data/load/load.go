package load

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/data/gacc"
	"github.com/cbec-stats/ceb/data/warehouse"
)

// DefaultMaxBytes is the largest input file ceb reads unless told otherwise
// (--max-input): far above any statistical table, low enough that a hostile
// file cannot exhaust memory. Record-level declarations are streamed by
// `ceb data aggregate` and not subject to it.
const DefaultMaxBytes = 64 << 20

// DefaultMaxLine is the longest CSV line ceb accepts unless told otherwise.
const DefaultMaxLine = 1 << 20

// Options control how inputs are read.
type Options struct {
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
	Today data.Date
	// Layout forces how a file is read: auto (default: canonical when the
	// header has series,flow,period,value, else a GACC table), canonical,
	// gacc-release, gacc-bulletin or gacc-country.
	Layout string
	// Series names the series of GACC tables (default trade).
	Series string
	// Vintage dates GACC tables whose page gives no release date, and
	// overrides the page's.
	Vintage data.Date
	// Flow is the flow of a query-platform export without a flow column.
	Flow data.Flow
	// Context cancels the query of a warehouse source (default
	// context.Background()).
	Context context.Context
}

func (o Options) maxLine() int {
	if o.MaxLine > 0 {
		return o.MaxLine
	}
	return DefaultMaxLine
}

func (o Options) canonical() canonical.Options {
	return canonical.Options{Today: o.Today, Sheet: o.Sheet}
}

// table returns the GACC reader's options and the layout it should read
// ("" to detect it).
func (o Options) table() (gacc.Options, string) {
	layout := o.Layout
	if layout == LayoutAuto {
		layout = ""
	}
	return gacc.Options{Series: o.Series, Vintage: o.Vintage, Today: o.Today, Flow: o.Flow}, layout
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Load reads one input: a canonical CSV, JSON or XLSX file, a directory of
// such files (read in name order, links to files followed, links to directories not; a broken link is an error), "-" for
// standard input, "builtin" for the embedded dataset, or the URL of a
// declarations table in a warehouse (postgres://…, clickhouse://…). It stops at the
// first bad row; the error is a *Finding naming file, line and column.
func Load(path string, opt Options) (*data.Dataset, error) {
	ds, fs, err := LoadAll(path, opt)
	if err != nil {
		return nil, err
	}
	for i := range fs {
		if fs[i].Severity == data.SevError {
			return nil, &fs[i]
		}
	}
	return ds, nil
}

// LoadAll is Load for validation: it reads every row it can and returns the
// problems found as findings instead of stopping at the first. The error is
// reserved for inputs that cannot be read at all (a missing file, an
// unreadable directory, an unparseable spreadsheet).
func LoadAll(path string, opt Options) (*data.Dataset, []data.Finding, error) {
	var f data.Findings
	ds := &data.Dataset{}
	switch {
	case path == "builtin":
		b, err := canonical.Builtin()
		if err != nil {
			return nil, nil, err
		}
		return b, nil, nil
	case warehouse.IsURL(path):
		// Declarations in a warehouse: the engine aggregates them to
		// monthly cbec and trade series; only the groups come back.
		ctx := opt.Context
		if ctx == nil {
			ctx = context.Background()
		}
		res, err := warehouse.Aggregate(ctx, path, warehouse.Options{})
		if err != nil {
			return nil, nil, err
		}
		name := warehouse.Redact(path)
		ds.Sources = append(ds.Sources, data.Source{Path: name})
		ds.Obs = append(ds.Obs, res.Observations(name)...)
		return ds, nil, nil
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
		return ds, f.List, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, data.FileError(path, err)
	}
	if info.IsDir() {
		if err := loadDir(ds, &f, path, opt); err != nil {
			return nil, nil, err
		}
		return ds, f.List, nil
	}
	if err := loadFile(ds, &f, path, opt); err != nil {
		return nil, nil, err
	}
	return ds, f.List, nil
}

func readCapped(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, data.FileError(name, err)
	}
	if int64(len(b)) > max {
		return nil, data.FailHint(name, 0, data.HintMaxInput, "larger than the %d MiB input limit", max>>20)
	}
	return b, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Layouts: how a file is read. Auto reads a file as canonical when its
// header has series,flow,period,value and as a GACC table otherwise.
const (
	LayoutAuto      = "auto"
	LayoutCanonical = "canonical"
	LayoutRelease   = gacc.LayoutRelease
	LayoutBulletin  = gacc.LayoutBulletin
	LayoutCountry   = gacc.LayoutCountry
	LayoutQuery     = gacc.LayoutQuery
)

// Layouts lists the layouts a file can be read in.
var Layouts = append([]string{LayoutAuto, LayoutCanonical}, gacc.Layouts...)

// Input kinds, by extension or content.
const (
	kindCSV  = "csv"
	kindText = "txt" // a table's page text, or CSV
	kindJSON = "json"
	kindXLSX = "xlsx"
	kindXLS  = "xls"
	kindHTML = "html"
)

// ole2 starts the Excel 97-2003 .xls workbooks of the customs' Chinese site.
var ole2 = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")

func kindOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return kindCSV
	case ".txt":
		return kindText
	case ".xls":
		return kindXLS
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
	case bytes.HasPrefix(b, ole2):
		return kindXLS
	case len(t) > 0 && (t[0] == '[' || t[0] == '{'):
		return kindJSON
	case bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 15)]), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 6)]), []byte("<html")) || bytes.HasPrefix(bytes.ToLower(t[:min(len(t), 6)]), []byte("<table")):
		return kindHTML
	}
	return kindCSV
}

// listDir lists what a load of dir reads: the tables (by extension, see
// kindOf) and the .parquet files under it, in walk order. Links to files are
// followed, links to directories are not (no cycles), and a broken link or a
// loop is an error naming the link, never skipped in silence. A file of
// those kinds that is not a regular file (a named pipe, a socket, a device,
// or a link to one) is an error naming it: opening a pipe would wait for a
// writer forever, and skipping it would lose its data in silence. Other
// files are not read (README.md, .DS_Store).
func listDir(dir string) (tables, parquet []string, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return data.FileError(p, err)
		}
		if d.IsDir() {
			return nil
		}
		isTable, isParquet := kindOf(p) != "", strings.HasSuffix(p, ".parquet")
		if d.Type()&fs.ModeSymlink == 0 && !isTable && !isParquet {
			return nil
		}
		info, err := os.Stat(p) // follows a link
		switch {
		case errors.Is(err, fs.ErrNotExist) && d.Type()&fs.ModeSymlink != 0:
			f := data.FileError(p, err).(*data.Finding) // keeps the cause: an I/O failure
			f.Message, f.Hint = "a dangling symbolic link (its target does not exist); remove it or point it at a file", data.NoHint
			return f
		case err != nil:
			return data.FileError(p, err)
		case info.IsDir():
			return nil
		case !isTable && !isParquet:
			return nil
		case !info.Mode().IsRegular():
			return data.Fail(p, 0, "%s, not a regular file; a directory is read only for its regular files, so remove it from the directory or give it as an input of its own", fileType(info.Mode()))
		}
		if isTable {
			tables = append(tables, p)
		}
		if isParquet {
			parquet = append(parquet, p)
		}
		return nil
	})
	return tables, parquet, err
}

// fileType names the type of a file that is not regular.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func loadDir(ds *data.Dataset, f *data.Findings, dir string, opt Options) error {
	files, pq, err := listDir(dir)
	if err != nil {
		return err
	}
	parquet := len(pq)
	if parquet > 0 {
		// Declarations in Parquet, hive-partitioned or not: one dataset,
		// aggregated to monthly series as `ceb data aggregate DIR` does.
		if len(files) > 0 {
			return data.Fail(dir, 0, "the directory mixes .parquet declarations with tables (%s); give each as an input of its own", data.QuoteName(filepath.Base(files[0])))
		}
		ctx := opt.Context
		if ctx == nil {
			ctx = context.Background()
		}
		res, err := decl.Aggregate(ctx, []string{dir}, decl.Options{})
		if err != nil {
			return err
		}
		ds.Sources = append(ds.Sources, data.Source{Path: dir})
		ds.Obs = append(ds.Obs, res.Observations(dir)...)
		return nil
	}
	if len(files) == 0 {
		return data.Fail(dir, 0, "no .csv, .json, .xlsx or .parquet files in the directory")
	}
	sort.Strings(files)
	for _, p := range files {
		if err := loadFile(ds, f, p, opt); err != nil {
			return err
		}
	}
	return nil
}

func loadFile(ds *data.Dataset, f *data.Findings, path string, opt Options) error {
	fh, err := os.Open(path)
	if err != nil {
		return data.FileError(path, err)
	}
	defer fh.Close()
	// Record-level declarations stream through the aggregator, whatever
	// their size: monthly cbec and trade series.
	if first, _ := bufio.NewReaderSize(fh, 4096).ReadSlice('\n'); decl.IsHeader(first) || isGzip(first) && strings.HasSuffix(path, ".gz") || bytes.HasPrefix(first, decl.ZstdMagic) || bytes.HasPrefix(first, decl.ParquetMagic) {
		res, err := decl.Aggregate(context.Background(), []string{path}, decl.Options{})
		if err != nil {
			return err
		}
		sum, _ := fileSHA256(path)
		ds.Sources = append(ds.Sources, data.Source{Path: path, SHA256: sum})
		ds.Obs = append(ds.Obs, res.Observations(path)...)
		return nil
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return data.FileError(path, err)
	}
	if info, err := fh.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > opt.maxBytes() {
		return data.FailHint(path, 0, data.HintMaxInput, "%d MiB is larger than the %d MiB input limit", info.Size()>>20, opt.maxBytes()>>20)
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

func loadBytes(ds *data.Dataset, f *data.Findings, name, kind string, b []byte, opt Options) error {
	sum := sha256.Sum256(b)
	ds.Sources = append(ds.Sources, data.Source{Path: name, SHA256: hex.EncodeToString(sum[:])})
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, utf8BOM))) == 0 {
		f.Add(data.SevError, name, 0, 0, nil, "empty file; expected a header row such as series,flow,period,value,unit,currency")
		return nil
	}
	layout := opt.Layout
	if layout == "" {
		layout = LayoutAuto
	}
	table := layout != LayoutAuto && layout != LayoutCanonical
	if bytes.HasPrefix(b, ole2) {
		kind = kindXLS
	}
	switch kind {
	case kindXLS:
		// No well-kept Go reader of the BIFF format exists; LibreOffice
		// converts exactly.
		f.Add(data.SevError, name, 0, 0, nil, "an Excel 97-2003 (.xls) workbook, which ceb does not read; convert it first: libreoffice --headless --convert-to xlsx %s (or save it as .xlsx from Excel)", filepath.Base(name))
		return nil
	case kindJSON:
		canonical.ReadJSON(ds, f, name, b, opt.canonical())
		return nil
	case kindXLSX:
		if table || (layout == LayoutAuto && !xlsxIsCanonical(b, opt.Sheet)) {
			g, err := gacc.GridFromXLSX(name, b, opt.Sheet)
			if err != nil {
				return err
			}
			gopt, layout := opt.table()
			return readTable(ds, f, g, layout, gopt)
		}
		return readXLSX(ds, f, name, b, opt.canonical())
	}
	text, err := canonical.DecodeText(name, b, opt.Encoding)
	if err != nil {
		return err
	}
	if kind == kindHTML || table || (layout == LayoutAuto && !canonical.IsCanonicalCSV(text)) {
		var g *gacc.Grid
		switch kind {
		case kindHTML:
			g, err = gacc.GridFromHTML(name, text)
		case kindText:
			g = gacc.GridFromText(name, text)
		default:
			g, err = gacc.GridFromCSV(name, text)
		}
		if err != nil {
			return data.Fail(name, 0, "%v", err)
		}
		gopt, layout := opt.table()
		return readTable(ds, f, g, layout, gopt)
	}
	if line, n := longestLine(text); n > opt.maxLine() {
		f.Add(data.SevError, name, line, 0, nil, "line is %d bytes, longer than the %d KiB limit; is this a CSV file?", n, opt.maxLine()>>10)
		return nil
	}
	canonical.ReadCSV(ds, f, name, text, opt.canonical())
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

func xlsxIsCanonical(b []byte, sheet string) bool {
	g, err := gacc.GridFromXLSX("", b, sheet)
	if err != nil {
		return true // let the canonical reader report it
	}
	switch {
	case len(g.Rows) > 0 && len(g.Lines) == 0:
		return canonical.IsCanonicalHeader(g.Rows[0].Cells)
	case len(g.Rows) == 0:
		return true
	}
	return canonical.IsCanonicalHeader(g.Rows[0].Cells) && g.Rows[0].Line == 1
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

// readTable reads a published table (gacc.ReadTable) and refuses a label
// holding a control character (a NUL, an escape, a line break inside a
// partner's or a trade mode's name), as the canonical readers do: it would
// make another partner or series in silence, or drive a terminal.
func readTable(ds *data.Dataset, f *data.Findings, g *gacc.Grid, layout string, opt gacc.Options) error {
	from := len(ds.Obs)
	if err := gacc.ReadTable(ds, f, g, layout, opt); err != nil {
		return err
	}
	kept := ds.Obs[:from]
	for _, o := range ds.Obs[from:] {
		if col, text, r, bad := controlInLabels(o); bad {
			f.Add(data.SevError, o.Pos.File, o.Pos.Line, 0, nil, "the %s %q holds the control character %U; correct the table", col, text, r)
			continue
		}
		kept = append(kept, o)
	}
	ds.Obs = kept
	return nil
}

// controlInLabels finds a control character in an observation's series or
// dimension labels: the column, its text and the character.
func controlInLabels(o data.Observation) (string, string, rune, bool) {
	if r, bad := data.ControlChar(o.Series, false); bad {
		return "series", o.Series, r, true
	}
	for _, n := range data.DimNames {
		if r, bad := data.ControlChar(o.Dims.Get(n), false); bad {
			return n, o.Dims.Get(n), r, true
		}
	}
	return "", "", 0, false
}
