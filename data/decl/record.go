package decl

import (
	"fmt"
	"math"

	"github.com/cbec-stats/ceb/data"
)

// One record's checks and sums: the worker that accumulates records
// (aggWorker), the column roles, and the field checks every reader shares
// (the CSV parsers, Parquet, Reason).

// maxFen is the largest value of one record: 10^15 yuan would already be
// thousands of times a year's trade; anything larger is a data error.
const maxFen = int64(1e17)

// month slots cover 1970..2169.
const (
	slotYears  = 200
	slotFirstY = 1970
	slotCount  = slotYears * 12 * 2 * 2 // year-month × flow × currency
)

type acc struct {
	fen, records, pieces int64
}

// aggWorker parses chunks and accumulates; one per goroutine.
type aggWorker struct {
	cols      []int   // role of each column, -1 to ignore
	pos       [10]int // column of each role
	modes     *modeSet
	dims      []int // roles of the dimension fields, in output order
	trade     []acc
	cbec      []acc
	groups    *groupTable // with dimensions: the groups' sums
	bad       []data.Finding
	records   int64
	overflow  bool
	file      string
	fieldsBuf [10][]byte
	fast      int      // which fast path parseChunk tries
	sink      acc      // where the CBEC sums of a non-CBEC record go
	general   int      // records (or blank lines) the fast path left to generalRecord
	spill     *spiller // with a memory budget: where a full group table goes
	spillAt   int      // groups the table holds before it spills
	openQuote bool     // the chunk being parsed ended inside a quoted field
}

// Column roles.
const (
	roleID = iota
	roleDate
	roleFlow
	roleMode
	roleHS
	rolePartner
	roleProvince
	roleCurrency
	roleValue
	rolePieces
	roleHS2 // dimensions derived from hs_code: its first 2, 4, 6 or 8 digits
	roleHS4
	roleHS6
	roleHS8
)

// hsRoleDigits is the number of HS digits of an hs dimension's role, 0 for
// the other roles.
func hsRoleDigits(role int) int {
	if role < roleHS2 || role > roleHS8 {
		return 0
	}
	return 2 * (role - roleHS2 + 1)
}

func newWorker(cols []int, modes *modeSet, dimRoles []int, file string) *aggWorker {
	w := &aggWorker{cols: cols, modes: modes, file: file}
	for i, r := range cols {
		if r >= 0 {
			w.pos[r] = i
		}
	}
	if dimRoles == nil {
		w.trade, w.cbec = make([]acc, slotCount), make([]acc, slotCount)
	} else {
		w.dims, w.groups = dimRoles, newGroupTable(dimRoles)
	}
	w.fast = fastAnyOrder
	if dimRoles == nil && len(cols) == len(Columns) {
		w.fast = fastCanonicalOrder
		for i, r := range cols {
			if r != i {
				w.fast = fastAnyOrder
			}
		}
	}
	return w
}

func (w *aggWorker) addBad(line int, format string, a ...any) {
	w.bad = append(w.bad, data.Finding{File: w.file, Line: line, Severity: data.SevError, Message: fmt.Sprintf(format, a...)})
}

// record validates and accumulates one record; w.pos gives the column of
// each role.
func (w *aggWorker) record(f *[10][]byte, line int) {
	p := &w.pos
	// declared_on: YYYY-MM-DD, a real date.
	v := f[p[roleDate]]
	ym, why := monthOf(v)
	if why != "" {
		w.addBad(line, "declared_on %q %s", v, why)
		return
	}
	// flow
	var flow int
	switch v = f[p[roleFlow]]; string(v) {
	case "export", "E", "e":
	case "import", "I", "i":
		flow = 1
	default:
		w.addBad(line, "flow %q is not export or import", v)
		return
	}
	// trade_mode: four digits
	mode := f[p[roleMode]]
	if len(mode) != 4 || mode[0]-'0' > 9 || mode[1]-'0' > 9 || mode[2]-'0' > 9 || mode[3]-'0' > 9 {
		w.addBad(line, "trade_mode %q is not a 4-digit supervision code", mode)
		return
	}
	// hs_code: 2 to 10 digits
	v = f[p[roleHS]]
	if len(v) < 2 || len(v) > 10 || !allDigits(v) {
		w.addBad(line, "hs_code %q is not 2 to 10 digits", v)
		return
	}
	// currency
	var cur int
	switch v = f[p[roleCurrency]]; string(v) {
	case "CNY", "RMB":
	case "USD":
		cur = 1
	default:
		w.addBad(line, "currency %q is not CNY or USD", v)
		return
	}
	fen, ok := parseFen(f[p[roleValue]])
	if !ok {
		w.addBad(line, "value %q %s", f[p[roleValue]], notAmount(f[p[roleValue]]))
		return
	}
	v = f[p[rolePieces]]
	pieces, ok := digits(v)
	if !ok || len(v) > 12 {
		w.addBad(line, "pieces %q %s", v, notPieces(v))
		return
	}
	slot := (ym*2+flow)*2 + cur
	w.accumulate(slot, w.modes.byNumber[int(mode[0]-'0')*1000+int(mode[1]-'0')*100+int(mode[2]-'0')*10+int(mode[3]-'0')], fen, pieces, f)
}

var daysIn = [13]int64{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// monthOf reads a declared_on date, YYYY-MM-DD, as its month's number
// from 1970-01, or says what is wrong with it.
func monthOf(v []byte) (int, string) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return 0, "is not YYYY-MM-DD"
	}
	d0, d1, d2, d3 := v[0]-'0', v[1]-'0', v[2]-'0', v[3]-'0'
	m0, m1, a0, a1 := v[5]-'0', v[6]-'0', v[8]-'0', v[9]-'0'
	if d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || m0 > 9 || m1 > 9 || a0 > 9 || a1 > 9 {
		return 0, "is not a date"
	}
	year := int(d0)*1000 + int(d1)*100 + int(d2)*10 + int(d3)
	month, day := int(m0)*10+int(m1), int64(a0)*10+int64(a1)
	if month < 1 || month > 12 || day < 1 || day > daysIn[month] || (month == 2 && day == 29 && !(year%4 == 0 && (year%100 != 0 || year%400 == 0))) {
		return 0, "is not a date"
	}
	if year < slotFirstY || year >= slotFirstY+slotYears {
		return 0, "is out of range"
	}
	return (year-slotFirstY)*12 + month - 1, ""
}

// parseFen reads a non-negative amount with at most two decimals as
// integer fen: "12.5" → 1250. Signs, exponents, thousands separators,
// more than two decimals and amounts of 10^15 yuan or more are refused.
func parseFen(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	dot := -1
	for i, c := range b {
		if c == '.' {
			if dot >= 0 {
				return 0, false
			}
			dot = i
			continue
		}
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	switch {
	case dot < 0:
		if len(b) > 15 {
			return 0, false
		}
		n *= 100
	case dot == 0 || dot > 15:
		return 0, false
	case len(b)-dot == 2:
		n *= 10
	case len(b)-dot != 3:
		return 0, false
	}
	if n >= maxFen {
		return 0, false
	}
	return n, true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// digits parses ASCII digits (at most 18).
func digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// accumulate adds one good record to its slot (year-month × flow ×
// currency) for all trade and, when its supervision mode is CBEC, for
// cbec. With dimensions, f holds the record's fields.
func (w *aggWorker) accumulate(slot int, isCBEC bool, fen, pieces int64, f *[10][]byte) {
	if w.dims == nil {
		w.add(&w.trade[slot], &w.cbec[slot], isCBEC, fen, pieces)
		return
	}
	g := w.group(slot, f)
	w.add(&g[0], &g[1], isCBEC, fen, pieces)
}

// add adds one good record to the trade sums t and, when its supervision
// mode is CBEC, to the CBEC sums c.
func (w *aggWorker) add(t, c *acc, isCBEC bool, fen, pieces int64) {
	w.records++
	// A record in another mode adds to a sink instead, picked without a
	// branch on the mode, which would be mispredicted often.
	to, k := [2]*acc{&w.sink, c}, 0
	if isCBEC {
		k = 1
	}
	if !addRecord(t, to[k], fen, pieces) {
		w.overflow = true
	}
}

// addRecord adds a record to the trade sums t and to c, the CBEC sums (or
// the sink), and reports false, adding nothing, when a trade sum would
// overflow. The CBEC sums never exceed the trade sums, so only those are
// checked; the sink may wrap, it is never read.
func addRecord(t, c *acc, fen, pieces int64) bool {
	if t.fen > math.MaxInt64-fen || t.pieces > math.MaxInt64-pieces {
		return false
	}
	t.fen += fen
	t.records++
	t.pieces += pieces
	c.fen += fen
	c.records++
	c.pieces += pieces
	return true
}

// notAmount says what is wrong with a value parseFen refused: a sign, or
// the form.
func notAmount(v []byte) string {
	if len(v) > 1 && v[0] == '-' {
		if fen, ok := parseFen(v[1:]); ok && fen > 0 {
			return "is negative: a declared value is 0 or more"
		}
	}
	return "is not an amount with at most two decimals"
}

// notPieces says what is wrong with a count of pieces digits refused.
func notPieces(v []byte) string {
	if len(v) > 1 && v[0] == '-' {
		if n, ok := digits(v[1:]); ok && n > 0 {
			return "is negative: a count of pieces is 0 or more"
		}
	}
	if _, ok := digits(v); ok && len(v) > 12 {
		return "has more than 12 digits: a count of pieces is below 10^12"
	}
	return "is not a whole number"
}
