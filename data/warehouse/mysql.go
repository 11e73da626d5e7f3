package warehouse

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DefaultMySQLPort is the port of the MySQL protocol, used when a mysql://
// URL names none (TiDB listens on 4000, Doris's and StarRocks' frontends on
// 9030 by default: name the port for them).
const DefaultMySQLPort = "3306"

// mysqlDialect is the SQL of the engines that speak the MySQL protocol:
// MySQL, MariaDB, TiDB, Apache Doris, StarRocks, OceanBase (MySQL mode).
// Codes are compared and grouped as bytes (CAST … AS BINARY): the default
// collations ignore case and trailing spaces, so 'cny' would group with
// 'CNY', and 'Guangdong ' with 'Guangdong', where a file keeps them apart.
var mysqlDialect = dialect{
	quote: quoteMySQL,
	table: func(parts []string) string {
		q := make([]string, len(parts))
		for i, p := range parts {
			q[i] = quoteMySQL(p)
		}
		return strings.Join(q, ".")
	},
	text: func(e string) string { return "COALESCE(CAST(" + e + " AS CHAR), '')" },
	// EXTRACT(YEAR_MONTH …) is an integer (202403): about twice as fast to
	// group by as DATE_FORMAT's text on MariaDB. Only the groups are
	// written as text, 2024-03.
	month:     func(c string, _ colType) string { return "EXTRACT(YEAR_MONTH FROM " + c + ")" },
	monthText: func(k string) string { return "CONCAT(LEFT(" + k + ", 4), '-', RIGHT(" + k + ", 2))" },
	length:    func(c string) string { return "LENGTH(" + c + ")" },
	left:      func(c string, n int) string { return "LEFT(" + c + ", " + strconv.Itoa(n) + ")" },
	match:     func(c, re string) string { return c + " REGEXP '" + re + "'" },
	date:      func(c string) string { return "DATE_FORMAT(" + c + ", '%Y-%m-%d')" },
	sumExact: func(c string, t colType) string {
		return "SUM(" + c + ")" // DECIMAL for DECIMAL and integers: exact
	},
	noExtraDecimals: func(c string, t colType) string {
		if t.kind == kindDecimal && t.scale > 2 {
			return c + " = TRUNCATE(" + c + ", 2)"
		}
		return ""
	},
	whole: func(c string, t colType) string {
		if t.kind == kindDecimal && t.scale > 0 {
			return c + " = TRUNCATE(" + c + ", 0)"
		}
		return ""
	},
	okExpr: func(pred string) string { return "COALESCE((" + pred + "), 0)" },
	// No byte outside 0-9 (the length check beside it rules out ''):
	// the regular expression engine stops at the first such byte, which
	// on MariaDB 10.11 cost 0.34 s over 2M rows against 0.49 s for
	// '^[0-9]+$' (docs/benchmarks.md).
	digits: func(c string) string { return c + " NOT REGEXP '[^0-9]'" },
	code:   func(c string) string { return "CAST(" + c + " AS BINARY)" },
	part: func(h string, k, n int) string {
		return fmt.Sprintf("COALESCE((%s) MOD %d, 0) = %d", h, n, k)
	},
	// CRC32 spreads any key evenly, sequential numbers included.
	crc: func(c string) string { return "CRC32(" + c + ")" },
}

// quoteMySQL quotes an identifier with backquotes, doubling any backquote
// (names are also restricted to letters, digits and _ before they get
// here).
func quoteMySQL(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

// mysqlType classifies a column by information_schema's DATA_TYPE and
// NUMERIC_SCALE (-1 when NULL).
func mysqlType(dataType string, scale int) colType {
	t := colType{name: dataType, scale: scale, nullable: true}
	switch strings.ToLower(dataType) {
	case "char", "varchar", "text", "tinytext", "mediumtext", "longtext", "string":
		t.kind = kindText
	case "date", "datetime", "timestamp", "datev2", "datetimev2":
		t.kind = kindDate
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "largeint":
		t.kind, t.scale = kindInt, 0
	case "decimal", "numeric", "decimalv3":
		t.kind = kindDecimal
	case "float", "double", "real":
		t.kind = kindFloat
	}
	return t
}

// mySession is one connection of the pool, with the server's id of it
// for KILL QUERY.
type mySession struct {
	c  *sql.Conn
	id int64
}

type myConn struct {
	db *sql.DB
	mySession
	src  *Source
	addr string
	// split is the number of parts the aggregation is run in (the URL's
	// parallel=, default 2), on a server that runs each query on one
	// thread: MySQL and MariaDB. 1 on the engines that spread one query
	// over their cores or nodes themselves (TiDB, Doris, StarRocks,
	// OceanBase).
	split   int
	mariaDB bool     // LOCK TABLES … NOWAIT (10.3 on)
	mysql   bool     // MySQL or MariaDB itself (oneThreadPerQuery), not another engine of its protocol
	sets    []string // the session's settings (prepare)
	inTx    bool     // snapshot's transaction is open on the session
	// kept is the first part of the last split aggregation, its
	// transaction still open: each runs on it, so that the listing of
	// bad records reads the state of the table the parts read.
	kept *mySession
}

// mysqlPassword is the password the mysql client would use when the URL
// gives none: the [client] group's password in ~/.my.cnf, else MYSQL_PWD.
func mysqlPassword() string {
	if home, err := os.UserHomeDir(); err == nil {
		if p, ok := optionFilePassword(filepath.Join(home, ".my.cnf")); ok {
			return p
		}
	}
	return os.Getenv("MYSQL_PWD")
}

// optionFilePassword reads password= from the [client] group of a MySQL
// option file (quotes removed, as the client does).
func optionFilePassword(path string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	var group, pw string
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			group = strings.ToLower(strings.Trim(line, "[] \t"))
		case group == "client":
			k, v, ok := strings.Cut(line, "=")
			if strings.TrimSpace(strings.ReplaceAll(k, "-", "_")) != "password" {
				continue
			}
			v = strings.TrimSpace(v)
			if !ok {
				v = ""
			}
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			pw, found = v, true
		}
	}
	return pw, found
}

// mysqlConfig is the driver's configuration of a mysql:// URL, and the
// number of parts of the URL's parallel= (default 2).
func mysqlConfig(src *Source) (*mysql.Config, int, error) {
	u, err := url.Parse(src.conn)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %s", src, src.scrub(err.Error()))
	}
	_, params, _ := strings.Cut(src.conn, "?")
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	split := defaultSplit
	if q, err := url.ParseQuery(params); err == nil {
		// A password parameter is the password (the driver would send it
		// as SET password = …, a change of the user's password).
		if q.Has("password") {
			if cfg.Passwd == "" {
				cfg.Passwd = q.Get("password")
			}
			params = dropParams(params, "password")
		}
		if q.Has("parallel") {
			n, err := strconv.Atoi(q.Get("parallel"))
			if err != nil || n < 1 || n > maxSplit {
				return nil, 0, fmt.Errorf("%s: parallel=%s: give the number of connections to scan the table with, 1 to %d", src, q.Get("parallel"), maxSplit)
			}
			split = n
			params = dropParams(params, "parallel")
		}
	}
	if cfg.User == "" {
		cfg.User = os.Getenv("USER") // as the mysql client does on Unix
	}
	if cfg.Passwd == "" {
		cfg.Passwd = mysqlPassword()
		if cfg.Passwd != "" {
			src.password = append(src.password, cfg.Passwd)
		}
	}
	if params != "" {
		// The driver's own parameters (tls=true, timeout=5s …), as it
		// parses them in a DSN.
		pc, err := mysql.ParseDSN("/?" + params)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %s", src, src.scrub(err.Error()))
		}
		pc.User, pc.Passwd, pc.Net, pc.Addr, pc.DBName = cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName
		cfg = pc
	}
	return cfg, split, nil
}

func connectMySQL(ctx context.Context, src *Source) (conn, error) {
	cfg, split, err := mysqlConfig(src)
	if err != nil {
		return nil, err
	}
	// Parameters are written into the statement's text: Doris and
	// StarRocks take server-side prepared statements only partly, and the
	// aggregation has none.
	cfg.InterpolateParams = true
	cfg.Logger = &mysql.NopLogger{} // a library never prints
	if cfg.Timeout == 0 || cfg.Timeout > 15*time.Second {
		cfg.Timeout = 15 * time.Second
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", src, src.scrub(err.Error()))
	}
	db := sql.OpenDB(connector)
	c, err := db.Conn(ctx)
	var id int64
	var version, comment string
	if err == nil {
		err = c.QueryRowContext(ctx, "SELECT CONNECTION_ID(), VERSION(), @@version_comment").Scan(&id, &version, &comment)
	}
	if err != nil {
		if c != nil {
			_ = c.Close()
		}
		_ = db.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", src, ctx.Err())
		}
		var me *mysql.MySQLError
		if errors.As(err, &me) {
			return nil, fmt.Errorf("%s: the server at %s refused the connection: %s (error %d)", src, cfg.Addr, src.scrub(me.Message), me.Number)
		}
		return nil, connectError(src, cfg.Addr, err)
	}
	own := oneThreadPerQuery(version, comment)
	if !own {
		split = 1
	}
	return &myConn{db: db, mySession: mySession{c: c, id: id}, src: src, addr: cfg.Addr, split: split,
		mariaDB: strings.Contains(strings.ToLower(version), "mariadb"), mysql: own}, nil
}

// defaultSplit and maxSplit bound the parts of a split aggregation (the
// URL's parallel=).
const (
	defaultSplit = 2
	maxSplit     = 16
)

// oneThreadPerQuery tells MySQL and MariaDB, which run each query on one
// thread, from the engines of the same protocol that spread a query over
// cores and nodes themselves, by what VERSION() and @@version_comment say
// (TiDB: "8.0.11-TiDB-v7.5.1"; Doris and StarRocks: "Doris version …",
// "StarRocks version …"; OceanBase: "5.7.25-OceanBase-v4…"). TiDB says its
// tables are InnoDB, so the engine of the table alone would not tell.
func oneThreadPerQuery(version, comment string) bool {
	v, c := strings.ToLower(version), strings.ToLower(comment)
	for _, other := range []string{"tidb", "oceanbase", "doris", "starrocks", "selectdb", "singlestore", "memsql", "vitess"} {
		if strings.Contains(v, other) || strings.Contains(c, other) {
			return false
		}
	}
	return true
}

func (m *myConn) dialect() dialect { return mysqlDialect }

// prepare lets a breakdown's groups stay in memory: MySQL and MariaDB
// group in a temporary table that goes to disk past tmp_table_size and
// max_heap_table_size, 16 MiB by default. On MariaDB 10.11, --dims
// province,hs2 over 2M rows (153,708 groups) took 18.4 s with the
// defaults and 4.5 s with 256 MiB (docs/benchmarks.md). The parts of a
// split aggregation get the same settings. A setting the engine does not
// know (Doris, StarRocks) is skipped.
func (m *myConn) prepare(ctx context.Context, dims bool) {
	if dims {
		m.sets = []string{"SET SESSION tmp_table_size = 268435456", "SET SESSION max_heap_table_size = 268435456"}
	}
	m.apply(ctx, m.c)
}

func (m *myConn) apply(ctx context.Context, c *sql.Conn) {
	for _, s := range m.sets {
		_, _ = c.ExecContext(ctx, s)
	}
}

// snapshot opens a transaction WITH CONSISTENT SNAPSHOT on the session,
// unless one is open: the aggregation on this session, its second run
// there and the listing of bad records then read one state of an InnoDB
// table (MyISAM and Aria accept the statement and isolate nothing). Only
// on MySQL and MariaDB: Doris refuses a SELECT inside a transaction it
// opened, and the other engines of the protocol are not tested here; they
// run the queries each on its own.
func (m *myConn) snapshot(ctx context.Context) {
	if m.inTx || !m.mysql {
		return
	}
	// The snapshot is REPEATABLE READ's; a session may default to another.
	_, _ = m.c.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
	_, err := m.c.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
	m.inTx = err == nil
}

// release ends the kept part's transaction and gives its connection back.
func (m *myConn) release() {
	if m.kept != nil {
		_, _ = m.kept.c.ExecContext(context.Background(), "ROLLBACK")
		_ = m.kept.c.Close()
		m.kept = nil
	}
}

func (m *myConn) close() {
	m.release()
	_ = m.c.Close()
	_ = m.db.Close()
}

func (m *myConn) columns(ctx context.Context, table []string) (map[string]colType, error) {
	schema, name := schemaName(table)
	cols := map[string]colType{}
	err := m.each(ctx, query{`SELECT COLUMN_NAME, DATA_TYPE, COALESCE(NUMERIC_SCALE, -1)
		FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?`, []any{schema, name}}, func(v []string) error {
		scale, err := strconv.Atoi(v[2])
		if err != nil {
			scale = -1
		}
		cols[v[0]] = mysqlType(v[1], scale)
		return nil
	})
	return cols, err
}

// each runs q on the session's connection. When ctx ends while the query
// runs, the driver only closes its socket, and the server would go on
// scanning: a second connection sends KILL QUERY for it (waiting up to two
// seconds) before each returns.
func (m *myConn) each(ctx context.Context, q query, fn func([]string) error) error {
	if m.kept != nil {
		return m.eachOn(ctx, *m.kept, q, fn)
	}
	return m.eachOn(ctx, m.mySession, q, fn)
}

func (m *myConn) eachOn(ctx context.Context, s mySession, q query, fn func([]string) error) error {
	done := make(chan struct{})
	killed := make(chan struct{})
	go func() {
		defer close(killed)
		select {
		case <-done:
		case <-ctx.Done():
			m.kill(s.id)
		}
	}()
	err := m.run(ctx, s.c, q, fn)
	close(done)
	<-killed
	return err
}

func (m *myConn) run(ctx context.Context, c *sql.Conn, q query, fn func([]string) error) error {
	rows, err := c.QueryContext(ctx, q.sql, q.args...)
	if err != nil {
		return m.fail(ctx, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return m.fail(ctx, err)
	}
	raw := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	vals := make([]string, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return m.fail(ctx, err)
		}
		for i, r := range raw {
			vals[i] = r.String
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return m.fail(ctx, err)
	}
	return nil
}

// kill stops a connection's running statement from another connection.
func (m *myConn) kill(id int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := m.db.Conn(ctx)
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.ExecContext(ctx, "KILL QUERY "+strconv.FormatInt(id, 10))
}

func (m *myConn) parts() int { return m.split }

// eachPart runs the parts of a split aggregation at once, each on a
// connection of its own, all reading one state of the table: each part's
// connection opens a transaction WITH CONSISTENT SNAPSHOT while the first
// connection holds LOCK TABLES … READ, which is only granted when no
// transaction that wrote to the table is open, and keeps new writes
// waiting for the few milliseconds the snapshots take. So no write can
// fall between two parts' snapshots, and no record is counted twice or
// missed. ok is false, and nothing has been read, when that cannot be
// had: the table is not an InnoDB base table (a view may join anything;
// MyISAM has no snapshots), the user may not lock it, or a write holds it
// (MariaDB's lock does not wait; MySQL's waits a second). fn is called by
// one part at a time. When every part succeeds, the first part's
// transaction stays open (kept) until close or the next split, for the
// listing of bad records.
func (m *myConn) eachPart(ctx context.Context, p *plan, fn func([]string) error) (bool, error) {
	m.release()
	table := p.src.Table
	rows, ok := m.innoDB(ctx, table)
	if !ok {
		return false, nil
	}
	// A breakdown's many groups cost the server and ceb more than the
	// scan: no group is split over two parts. The monthly series has a
	// few hundred groups; the scan costs most.
	var wheres []query
	if len(p.groupDims()) > 0 {
		wheres = p.groupParts(m.split)
	} else {
		var err error
		if wheres, err = m.keyRanges(ctx, table, rows); err != nil {
			return false, err
		}
		if wheres == nil {
			wheres = p.hashParts(m.split)
		}
	}
	if splitWith != nil {
		splitWith(wheres)
	}
	qs := make([]query, len(wheres))
	for i, w := range wheres {
		qs[i] = p.aggregateWhere(w)
	}
	var parts []mySession
	defer func() {
		for i, s := range parts {
			if i == 0 && m.kept != nil {
				continue
			}
			_, _ = s.c.ExecContext(context.Background(), "ROLLBACK")
			_ = s.c.Close()
		}
	}()
	for range qs {
		c, err := m.db.Conn(ctx)
		var id int64
		if err == nil {
			err = c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id)
			if err == nil {
				_, err = c.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
				m.apply(ctx, c)
			}
			parts = append(parts, mySession{c: c, id: id})
		}
		if err != nil {
			return false, m.fail(ctx, err)
		}
	}
	if ok, err := m.snapshots(ctx, table, parts); !ok || err != nil {
		return false, err
	}
	if afterSnapshots != nil {
		afterSnapshots()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = m.eachOn(ctx, parts[i], q, func(v []string) error {
				mu.Lock()
				defer mu.Unlock()
				return fn(v)
			})
			if errs[i] != nil {
				cancel() // the others' results are of no use
			}
		}()
	}
	wg.Wait()
	// The first error that is not another part's cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return true, err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return true, err
	}
	m.kept = &parts[0]
	return true, nil
}

// afterSnapshots, when set (by tests), runs once the parts' snapshots are
// open, before their queries.
var afterSnapshots func()

// splitWith, when set (by tests), is given the parts' conditions.
var splitWith func(wheres []query)

// innoDB reports whether the table is an InnoDB base table, and how many
// rows InnoDB estimates it has.
func (m *myConn) innoDB(ctx context.Context, table []string) (rows int64, ok bool) {
	schema, name := schemaName(table)
	if !m.mariaDB {
		// MySQL 8 keeps TABLE_ROWS for a day by default.
		_, _ = m.c.ExecContext(ctx, "SET SESSION information_schema_stats_expiry = 0")
	}
	var engine sql.NullString
	var n sql.NullInt64
	err := m.c.QueryRowContext(ctx, `SELECT ENGINE, TABLE_ROWS FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'`, schema, name).Scan(&engine, &n)
	return n.Int64, err == nil && strings.EqualFold(engine.String, "InnoDB")
}

// keyRanges splits an InnoDB table into up to m.split ranges of the first
// column of its primary key, of about as many rows each: each part then
// reads its own stretch of the clustered index instead of the whole
// table. On MariaDB 10.11, 2M rows, two parts took 1.23–1.60 s where two
// parts by a hash of declaration_id took 1.45–1.98 s and one statement
// 1.75–2.57 s (docs/benchmarks.md). The boundaries are the keys a
// m.split-th of the rows InnoDB estimates apart (ORDER BY key LIMIT 1
// OFFSET …, each walk starting at the last boundary).
//
// Only keys whose order and comparison agree are split so: numbers,
// dates and times, and text or bytes compared whole (not ENUM or SET,
// sorted by their place in the list but compared as text; not a key on a
// prefix of a column, which the index does not order in full). The
// ranges take every row once whatever the boundaries are
// (keyRangeConditions), so an estimate that is off, or a write between
// two boundaries' reads, only makes the parts uneven. nil, for a split by
// hash, when the table has no such key, no estimate of its rows (a table
// whose statistics are not made yet says 0), fewer than two ranges come
// out, or the server refuses a query on the way.
func (m *myConn) keyRanges(ctx context.Context, table []string, rows int64) ([]query, error) {
	if rows < int64(m.split) {
		return nil, nil
	}
	// The failures are ctx's, or the server's; the hash split then runs,
	// and reports the server's error if it has it too.
	giveUp := func(err error) ([]query, error) {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, nil
	}
	schema, name := schemaName(table)
	var col string
	err := m.each(ctx, query{`SELECT COLUMN_NAME FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY'
		AND SEQ_IN_INDEX = 1 AND SUB_PART IS NULL AND COLUMN_NAME IN (SELECT COLUMN_NAME FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND DATA_TYPE IN (` + orderedKeyTypes + `))`,
		[]any{schema, name, schema, name}}, func(v []string) error {
		col = v[0]
		return nil
	})
	if err != nil || col == "" {
		return giveUp(err)
	}
	key := quoteMySQL(col)
	step := rows / int64(m.split)
	var bounds []any
	for k := 1; k < m.split; k++ {
		// The key as text, and back as a quoted literal: the column's
		// collation and type then rule the comparison, and the index
		// serves the range (a binary literal would not).
		from := ""
		if len(bounds) > 0 {
			from = " WHERE " + key + " >= ?"
		}
		q := query{fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT 1 OFFSET %d", key, mysqlDialect.table(table), from, key, step), bounds[max(0, len(bounds)-1):]}
		var b *string
		if err := m.each(ctx, q, func(v []string) error { b = &v[0]; return nil }); err != nil {
			return giveUp(err)
		}
		if b == nil {
			break // fewer rows than the estimate
		}
		bounds = append(bounds, *b)
	}
	return keyRangeConditions(key, bounds), nil
}

// orderedKeyTypes are the information_schema DATA_TYPEs of keys that
// sort as they compare (keyRanges).
const orderedKeyTypes = `'tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal',
	'date', 'datetime', 'timestamp', 'time', 'year', 'char', 'varchar', 'binary', 'varbinary'`

// keyRangeConditions are the conditions of the ranges of key that bounds
// cut: key < b1; key >= b1 AND key < b2; key >= b1 AND key >= b2 AND key
// < b3; …; key >= b1 AND … AND key >= bn. Whatever the bounds and their
// order, each row is in exactly one: the part before the first bound the
// key is below (a primary key is never NULL). With increasing bounds
// they are the ranges [b(k), b(k+1)). nil without bounds.
func keyRangeConditions(key string, bounds []any) []query {
	if len(bounds) == 0 {
		return nil
	}
	var qs []query
	var above []string
	for k := 0; k <= len(bounds); k++ {
		cond := slices.Clone(above)
		if k < len(bounds) {
			cond = append(cond, key+" < ?")
			above = append(above, key+" >= ?")
		}
		qs = append(qs, query{sql: strings.Join(cond, " AND "), args: bounds[:min(k+1, len(bounds))]})
	}
	return qs
}

// snapshots opens a consistent snapshot on each part's connection while
// the first connection holds the table's read lock (see eachPart). ok is
// false when the lock could not be had.
func (m *myConn) snapshots(ctx context.Context, table []string, parts []mySession) (bool, error) {
	// Not waiting: a LOCK TABLES that waits makes every write to the
	// table wait behind it. MySQL has no NOWAIT there; a second is its
	// least lock_wait_timeout.
	lock := "LOCK TABLES " + mysqlDialect.table(table) + " READ NOWAIT"
	if !m.mariaDB {
		if _, err := m.c.ExecContext(ctx, "SET SESSION lock_wait_timeout = 1"); err != nil {
			return false, nil
		}
		defer func() { _, _ = m.c.ExecContext(context.Background(), "SET SESSION lock_wait_timeout = DEFAULT") }()
		lock = strings.TrimSuffix(lock, " NOWAIT")
	}
	m.inTx = false // LOCK TABLES ends the session's transaction, whether it locks or not
	if _, err := m.c.ExecContext(ctx, lock); err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) && ctx.Err() == nil {
			return false, nil // no LOCK TABLES privilege (1044), or a writer holds it (1205)
		}
		return false, m.fail(ctx, err)
	}
	// Each transaction also opens the table, so that it holds the table's
	// metadata lock until it ends: an ALTER, OPTIMIZE or TRUNCATE waits
	// for the parts, as for one long query, instead of slipping in once
	// the lock is released and failing them (error 1412), or queueing
	// between two of them while the first waits idle.
	var err error
	for _, s := range parts {
		if _, err = s.c.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT"); err != nil {
			break
		}
		if _, err = s.c.ExecContext(ctx, "SELECT 1 FROM "+mysqlDialect.table(table)+" LIMIT 0"); err != nil {
			break
		}
	}
	if _, uerr := m.c.ExecContext(context.Background(), "UNLOCK TABLES"); err == nil && uerr != nil {
		err = uerr
	}
	if err != nil {
		return false, m.fail(ctx, err)
	}
	return true, nil
}

func (m *myConn) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", m.src, ctx.Err())
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		msg, _, _ := strings.Cut(me.Message, "\n")
		return fmt.Errorf("%s: the server refused the query: %s (error %d)", m.src, m.src.scrub(msg), me.Number)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, mysql.ErrInvalidConn) {
		return fmt.Errorf("%s: the connection to %s broke: %s; run it again, or check the server's log", m.src, m.addr, m.src.scrub(err.Error()))
	}
	return fmt.Errorf("%s: %s", m.src, m.src.scrub(err.Error()))
}
