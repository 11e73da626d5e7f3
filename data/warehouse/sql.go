package warehouse

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data/decl"
)

// colType is what the query needs to know of a column's type.
type colType struct {
	kind     int
	scale    int  // decimals of a decimal type; -1 when the type does not fix them (PostgreSQL numeric)
	nullable bool // ClickHouse Nullable; PostgreSQL columns are always taken as nullable
	name     string
	// wide is a ClickHouse number whose sum can wrap around silently: a
	// Decimal of more than 18 digits, an integer of more than 64 bits
	// (their sums are Decimal128 or wider). The sums of PostgreSQL's
	// numeric and MySQL's DECIMAL are exact or fail.
	wide bool
}

const (
	kindOther = iota
	kindText
	kindDate // a date or a timestamp
	kindInt
	kindDecimal
	kindFloat
)

// dialect is what differs between engines in the aggregation query. Every
// expression is per row and immutable, so a distributed engine evaluates it
// on the shards; the aggregates are SUM and COUNT, which the engines
// combine from partial results (docs/warehouses.md).
type dialect struct {
	quote func(name string) string // an identifier, by the driver's quoting
	table func(parts []string) string
	// text turns an expression into non-null text ('' for NULL).
	text func(expr string) string
	// keyText is text for a grouping key of the aggregation (nil: text).
	keyText func(expr string) string
	// month is the first instant of a date's or timestamp's month, a
	// grouping key; monthText writes it as text starting YYYY-MM.
	month     func(col string, t colType) string
	monthText func(key string) string
	length    func(col string) string        // in bytes
	left      func(col string, n int) string // the first n characters
	match     func(col, re string) string
	// date renders a date or timestamp as YYYY-MM-DD.
	date func(col string) string
	// sumExact sums a decimal or integer column exactly, as text.
	sumExact func(col string, t colType) string
	// noExtraDecimals is a condition that a value has at most two decimals
	// ("" when its type cannot hold more).
	noExtraDecimals func(col string, t colType) string
	whole           func(col string, t colType) string // a whole number ("" when the type is integral)
	okExpr          func(pred string) string           // true (1) when pred is, false (0) when it is false or NULL
	// digits is a condition that a text of 2 to 10 bytes is ASCII digits
	// only, the cheapest the engine has (a regular expression otherwise).
	digits func(col string) string
	// code is a text column as compared and grouped byte for byte (nil:
	// the column as it is, when the engine compares bytes anyway).
	code func(col string) string
	// part is the condition that a row is in part k of n by hash, an
	// unsigned integer, NULL in part 0 (nil: the engine's aggregation is
	// not split); crc is a hash of a text.
	part func(hash string, k, n int) string
	crc  func(text string) string
}

// query is an aggregation or a listing, with its arguments.
type query struct {
	sql  string
	args []any
}

// plan builds the aggregation for the table's columns: one scan that
// groups records by a flag of the per-row checks, month, flow, currency,
// supervision mode and the dimensions. The checks of the grouping keys
// themselves (flow, currency, month, trade_mode) are made once per group
// by the caller (keysGood), and the class (CBEC or not) of each distinct
// trade_mode too, so that the engine evaluates as little as possible per
// row: no regular expression where the engine has a cheaper test. Every
// bad record lands in a group that fails one or the other, and the same
// query counts them.
type plan struct {
	d     dialect
	src   *Source
	types map[string]colType // by declaration column
	modes []string
	cbec  map[string]bool // the modes, as a set
	dims  []string
	keys  []string // groupDims', made once: group reads them for every group
	// bounds puts the upper bounds of value and pieces into the
	// aggregation's per-row checks. Without them (the first try), a group
	// whose records all passed the other checks and whose sums stay below
	// the bounds has no record above them either, none being negative;
	// only when a group's sum reaches a bound, or is not a number ceb
	// reads (PostgreSQL's NaN and Infinity pass value >= 0), does the
	// aggregation run again with them (Aggregate). One comparison of a
	// decimal less per row: 0.05 s of 1.07 on PostgreSQL over 2M rows
	// (docs/benchmarks.md). A wide column (colType.wide) has them from the
	// start: a wrapped sum could look small.
	bounds bool
}

// col is the quoted table column of a declaration column.
func (p *plan) col(role string) string { return p.d.quote(p.src.column(role)) }

// codeCol is a text column as compared and grouped (byte for byte).
func (p *plan) codeCol(role string) string {
	if p.d.code == nil {
		return p.col(role)
	}
	return p.d.code(p.col(role))
}

// The upper bounds of one record, as the file reader has them (decl):
// a value below 10^15 yuan (10^17 fen), pieces of at most 12 digits.
const (
	maxValue  = "1000000000000000"
	maxFen    = int64(1e17)
	maxPieces = int64(1e12)
)

// rowChecks are the checks the file reader makes (decl: record) on the
// columns that are not grouping keys: hs_code's length and digits, value
// and pieces. Without bounds, value and pieces are checked for their sign
// only: their upper bounds are then checked per group, on the group's
// sums (plan.bounds).
func (p *plan) rowChecks(bounds bool) []string {
	d := p.d
	var c []string
	add := func(s string) {
		if s != "" {
			c = append(c, s)
		}
	}
	// No IS NOT NULL: a comparison with NULL is NULL, and okExpr makes
	// NULL false.
	hs := p.codeCol("hs_code")
	add(d.length(hs) + " BETWEEN 2 AND 10 AND " + d.digits(hs))
	inRange := func(col, max string) string {
		if bounds {
			return fmt.Sprintf("%s >= 0 AND %s < %s", col, col, max)
		}
		return col + " >= 0"
	}
	v, n := p.col("value"), p.col("pieces")
	add(inRange(v, maxValue))
	add(d.noExtraDecimals(v, p.types["value"]))
	add(inRange(n, strconv.FormatInt(maxPieces, 10)))
	add(d.whole(n, p.types["pieces"]))
	return c
}

// good is every check of a record, the keys' included: the condition of
// the listing of bad records.
func (p *plan) good() string {
	var c []string
	date := p.col("declared_on")
	switch p.src.Engine {
	case Postgres:
		c = append(c, fmt.Sprintf("%s >= DATE '1970-01-01' AND %s < DATE '2170-01-01'", date, date))
	case MySQL:
		c = append(c, fmt.Sprintf("%s >= '1970-01-01' AND %s < '2170-01-01'", date, date))
	default: // ClickHouse's Date and DateTime start in 1970 and end before 2170
		c = append(c, "isNotNull("+date+")")
	}
	mode := p.codeCol("trade_mode")
	c = append(c, p.codeCol("flow")+" IN ('export', 'E', 'e', 'import', 'I', 'i')", p.codeCol("currency")+" IN ('CNY', 'RMB', 'USD')",
		p.d.length(mode)+" = 4 AND "+p.d.match(mode, "^[0-9]+$"))
	return strings.Join(append(c, p.rowChecks(true)...), " AND ")
}

// modeClass reports whether the aggregation groups by the class of the
// supervision mode (classOf) rather than by the mode as stored: when it
// has a breakdown that leaves trade_mode out. A table has a few dozen
// modes, so grouping by the mode and checking each distinct one in Go
// costs nothing per row where the groups are few (a monthly series), but
// multiplies the groups of a breakdown: 544,912 groups against 153,708 for
// --dims province,hs2 over 2M rows, and twice the time on ClickHouse.
func (p *plan) modeClass() bool {
	return len(p.dims) > 0 && !slices.Contains(p.dims, "trade_mode")
}

// classOf is a supervision mode's class, per row: 1 for a CBEC mode, 0
// for another mode of four digits, 2 for anything else (a bad record).
// The modes are four digits (decl.Options.Plan has checked them), written
// into the statement as they are.
func (p *plan) classOf(mode string) string {
	var in []string
	for _, m := range p.modes {
		if isMode(m) {
			in = append(in, "'"+m+"'")
		}
	}
	cbec := "WHEN " + mode + " IN (" + strings.Join(in, ", ") + ") THEN 1 "
	if len(in) == 0 {
		cbec = ""
	}
	return "CASE " + cbec + "WHEN " + p.d.length(mode) + " = 4 AND " + p.d.digits(mode) + " THEN 0 ELSE 2 END"
}

// keysGood is the check of a group's keys as the aggregation returns them
// (month as YYYY-MM…, flow, currency, and trade_mode, or its class when
// class is set): what good checks of them.
func keysGood(month, flow, currency, mode string, class bool) bool {
	if len(month) < 7 || month[4] != '-' {
		return false
	}
	y, err1 := strconv.Atoi(month[:4])
	m, err2 := strconv.Atoi(month[5:7])
	if err1 != nil || err2 != nil || y < 1970 || y >= 2170 || m < 1 || m > 12 {
		return false
	}
	switch flow {
	case "export", "E", "e", "import", "I", "i":
	default:
		return false
	}
	switch {
	case class:
		if mode != "0" && mode != "1" { // classOf's 2: a bad record
			return false
		}
	case !isMode(mode):
		return false
	}
	return currency == "CNY" || currency == "RMB" || currency == "USD"
}

// isMode reports whether s is a supervision mode's form: four ASCII digits.
func isMode(s string) bool { return len(s) == 4 && allDigits(s) }

// groupDims are the dimensions that are keys of their own: trade_mode is
// always one.
func (p *plan) groupDims() []string {
	if p.keys == nil {
		for _, d := range p.dims {
			if d != "trade_mode" {
				p.keys = append(p.keys, d)
			}
		}
	}
	return p.keys
}

// aggregate is the pushdown query. Its columns, all as text: ok (the row
// checks), month (YYYY-MM…), flow, currency, trade_mode (or its class,
// modeClass), the other dimensions (groupDims), then the sum of value, the
// count and the sum of pieces. It groups by the typed
// expressions and turns only the groups into text. It has no parameters:
// the CBEC modes are matched to each distinct trade_mode by the caller.
func (p *plan) aggregate() query { return p.aggregateWhere(query{}) }

// hashParts are the conditions that split the records in n parts by a
// hash of declaration_id; together they take every record once (a NULL
// declaration_id goes to the first part).
func (p *plan) hashParts(n int) []query {
	return p.parts(p.d.crc(p.col("declaration_id")), n)
}

// groupParts are the conditions that split the records in n parts by a
// hash of their group's month and first dimension, so that no group is
// in two parts (a NULL key goes to the first part).
func (p *plan) groupParts(n int) []query {
	h := p.d.month(p.col("declared_on"), p.types["declared_on"])
	if dims := p.groupDims(); len(dims) > 0 {
		h += " + " + p.d.crc(p.dimKey(dims[0]))
	}
	return p.parts(h, n)
}

func (p *plan) parts(hash string, n int) []query {
	qs := make([]query, n)
	for k := range qs {
		qs[k] = query{sql: p.d.part(hash, k, n)}
	}
	return qs
}

// dimKey is the grouping key of a dimension (not trade_mode).
func (p *plan) dimKey(dim string) string {
	switch dim {
	case "hs2", "hs4", "hs6", "hs8":
		return p.d.left(p.codeCol("hs_code"), int(dim[2]-'0'))
	}
	return p.codeCol(dim)
}

// aggregateWhere is the aggregation of the records where holds (all of
// them when where.sql is empty), with where's arguments.
func (p *plan) aggregateWhere(where query) query {
	d := p.d
	keyText := d.text
	if d.keyText != nil {
		keyText = d.keyText
	}
	var sel, keys []string
	key := func(expr string) {
		sel = append(sel, keyText(expr))
		keys = append(keys, expr)
	}
	key(d.okExpr(strings.Join(p.rowChecks(p.bounds), " AND ")))
	month := d.month(p.col("declared_on"), p.types["declared_on"])
	keys = append(keys, month)
	sel = append(sel, keyText(d.monthText(month)))
	key(p.codeCol("flow"))
	key(p.codeCol("currency"))
	if p.modeClass() {
		key(p.classOf(p.codeCol("trade_mode")))
	} else {
		key(p.codeCol("trade_mode"))
	}
	for _, dim := range p.groupDims() {
		key(p.dimKey(dim))
	}
	sel = append(sel,
		d.text(d.sumExact(p.col("value"), p.types["value"])),
		d.text("COUNT(*)"),
		d.text(d.sumExact(p.col("pieces"), p.types["pieces"])))
	sql := "SELECT " + strings.Join(sel, ", ") + " FROM " + d.table(p.src.Table)
	if where.sql != "" {
		sql += " WHERE " + where.sql
	}
	sql += " GROUP BY " + strings.Join(keys, ", ")
	return query{sql: sql, args: where.args}
}

// badRows lists the first n bad records by declaration_id, every column as
// text the way a file would hold it.
func (p *plan) badRows(n int) query {
	d := p.d
	var sel []string
	for _, r := range decl.Columns {
		c := p.col(r)
		if r == "declared_on" {
			c = d.date(c)
		}
		sel = append(sel, d.text(c))
	}
	sql := fmt.Sprintf("SELECT %s FROM %s WHERE NOT (%s) ORDER BY %s LIMIT %d",
		strings.Join(sel, ", "), d.table(p.src.Table), d.okExpr(p.good()), p.col("declaration_id"), n)
	return query{sql: sql}
}

// checkTypes refuses columns whose type cannot hold what they must, with
// the reason, before any query runs.
func (p *plan) checkTypes(shown string) error {
	need := map[string][]int{
		"declaration_id": {kindText, kindInt, kindDecimal},
		"declared_on":    {kindDate},
		"flow":           {kindText},
		"trade_mode":     {kindText},
		"hs_code":        {kindText},
		"partner":        {kindText},
		"province":       {kindText},
		"currency":       {kindText},
		"value":          {kindDecimal, kindInt},
		"pieces":         {kindInt, kindDecimal},
	}
	for _, r := range decl.Columns {
		t, ok := p.types[r]
		name := p.src.column(r)
		if !ok {
			if name != r {
				return fmt.Errorf("%s: the table has no column %s (given for %s)", shown, name, r)
			}
			return fmt.Errorf("%s: the table has no column %s; map the column that holds it (%s=COLUMN)", shown, r, r)
		}
		okKind := false
		for _, k := range need[r] {
			okKind = okKind || t.kind == k
		}
		switch {
		case okKind:
		case t.kind == kindFloat && (r == "value" || r == "pieces"):
			return fmt.Errorf("%s: column %s is %s, a binary floating-point type that cannot hold an exact amount; store it as NUMERIC(18,2) (Decimal(18,2) in ClickHouse), or create a view that casts it", shown, name, t.name)
		case r == "declared_on":
			return fmt.Errorf("%s: column %s is %s; ceb reads a DATE or TIMESTAMP (Date or DateTime in ClickHouse); create a view that casts it", shown, name, t.name)
		default:
			return fmt.Errorf("%s: column %s is %s; it should be text (a code) or, for value and pieces, an exact number; create a view that casts it", shown, name, t.name)
		}
	}
	return nil
}
