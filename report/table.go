package report

import (
	"fmt"
	"math"

	"github.com/cbec-stats/ceb/data"
)

// Kind is the type of a column, which decides how its cells are formatted.
type Kind int

// Column kinds.
const (
	Text     Kind = iota
	Amount        // money in base units; humans see it in --unit
	Percent       // a percentage such as a growth rate: +10.5%
	Points        // a difference of percentages: +4.4
	Ratio         // a multiple such as 2.2 (one decimal, as published)
	Fraction      // a number in [0, 1] such as R², three decimals
	Count         // an integer
	General       // a number shown as it is
	List          // a list of texts, such as a row's notes
)

// Column describes one column: its machine name (the JSON key and CSV
// header), its titles for humans, and its kind. Detail columns are left out
// of the human formats.
//
// Titles come from the vocabulary: the entry col.KEY, or the entry Word
// names; with Of, the entry is a pattern around a series name.
type Column struct {
	Key    string
	Word   string // vocabulary entry of the title (default "col." + Key)
	Of     string // the series a Word pattern names
	Kind   Kind
	Detail bool
	// Keep marks the key columns and the headline, which a table narrowed
	// to fit a terminal never drops.
	Keep bool
}

// Title returns the human title in lang.
func (c Column) Title(lang string) string {
	w := c.Word
	if w == "" {
		w = "col." + c.Key
	}
	t := Word(w, lang)
	if c.Of != "" {
		return fmt.Sprintf(t, SeriesName(c.Of, lang))
	}
	if t == w && c.Word == "" {
		return c.Key
	}
	return t
}

// Cell is one value: text for Text columns, texts for List columns, a
// number for the others (nil when missing).
type Cell struct {
	S string
	F *float64
	L []string
}

// Strs returns a list cell.
func Strs(l []string) Cell { return Cell{L: l} }

// Str returns a text cell.
func Str(s string) Cell { return Cell{S: s} }

// Num returns a number cell; nil, NaN and Inf become a missing number.
func Num(f *float64) Cell {
	if f == nil || math.IsNaN(*f) || math.IsInf(*f, 0) {
		return Cell{}
	}
	v := *f
	return Cell{F: &v}
}

// Val returns a number cell for a plain value.
func Val(f float64) Cell { return Num(&f) }

// Meta is the provenance printed with JSON output.
type Meta struct {
	Command  string        `json:"command"`
	Datasets []data.Source `json:"datasets"`
	AsOf     string        `json:"as_of"`
	Currency string        `json:"currency"`
	Version  string        `json:"version"`
}

// Table is the intermediate form of every result.
type Table struct {
	Columns  []Column
	Rows     [][]Cell
	Currency data.Currency // of the Amount columns
}

// Add appends a row; it must have one cell per column.
func (t *Table) Add(cells ...Cell) {
	if len(cells) != len(t.Columns) {
		panic("report: row width does not match the columns") // programming error, not user input
	}
	t.Rows = append(t.Rows, cells)
}

// Notes are the texts of the table's List columns, each once, in order of
// first appearance: the lines a human table prints below itself.
func (t *Table) Notes() []string {
	var lists [][]string
	for _, r := range t.Rows {
		for i, c := range r {
			if t.Columns[i].Kind == List {
				lists = append(lists, c.L)
			}
		}
	}
	return Distinct(lists...)
}

// NoteSeparator joins a row's notes in one text cell (CSV, a workbook
// cell); notes are written without it.
const NoteSeparator = "; "
