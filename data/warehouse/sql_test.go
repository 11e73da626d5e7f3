package warehouse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// typed are the column types of a typical declarations table.
func typed(engine string) map[string]colType {
	t := map[string]colType{}
	for _, c := range decl.Columns {
		switch {
		case engine == Postgres && c == "declared_on":
			t[c] = pgType("date", -1)
		case engine == Postgres && c == "value":
			t[c] = pgType("numeric", 2)
		case engine == Postgres && c == "pieces":
			t[c] = pgType("bigint", 0)
		case engine == Postgres:
			t[c] = pgType("text", -1)
		case engine == MySQL && c == "declared_on":
			t[c] = mysqlType("date", -1)
		case engine == MySQL && c == "value":
			t[c] = mysqlType("decimal", 2)
		case engine == MySQL && c == "pieces":
			t[c] = mysqlType("bigint", 0)
		case engine == MySQL:
			t[c] = mysqlType("varchar", -1)
		case c == "declared_on":
			t[c] = chType("Date")
		case c == "value":
			t[c] = chType("Decimal(18, 2)")
		case c == "pieces":
			t[c] = chType("Int64")
		default:
			t[c] = chType("String")
		}
	}
	return t
}

// TestQueryText pins the SQL sent to each engine (docs/warehouses.md
// quotes it): one scan, per-row immutable expressions, SUM and COUNT only.
func TestQueryText(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		d         dialect
	}{
		{"postgres", "postgres://u@h/db?table=customs.declarations", postgresDialect},
		{"clickhouse", "clickhouse://u@h:9000/db?table=declarations", clickhouseDialect},
		{"mysql", "mysql://u@h:3306/db?table=declarations", mysqlDialect},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := Parse(tc.url, map[string]string{"value": "amount"})
			if err != nil {
				t.Fatal(err)
			}
			types := typed(src.Engine)
			p := &plan{d: tc.d, src: src, types: types, modes: decl.DefaultCBECModes, dims: []string{"province", "hs2"}}
			agg, bad := p.aggregate(), p.badRows(10)
			var b strings.Builder
			b.WriteString("-- aggregation, --dims province,hs2, value mapped to amount\n" + agg.sql + ";\n")
			if len(agg.args) > 0 {
				t.Errorf("the aggregation has arguments: %v", agg.args)
			}
			if tc.d.part != nil {
				// The parts' conditions; the rest is the same for any grouping.
				ranges := keyRangeConditions(tc.d.quote("declaration_id"), []any{"D5000"})
				b.WriteString("-- the same in two parts, each on a connection of its own (MySQL, MariaDB); the second part:\n" +
					"-- as a breakdown such as this one is split, by group (month and first dimension)\n" + p.aggregateWhere(p.groupParts(2)[1]).sql + ";\n" +
					"-- as the monthly series of a table keyed by declaration_id is split, at D5000 (args " + fmt.Sprint(ranges[1].args) + ")\n" + p.aggregateWhere(ranges[1]).sql + ";\n" +
					"-- as the monthly series of a table without a primary key is split\n" + p.aggregateWhere(p.hashParts(2)[1]).sql + ";\n")
				for i, r := range keyRangeConditions(tc.d.quote("declaration_id"), []any{"D3000", "D6000"}) {
					fmt.Fprintf(&b, "-- in three parts, part %d of a keyed table split at D3000 and D6000: WHERE %s (args %v)\n", i+1, r.sql, r.args)
				}
			}
			p.bounds = true
			b.WriteString("-- the aggregation again, only when a group's sum reached a record's upper bound: value and pieces bounded per row\n" + p.aggregate().sql + ";\n")
			b.WriteString("-- the first bad records, only when the aggregation counted some\n" + bad.sql + ";\n")
			testkit.Golden(t, "query_"+tc.name+".sql", []byte(b.String()))
			if n := strings.Count(agg.sql, "declarations"); n != 1 {
				t.Errorf("the table is named %d times, want one scan", n)
			}
		})
	}
}

func TestParseSum(t *testing.T) {
	for _, tc := range []struct {
		in   string
		dec  int
		want int64
		ok   bool
	}{
		{"123.45", 2, 12345, true},
		{"123", 2, 12300, true},
		{"123.4", 2, 12340, true},
		{"123.4500", 2, 12345, true},
		{"123.451", 2, 0, false},
		{"-1.00", 2, 0, false},
		{"", 2, 0, false},
		{"92233720368547758.07", 2, 9223372036854775807, true},
		{"92233720368547758.08", 2, 0, false}, // one fen past int64
		{"42", 0, 42, true},
		{"42.0", 0, 42, true},
		{"1e5", 0, 0, false},
		{"0", 2, 0, true},
		{"00012.30", 2, 1230, true},
		{"1.", 2, 100, true},
		{".5", 2, 0, false},
		{"1.2.3", 2, 0, false},
		{"+1", 0, 0, false},
		{"１２", 0, 0, false}, // full-width digits
		{"9223372036854775807", 0, 9223372036854775807, true},
		{"9223372036854775808", 0, 0, false},
		{"99999999999999999999999", 0, 0, false},
	} {
		got, err := parseSum(tc.in, tc.dec)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSum(%q, %d) = %d, %v", tc.in, tc.dec, got, err)
		}
	}
}

// BenchmarkParseSum reads the sums of a group as ClickHouse and
// PostgreSQL print them; a breakdown reads two per group, 153,708 groups
// for --dims province,hs2 over 2M records.
func BenchmarkParseSum(b *testing.B) {
	for b.Loop() {
		for _, s := range []string{"1234567.89", "12.50", "987654321.00", "3"} {
			if _, err := parseSum(s, 2); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := parseSum("1234", 0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestColumnTypes(t *testing.T) {
	// wide: a ClickHouse sum that can wrap around (more than 18 digits,
	// more than 64 bits), so that the bounds are checked per row.
	for _, tc := range []struct {
		name           string
		got            colType
		kind, scale    int
		nullable, wide bool
	}{
		{"Decimal(18, 2)", chType("Decimal(18, 2)"), kindDecimal, 2, false, false},
		{"Decimal(19, 3)", chType("Decimal(19, 3)"), kindDecimal, 3, false, true},
		{"Nullable(Decimal(38, 4))", chType("Nullable(Decimal(38, 4))"), kindDecimal, 4, true, true},
		{"Decimal64(3)", chType("Decimal64(3)"), kindDecimal, 3, false, false},
		{"Decimal128(2)", chType("Decimal128(2)"), kindDecimal, 2, false, true},
		{"Decimal32(2)", chType("Decimal32(2)"), kindDecimal, 2, false, false},
		{"LowCardinality(Nullable(String))", chType("LowCardinality(Nullable(String))"), kindText, 0, true, false},
		{"DateTime('Asia/Shanghai')", chType("DateTime('Asia/Shanghai')"), kindDate, 0, false, false},
		{"Float64", chType("Float64"), kindFloat, 0, false, false},
		{"UInt32", chType("UInt32"), kindInt, 0, false, false},
		{"Int64", chType("Int64"), kindInt, 0, false, false},
		{"Int128", chType("Int128"), kindInt, 0, false, true},
		{"UInt256", chType("UInt256"), kindInt, 0, false, true},
		{"FixedString(4)", chType("FixedString(4)"), kindOther, 0, false, false},
		{"pg numeric", pgType("numeric", -1), kindDecimal, -1, true, false},
		{"pg double", pgType("double precision", -1), kindFloat, -1, true, false},
		{"pg timestamptz", pgType("timestamp with time zone", -1), kindDate, -1, true, false},
		{"pg bigint", pgType("bigint", 0), kindInt, 0, true, false},
	} {
		if tc.got.kind != tc.kind || tc.got.scale != tc.scale || tc.got.nullable != tc.nullable || tc.got.wide != tc.wide {
			t.Errorf("%s: %+v", tc.name, tc.got)
		}
	}
}

func TestParse(t *testing.T) {
	src, err := Parse("postgresql://u:pw@h:5433/db?sslmode=require&table=s.t&columns=value=amount", map[string]string{"declared_on": "d"})
	if err != nil {
		t.Fatal(err)
	}
	if src.Engine != Postgres || strings.Join(src.Table, ".") != "s.t" || src.column("value") != "amount" || src.column("declared_on") != "d" || src.column("flow") != "flow" {
		t.Errorf("%+v", src)
	}
	if src.String() != "postgresql://u@h:5433/db?sslmode=require&columns=value=amount&table=s.t" {
		t.Errorf("shown as %s", src)
	}
	if strings.Contains(src.conn, "table=") || !strings.Contains(src.conn, "sslmode=require") || !strings.Contains(src.conn, "u:pw@") {
		t.Errorf("driver URL %s", src.conn)
	}
	// Other parameters reach the driver as written: pgx reads + as +.
	if src, err := Parse("postgres://h/db?options=-c%20TimeZone%3DAsia/Shanghai&table=t&password=pw", nil); err != nil || src.conn != "postgres://h/db?options=-c%20TimeZone%3DAsia/Shanghai&password=pw" || src.String() != "postgres://h/db?options=-c%20TimeZone%3DAsia/Shanghai&table=t" {
		t.Errorf("options: %v %+v", err, src)
	}
	for _, bad := range []string{
		"clickhouse:///db",
		"postgres://h/db?columns=price=value",
		"postgres://h/db?columns=value",
		"postgres://h/db?columns=value=a-b",
		"postgres://u:pw@h/db?table=t#x", // a fragment: what is shown would not be what was parsed
	} {
		if _, err := Parse(bad, nil); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	// A # in a password: refused, and the message does not show it.
	if _, err := Parse("postgres://u:se#cret@h/db", nil); err == nil || strings.Contains(err.Error(), "se#cret") || strings.Contains(err.Error(), "cret") {
		t.Errorf("a # in a password: %v", err)
	}
	if IsURL("decl.csv") || !IsURL("ClickHouse://h/db") || Redact("postgres://u:pw@h/db") != "postgres://u@h/db?table=declarations" {
		t.Error("IsURL or Redact")
	}
}

// A clickhouse:// URL without a port uses the native port 9000, in the
// connection and in what is shown; a URL of another scheme is a URL, not a
// file, and is refused without its password.
func TestParseSchemesAndPorts(t *testing.T) {
	ports := []struct{ raw, conn, shown string }{
		{"clickhouse://analyst@ch.example/customs?table=declarations", "clickhouse://analyst@ch.example:9000/customs", "clickhouse://analyst@ch.example:9000/customs?table=declarations"},
		{"clickhouse://ch.example/customs", "clickhouse://ch.example:9000/customs", "clickhouse://ch.example:9000/customs?table=declarations"},
		{"clickhouse://u:pw@[::1]/db?table=t", "clickhouse://u:pw@[::1]:9000/db", "clickhouse://u@[::1]:9000/db?table=t"},
		{"clickhouse://u@h:9001/db?table=t", "clickhouse://u@h:9001/db", "clickhouse://u@h:9001/db?table=t"},
		{"mysql://u:pw@doris.example/customs?table=t", "mysql://u:pw@doris.example:3306/customs", "mysql://u@doris.example:3306/customs?table=t"},
		{"mysql://u@tidb.example:4000/customs?table=t&tls=true", "mysql://u@tidb.example:4000/customs?tls=true", "mysql://u@tidb.example:4000/customs?tls=true&table=t"},
	}
	for _, tt := range ports {
		s, err := Parse(tt.raw, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.raw, err)
			continue
		}
		if s.conn != tt.conn || s.String() != tt.shown {
			t.Errorf("%s: conn %q, shown %q; want %q, %q", tt.raw, s.conn, s.String(), tt.conn, tt.shown)
		}
	}
	for _, raw := range []string{"s3://key:secretpw@bucket/decl.parquet", "HTTPS://u:secretpw@x/y"} {
		if !IsURL(raw) {
			t.Errorf("IsURL(%q) = false", raw)
		}
		_, err := Parse(raw, nil)
		if err == nil || !strings.Contains(err.Error(), "unknown warehouse scheme") || strings.Contains(err.Error(), "secretpw") {
			t.Errorf("Parse(%q) = %v", raw, err)
		}
		if r := Redact(raw); strings.Contains(r, "secretpw") {
			t.Errorf("Redact(%q) = %q", raw, r)
		}
	}
	for _, notURL := range []string{"decl.csv", `C:\data\decl.csv`, "c://x", "./a://b", "-", "builtin", "://x"} {
		if IsURL(notURL) {
			t.Errorf("IsURL(%q) = true", notURL)
		}
	}
}

// TestKeysGood: a group's keys as the aggregation returns them. With a
// breakdown the mode key is classOf's 0, 1 or 2 (2: a bad mode); without,
// the mode as stored, where "0" or "1" is a bad mode like any other.
func TestKeysGood(t *testing.T) {
	for _, tc := range []struct {
		name                        string
		month, flow, currency, mode string
		class, want                 bool
	}{
		{"a mode", "2024-03", "export", "CNY", "9610", false, true},
		{"spellings the file reader takes", "2024-03-01", "i", "RMB", "0110", false, true},
		{"mode of three digits", "2024-03", "export", "CNY", "961", false, false},
		{"mode with a letter", "2024-03", "export", "CNY", "96a0", false, false},
		{"a class where a mode is due", "2024-03", "export", "CNY", "1", false, false},
		{"CBEC class", "2024-03", "export", "CNY", "1", true, true},
		{"other class", "2024-03", "import", "USD", "0", true, true},
		{"bad-mode class", "2024-03", "export", "CNY", "2", true, false},
		{"a mode where a class is due", "2024-03", "export", "CNY", "9610", true, false},
		{"month before 1970", "1969-12", "export", "CNY", "9610", false, false},
		{"month 13", "2024-13", "export", "CNY", "9610", false, false},
		{"a month without its dash", "202403", "export", "CNY", "9610", false, false},
		{"unknown flow", "2024-03", "EXPORT", "CNY", "9610", false, false},
		{"unknown currency", "2024-03", "export", "cny", "9610", false, false},
	} {
		if got := keysGood(tc.month, tc.flow, tc.currency, tc.mode, tc.class); got != tc.want {
			t.Errorf("%s: keysGood(%q, %q, %q, %q, %v) = %v", tc.name, tc.month, tc.flow, tc.currency, tc.mode, tc.class, got)
		}
	}
}
