package warehouse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/internal/dbtest"
	"github.com/cbec-stats/ceb/internal/declgen"
)

// The tables of the tests, as a warehouse would type them.
const (
	pgColumns = "declaration_id text, declared_on date, flow text, trade_mode varchar(4), hs_code text, partner text, province text, currency char(3), value numeric(18,2), pieces bigint"
	chColumns = "declaration_id String, declared_on Date, flow String, trade_mode String, hs_code String, partner String, province String, currency String, value Decimal(18,2), pieces Int64"
	myColumns = "declaration_id varchar(20), declared_on date, flow varchar(10), trade_mode varchar(4), hs_code varchar(10), partner varchar(64), province varchar(64), currency char(3), value decimal(18,2), pieces bigint"
)

// An engine the pushdown tests run against: its URL, and a loader that
// creates a table from a CSV and returns the name to query.
type engine struct {
	name string
	url  func(testing.TB) string
	load func(t testing.TB, table, cols string, csv []byte) string
}

func plainLoad(f func(testing.TB, string, string, []byte)) func(testing.TB, string, string, []byte) string {
	return func(t testing.TB, table, cols string, csv []byte) string {
		f(t, table, cols, csv)
		return table
	}
}

// engines are PostgreSQL, ClickHouse (one server, and a Distributed table
// over the two shards of the test cluster, half the rows on each) and
// MariaDB, with each one's column types (in the order pg, ch, my).
func engines() []engine {
	return []engine{
		{"postgres", dbtest.PostgresURL, plainLoad(dbtest.LoadPostgres)},
		{"clickhouse", dbtest.ClickHouseURL, plainLoad(dbtest.LoadClickHouse)},
		{"clickhouse cluster", dbtest.ClickHouseURL, dbtest.LoadClickHouseCluster},
		{"mariadb", dbtest.MySQLURL, plainLoad(dbtest.LoadMySQL)},
	}
}

// colsFor picks the column types of an engine.
func colsFor(e engine, pg, ch, my string) string {
	switch e.name {
	case "postgres":
		return pg
	case "mariadb":
		return my
	}
	return ch
}

// declarations generates records and adds spellings the file reader also
// takes (E, i, RMB), so the pushdown must read them alike.
func declarations(t *testing.T, n int) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := declgen.Generate(&b, n, 11, 2024); err != nil {
		t.Fatal(err)
	}
	b.WriteString("X1,2024-03-31,E,9610,850440,US,Guangdong,RMB,10.05,2\n")
	b.WriteString("X2,2024-03-01,i,1210,330499,JP,Zhejiang,CNY,7,1\n")
	b.WriteString("X3,2025-12-31,e,9710,0101,,,USD,0.01,0\n") // empty partner and province
	p := filepath.Join(t.TempDir(), "decl.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

func csvOf(t *testing.T, res *decl.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var pushdownCases = []struct {
	name string
	opt  decl.Options
}{
	{"by month", decl.Options{}},
	{"by quarter", decl.Options{By: "quarter"}},
	{"by year with every dimension", decl.Options{By: "year", Dims: []string{"province", "partner", "trade_mode", "hs2"}}},
	{"by month with partner and hs2", decl.Options{Dims: []string{"hs2", "partner"}}},
	{"by quarter with province and hs6", decl.Options{By: "quarter", Dims: []string{"province", "hs6"}}},
	{"other cbec modes", decl.Options{CBECModes: []string{"9610", "0110"}, Dims: []string{"trade_mode"}}},
}

// TestPushdownMatchesFile compares every pushdown with decl.Aggregate on
// the file the table was loaded from: the CSV must be the same bytes.
func TestPushdownMatchesFile(t *testing.T) {
	path, content := declarations(t, 30000)
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			base := e.url(t)
			table := e.load(t, dbtest.TableName(t), colsFor(e, pgColumns, chColumns, myColumns), content)
			for _, tc := range pushdownCases {
				t.Run(tc.name, func(t *testing.T) {
					want, err := decl.Aggregate(context.Background(), []string{path}, tc.opt)
					if err != nil {
						t.Fatal(err)
					}
					again := false
					boundsAgain = func() { again = true }
					defer func() { boundsAgain = nil }()
					got, err := Aggregate(context.Background(), base+"?table="+table, Options{Options: tc.opt})
					if err != nil {
						t.Fatal(err)
					}
					if again {
						t.Error("the aggregation ran again with the bounds per row; no group's sum is near one")
					}
					if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
						t.Errorf("pushdown CSV (%d rows) differs from the file's (%d rows)\n%s", got.Len(), want.Len(), firstDiff(g, w))
					}
					if got.Records != want.Records {
						t.Errorf("records %d, file %d", got.Records, want.Records)
					}
				})
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ":\n  got  " + al[i] + "\n  want " + bl[i]
		}
	}
	return "one is a prefix of the other"
}

func itoa(n int) string { return strconv.Itoa(n) }

// badCSV holds good records and one of each bad kind a typed table can
// hold, in declaration_id order. The tables' value column has three
// decimals, so that an over-precise value fits; the bad values are written
// with two decimals, as ceb words them after the zeros of the scale.
const badCSV = `declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces
B01,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.50,3
B02,,export,9610,850440,US,Guangdong,CNY,1.00,1
B03,2024-01-05,x,9610,850440,US,Guangdong,CNY,1.00,1
B04,2024-01-05,export,96,850440,US,Guangdong,CNY,1.00,1
B05,2024-01-05,export,9610,8x,US,Guangdong,CNY,1.00,1
B06,2024-01-05,export,9610,850440,US,Guangdong,EUR,1.00,1
B07,2024-01-05,export,9610,850440,US,Guangdong,CNY,-1.00,1
B08,2024-01-05,export,9610,850440,US,Guangdong,CNY,1.005,1
B09,2024-01-05,import,9610,850440,US,Guangdong,CNY,1.00,-3
B10,2024-02-05,import,1210,850440,JP,Zhejiang,CNY,2.25,1
B11,2024-02-05,import,1210,850440,JP,Zhejiang,CNY,2.25,1000000000000
B12,2024-03-05,import,1210,850440,JP,Zhejiang,CNY,1000000000000000.00,1
`

// fileReasons are the messages the file reader gives for badCSV's bad
// records, in line order.
func fileReasons(t *testing.T) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(p, []byte(badCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := decl.Aggregate(context.Background(), []string{p}, decl.Options{SkipBad: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Bad {
		out = append(out, f.Message)
	}
	return out
}

func TestPushdownBadRecords(t *testing.T) {
	want := fileReasons(t)
	if len(want) != 10 {
		t.Fatalf("the file reader found %d bad records, want 10: %q", len(want), want)
	}
	ids := []string{"B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B11", "B12"}
	// B11 and B12 pass every check but an upper bound: their groups' sums
	// reach it, and each aggregation runs again with the bounds per row
	// (but on ClickHouse, whose Decimal(19,3) sums could wrap around, the
	// bounds are per row from the start).
	again := 0
	boundsAgain = func() { again++ }
	defer func() { boundsAgain = nil }()
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			base := e.url(t)
			csv := badCSV
			if e.name != "postgres" { // a NULL date
				csv = strings.Replace(badCSV, "B02,,", `B02,\N,`, 1)
			}
			table := e.load(t, dbtest.TableName(t), colsFor(e,
				"declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(19,3), pieces bigint",
				"declaration_id String, declared_on Nullable(Date), flow String, trade_mode String, hs_code String, partner String, province String, currency String, value Decimal(19,3), pieces Int64",
				"declaration_id varchar(20), declared_on date, flow varchar(10), trade_mode varchar(4), hs_code varchar(10), partner varchar(64), province varchar(64), currency char(3), value decimal(19,3), pieces bigint"),
				[]byte(csv))
			url := base + "?table=" + table
			// With a breakdown the mode is grouped by its class (classOf),
			// without one as stored: both count the same bad records.
			for _, dims := range [][]string{nil, {"province"}} {
				again = 0
				res, err := Aggregate(context.Background(), url, Options{Options: decl.Options{SkipBad: 10, Dims: dims}})
				if err != nil {
					t.Fatal(err)
				}
				if res.BadCount != 10 || len(res.Bad) != 10 || res.Records != 2 {
					t.Fatalf("dims %v: bad %d (listed %d), records %d; want 10, 10, 2", dims, res.BadCount, len(res.Bad), res.Records)
				}
				if w := map[bool]int{true: 0, false: 1}[strings.HasPrefix(e.name, "clickhouse")]; again != w {
					t.Errorf("dims %v: the aggregation ran again %d times, want %d", dims, again, w)
				}
				for i, f := range res.Bad {
					if w := "declaration " + ids[i] + ": " + want[i]; f.Message != w {
						t.Errorf("dims %v: bad record %d: %q, want %q", dims, i, f.Message, w)
					}
				}
			}
			// One fewer tolerated: the error names the count and the first.
			_, err := Aggregate(context.Background(), url, Options{Options: decl.Options{SkipBad: 9}, ListBad: 2})
			if err == nil || !strings.Contains(err.Error(), "10 bad records, more than the 9 tolerated; the first: declaration B02: declared_on") {
				t.Errorf("err = %v", err)
			}
			_, err = Aggregate(context.Background(), url, Options{})
			if err == nil || !strings.HasSuffix(err.Error(), "declaration B02: "+want[0]) {
				t.Errorf("no bad record tolerated: err = %v", err)
			}
		})
	}
}

// TestBoundsPerGroup checks the upper bounds of value and pieces, which
// the aggregation checks on each group's sums (plan.bounds): a record over
// one, alone in its group, makes the aggregation run again and is counted
// bad; records each below a bound whose sum is over it make it run again
// and are all good; a sum that is no number (PostgreSQL's NaN) or could
// wrap around (a ClickHouse Decimal of 38 digits) never passes for small.
// Each result is compared with the file reader's on the same records.
func TestBoundsPerGroup(t *testing.T) {
	const head = "declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n" +
		"G1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.50,3\n"
	cases := []struct {
		name, rows string
		bad        []string // the declarations counted bad
		again      int      // runs of the aggregation with the bounds per row
		engines    string   // "" for every engine, else the one
		value      string   // the value column's type, when not DECIMAL(18,2)
	}{
		{"value at bound", // alone in its group
			"V1,2024-02-05,export,9610,850440,US,Guangdong,CNY,1000000000000000.00,1\n", []string{"V1"}, 1, "", ""},
		{"pieces at bound", // alone in their group
			"P1,2024-02-05,import,1210,850440,JP,Zhejiang,USD,1.00,1000000000000\n", []string{"P1"}, 1, "", ""},
		{"sums over", // the bounds, of records below them
			"S1,2024-02-05,export,9610,850440,US,Guangdong,CNY,600000000000000.00,600000000000\n" +
				"S2,2024-02-06,export,9610,850440,US,Guangdong,CNY,600000000000000.00,600000000000\n", nil, 1, "", ""},
		{"NaN and Infinity",
			"N1,2024-02-05,export,9610,850440,US,Guangdong,CNY,NaN,1\n" +
				"N2,2024-02-05,export,9610,850440,US,Guangdong,CNY,Infinity,1\n", []string{"N1", "N2"}, 1, "postgres", "numeric"},
		// 3 × (10^36 − 0.01) + 402823669209384634633746074317682115.59 is
		// 2^128 + 1.00 in fen: a Decimal128 sum would wrap around to 1.00.
		{"a wrapping sum", strings.Repeat("W1,2024-02-05,export,9610,850440,US,Guangdong,CNY,999999999999999999999999999999999999.99,1\n", 3) +
			"W2,2024-02-05,export,9610,850440,US,Guangdong,CNY,402823669209384634633746074317682115.59,1\n",
			[]string{"W1", "W1", "W1", "W2"}, 0, "clickhouse", "Decimal(38,2)"},
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			base := e.url(t)
			for _, tc := range cases {
				if tc.engines != "" && tc.engines != e.name {
					continue
				}
				t.Run(tc.name, func(t *testing.T) {
					content := head + tc.rows
					value := colsFor(e, "numeric(18,2)", "Decimal(18,2)", "decimal(18,2)")
					if tc.value != "" {
						value = tc.value
					}
					cols := strings.Replace(colsFor(e, pgColumns, chColumns, myColumns), "value "+colsFor(e, "numeric(18,2)", "Decimal(18,2)", "decimal(18,2)"), "value "+value, 1)
					table := e.load(t, dbtest.TableName(t), cols, []byte(content))
					p := filepath.Join(t.TempDir(), "d.csv")
					if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
					opt := decl.Options{SkipBad: len(tc.bad)}
					want, err := decl.Aggregate(context.Background(), []string{p}, opt)
					if err != nil {
						t.Fatal(err)
					}
					again := 0
					boundsAgain = func() { again++ }
					defer func() { boundsAgain = nil }()
					got, err := Aggregate(context.Background(), base+"?table="+table, Options{Options: opt})
					if err != nil {
						t.Fatal(err)
					}
					if again != tc.again {
						t.Errorf("the aggregation ran again %d times, want %d", again, tc.again)
					}
					if got.BadCount != int64(len(tc.bad)) || want.BadCount != int64(len(tc.bad)) || len(got.Bad) != len(tc.bad) {
						t.Fatalf("bad records: %d (%v), the file's %d; want %v", got.BadCount, got.Bad, want.BadCount, tc.bad)
					}
					for i, f := range got.Bad {
						if !strings.HasPrefix(f.Message, "declaration "+tc.bad[i]+": ") {
							t.Errorf("bad record %d: %q, want declaration %s", i, f.Message, tc.bad[i])
						}
					}
					if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
						t.Errorf("the CSV differs from the file's\n%s", firstDiff(g, w))
					}
				})
			}
		})
	}
}

// TestListingReadsTheCountsState: the first bad records are listed from
// the state of the table the aggregation counted, on PostgreSQL and on
// MariaDB in one statement and split in parts: a bad record written
// between the two (A0, which would be listed first) is not listed, and
// one deleted meanwhile (B1) still is. When the write falls before a
// second run (two records whose sum reaches the upper bound of value),
// PostgreSQL and one statement still read the first statement's state;
// a split run takes a new snapshot for its second run, and counts and
// lists the write. ClickHouse has no transactions and is not held to
// this (docs/warehouses.md).
func TestListingReadsTheCountsState(t *testing.T) {
	const content = "declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n" +
		"G1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.50,3\n" +
		"B1,2024-01-06,export,9610,850440,US,Guangdong,CNY,-1,1\n" +
		"B2,2024-01-07,export,9610,85X440,US,Guangdong,CNY,1,1\n"
	const huge = "V1,2024-02-01,import,0110,610910,JP,Zhejiang,CNY,600000000000000.00,1\n" +
		"V2,2024-02-02,import,0110,610910,JP,Zhejiang,CNY,600000000000000.00,1\n"
	write := []string{
		"INSERT INTO %s VALUES ('A0', '2024-01-08', 'export', '9610', '850440', 'US', 'Guangdong', 'CNY', -5, 1)",
		"DELETE FROM %s WHERE declaration_id = 'B1'",
	}
	defer func() { beforeList, boundsAgain = nil, nil }()
	exec := map[string]func(t *testing.T, sql string) error{
		"postgres": func(t *testing.T, q string) error {
			_, err := dbtest.Postgres(t).Exec(context.Background(), q)
			return err
		},
		"mariadb": func(t *testing.T, q string) error {
			_, err := dbtest.MySQL(t).Exec(q)
			return err
		},
	}
	for _, tt := range []struct {
		name   string
		url    func(testing.TB) string
		load   func(testing.TB, string, string, []byte)
		cols   string
		param  string
		engine string
		split  bool
	}{
		{"postgres", dbtest.PostgresURL, dbtest.LoadPostgres, pgColumns, "", "postgres", false},
		{"mariadb, one statement", dbtest.MySQLURL, dbtest.LoadMySQL, myColumns, "&parallel=1", "mariadb", false},
		{"mariadb, in parts", dbtest.MySQLURL, dbtest.LoadMySQL, myColumns, "", "mariadb", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.url(t)
			table := dbtest.TableName(t)
			split := false
			splitWith = func([]query) { split = true }
			defer func() { splitWith = nil }()
			for _, sc := range []struct {
				name, rows string
				hook       *func()
				want       string // the ids listed, of the BadCount records
			}{
				{"written before the listing", "", &beforeList, "B1 B2"},
				{"written before a second run", huge, &boundsAgain, map[bool]string{false: "B1 B2", true: "A0 B2"}[tt.split]},
			} {
				for _, dims := range [][]string{nil, {"province"}} {
					tt.load(t, table, tt.cols, []byte(content+sc.rows))
					written := false
					split = false
					beforeList, boundsAgain = nil, nil
					*sc.hook = func() {
						for _, q := range write {
							if err := exec[tt.engine](t, fmt.Sprintf(q, table)); err != nil {
								t.Errorf("%s: %v", q, err)
							}
						}
						written = true
					}
					res, err := Aggregate(context.Background(), base+"?table="+table+tt.param, Options{Options: decl.Options{SkipBad: 10, Dims: dims}})
					if err != nil {
						t.Fatal(err)
					}
					if !written {
						t.Fatalf("%s, dims %v: the records were not written", sc.name, dims)
					}
					if split != tt.split {
						t.Fatalf("%s, dims %v: split in parts %v, want %v", sc.name, dims, split, tt.split)
					}
					var ids []string
					for _, f := range res.Bad {
						id, _, _ := strings.Cut(strings.TrimPrefix(f.Message, "declaration "), ":")
						ids = append(ids, id)
					}
					if res.BadCount != 2 || strings.Join(ids, " ") != sc.want {
						t.Errorf("%s, dims %v: %d bad records, listed %q; want 2: %s", sc.name, dims, res.BadCount, ids, sc.want)
					}
				}
			}
		})
	}
}

// TestPostgresTypes reads other column types and names: an integer value
// in yuan, a timestamp, varchar codes, mapped column names, a schema.
func TestPostgresTypes(t *testing.T) {
	base := dbtest.PostgresURL(t)
	content := []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n" +
		"D1,2024-01-05 23:59:59,export,9610,850440,US,Guangdong,CNY,12,3\n" +
		"D2,2024-02-01 00:00:00,import,0110,610910,JP,Zhejiang,USD,7,1\n")
	fileContent := bytes.ReplaceAll(bytes.ReplaceAll(content, []byte(" 23:59:59"), nil), []byte(" 00:00:00"), nil)
	p := filepath.Join(t.TempDir(), "d.csv")
	if err := os.WriteFile(p, fileContent, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := decl.Aggregate(context.Background(), []string{p}, decl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := dbtest.Postgres(t)
	if _, err := c.Exec(context.Background(), "CREATE SCHEMA IF NOT EXISTS customs"); err != nil {
		t.Fatal(err)
	}
	table := "customs." + dbtest.TableName(t)
	dbtest.LoadPostgres(t, table, "id varchar(20), decl_time timestamp, flow text, trade_mode char(4), hs_code varchar(10), partner text, province text, currency text, amount integer, pieces integer", content)
	got, err := Aggregate(context.Background(), base+"?table="+table+"&columns=declaration_id=id,declared_on=decl_time",
		Options{Columns: map[string]string{"value": "amount"}})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
}

// TestPostgresPlansInParallel: on the 200,000 declarations of the
// benchmarks, which PostgreSQL 15 by itself aggregates on one process (it
// cannot tell how few groups the check and the month make), ceb's session
// gets a plan whose parallel workers read the rows and run the checks,
// for the monthly series and a breakdown.
func TestPostgresPlansInParallel(t *testing.T) {
	base := dbtest.PostgresURL(t)
	table := dbtest.TableName(t)
	_, content := declarations(t, 200000)
	dbtest.LoadPostgres(t, table, pgColumns, content)
	c := dbtest.Postgres(t)
	ctx := context.Background()
	if _, err := c.Exec(ctx, "ANALYZE "+table); err != nil {
		t.Fatal(err)
	}
	explain := func(c *pgx.Conn, q query) string {
		t.Helper()
		var plan string
		if err := c.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+q.sql, q.args...).Scan(&plan); err != nil {
			t.Fatalf("EXPLAIN %s: %v", q.sql, err)
		}
		return plan
	}
	for _, dims := range [][]string{nil, {"province", "hs2"}} {
		name := "monthly"
		if dims != nil {
			name = strings.Join(dims, ",")
		}
		t.Run(name, func(t *testing.T) {
			src, err := Parse(base+"?table="+table, nil)
			if err != nil {
				t.Fatal(err)
			}
			cc, err := connect(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			defer cc.close()
			p, err := newPlan(ctx, cc, src, decl.Options{Dims: dims})
			if err != nil {
				t.Fatal(err)
			}
			q := p.aggregate()
			// The control: a session with ceb's other settings but
			// PostgreSQL's parallel_tuple_cost plans it on one process.
			for _, set := range []string{"SET jit = off", "SET work_mem = '256MB'", "SET enable_sort = " + strconv.FormatBool(dims == nil)} {
				if _, err := c.Exec(ctx, set); err != nil {
					t.Fatal(err)
				}
			}
			if plan := explain(c, q); strings.Contains(plan, `"Parallel Aware": true`) {
				t.Fatalf("without ceb's setting the plan is parallel already, so this table tests nothing: %s", plan)
			}
			cc.prepare(ctx, len(dims) > 0)
			if plan := explain(cc.(*pgConn).c, q); !strings.Contains(plan, `"Parallel Aware": true`) {
				t.Errorf("ceb's session plans the aggregation on one process: %s", plan)
			}
		})
	}
}

// TestRefusedColumns: a FLOAT amount, a text date and a missing column are
// refused before any aggregation, saying why.
func TestRefusedColumns(t *testing.T) {
	base := dbtest.PostgresURL(t)
	head := "declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.5,3\n"
	for _, tc := range []struct {
		name, cols, want string
		columns          map[string]string
	}{
		{"double value", "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value double precision, pieces int",
			"column value is double precision, a binary floating-point type that cannot hold an exact amount", nil},
		{"text date", "declaration_id text, declared_on text, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric, pieces int",
			"column declared_on is text; ceb reads a DATE or TIMESTAMP", nil},
		{"missing column", "declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric, pieces int",
			"the table has no column amount (given for value)", map[string]string{"value": "amount"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table := dbtest.TableName(t)
			dbtest.LoadPostgres(t, table, tc.cols, []byte(head))
			_, err := Aggregate(context.Background(), base+"?table="+table, Options{Columns: tc.columns})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	_, err := Aggregate(context.Background(), base+"?table=no_such_table", Options{})
	if err == nil || !strings.Contains(err.Error(), "no table or view no_such_table") {
		t.Errorf("missing table: %v", err)
	}
}

// TestHostileTableNames: a table name is never a place for SQL, and the
// refusal comes before any connection.
func TestHostileTableNames(t *testing.T) {
	for _, name := range []string{
		"declarations; DROP TABLE declarations",
		"declarations--",
		`decl"arations`,
		"a.b.c",
		"decl`arations",
		"declarations;unescaped",
		"",
	} {
		t.Run(name, func(t *testing.T) {
			u := "postgres://ceb@127.0.0.1:1/ceb?table=" + urlEscape(name)
			if name == "" {
				u = "postgres://ceb@127.0.0.1:1/ceb?table=."
			}
			if name == "declarations;unescaped" {
				u = "postgres://ceb@127.0.0.1:1/ceb?table=declarations;DROP%20TABLE%20declarations"
			}
			_, err := Aggregate(context.Background(), u, Options{})
			if err == nil || !strings.Contains(err.Error(), "table ") || strings.Contains(err.Error(), "cannot connect") {
				t.Errorf("err = %v", err)
			}
		})
	}
	if got := quoteClickHouse("a`b\\c"); got != "`a\\`b\\\\c`" {
		t.Errorf("quoteClickHouse = %s", got)
	}
}

func urlEscape(s string) string {
	r := strings.NewReplacer(" ", "%20", ";", "%3B", `"`, "%22", "`", "%60")
	return r.Replace(s)
}

// TestPasswordNeverShown: a password in the URL or in a parameter is not in
// the source's name nor in a connection error, which says where it tried.
func TestPasswordNeverShown(t *testing.T) {
	for _, u := range []string{
		"postgres://ceb:s3cr3t-pw@127.0.0.1:1/ceb?table=declarations&sslmode=disable",
		"postgres://ceb@127.0.0.1:1/ceb?password=s3cr3t-pw&sslmode=disable",
		"clickhouse://default:s3cr3t-pw@127.0.0.1:1/ceb?table=declarations",
	} {
		src, err := Parse(u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(src.String(), "s3cr3t") {
			t.Errorf("source shown as %s", src)
		}
		_, err = Aggregate(context.Background(), u, Options{})
		if err == nil {
			t.Fatalf("%s: connected to port 1", src)
		}
		msg := err.Error()
		if strings.Contains(msg, "s3cr3t") || !strings.Contains(msg, "cannot connect to 127.0.0.1:1") || !strings.Contains(msg, "check that the server runs") {
			t.Errorf("error: %s", msg)
		}
	}
	if s := redactRaw("postgres://u:pw@h:1/d?x=1%zz"); s != "postgres://u@h:1/d" {
		t.Errorf("redactRaw = %s", s)
	}
}

// TestCancelStopsTheServerQuery: cancelling the context cancels the query
// on the server, not only the client's wait. In-process pgx also sends a
// CancelRequest when it closes a busy connection, so this passes with its
// default context handler too; what needs the explicit one, and Main's
// grace period, is a process that exits at once after Ctrl-C:
// cmd/ceb's TestInterruptCancelsWarehouseQuery (it fails without them).
func TestCancelStopsTheServerQuery(t *testing.T) {
	base := dbtest.PostgresURL(t)
	table := dbtest.TableName(t)
	dbtest.LoadPostgres(t, table, pgColumns, []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.5,3\n"))
	c := dbtest.Postgres(t)
	view := table + "_slow"
	if _, err := c.Exec(context.Background(), "CREATE VIEW "+view+" AS SELECT d.* FROM "+table+" d, LATERAL (SELECT pg_sleep(30)) s"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	seen := make(chan bool, 1)
	go func() {
		_, err := Aggregate(ctx, base+"?table="+view, Options{Progress: func(n int64) {
			if n == 0 {
				go func() { seen <- waitActive(c, true); cancel() }()
			}
		}})
		done <- err
	}()
	err := <-done
	if !<-seen {
		t.Fatal("the query never showed in pg_stat_activity")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !waitActive(c, false) {
		t.Fatal("the query still runs on the server 10 s after the cancellation")
	}
}

// waitActive waits up to 10 s until a query reading the slow view is
// running on the server (active; it sleeps in pg_sleep — the query's text
// is too long for pg_stat_activity to show the view's name) or none is
// (!active), and reports whether it happened.
func waitActive(c *pgx.Conn, active bool) bool {
	for i := 0; i < 100; i++ {
		var n int
		err := c.QueryRow(context.Background(), "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND wait_event = 'PgSleep' AND datname = current_database()").Scan(&n)
		if err == nil && (n > 0) == active {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// TestCancelStopsClickHouseQuery: the same for ClickHouse (a Cancel packet):
// the view crosses the table with 10^11 numbers, which would run for
// minutes.
func TestCancelStopsClickHouseQuery(t *testing.T) {
	base := dbtest.ClickHouseURL(t)
	table := dbtest.TableName(t)
	dbtest.LoadClickHouse(t, table, chColumns, []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.5,3\n"))
	c := dbtest.ClickHouse(t)
	ctx := context.Background()
	view := table + "_slow"
	if err := c.Exec(ctx, "CREATE VIEW "+view+" AS SELECT declaration_id, declared_on, flow, trade_mode, hs_code, partner, province, currency, value, pieces FROM "+table+" CROSS JOIN numbers(100000000000) n"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Exec(context.Background(), "DROP TABLE IF EXISTS "+view) })
	running := func() int {
		var n uint64
		_ = c.QueryRow(ctx, "SELECT count() FROM system.processes WHERE query LIKE ? AND query NOT LIKE '%system.processes%'", "%"+view+"%").Scan(&n)
		return int(n)
	}
	cancelStopsQuery(t, base+"?table="+view, running, "system.processes")
}

// cancelStopsQuery runs Aggregate on url, waits until running (a count of
// the server's statements reading it, from list) sees the query, cancels,
// and wants context.Canceled and the statement gone from the server
// within 5 s.
func cancelStopsQuery(t *testing.T, url string, running func() int, list string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Aggregate(ctx, url, Options{})
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for running() == 0 {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the query never showed in %s: %v", list, <-done)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	for deadline = time.Now().Add(5 * time.Second); running() > 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the query still runs on the server 5 s after the cancellation")
		}
	}
}

// TestLibpqSettings: what the URL leaves out comes from libpq's
// environment and service file, as psql users expect.
func TestLibpqSettings(t *testing.T) {
	base := dbtest.PostgresURL(t)
	table := dbtest.TableName(t)
	_, content := declarations(t, 500)
	dbtest.LoadPostgres(t, table, pgColumns, content)
	want, err := Aggregate(context.Background(), base+"?table="+table, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(int(cfg.Port))
	svc := filepath.Join(t.TempDir(), "pg_service.conf")
	if err := os.WriteFile(svc, []byte("[cebtest]\nhost="+cfg.Host+"\nport="+port+"\nuser="+cfg.User+"\ndbname="+cfg.Database+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, url string
		env       map[string]string
	}{
		{"PGHOST, PGPORT, PGUSER", "postgres:///" + cfg.Database + "?table=" + table, map[string]string{"PGHOST": cfg.Host, "PGPORT": port, "PGUSER": cfg.User}},
		{"service file", "postgres://?service=cebtest&table=" + table, map[string]string{"PGSERVICEFILE": svc}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			got, err := Aggregate(context.Background(), tc.url, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
				t.Error("a different aggregate")
			}
		})
	}
	t.Run("PGPASSWORD", func(t *testing.T) {
		t.Setenv("PGPASSWORD", "env-s3cr3t")
		_, err := Aggregate(context.Background(), "postgres://ceb@127.0.0.1:1/ceb", Options{})
		if err == nil || strings.Contains(err.Error(), "env-s3cr3t") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestClickHouseTypes reads other ClickHouse types: an Int64 value in yuan,
// a DateTime, Nullable codes (NULL partner is the empty partner of a file)
// and a mapped column, against the file of the same records.
func TestClickHouseTypes(t *testing.T) {
	base := dbtest.ClickHouseURL(t)
	content := []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n" +
		"D1,2024-01-05 23:59:59,export,9610,850440,US,Guangdong,CNY,12,3\n" +
		"D2,2024-02-01 00:00:00,import,0110,610910,\\N,Zhejiang,USD,7,1\n" +
		"D3,2024-02-11 08:00:00,E,1210,330499,JP,Zhejiang,RMB,0,0\n")
	fileContent := strings.NewReplacer(" 23:59:59", "", " 00:00:00", "", " 08:00:00", "", `\N`, "").Replace(string(content))
	p := filepath.Join(t.TempDir(), "d.csv")
	if err := os.WriteFile(p, []byte(fileContent), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dims := range [][]string{nil, {"partner", "trade_mode"}} {
		want, err := decl.Aggregate(context.Background(), []string{p}, decl.Options{Dims: dims})
		if err != nil {
			t.Fatal(err)
		}
		table := dbtest.TableName(t)
		dbtest.LoadClickHouse(t, table, "declaration_id String, declared_on DateTime, flow String, trade_mode String, hs_code String, partner Nullable(String), province String, currency String, amount Int64, pieces UInt32", content)
		got, err := Aggregate(context.Background(), base+"?table="+table, Options{Options: decl.Options{Dims: dims}, Columns: map[string]string{"value": "amount"}})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
			t.Errorf("dims %v: got\n%s\nwant\n%s", dims, g, w)
		}
	}
}

// An invalid option is refused before the warehouse is connected to: the
// error is the option's, not the unreachable server's.
func TestOptionsBeforeConnecting(t *testing.T) {
	for _, opt := range []decl.Options{{By: "week"}, {Dims: []string{"city"}}, {CBECModes: []string{"96"}}, {SkipBad: -1}} {
		_, err := Aggregate(context.Background(), "postgres://u@127.0.0.1:1/db?table=t", Options{Options: opt})
		var oe *data.OptionError
		if !errors.As(err, &oe) {
			t.Errorf("%+v: %v, want an OptionError", opt, err)
		}
	}
}
