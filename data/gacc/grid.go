package gacc

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/xlsxin"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// Grid is a published table as rows of cells, whatever it came in (a saved
// HTML page, CSV or XLSX), with the text lines around it: the title, the
// unit line, notes and the release date.
type Grid struct {
	Name  string
	Lines []Line
	Rows  []Row
}

type Line struct {
	Text string
	line int
}

type Row struct {
	Cells  []string // normalised, trimmed
	indent int      // leading spaces of the first cell (hierarchy)
	Line   int      // 1-based line (CSV), row (XLSX) or table row (HTML)
}

// normCell folds full-width and non-breaking spaces and full-width brackets
// and colons, as customs tables mix them freely.
var cellFolder = strings.NewReplacer("\u3000", " ", "\u00a0", " ", "（", "(", "）", ")", "：", ":", "\r", "", "\n", " ", "\t", " ")

func normCell(s string) (string, int) {
	f := cellFolder.Replace(s)
	indent := len(f) - len(strings.TrimLeft(f, " "))
	// A full-width space is one level of indentation, like two spaces.
	indent += strings.Count(s[:min(len(s), indentBytes(s))], "\u3000")
	return strings.Join(strings.Fields(f), " "), indent
}

func indentBytes(s string) int {
	for i, r := range s {
		if r != ' ' && r != '\u3000' && r != '\u00a0' {
			return i
		}
	}
	return len(s)
}

// addRow adds a row, or a text line when it has a single non-empty cell
// (titles and unit lines often sit in the table's first rows).
func (g *Grid) addRow(raw []string, line int) {
	cells := make([]string, len(raw))
	indent, filled, last := 0, 0, ""
	for i, c := range raw {
		t, ind := normCell(c)
		if i == 0 {
			indent = ind
		}
		cells[i] = t
		if t != "" {
			filled++
			last = t
		}
	}
	switch {
	case filled == 0:
	case filled == 1 && !looksNumeric(last):
		g.Lines = append(g.Lines, Line{last, line})
	default:
		g.Rows = append(g.Rows, Row{Cells: cells, indent: indent, Line: line})
	}
}

func looksNumeric(s string) bool {
	_, err := data.ParseNumber(strings.ReplaceAll(s, " ", ""), true)
	return err == nil
}

// GridFromText reads a table's page text as copied from a browser: one row
// a line, cells separated by white space, a label of several words first.
// A line whose tail is numbers (or "-" for none) is a row, label and
// values; a line that starts with a YYYY.MM month is labelled by it; a line
// of numbers only is a row with an empty label (the rates some tables print
// under each row's values); any other line is text (title, unit, header,
// notes).
func GridFromText(name string, text []byte) *Grid {
	g := &Grid{Name: name}
	for i, raw := range strings.Split(string(text), "\n") {
		line := i + 1
		t, indent := normCell(raw)
		if t == "" {
			continue
		}
		tokens := strings.Fields(t)
		k := len(tokens)
		for k > 0 && isValueToken(tokens[k-1]) {
			k--
		}
		if k == 0 && reBulletinYM.MatchString(tokens[0]) {
			k = 1
		}
		if len(tokens)-k < 2 {
			g.Lines = append(g.Lines, Line{t, line})
			continue
		}
		cells := append([]string{strings.Join(tokens[:k], " ")}, tokens[k:]...)
		g.Rows = append(g.Rows, Row{Cells: cells, indent: indent, Line: line})
	}
	return g
}

// isValueToken reports whether a token of page text is a table value: a
// number (thousands commas allowed) or a mark for none.
func isValueToken(s string) bool {
	if _, ok, err := gaccNumber(s); err == nil {
		return ok || s != ""
	}
	return false
}

func GridFromCSV(name string, text []byte) (*Grid, error) {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	g := &Grid{Name: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		g.addRow(rec, line)
	}
	return g, nil
}

func GridFromXLSX(name string, b []byte, sheet string) (*Grid, error) {
	wb, err := xlsxin.OpenXLSX(b)
	if err != nil {
		return nil, data.Fail(name, 0, "not a readable XLSX workbook (%v)", err)
	}
	defer wb.Close()
	if sheet == "" {
		if l := wb.GetSheetList(); len(l) > 0 {
			sheet = l[0]
		}
	}
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, data.Fail(name, 0, "sheet %q: %v", sheet, err)
	}
	g := &Grid{Name: name}
	for i, r := range rows {
		g.addRow(r, i+1)
	}
	return g, nil
}

// GridFromHTML reads the page's data table, with the page's text (title,
// headings, paragraphs, the single-cell rows of other tables) as lines.
// Cells spanning columns are repeated as empty cells so that positions
// hold. A table holding another table is page layout: its cells are read as
// page content, so the table inside is found. The data table is the first
// table (holding no other) with at least two rows of two or more numbers,
// else the one with the most such rows, else the first with rows: a
// navigation table of links before it is passed over.
func GridFromHTML(name string, text []byte) (*Grid, error) {
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, err
	}
	data := dataTable(doc)
	g := &Grid{Name: name}
	line := 0
	passed := false // the data table has been read
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				var key, content string
				for _, a := range n.Attr {
					switch a.Key {
					case "name", "property":
						key = strings.ToLower(a.Val)
					case "content":
						content = a.Val
					}
				}
				if strings.Contains(key, "date") || strings.Contains(key, "publish") {
					line++
					g.Lines = append(g.Lines, Line{"发布时间: " + content, line})
				}
				return
			case "table":
				if hasTable(n) {
					break // layout: read its cells as page content
				}
				if passed {
					return // a later table says nothing about this one
				}
				into := g
				if n != data {
					// A table before it: its titles and unit lines count,
					// its rows (links, headings) do not.
					into = &Grid{}
				}
				for _, tr := range tableRows(n) {
					line++
					into.addRow(htmlCells(tr), line)
				}
				if into != g {
					g.Lines = append(g.Lines, into.Lines...)
				}
				passed = n == data
				return
			case "title", "h1", "h2", "h3", "h4", "p", "span", "div", "td", "th":
				if (n.Data == "td" || n.Data == "th") && hasTable(n) {
					break // a layout cell: the table inside is read as one
				}
				if n.Data != "div" && n.Data != "span" || !hasElementChild(n) {
					if t, _ := normCell(htmlText(n)); t != "" {
						line++
						g.Lines = append(g.Lines, Line{t, line})
					}
					if n.Data != "div" {
						return
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return g, nil
}

// dataTable returns the table GridFromHTML reads rows from (see there), or
// nil when the page has none.
func dataTable(doc *html.Node) *html.Node {
	var first, best *html.Node
	bestScore := 0
	var found *html.Node
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "table" && !hasTable(n) {
			rows := tableRows(n)
			if first == nil && len(rows) > 0 {
				first = n
			}
			score := 0
			for _, tr := range rows {
				nums := 0
				for _, c := range htmlCells(tr) {
					if t, _ := normCell(c); t != "" && looksNumeric(t) {
						nums++
					}
				}
				if nums >= 2 {
					score++
				}
			}
			if score >= 2 {
				found = n
				return
			}
			if score > bestScore {
				best, bestScore = n, score
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	switch {
	case found != nil:
		return found
	case best != nil:
		return best
	}
	return first
}

// tableRows are the rows of a table that holds no other table, in order,
// through thead, tbody and tfoot.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.Data == "tr" {
				rows = append(rows, c)
				continue
			}
			visit(c)
		}
	}
	visit(t)
	return rows
}

// hasTable reports whether a table element is below n.
func hasTable(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "table" || hasTable(c)) {
			return true
		}
	}
	return false
}

// htmlText is the text of a node, a line break read as a space, scripts
// and styles left out.
func htmlText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "br" {
			b.WriteString(" ")
		}
		b.WriteString(htmlText(c))
	}
	return b.String()
}

// htmlCells are the cells of a table row, a cell spanning n columns
// followed by n − 1 empty ones (at most 50).
func htmlCells(tr *html.Node) []string {
	var cells []string
	for td := tr.FirstChild; td != nil; td = td.NextSibling {
		if td.Type != html.ElementNode || (td.Data != "td" && td.Data != "th") {
			continue
		}
		cells = append(cells, htmlText(td))
		for _, a := range td.Attr {
			if a.Key == "colspan" {
				n := 0
				for _, r := range a.Val {
					if r >= '0' && r <= '9' {
						n = n*10 + int(r-'0')
					}
				}
				for i := 1; i < n && i < 50; i++ {
					cells = append(cells, "")
				}
			}
		}
	}
	return cells
}

func hasElementChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data != "br" && c.Data != "b" && c.Data != "strong" && c.Data != "font" {
			return true
		}
	}
	return false
}
