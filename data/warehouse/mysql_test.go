package warehouse

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/internal/dbtest"
)

// TestMySQLCodesAsBytes: MariaDB's default collation would group 'cny'
// with 'CNY' and 'Zhejiang ' with 'Zhejiang'; the file keeps them apart,
// and so must the pushdown. Sums of DECIMAL(38,2) beyond float64's 2^53
// fen stay exact.
func TestMySQLCodesAsBytes(t *testing.T) {
	base := dbtest.MySQLURL(t)
	content := "declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n" +
		"D1,2024-01-05,export,9610,850440,US,Zhejiang,CNY,90071992547409.93,3\n" +
		"D2,2024-01-06,export,9610,850440,US,Zhejiang ,CNY,0.01,1\n" +
		"D3,2024-01-07,export,9610,850440,US,Zhejiang,cny,1.00,1\n" +
		"D4,2024-01-08,EXPORT,9610,850440,US,Zhejiang,CNY,1.00,1\n" +
		"D5,2024-01-09,export,9610,850440,US,Zhejiang,CNY,90071992547409.93,2\n"
	p := filepath.Join(t.TempDir(), "d.csv")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := decl.Options{Dims: []string{"province"}, SkipBad: 5}
	want, err := decl.Aggregate(context.Background(), []string{p}, opt)
	if err != nil {
		t.Fatal(err)
	}
	table := dbtest.TableName(t)
	dbtest.LoadMySQL(t, table, "declaration_id varchar(20), declared_on date, flow varchar(10), trade_mode varchar(4), hs_code varchar(10), partner varchar(64), province varchar(64), currency varchar(3), value decimal(38,2), pieces int", []byte(content))
	got, err := Aggregate(context.Background(), base+"?table="+table, Options{Options: opt})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
	if !bytes.Contains(csvOf(t, got), []byte("180143985094819.86")) {
		t.Errorf("the sum is not exact:\n%s", csvOf(t, got))
	}
	if got.BadCount != 2 || len(got.Bad) != 2 || got.Bad[0].Message != "declaration D3: "+want.Bad[0].Message {
		t.Errorf("bad %d %v; file %v", got.BadCount, got.Bad, want.Bad)
	}
}

// TestMySQLRefusesFloat: a FLOAT or DOUBLE value cannot hold an amount.
func TestMySQLRefusesFloat(t *testing.T) {
	base := dbtest.MySQLURL(t)
	for _, typ := range []string{"float", "double"} {
		table := dbtest.TableName(t) + "_" + typ
		dbtest.LoadMySQL(t, table, "declaration_id varchar(20), declared_on date, flow varchar(10), trade_mode varchar(4), hs_code varchar(10), partner varchar(64), province varchar(64), currency varchar(3), value "+typ+", pieces int",
			[]byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Zhejiang,CNY,12.5,3\n"))
		_, err := Aggregate(context.Background(), base+"?table="+table, Options{})
		if err == nil || !strings.Contains(err.Error(), "column value is "+typ+", a binary floating-point type") {
			t.Errorf("%s: err = %v", typ, err)
		}
	}
}

// TestMySQLPassword: the password may come from the URL, MYSQL_PWD or the
// [client] group of ~/.my.cnf, as for the mysql client; it is never in an
// error or in what is shown of the URL.
func TestMySQLPassword(t *testing.T) {
	base := dbtest.MySQLURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	noPW := "mysql://" + u.User.Username() + "@" + u.Host + u.Path
	table := dbtest.TableName(t)
	_, content := declarations(t, 200)
	dbtest.LoadMySQL(t, table, myColumns, content)
	want, err := Aggregate(context.Background(), base+"?table="+table, Options{})
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("MYSQL_PWD", "")

	// No password anywhere: refused, and the error says so without one.
	_, err = Aggregate(context.Background(), noPW+"?table="+table, Options{})
	if err == nil || !strings.Contains(err.Error(), "refused the connection") || strings.Contains(err.Error(), pw) {
		t.Errorf("no password: %v", err)
	}
	t.Run("MYSQL_PWD", func(t *testing.T) {
		t.Setenv("MYSQL_PWD", pw)
		got, err := Aggregate(context.Background(), noPW+"?table="+table, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
			t.Error("a different aggregate")
		}
		// A table that is not there: the error names the URL, not the password.
		_, err = Aggregate(context.Background(), noPW+"?table=no_such_table", Options{})
		if err == nil || strings.Contains(err.Error(), pw) || !strings.Contains(err.Error(), "no table or view no_such_table") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("my.cnf", func(t *testing.T) {
		t.Setenv("MYSQL_PWD", "wrong-env-password")
		cnf := "[mysql]\npassword=not-this-one\n\n[client]\n# the client's\npassword = \"" + pw + "\"\n"
		if err := os.WriteFile(filepath.Join(home, ".my.cnf"), []byte(cnf), 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(filepath.Join(home, ".my.cnf"))
		got, err := Aggregate(context.Background(), noPW+"?table="+table, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
			t.Error("a different aggregate")
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		t.Setenv("MYSQL_PWD", "s3cr3t-wrong")
		_, err := Aggregate(context.Background(), noPW+"?table="+table, Options{})
		if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "Access denied") {
			t.Errorf("err = %v", err)
		}
		_, err = Aggregate(context.Background(), "mysql://ceb:s3cr3t-url@"+u.Host+u.Path+"?table="+table, Options{})
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestMySQLBeforeConnecting: hostile table names are refused, and a
// password in the URL is not shown, before any connection (port 1 has no
// server).
func TestMySQLBeforeConnecting(t *testing.T) {
	for _, name := range []string{"declarations; DROP TABLE declarations", "decl`arations", "a.b.c", "declarations--", "x'y"} {
		_, err := Aggregate(context.Background(), "mysql://u:pw-s3cr3t@127.0.0.1:1/db?table="+url.QueryEscape(name), Options{})
		if err == nil || !strings.Contains(err.Error(), "table ") || strings.Contains(err.Error(), "cannot connect") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%q: %v", name, err)
		}
	}
	_, err := Aggregate(context.Background(), "mysql://u:pw-s3cr3t@127.0.0.1:1/db?table=t", Options{})
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "cannot connect to 127.0.0.1:1") {
		t.Errorf("err = %v", err)
	}
	if got := quoteMySQL("a`b"); got != "`a``b`" {
		t.Errorf("quoteMySQL = %s", got)
	}
}

// TestMySQLCancel: cancelling stops the statement on the server (KILL
// QUERY from a second connection), not only the client's wait.
func TestMySQLCancel(t *testing.T) {
	base := dbtest.MySQLURL(t)
	table := dbtest.TableName(t)
	dbtest.LoadMySQL(t, table, myColumns, []byte("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\nD1,2024-01-05,export,9610,850440,US,Guangdong,CNY,12.5,3\n"))
	db := dbtest.MySQL(t)
	view := table + "_slow"
	if _, err := db.Exec("CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM " + table + " WHERE SLEEP(60) = 0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.Exec("DROP VIEW IF EXISTS " + view) })
	running := func() int {
		var n int
		_ = db.QueryRow("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%GROUP BY%' AND INFO LIKE ?", "%"+view+"%").Scan(&n)
		return n
	}
	cancelStopsQuery(t, base+"?table="+view, running, "the process list")
}

func TestOptionFilePassword(t *testing.T) {
	p := filepath.Join(t.TempDir(), "my.cnf")
	for _, tc := range []struct{ text, want string }{
		{"[client]\npassword=abc\n", "abc"},
		{"[client]\npassword = 'a b'\n", "a b"},
		{"[mysql]\npassword=x\n[client]\nuser=u\n", ""},
		{"[Client]\n; comment\npassword=\"q#1\"\n", "q#1"},
	} {
		if err := os.WriteFile(p, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, _ := optionFilePassword(p); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestMySQLSplit: on MariaDB the aggregation runs in parts (parallel=N,
// default 2), each on a connection of its own, and all parts read one
// snapshot: a row committed after the snapshots opened is in no part, and
// the output is the file's byte for byte whatever N is. A table the parts
// cannot lock (a writer's open transaction holds it) or a view is read by
// one query, as is parallel=1.
func TestMySQLSplit(t *testing.T) {
	path, content := declarations(t, 5000)
	opt := decl.Options{Dims: []string{"province", "hs2"}}
	want, err := decl.Aggregate(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	monthly, err := decl.Aggregate(context.Background(), []string{path}, decl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db := dbtest.MySQL(t)
	// A table with a primary key is split in ranges of it, one without by
	// a hash of declaration_id.
	for _, layout := range []struct{ name, alter string }{
		{"no key", ""},
		{"primary key", "ALTER TABLE %s ADD PRIMARY KEY (declaration_id)"},
	} {
		// The monthly series of a keyed table is split in ranges of the
		// key; the rest by a hash.
		var wheres []query
		splitWith = func(w []query) { wheres = w }
		t.Cleanup(func() { splitWith = nil })
		t.Run(layout.name, func(t *testing.T) {
			table := loadKeyed(t, db, content, layout.alter)
			testMySQLSplit(t, db, table, want, monthly, func(t *testing.T, n int, dims bool) {
				t.Helper()
				byKey := len(wheres) == n && strings.HasPrefix(wheres[0].sql, "`declaration_id` < ?")
				if byKey != (layout.alter != "" && !dims) {
					t.Errorf("%d parts, dims %v: split by %v", n, dims, wheres)
				}
			})
		})
	}
}

// testMySQLSplit runs the split aggregation of the table in several ways;
// want is the file's with --dims province,hs2 (split by group), monthly
// its monthly series (split by key ranges, or by a hash without a key).
// split checks the conditions of the last split aggregation.
func testMySQLSplit(t *testing.T, db *sql.DB, table string, want, monthly *decl.Result, split func(t *testing.T, n int, dims bool)) {
	base := dbtest.MySQLURL(t)
	opt := decl.Options{Dims: []string{"province", "hs2"}}
	// Later in the file's last month, so that the totals move if counted.
	const late = "INSERT INTO %s VALUES ('ZZ%d', '2025-12-30', 'export', '9610', '850440', 'US', 'Zhejiang', 'CNY', 1000.00, 1)"
	snapshots := 0
	afterSnapshots = func() {
		snapshots++
		if _, err := db.Exec(fmt.Sprintf(late, table, snapshots)); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(func() { afterSnapshots = nil })
	run := func(t *testing.T, url string) *decl.Result {
		t.Helper()
		got, err := Aggregate(context.Background(), url, Options{Options: opt})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, n := range []int{2, 3, 5} {
		t.Run(fmt.Sprintf("parallel=%d", n), func(t *testing.T) {
			before := snapshots
			q := "?table=" + table
			if n != 2 {
				q += fmt.Sprintf("&parallel=%d", n)
			}
			got := run(t, base+q)
			if snapshots != before+1 {
				t.Fatalf("the aggregation was not split (%d snapshots)", snapshots-before)
			}
			if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
				t.Errorf("split in %d: the CSV differs from the file's\n%s", n, firstDiff(g, w))
			}
			split(t, n, true)
			if _, err := db.Exec("DELETE FROM " + table + " WHERE declaration_id LIKE 'ZZ%'"); err != nil {
				t.Fatal(err)
			}
			got, err := Aggregate(context.Background(), base+q, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if snapshots != before+2 {
				t.Fatalf("the monthly aggregation was not split (%d snapshots)", snapshots-before-1)
			}
			if g, w := csvOf(t, got), csvOf(t, monthly); !bytes.Equal(g, w) {
				t.Errorf("monthly, split in %d: the CSV differs from the file's\n%s", n, firstDiff(g, w))
			}
			split(t, n, false)
			if _, err := db.Exec("DELETE FROM " + table + " WHERE declaration_id LIKE 'ZZ%'"); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("a group's sum over a bound", func(t *testing.T) {
		// The first try's parts stop at the group, and the aggregation runs
		// again with the bounds per row, split again.
		saved := afterSnapshots
		splits, again := 0, 0
		afterSnapshots = func() { splits++ }
		boundsAgain = func() { again++ }
		defer func() { afterSnapshots, boundsAgain = saved, nil }()
		if _, err := db.Exec("INSERT INTO " + table + " VALUES ('ZZbig', '2024-05-01', 'export', '9610', '850440', 'US', 'Zhejiang', 'CNY', 1.00, 1000000000000)"); err != nil {
			t.Fatal(err)
		}
		defer func() { _, _ = db.Exec("DELETE FROM " + table + " WHERE declaration_id LIKE 'ZZ%'") }()
		for _, w := range []struct {
			dims []string
			want *decl.Result
		}{{opt.Dims, want}, {nil, monthly}} {
			splits, again = 0, 0
			got, err := Aggregate(context.Background(), base+"?table="+table, Options{Options: decl.Options{Dims: w.dims, SkipBad: 1}})
			if err != nil {
				t.Fatal(err)
			}
			if splits != 2 || again != 1 {
				t.Errorf("dims %v: %d split aggregations, %d run again; want 2 and 1", w.dims, splits, again)
			}
			if got.BadCount != 1 || len(got.Bad) != 1 || !strings.Contains(got.Bad[0].Message, "ZZbig") {
				t.Errorf("dims %v: bad records %d, %v; want ZZbig only", w.dims, got.BadCount, got.Bad)
			}
			if g, w := csvOf(t, got), csvOf(t, w.want); !bytes.Equal(g, w) {
				t.Errorf("the CSV differs from the file's\n%s", firstDiff(g, w))
			}
		}
	})
	t.Run("a table rebuilt meanwhile", func(t *testing.T) {
		// An ALTER that comes once the snapshots are open waits for the
		// parts (here it gives up after a second), where before it got in
		// and the parts failed with "table definition has changed".
		saved := afterSnapshots
		var alter error
		afterSnapshots = func() {
			c, err := db.Conn(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			if _, err := c.ExecContext(context.Background(), "SET SESSION lock_wait_timeout = 1"); err != nil {
				t.Error(err)
				return
			}
			_, alter = c.ExecContext(context.Background(), "ALTER TABLE "+table+" FORCE")
		}
		defer func() { afterSnapshots = saved }()
		got := run(t, base+"?table="+table)
		var me *mysql.MySQLError
		if !errors.As(alter, &me) || me.Number != 1205 {
			t.Errorf("the ALTER during the parts: %v, want a lock wait timeout (1205)", alter)
		}
		if g, w := csvOf(t, got), csvOf(t, want); !bytes.Equal(g, w) {
			t.Errorf("the CSV differs from the file's\n%s", firstDiff(g, w))
		}
	})
	t.Run("parallel=1", func(t *testing.T) {
		before := snapshots
		got := run(t, base+"?table="+table+"&parallel=1")
		if snapshots != before || !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
			t.Errorf("parallel=1: %d snapshots, same CSV %v", snapshots-before, bytes.Equal(csvOf(t, got), csvOf(t, want)))
		}
	})
	t.Run("a writer holds the table", func(t *testing.T) {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.Exec(fmt.Sprintf(late, table, 99)); err != nil {
			t.Fatal(err)
		}
		before := snapshots
		got := run(t, base+"?table="+table)
		if snapshots != before {
			t.Errorf("split while a write was open (%d snapshots)", snapshots-before)
		}
		if !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
			t.Errorf("the CSV differs from the file's: the open write was read?")
		}
	})
	t.Run("a view", func(t *testing.T) {
		view := table + "_v"
		if _, err := db.Exec("CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM " + table); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = db.Exec("DROP VIEW IF EXISTS " + view) })
		before := snapshots
		got := run(t, base+"?table="+view)
		if snapshots != before || !bytes.Equal(csvOf(t, got), csvOf(t, want)) {
			t.Errorf("view: %d snapshots, same CSV %v", snapshots-before, bytes.Equal(csvOf(t, got), csvOf(t, want)))
		}
	})
	t.Run("cancelled while the parts run", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		before := snapshots
		afterSnapshots = func() { snapshots++; cancel() }
		defer func() { afterSnapshots = nil }()
		_, err := Aggregate(ctx, base+"?table="+table, Options{Options: opt})
		if snapshots != before+1 || !errors.Is(err, context.Canceled) {
			t.Errorf("%d snapshots, err = %v; want one, and the cancellation", snapshots-before, err)
		}
	})
	for _, bad := range []string{"0", "17", "two", ""} {
		_, err := Aggregate(context.Background(), base+"?table="+table+"&parallel="+bad, Options{Options: opt})
		if err == nil || !strings.Contains(err.Error(), "parallel="+bad+": give the number of connections") || strings.Contains(err.Error(), "ceb-test-pw") {
			t.Errorf("parallel=%s: err = %v", bad, err)
		}
	}
}

// TestMySQLKeyRanges: the ranges of a table's primary key take every row
// once, about as many each, and each is read as a range of the index (not
// the whole table), whatever the key's type and collation.
func TestMySQLKeyRanges(t *testing.T) {
	base := dbtest.MySQLURL(t)
	_, content := declarations(t, 5000)
	db := dbtest.MySQL(t)
	for _, tc := range []struct{ name, alter, key string }{
		{"text", "ALTER TABLE %s ADD PRIMARY KEY (declaration_id)", "declaration_id"},
		{"numbers", "ALTER TABLE %s ADD COLUMN id BIGINT AUTO_INCREMENT PRIMARY KEY", "id"},
		// A date first: many rows share each value.
		{"two columns, utf8mb4", "ALTER TABLE %s CONVERT TO CHARACTER SET utf8mb4, ADD PRIMARY KEY (declared_on, declaration_id)", "declared_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table := loadKeyed(t, db, content, tc.alter, "ANALYZE TABLE %s")
			var all int
			if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&all); err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{2, 3, 5} {
				m, src := myConnTo(t, fmt.Sprintf("%s?table=%s&parallel=%d", base, table, n))
				rows, ok := m.innoDB(context.Background(), src.Table)
				if !ok {
					t.Fatal("not taken for an InnoDB table")
				}
				ranges, err := m.keyRanges(context.Background(), src.Table, rows)
				if err != nil {
					t.Fatal(err)
				}
				if len(ranges) != n {
					t.Fatalf("%d parts: %d ranges %v", n, len(ranges), ranges)
				}
				// No estimate yet: a hash split rather than one part with
				// every row.
				if none, err := m.keyRanges(context.Background(), src.Table, 0); none != nil || err != nil {
					t.Errorf("no estimate of the rows: ranges %v, err %v; want none", none, err)
				}
				total := 0
				for _, r := range ranges {
					if !strings.HasPrefix(r.sql, "`"+tc.key+"` ") {
						t.Errorf("%d parts: range %q is not of the key %s", n, r.sql, tc.key)
					}
					var count int
					if err := m.c.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table+" WHERE "+r.sql, r.args...).Scan(&count); err != nil {
						t.Fatal(err)
					}
					// Even within a factor of two (the date key is coarser).
					if count < all/n/2 || count > all/n*2 {
						t.Errorf("%d parts: %q %v holds %d rows of %d", n, r.sql, r.args, count, all)
					}
					total += count
					plan := explain(t, m, "SELECT SUM(value) FROM "+table+" WHERE "+r.sql, r.args)
					if plan["type"] != "range" || plan["key"] != "PRIMARY" {
						t.Errorf("%d parts: %q is read by %s on %s, want a range of PRIMARY", n, r.sql, plan["type"], plan["key"])
					}
				}
				if total != all {
					t.Errorf("%d parts: the ranges hold %d rows, want each of the %d once", n, total, all)
				}
			}
		})
	}
	// Keys whose order is not their comparison's are split by a hash: an
	// ENUM sorts by its place in the list and compares as text, so
	// ranges read off its order would take some rows twice.
	for _, tc := range []struct{ name, alter string }{
		{"no primary key", ""},
		{"an ENUM first", "ALTER TABLE %s MODIFY flow ENUM('import', 'export', 'E', 'I') NOT NULL, ADD PRIMARY KEY (flow, declaration_id)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table := loadKeyed(t, db, content, tc.alter)
			m, src := myConnTo(t, base+"?table="+table+"&parallel=3")
			if ranges, err := m.keyRanges(context.Background(), src.Table, 5000); ranges != nil || err != nil {
				t.Errorf("ranges %v, err %v; want none (a hash split)", ranges, err)
			}
		})
	}
	// Bounds out of order (as a write between their reads could make
	// them) still take every row once.
	t.Run("bounds out of order", func(t *testing.T) {
		table := loadKeyed(t, db, content)
		var all int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&all); err != nil {
			t.Fatal(err)
		}
		for _, bounds := range [][]any{{"D3", "D1", "D2"}, {"D2", "D2"}, {"ZZ", "A"}} {
			total := 0
			for _, r := range keyRangeConditions("`declaration_id`", bounds) {
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM "+table+" WHERE "+r.sql, r.args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				total += n
			}
			if total != all {
				t.Errorf("bounds %v: the ranges hold %d rows, want each of the %d once", bounds, total, all)
			}
		}
	})
}

// loadKeyed loads the CSV into a table of myColumns named for the test,
// runs each statement that is not empty on it (%s: the table's name), and
// returns the name.
func loadKeyed(t *testing.T, db *sql.DB, csv []byte, statements ...string) string {
	t.Helper()
	table := dbtest.TableName(t)
	dbtest.LoadMySQL(t, table, myColumns, csv)
	for _, q := range statements {
		if q == "" {
			continue
		}
		if _, err := db.Exec(fmt.Sprintf(q, table)); err != nil {
			t.Fatal(err)
		}
	}
	return table
}

// myConnTo connects to a mysql:// URL as Aggregate does; the connection
// closes with the test.
func myConnTo(t *testing.T, url string) (*myConn, *Source) {
	t.Helper()
	src, err := Parse(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := connectMySQL(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	return c.(*myConn), src
}

// explain returns the first row of EXPLAIN for q by column name (MariaDB
// and MySQL have different columns).
func explain(t *testing.T, m *myConn, q string, args []any) map[string]string {
	t.Helper()
	rows, err := m.c.QueryContext(context.Background(), "EXPLAIN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil || !rows.Next() {
		t.Fatalf("EXPLAIN %s: no plan (%v)", q, err)
	}
	vals := make([]sql.NullString, len(names))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := rows.Scan(dest...); err != nil {
		t.Fatal(err)
	}
	plan := map[string]string{}
	for i, n := range names {
		plan[n] = vals[i].String
	}
	return plan
}

func TestOneThreadPerQuery(t *testing.T) {
	for _, tc := range []struct {
		version, comment string
		want             bool
	}{
		{"10.11.19-MariaDB-0+deb12u1", "Debian 12", true},
		{"8.0.36", "MySQL Community Server - GPL", true},
		{"8.0.35-27", "Percona Server (GPL), Release 27", true},
		{"8.0.11-TiDB-v7.5.1", "TiDB Server (Apache License 2.0) Community Edition, MySQL 8.0 compatible", false},
		{"5.7.99", "Doris version doris-2.1.2-rc04", false},
		{"8.0.33", "StarRocks version 3.3.2", false},
		{"5.7.25-OceanBase-v4.2.1.0", "OceanBase 4.2.1.0 (r100000) (Built Oct 2023)", false},
	} {
		if got := oneThreadPerQuery(tc.version, tc.comment); got != tc.want {
			t.Errorf("%s (%s): %v, want %v", tc.version, tc.comment, got, tc.want)
		}
	}
}

// TestMySQLPartsTakeEveryRow checks the hash and group splits on rows
// with NULLs and empty text where the hash looks (declaration_id, the
// date, the first dimension): every row must be in exactly one part, for
// any number of parts.
func TestMySQLPartsTakeEveryRow(t *testing.T) {
	db := dbtest.MySQL(t)
	_, content := declarations(t, 300)
	content = append(content, []byte(`\N,2024-01-05,export,9610,850440,US,Guangdong,CNY,1.00,1
\N,\N,export,9610,850440,\N,\N,CNY,1.00,1
D4,2024-02-05,import,1210,\N,JP,,USD,2.00,1
,2024-03-01,export,9610,85,,Zhejiang,CNY,3.00,2
D6,\N,import,0110,8504400000,\N,\N,CNY,1,1
`)...)
	table := loadKeyed(t, db, content)
	c, src := myConnTo(t, dbtest.MySQLURL(t)+"?table="+table)
	var total int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&total); err != nil || total != 308 {
		t.Fatalf("%d rows loaded (%v), want 308", total, err)
	}
	for _, dims := range [][]string{nil, {"province"}, {"partner", "hs2"}, {"hs4", "province"}} {
		p, err := newPlan(context.Background(), c, src, decl.Options{Dims: dims})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{2, 3, 5} {
			for name, qs := range map[string][]query{"hash": p.hashParts(n), "group": p.groupParts(n)} {
				var in []string
				for _, q := range qs {
					in = append(in, "COALESCE(("+q.sql+"), 0)")
				}
				var wrong int
				if err := db.QueryRow("SELECT COUNT(*) FROM " + table + " WHERE " + strings.Join(in, " + ") + " <> 1").Scan(&wrong); err != nil {
					t.Fatal(err)
				}
				if wrong != 0 {
					t.Errorf("dims %v, %s split in %d: %d of %d rows in no part or in several", dims, name, n, wrong, total)
				}
			}
		}
	}
}
