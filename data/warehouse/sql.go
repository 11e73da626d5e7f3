package warehouse

import (
	"fmt"
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
	inList          func(col string, n int, next func() string) string
	param           func() func() string
}

// query is an aggregation or a listing, with its arguments.
type query struct {
	sql  string
	args []any
}

// plan builds the aggregation for the table's columns: one scan that
// groups records by a flag of the per-row checks, month, flow, currency,
// class and the dimensions. The checks of the grouping keys themselves
// (flow, currency, month) are made per group by the caller (keysGood), so
// that the engine evaluates as little as possible per row; every bad
// record lands in a group that fails one or the other, and the same query
// counts them.
type plan struct {
	d     dialect
	src   *Source
	types map[string]colType // by declaration column
	modes []string
	dims  []string
}

// col is the quoted table column of a declaration column.
func (p *plan) col(role string) string { return p.d.quote(p.src.column(role)) }

// rowChecks are the checks the file reader makes (decl: record) on the
// columns that are not grouping keys. A digits-only test is a length test
// and ^[0-9]+$: PostgreSQL's regex engine takes about three times as long
// over ^[0-9]{2,10}$ (measured on 10M rows, docs/benchmarks.md).
func (p *plan) rowChecks() []string {
	d := p.d
	var c []string
	add := func(s string) {
		if s != "" {
			c = append(c, s)
		}
	}
	// No IS NOT NULL: a comparison with NULL is NULL, and okExpr makes
	// NULL false.
	mode, hs := p.col("trade_mode"), p.col("hs_code")
	add(d.length(mode) + " = 4 AND " + d.match(mode, "^[0-9]+$"))
	add(d.length(hs) + " BETWEEN 2 AND 10 AND " + d.match(hs, "^[0-9]+$"))
	v := p.col("value")
	add(fmt.Sprintf("%s >= 0 AND %s < 1000000000000000", v, v))
	add(d.noExtraDecimals(v, p.types["value"]))
	n := p.col("pieces")
	add(fmt.Sprintf("%s >= 0 AND %s < 1000000000000", n, n))
	add(d.whole(n, p.types["pieces"]))
	return c
}

// good is every check of a record, the keys' included: the condition of
// the listing of bad records.
func (p *plan) good() string {
	var c []string
	date := p.col("declared_on")
	if p.src.Engine == Postgres {
		c = append(c, fmt.Sprintf("%s >= DATE '1970-01-01' AND %s < DATE '2170-01-01'", date, date))
	} else { // ClickHouse's Date and DateTime start in 1970 and end before 2170
		c = append(c, "isNotNull("+date+")")
	}
	c = append(c, p.col("flow")+" IN ('export', 'E', 'e', 'import', 'I', 'i')", p.col("currency")+" IN ('CNY', 'RMB', 'USD')")
	return strings.Join(append(c, p.rowChecks()...), " AND ")
}

// keysGood is the check of a group's keys as the aggregation returns them
// (month as YYYY-MM…, flow, currency): what good checks of them.
func keysGood(month, flow, currency string) bool {
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
	return currency == "CNY" || currency == "RMB" || currency == "USD"
}

// aggregate is the pushdown query. Its columns, all as text: ok (the row
// checks), month (YYYY-MM…), flow, currency, cbec, the dimensions, then the
// sum of value, the count and the sum of pieces. It groups by the typed
// expressions and turns only the groups into text.
func (p *plan) aggregate() query {
	d := p.d
	next := d.param()
	var sel, keys []string
	key := func(expr string) {
		sel = append(sel, d.text(expr))
		keys = append(keys, expr)
	}
	key(d.okExpr(strings.Join(p.rowChecks(), " AND ")))
	month := d.month(p.col("declared_on"), p.types["declared_on"])
	keys = append(keys, month)
	sel = append(sel, d.text(d.monthText(month)))
	key(p.col("flow"))
	key(p.col("currency"))
	key(d.okExpr(d.inList(p.col("trade_mode"), len(p.modes), next)))
	var args []any
	for range 2 { // the class is in the select list and in GROUP BY
		for _, m := range p.modes {
			args = append(args, m)
		}
	}
	if p.src.Engine == Postgres {
		args = []any{p.modes} // one array parameter: = ANY($1)
	}
	for _, dim := range p.dims {
		switch dim {
		case "hs2", "hs4", "hs6", "hs8":
			key(d.left(p.col("hs_code"), int(dim[2]-'0')))
		default:
			key(p.col(dim))
		}
	}
	sel = append(sel,
		d.text(d.sumExact(p.col("value"), p.types["value"])),
		d.text("COUNT(*)"),
		d.text(d.sumExact(p.col("pieces"), p.types["pieces"])))
	sql := "SELECT " + strings.Join(sel, ", ") + " FROM " + d.table(p.src.Table) + " GROUP BY " + strings.Join(keys, ", ")
	return query{sql, args}
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
