package report

import (
	"math"

	"github.com/cbec-stats/ceb/data"
)

// Kind is the type of a column, which decides how a renderer shows its
// cells. The number kinds hold numbers; the code kinds hold a code (a flow,
// a period, a status) that the renderer words through package vocab; Text
// holds text from the data, shown as it is.
type Kind int

// Column kinds.
const (
	Text      Kind = iota
	Amount         // money in base units; humans see it in --unit
	Percent        // a percentage such as a growth rate: +10.5%
	Points         // a difference of percentages: +4.4
	Ratio          // a multiple such as 2.2 (one decimal, as published)
	Fraction       // a number in [0, 1] such as R², three decimals
	Count          // an integer
	General        // a number shown as it is
	Notes          // a row's notes (Cell.N)
	Flow           // a flow: total, export, import, balance
	Period         // a period in canonical form: 2024H1
	Status         // a status: a growth basis, a consistency (machine formats keep the code)
	Reason         // why a number is missing (Cell.S), or a sign change (Cell.Sign)
	Figure         // a number as the press text writes it (Cell.F, of kind Cell.Fig)
	Term           // a vocabulary entry (Cell.S is its key; empty is empty)
	RankCode       // a ranked breakdown's code column: the code of Column.Dim, or the others or total row (Cell.Row)
	RankLabel      // a ranked breakdown's name column: the name of the code Cell.S of Column.Dim
	Share          // a percentage that is a level, not a change (a share, a mean absolute revision): 5.8%, no sign
	Price          // a value per unit of quantity (a unit value): 2,400.00
)

// IsNumber reports whether a column of kind k holds numbers (written in
// full by machine formats, with a number format in the workbook, rounded
// for people); the other kinds hold codes or text.
func (k Kind) IsNumber() bool {
	switch k {
	case Amount, Percent, Share, Price, Points, Ratio, Fraction, Count, General:
		return true
	}
	return false
}

// FigureKind is what a press figure is, which decides how it is written.
type FigureKind string

// Press figure kinds.
const (
	FigAmount FigureKind = "amount" // a level: 1.22万亿元
	FigRate   FigureKind = "rate"   // a growth rate: 10.5%
	FigPoints FigureKind = "points" // a gap or share change: 4.4个百分点
	FigShare  FigureKind = "share"  // a share: 5.9%
	FigTimes  FigureKind = "times"  // a multiple: 1.2
)

// Column describes one column: its machine name (the JSON key and CSV
// header), the vocabulary entry of its human title, and its kind. Detail
// columns are left out of the human formats.
type Column struct {
	Key  string
	Word string // vocabulary entry of the title (default "col." + Key)
	Of   string // the series a Word pattern names
	Dim  string // the dimension of a Label column, or of a code column
	Kind Kind
	// Detail marks a column left out of human tables.
	Detail bool
	// Keep marks the key columns and the headline, which a table narrowed
	// to fit a terminal never drops.
	Keep bool
	// Qualifies marks a column that says how to read a number beside it
	// (its basis, its check, the reason it is missing, the computed rate
	// beside a published one): a narrowed table drops these last, so that a
	// computed figure never looks published.
	Qualifies bool
}

// SignChange is a figure that changed sign, which a reason words instead
// of a rate.
type SignChange struct {
	Base, Value float64
	Currency    data.Currency
	Flow        data.Flow
}

// Cell is one value: a code or text (S), a number (F, nil when missing),
// notes (N), a sign change a reason words (Sign), and for a press figure
// its kind and currency.
type Cell struct {
	S    string
	F    *float64
	N    []Note
	Sign *SignChange
	Fig  FigureKind
	Cur  data.Currency
	// Row is the kind of a ranked breakdown's row (item, others, total,
	// grouping), and TotalPublished marks a total that is the published
	// figure rather than the sum of the items.
	Row            string
	TotalPublished bool
}

// Str returns a text or code cell.
func Str(s string) Cell { return Cell{S: s} }

// NotesCell returns a cell of notes.
func NotesCell(ns []Note) Cell { return Cell{N: ns} }

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

// Fig returns a press-figure cell: the number x written as the press text
// writes a figure of kind k in currency cur.
func Fig(x *float64, k FigureKind, cur data.Currency) Cell {
	c := Num(x)
	c.Fig, c.Cur = k, cur
	return c
}

// Flag returns a Term cell that says yes, or nothing.
func Flag(b bool) Cell {
	if b {
		return Str("yes")
	}
	return Str("")
}

// Meta is the provenance printed with JSON output.
type Meta struct {
	Command  string        `json:"command"`
	Datasets []data.Source `json:"datasets"`
	AsOf     string        `json:"as_of"`
	Currency string        `json:"currency"`
	Version  string        `json:"version"`
	// Period is the period shown when the command chose it (the user gave
	// none: PeriodChosen) or when it ranks one (stats top); Series and
	// Flow are those a ranked breakdown ranks.
	Period       string `json:"period,omitempty"`
	PeriodChosen bool   `json:"period_chosen,omitempty"`
	Series       string `json:"series,omitempty"`
	Flow         string `json:"flow,omitempty"`
	// SummedOver names the dimensions a ranked breakdown summed over.
	SummedOver []string `json:"summed_over,omitempty"`
	// Summary is what stats revisions sums up by series and flow.
	Summary []RevisionSummaryMeta `json:"summary,omitempty"`
}

// Table is the intermediate form of every result: numbers and codes in
// typed columns, worded by the renderer.
type Table struct {
	Columns  []Column
	Rows     [][]Cell
	Currency data.Currency // of the Amount columns
	// Stack, when set, is how a terminal too narrow for the table shows it
	// instead: a block per group of rows, a line per row.
	Stack *Stack
}

// Stack is the narrow layout of a table whose key columns alone are wider
// than a terminal (diff's before and after texts): the Group columns head a
// block for each run of rows that share them, and each row is a line with
// its Label, then From and To (before → after), marked when its Mark
// column holds a true flag. Each field is a column index.
type Stack struct {
	Group          []int
	Label          int
	From, To, Mark int
}

// Add appends a row; it must have one cell per column.
func (t *Table) Add(cells ...Cell) {
	if len(cells) != len(t.Columns) {
		panic("report: row width does not match the columns") // programming error, not user input
	}
	t.Rows = append(t.Rows, cells)
}

// Notes are the notes of the table's Notes columns, each once, in order of
// first appearance: the lines a human table prints below itself.
func (t *Table) Notes() []Note {
	var lists [][]Note
	for _, r := range t.Rows {
		for i, c := range r {
			if t.Columns[i].Kind == Notes {
				lists = append(lists, c.N)
			}
		}
	}
	return Distinct(lists...)
}

// NoteSeparator joins a row's notes in one text cell (CSV, a workbook
// cell); notes are written without it.
const NoteSeparator = "; "
