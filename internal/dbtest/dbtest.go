// Package dbtest gives tests a real PostgreSQL, ClickHouse (one server, and
// a cluster of two shards) and MariaDB: the URLs of the servers
// .ci/warehouses.sh starts (CEB_PG_URL, CEB_CLICKHOUSE_URL,
// CEB_CLICKHOUSE_SHARD2_URL, CEB_MYSQL_URL), and tables loaded from
// declaration CSV. Without a server a test skips with a message saying how
// to start one, except under CEB_REQUIRE_DB=1 or CI=true, where it fails.
package dbtest

import (
	"bytes"
	"context"
	"database/sql"
	"net"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

const howTo = "start private servers with: eval \"$(.ci/warehouses.sh start)\" (needs Debian's postgresql, clickhouse-server and mariadb-server)"

func url(t testing.TB, env, what string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CEB_REQUIRE_DB") == "1" || os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set and CEB_REQUIRE_DB=1 or CI=true: no %s to test against; %s", env, what, howTo)
		}
		t.Skipf("no %s (%s not set); %s", what, env, howTo)
	}
	return u
}

// PostgresURL is the test PostgreSQL's URL, without a table.
func PostgresURL(t testing.TB) string { return url(t, "CEB_PG_URL", "PostgreSQL server") }

// ClickHouseURL is the test ClickHouse's URL, without a table.
func ClickHouseURL(t testing.TB) string { return url(t, "CEB_CLICKHOUSE_URL", "ClickHouse server") }

// MySQLURL is the test MariaDB's URL (with its password), without a table.
func MySQLURL(t testing.TB) string { return url(t, "CEB_MYSQL_URL", "MariaDB server") }

// ClickHouseShard2URL is the second server of the test ClickHouse cluster
// (the first is ClickHouseURL's).
func ClickHouseShard2URL(t testing.TB) string {
	return url(t, "CEB_CLICKHOUSE_SHARD2_URL", "second ClickHouse server (shard 2 of the test cluster)")
}

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
	loadClickHouse(t, ClickHouseURL(t), table, columns, csv)
}

func loadClickHouse(t testing.TB, u, table, columns string, csv []byte) {
	t.Helper()
	opt := mustDSN(t, u)
	opt.DialTimeout = 10 * time.Second
	c, err := clickhouse.Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	run := func(sql string) {
		if err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%.200s: %v", sql, err)
		}
	}
	run("DROP TABLE IF EXISTS " + table)
	run("CREATE TABLE " + table + " (" + columns + ") ENGINE = Log")
	t.Cleanup(func() {
		if c, err := clickhouse.Open(mustDSN(t, u)); err == nil {
			_ = c.Exec(context.Background(), "DROP TABLE IF EXISTS "+table)
			c.Close()
		}
	})
	// As a user loads a CSV: clickhouse-client … FORMAT CSVWithNames. (The
	// native protocol does not take inline data after FORMAT; the driver's
	// batches would need typed values.)
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

// LoadClickHouseCluster loads the CSV into the test cluster: a table of
// the same name on both servers (the shards), odd records on the first and
// even ones on the second, and table+"_all", a Distributed table over both,
// on the first. It returns the Distributed table's name.
func LoadClickHouseCluster(t testing.TB, table, columns string, csv []byte) string {
	t.Helper()
	second := ClickHouseShard2URL(t)
	cluster := os.Getenv("CEB_CLICKHOUSE_CLUSTER")
	if cluster == "" {
		cluster = "ceb_cluster"
	}
	lines := bytes.SplitAfter(csv, []byte("\n"))
	halves := [2][]byte{append([]byte{}, lines[0]...), append([]byte{}, lines[0]...)}
	for i, l := range lines[1:] {
		halves[i%2] = append(halves[i%2], l...)
	}
	loadClickHouse(t, ClickHouseURL(t), table, columns, halves[0])
	loadClickHouse(t, second, table, columns, halves[1])
	all := table + "_all"
	c := ClickHouse(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "DROP TABLE IF EXISTS "+all); err != nil {
		t.Fatal(err)
	}
	if err := c.Exec(ctx, "CREATE TABLE "+all+" AS "+table+" ENGINE = Distributed("+cluster+", currentDatabase(), "+table+")"); err != nil {
		t.Fatalf("creating the Distributed table: %v", err)
	}
	t.Cleanup(func() {
		if c, err := clickhouse.Open(mustDSN(t, ClickHouseURL(t))); err == nil {
			_ = c.Exec(context.Background(), "DROP TABLE IF EXISTS "+all)
			c.Close()
		}
	})
	return all
}

// MySQL connects to the test MariaDB; the connection closes with the test.
func MySQL(t testing.TB) *sql.DB {
	t.Helper()
	u, err := neturl.Parse(MySQLURL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := mysql.NewConfig()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", u.Host, strings.TrimPrefix(u.Path, "/")
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.AllowAllFiles = true
	cfg.Logger = &mysql.NopLogger{}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(conn)
	if err := db.Ping(); err != nil {
		t.Fatalf("connecting to the test MariaDB: %v; %s", err, howTo)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// LoadMySQL creates table with the columns given (MySQL types), loads the
// CSV (header included; an empty field is NULL where written \N) with LOAD
// DATA LOCAL INFILE, and drops it when the test ends.
func LoadMySQL(t testing.TB, table, columns string, csv []byte) {
	t.Helper()
	db := MySQL(t)
	for _, q := range []string{"DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (" + columns + ")"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() { _, _ = MySQL(t).Exec("DROP TABLE IF EXISTS " + table) })
	f := filepath.Join(t.TempDir(), table+".csv")
	if err := os.WriteFile(f, csv, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("LOAD DATA LOCAL INFILE '" + f + "' INTO TABLE " + table + " FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n' IGNORE 1 LINES"); err != nil {
		t.Fatalf("loading %s: %v", table, err)
	}
}

func mustDSN(t testing.TB, u string) *clickhouse.Options {
	opt, err := clickhouse.ParseDSN(u)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}
