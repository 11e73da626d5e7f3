package warehouse

import (
	"fmt"
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
	// yearMonth: the year and the month of a date or timestamp.
	year, month func(col string) string
	left2       func(col string) string // the first two characters
	match       func(col, re string) string
	isNotNull   func(col string) string
	// date renders a date or timestamp as YYYY-MM-DD.
	date func(col string) string
	// sumExact sums a decimal or integer column exactly, as text.
	sumExact func(col string, t colType) string
	// noExtraDecimals is a condition that a value has at most two decimals
	// ("" when its type cannot hold more).
	noExtraDecimals func(col string, t colType) string
	whole           func(col string, t colType) string // a whole number ("" when the type is integral)
	okExpr          func(pred string) string           // 1 when pred is true, 0 when false or NULL
	inList          func(col string, n int, next func() string) string
	param           func() func() string
}

// query is an aggregation or a listing, with its arguments.
type query struct {
	sql  string
	args []any
}

// plan builds the aggregation for the table's columns: one scan that
// groups good records by month, flow, currency, class and the dimensions,
// and puts every bad record in groups of their own (ok = 0), so that the
// same query counts them.
type plan struct {
	d     dialect
	src   *Source
	types map[string]colType // by declaration column
	modes []string
	dims  []string
}

// col is the quoted table column of a declaration column.
func (p *plan) col(role string) string { return p.d.quote(p.src.column(role)) }

// good is the condition that a record is good: the checks the file reader
// makes, in SQL (decl: record).
func (p *plan) good() string {
	d := p.d
	var c []string
	add := func(s string) {
		if s != "" {
			c = append(c, s)
		}
	}
	for _, r := range []string{"declared_on", "flow", "trade_mode", "hs_code", "currency", "value", "pieces"} {
		if t := p.types[r]; t.nullable {
			add(d.isNotNull(p.col(r)))
		}
	}
	if p.src.Engine == Postgres { // ClickHouse's Date and DateTime start in 1970 and end before 2170
		date := p.col("declared_on")
		add(fmt.Sprintf("%s >= DATE '1970-01-01' AND %s < DATE '2170-01-01'", date, date))
	}
	add(p.col("flow") + " IN ('export', 'E', 'e', 'import', 'I', 'i')")
	add(d.match(p.col("trade_mode"), "^[0-9]{4}$"))
	add(d.match(p.col("hs_code"), "^[0-9]{2,10}$"))
	add(p.col("currency") + " IN ('CNY', 'RMB', 'USD')")
	v := p.col("value")
	add(fmt.Sprintf("%s >= 0 AND %s < 1000000000000000", v, v))
	add(d.noExtraDecimals(v, p.types["value"]))
	n := p.col("pieces")
	add(fmt.Sprintf("%s >= 0 AND %s < 1000000000000", n, n))
	add(d.whole(n, p.types["pieces"]))
	return strings.Join(c, " AND ")
}

// aggregate is the pushdown query. Its columns: ok, year, month, flow,
// currency, cbec, the dimensions, then sum of value, count, sum of pieces,
// all as text.
func (p *plan) aggregate() query {
	d := p.d
	next := d.param()
	var args []any
	var sel, keys []string
	key := func(expr, alias string) {
		sel = append(sel, expr+" AS "+alias)
		keys = append(keys, alias)
	}
	key(d.text(d.okExpr(p.good())), "k_ok")
	date := p.col("declared_on")
	key(d.text(d.year(date)), "k_year")
	key(d.text(d.month(date)), "k_month")
	key(d.text(p.col("flow")), "k_flow")
	key(d.text(p.col("currency")), "k_currency")
	key(d.text(d.okExpr(d.inList(p.col("trade_mode"), len(p.modes), next))), "k_cbec")
	for _, m := range p.modes {
		args = append(args, m)
	}
	if p.src.Engine == Postgres {
		args = []any{p.modes} // one array parameter: = ANY($1)
	}
	for _, dim := range p.dims {
		switch dim {
		case "hs2":
			key(d.text(d.left2(p.col("hs_code"))), "k_hs2")
		default:
			key(d.text(p.col(dim)), "k_"+dim)
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
	sql := fmt.Sprintf("SELECT %s FROM %s WHERE %s = 0 ORDER BY %s LIMIT %d",
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
