// Package dbtest gives tests a real PostgreSQL and ClickHouse: the URLs of
// the servers .ci/warehouses.sh starts (CEB_PG_URL, CEB_CLICKHOUSE_URL), and
// tables loaded from declaration CSV. Without a server a test skips with a
// message saying how to start one, except under CEB_REQUIRE_DB=1 (CI),
// where it fails.
package dbtest

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/jackc/pgx/v5"
)

const howTo = "start private servers with: eval \"$(.ci/warehouses.sh start)\" (needs Debian's postgresql and clickhouse-server)"

func url(t testing.TB, env, what string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CEB_REQUIRE_DB") == "1" {
			t.Fatalf("%s is not set and CEB_REQUIRE_DB=1: no %s to test against; %s", env, what, howTo)
		}
		t.Skipf("no %s (%s not set); %s", what, env, howTo)
	}
	return u
}

// PostgresURL is the test PostgreSQL's URL, without a table.
func PostgresURL(t testing.TB) string { return url(t, "CEB_PG_URL", "PostgreSQL server") }

// ClickHouseURL is the test ClickHouse's URL, without a table.
func ClickHouseURL(t testing.TB) string { return url(t, "CEB_CLICKHOUSE_URL", "ClickHouse server") }

// TableName is a table name of the test's own, safe in SQL.
func TableName(t testing.TB) string {
	return "t_" + strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(t.Name(), "_"))
}

// Postgres connects to the test server; the connection closes with the test.
func Postgres(t testing.TB) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), PostgresURL(t))
	if err != nil {
		t.Fatalf("connecting to the test PostgreSQL: %v; %s", err, howTo)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// LoadPostgres creates table with the columns given (SQL, such as
// "declaration_id text, declared_on date, …"), copies the CSV (with a
// header) into it, and drops it when the test ends.
func LoadPostgres(t testing.TB, table, columns string, csv []byte) {
	t.Helper()
	c := Postgres(t)
	ctx := context.Background()
	exec := func(sql string) {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("DROP TABLE IF EXISTS " + table)
	exec("CREATE TABLE " + table + " (" + columns + ")")
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), PostgresURL(t))
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP TABLE IF EXISTS "+table+" CASCADE")
			c.Close(context.Background())
		}
	})
	if _, err := c.PgConn().CopyFrom(ctx, bytes.NewReader(csv), "COPY "+table+" FROM STDIN (FORMAT csv, HEADER true)"); err != nil {
		t.Fatalf("loading %s: %v", table, err)
	}
}

// ClickHouse connects to the test server.
func ClickHouse(t testing.TB) clickhouse.Conn {
	t.Helper()
	opt, err := clickhouse.ParseDSN(ClickHouseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	opt.DialTimeout = 10 * time.Second
	c, err := clickhouse.Open(opt)
	if err == nil {
		err = c.Ping(context.Background())
	}
	if err != nil {
		t.Fatalf("connecting to the test ClickHouse: %v; %s", err, howTo)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// LoadClickHouse creates table (ClickHouse column types, engine
// MergeTree ordered by nothing) and inserts the CSV, header included.
func LoadClickHouse(t testing.TB, table, columns string, csv []byte) {
	t.Helper()
	c := ClickHouse(t)
	ctx := context.Background()
	run := func(sql string) {
		if err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%.200s: %v", sql, err)
		}
	}
	run("DROP TABLE IF EXISTS " + table)
	run("CREATE TABLE " + table + " (" + columns + ") ENGINE = Log")
	t.Cleanup(func() {
		if c, err := clickhouse.Open(mustDSN(t)); err == nil {
			_ = c.Exec(context.Background(), "DROP TABLE IF EXISTS "+table)
			c.Close()
		}
	})
	// As a user loads a CSV: clickhouse-client … FORMAT CSVWithNames. (The
	// native protocol does not take inline data after FORMAT; the driver's
	// batches would need typed values.)
	opt := mustDSN(t)
	host, port, _ := net.SplitHostPort(opt.Addr[0])
	cmd := exec.Command("clickhouse-client", "--host", host, "--port", port, "--user", opt.Auth.Username,
		"--database", opt.Auth.Database, "--query", "INSERT INTO "+table+" FORMAT CSVWithNames")
	if opt.Auth.Password != "" {
		cmd.Args = append(cmd.Args, "--password", opt.Auth.Password)
	}
	cmd.Stdin = bytes.NewReader(csv)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("loading %s with clickhouse-client: %v\n%s", table, err, out)
	}
}

func mustDSN(t testing.TB) *clickhouse.Options {
	opt, err := clickhouse.ParseDSN(ClickHouseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return opt
}
