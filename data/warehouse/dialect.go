package warehouse

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// postgresDialect is PostgreSQL's SQL, which Citus, Greenplum, openGauss,
// AnalyticDB for PostgreSQL and Redshift also speak.
var postgresDialect = dialect{
	quote: func(name string) string { return pgx.Identifier{name}.Sanitize() },
	table: func(parts []string) string { return pgx.Identifier(parts).Sanitize() },
	text:  func(e string) string { return "COALESCE((" + e + ")::text, '')" },
	month: func(c string, t colType) string {
		if t.name == "date" { // as a timestamp without time zone: no zone can move it
			c += "::timestamp"
		}
		return "date_trunc('month', " + c + ")"
	},
	monthText: func(k string) string { return "to_char(" + k + ", 'YYYY-MM')" },
	length:    func(c string) string { return "octet_length(" + c + ")" },
	left:      func(c string, n int) string { return "left(" + c + ", " + strconv.Itoa(n) + ")" },
	match:     func(c, re string) string { return c + " ~ '" + re + "'" },
	date:      func(c string) string { return "to_char(" + c + ", 'YYYY-MM-DD')" },
	sumExact: func(c string, t colType) string {
		return "SUM(" + c + ")" // numeric for numeric and bigint, which never overflows
	},
	noExtraDecimals: func(c string, t colType) string {
		if t.kind == kindDecimal && (t.scale < 0 || t.scale > 2) {
			return c + " = trunc(" + c + ", 2)"
		}
		return ""
	},
	whole: func(c string, t colType) string {
		if t.kind == kindDecimal && t.scale != 0 {
			return c + " = trunc(" + c + ")"
		}
		return ""
	},
	// A boolean key, not CASE … THEN 1: the planner estimates two groups
	// for a boolean and aggregates in parallel, partially per worker; for
	// a CASE over four columns it multiplied their distinct counts and
	// sorted 10M rows on disk instead (12 s against 27 s, docs/benchmarks.md).
	okExpr: func(pred string) string { return "(" + pred + ") IS TRUE" },
	// No character outside 0-9 (the length check beside it rules out
	// ''): the regular expression stops at the first such character.
	// Over 2M rows on PostgreSQL 15 the whole aggregation took 0.94-0.99 s
	// with it against 1.11-1.17 s with ltrim(c, '0123456789') = '', which
	// builds a new text per row, and about 1.11 s with '^[0-9]+$'
	// (docs/benchmarks.md).
	digits: func(c string) string { return c + " !~ '[^0-9]'" },
}

// clickhouseDialect is ClickHouse's SQL, as far back as 18.16 (Debian's).
var clickhouseDialect = dialect{
	quote: quoteClickHouse,
	table: func(parts []string) string {
		q := make([]string, len(parts))
		for i, p := range parts {
			q[i] = quoteClickHouse(p)
		}
		return strings.Join(q, ".")
	},
	text: func(e string) string { return "ifNull(toString(" + e + "), '')" },
	// The keys go over the wire as a dictionary of their few distinct
	// values and an index per group, and the client decodes those instead
	// of a string per group and key: --dims province,hs2 over 2M rows
	// (153,708 groups) took 1.28 s against 1.34 s (docs/benchmarks.md).
	keyText:   func(e string) string { return "toLowCardinality(ifNull(toString(" + e + "), ''))" },
	month:     func(c string, _ colType) string { return "toStartOfMonth(" + c + ")" },
	monthText: func(k string) string { return k },
	length:    func(c string) string { return "length(" + c + ")" },
	left:      func(c string, n int) string { return "substring(" + c + ", 1, " + strconv.Itoa(n) + ")" },
	match:     func(c, re string) string { return "match(" + c + ", '" + re + "')" },
	date:      func(c string) string { return "toDate(" + c + ")" },
	sumExact: func(c string, t colType) string {
		if t.kind == kindInt {
			return "sum(toDecimal128(" + c + ", 0))"
		}
		return "sum(" + c + ")" // Decimal(P, S) sums to Decimal(38, S)
	},
	noExtraDecimals: func(c string, t colType) string {
		if t.kind == kindDecimal && t.scale > 2 {
			return "match(toString(" + c + "), '^[0-9]+[.][0-9]{2}0*$')"
		}
		return ""
	},
	whole: func(c string, t colType) string {
		if t.kind == kindDecimal && t.scale > 0 {
			return "match(toString(" + c + "), '^[0-9]+[.]0*$')"
		}
		return ""
	},
	okExpr: func(pred string) string { return "ifNull(toUInt8(" + pred + "), 0)" },
	// toUInt64OrNull takes digits and a leading + only (10 digits always
	// fit): three times as fast as match(…, '^[0-9]+$') on 18.16.
	digits: func(c string) string {
		return "isNotNull(toUInt64OrNull(" + c + ")) AND NOT startsWith(" + c + ", '+')"
	},
}

// quoteClickHouse quotes an identifier with backquotes, escaping
// backslashes and backquotes as ClickHouse's lexer expects. clickhouse-go
// has no exported quoting of its own; names are also restricted to
// letters, digits and _ before they get here (Parse).
func quoteClickHouse(name string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`")
	return "`" + r.Replace(name) + "`"
}

// pgType classifies a PostgreSQL column by its information_schema data_type
// and numeric_scale (-1 when NULL).
func pgType(dataType string, scale int) colType {
	t := colType{name: dataType, scale: scale, nullable: true}
	switch dataType {
	case "text", "character varying", "character", "name", "citext":
		t.kind = kindText
	case "date", "timestamp without time zone", "timestamp with time zone":
		t.kind = kindDate
	case "smallint", "integer", "bigint":
		t.kind, t.scale = kindInt, 0
	case "numeric":
		t.kind = kindDecimal
	case "real", "double precision":
		t.kind = kindFloat
	}
	return t
}

// chType classifies a ClickHouse column by its type name: Nullable(…) and
// LowCardinality(…) are looked through.
func chType(name string) colType {
	t := colType{name: name}
	inner := name
	for {
		switch {
		case strings.HasPrefix(inner, "Nullable(") && strings.HasSuffix(inner, ")"):
			inner, t.nullable = inner[len("Nullable("):len(inner)-1], true
			continue
		case strings.HasPrefix(inner, "LowCardinality(") && strings.HasSuffix(inner, ")"):
			inner = inner[len("LowCardinality(") : len(inner)-1]
			continue
		}
		break
	}
	switch {
	case inner == "String":
		t.kind = kindText
	case inner == "Date" || inner == "DateTime" || strings.HasPrefix(inner, "DateTime("):
		t.kind = kindDate
	case strings.HasPrefix(inner, "Int") || strings.HasPrefix(inner, "UInt"):
		t.kind = kindInt
		t.wide = strings.HasSuffix(inner, "128") || strings.HasSuffix(inner, "256")
	case strings.HasPrefix(inner, "Decimal"):
		t.kind, t.scale = kindDecimal, decimalScale(inner)
		t.wide = decimalPrecision(inner) > 18
	case strings.HasPrefix(inner, "Float"):
		t.kind = kindFloat
	}
	return t
}

// decimalPrecision reads P from Decimal(P, S), or the precision of
// Decimal32(S), Decimal64(S), Decimal128(S) and Decimal256(S); 76, the
// widest, when it cannot.
func decimalPrecision(s string) int {
	for prefix, p := range map[string]int{"Decimal32(": 9, "Decimal64(": 18, "Decimal128(": 38, "Decimal256(": 76} {
		if strings.HasPrefix(s, prefix) {
			return p
		}
	}
	open, comma := strings.IndexByte(s, '('), strings.IndexByte(s, ',')
	if !strings.HasPrefix(s, "Decimal(") || comma < open {
		return 76
	}
	p, err := strconv.Atoi(strings.TrimSpace(s[open+1 : comma]))
	if err != nil {
		return 76
	}
	return p
}

// decimalScale reads S from Decimal(P, S), Decimal32(S), Decimal64(S) or
// Decimal128(S).
func decimalScale(s string) int {
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return -1
	}
	args := strings.Split(s[open+1:end], ",")
	n, err := strconv.Atoi(strings.TrimSpace(args[len(args)-1]))
	if err != nil {
		return -1
	}
	return n
}
