package warehouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// conn is one engine's connection, as the aggregation uses it.
type conn interface {
	// columns returns the table's columns and their types.
	columns(ctx context.Context, table []string) (map[string]colType, error)
	// each runs q and calls fn with each row's text columns (fn must not
	// keep the slice).
	each(ctx context.Context, q query, fn func([]string) error) error
	// prepare tunes the session for one large aggregation (dims: it has
	// breakdowns); a setting the engine does not know is skipped.
	prepare(ctx context.Context, dims bool)
	// snapshot makes the statements the session runs next, until close,
	// read one state of the table where the engine can (a read-only
	// transaction: PostgreSQL; MySQL and MariaDB on InnoDB tables);
	// elsewhere it does nothing. A split aggregation (parter) takes its
	// own snapshot each time it runs, and lists from it.
	snapshot(ctx context.Context)
	dialect() dialect
	close()
}

// parter is a connection that can run the aggregation in parts at once,
// on connections of their own, all on one snapshot of the table: for the
// engines that run each query on one thread (MySQL, MariaDB).
type parter interface {
	// parts is the number of parts to split the aggregation in (1: none).
	parts() int
	// eachPart runs p's aggregation in parts at once and calls fn with
	// each row of each, one call at a time. ok is false, and nothing has
	// been read, when the parts could not be given one snapshot of the
	// table.
	eachPart(ctx context.Context, p *plan, fn func([]string) error) (ok bool, err error)
}

// connectError says where ceb tried to connect and what to check.
func connectError(src *Source, addr string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) { // the server answered: a wrong password, database or setting
		return fmt.Errorf("%s: the server at %s refused the connection: %s (SQLSTATE %s)", src, addr, src.scrub(pe.Message), pe.Code)
	}
	why := src.scrub(err.Error())
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &oe) && strings.Contains(why, "refused"):
		why = "connection refused"
	case errors.As(err, &ne) && ne.Timeout():
		why = "timed out"
	}
	return fmt.Errorf("%s: cannot connect to %s: %s; check that the server runs and listens there, and the user, password and database", src, addr, why)
}

// --- PostgreSQL, with pgx ---

type pgConn struct {
	c    *pgx.Conn
	src  *Source
	inTx bool // snapshot's transaction is open
}

func connectPostgres(ctx context.Context, src *Source) (conn, error) {
	cfg, err := pgx.ParseConfig(src.conn)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", src, src.scrub(err.Error()))
	}
	if p := os.Getenv("PGPASSWORD"); p != "" {
		src.password = append(src.password, p)
	}
	if cfg.Password != "" {
		src.password = append(src.password, cfg.Password) // from a service or password file
	}
	// Ctrl-C cancels the query on the server (a CancelRequest), not only
	// the client's wait.
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: 2 * time.Second}
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", src, ctx.Err())
		}
		return nil, connectError(src, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), err)
	}
	return &pgConn{c: c, src: src}, nil
}

func (p *pgConn) dialect() dialect { return postgresDialect }

// prepare sets, for this session only:
//   - jit off: compiling the expressions took 1 s of a 7 s query on 10M rows;
//   - work_mem 256MB: the groups of a breakdown hash in memory rather
//     than in 257 batches on disk;
//   - with breakdowns, enable_sort off: the planner takes the distinct
//     count of hs_code for left(hs_code, 2), expects as many groups as
//     rows, and sorts every row on disk (48 s against 14 s; docs/benchmarks.md);
//   - parallel_tuple_cost 0.01 (the default is 0.1): the planner cannot
//     tell how few groups ceb's keys make (the check and the month are
//     expressions it has no statistics for) and, at the default cost of
//     passing a row from a parallel worker, runs a 200,000-row table's
//     monthly series and a 2M-row breakdown on one process. With it, the
//     workers read the rows and run the checks, and pass on their groups
//     (the monthly series) or their rows (a breakdown, whose groups the
//     leader makes): 0.17 s against 0.13 s, and 3.56 s against 2.34 s
//     (medians of five in turn, the whole command; docs/benchmarks.md).
//
// Engines without a setting (Redshift, say) refuse it; that is ignored.
func (p *pgConn) prepare(ctx context.Context, dims bool) {
	sets := []string{"SET jit = off", "SET work_mem = '256MB'", "SET parallel_tuple_cost = 0.01"}
	if dims {
		sets = append(sets, "SET enable_sort = off")
	}
	for _, s := range sets {
		_, _ = p.c.Exec(ctx, s)
	}
}

// snapshot opens a read-only REPEATABLE READ transaction, once: the
// aggregation, its second run (errBound's) and the listing of bad records
// then read the state of the table the first statement saw. (After
// prepare: a setting refused inside the transaction would abort it.) An
// engine that refuses it runs them each on its own, as a plain session
// does.
func (p *pgConn) snapshot(ctx context.Context) {
	if p.inTx {
		return
	}
	_, err := p.c.Exec(ctx, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	p.inTx = err == nil
}
func (p *pgConn) close() { _ = p.c.Close(context.Background()) }

func (p *pgConn) columns(ctx context.Context, table []string) (map[string]colType, error) {
	schema, name := schemaName(table)
	rows, err := p.c.Query(ctx, `SELECT column_name::text, data_type::text, COALESCE(numeric_scale, -1)::int
		FROM information_schema.columns
		WHERE table_schema = COALESCE(NULLIF($1, ''), current_schema()) AND table_name = $2`, schema, name)
	if err != nil {
		return nil, p.fail(ctx, err)
	}
	defer rows.Close()
	cols := map[string]colType{}
	for rows.Next() {
		var col, typ string
		var scale int
		if err := rows.Scan(&col, &typ, &scale); err != nil {
			return nil, p.fail(ctx, err)
		}
		cols[col] = pgType(typ, scale)
	}
	if err := rows.Err(); err != nil {
		return nil, p.fail(ctx, err)
	}
	return cols, nil
}

func (p *pgConn) each(ctx context.Context, q query, fn func([]string) error) error {
	rows, err := p.c.Query(ctx, q.sql, q.args...)
	if err != nil {
		return p.fail(ctx, err)
	}
	defer rows.Close()
	var vals []string
	var dest []any
	for rows.Next() {
		if dest == nil {
			n := len(rows.FieldDescriptions())
			vals, dest = make([]string, n), make([]any, n)
			for i := range vals {
				dest[i] = &vals[i]
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return p.fail(ctx, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return p.fail(ctx, err)
	}
	return nil
}

func (p *pgConn) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", p.src, ctx.Err())
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: the server refused the query: %s (SQLSTATE %s)", p.src, p.src.scrub(pe.Message), pe.Code)
	}
	return fmt.Errorf("%s: %s", p.src, p.src.scrub(err.Error()))
}

// --- ClickHouse, with clickhouse-go's native protocol ---

type chConn struct {
	c   driver.Conn
	src *Source
	db  string
}

func connectClickHouse(ctx context.Context, src *Source) (conn, error) {
	opt, err := clickhouse.ParseDSN(src.conn)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", src, src.scrub(err.Error()))
	}
	if opt.Auth.Password != "" {
		src.password = append(src.password, opt.Auth.Password)
	}
	if opt.DialTimeout == 0 || opt.DialTimeout > 15*time.Second {
		opt.DialTimeout = 15 * time.Second
	}
	addr := strings.Join(opt.Addr, ",")
	c, err := clickhouse.Open(opt)
	if err == nil {
		err = c.Ping(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", src, ctx.Err())
		}
		return nil, connectError(src, addr, err)
	}
	db := opt.Auth.Database
	if db == "" {
		db = "default"
	}
	return &chConn{c, src, db}, nil
}

func (h *chConn) dialect() dialect { return clickhouseDialect }

// prepare changes nothing: ClickHouse plans the query well as it is.
func (h *chConn) prepare(context.Context, bool) {}

// snapshot does nothing: ClickHouse has no transactions. A record
// written between the aggregation and the listing of bad records may be
// listed (or one listed gone); docs/warehouses.md says so.
func (h *chConn) snapshot(context.Context) {}
func (h *chConn) close()                   { _ = h.c.Close() }

func (h *chConn) columns(ctx context.Context, table []string) (map[string]colType, error) {
	db, name := schemaName(table)
	if db == "" {
		db = h.db
	}
	cols := map[string]colType{}
	err := h.each(ctx, query{"SELECT name, type FROM system.columns WHERE database = ? AND table = ?", []any{db, name}}, func(v []string) error {
		cols[v[0]] = chType(v[1])
		return nil
	})
	return cols, err
}

func (h *chConn) each(ctx context.Context, q query, fn func([]string) error) error {
	rows, err := h.c.Query(ctx, q.sql, q.args...)
	if err != nil {
		return h.fail(ctx, err)
	}
	defer rows.Close()
	vals := make([]string, len(rows.Columns()))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return h.fail(ctx, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return h.fail(ctx, err)
	}
	return nil
}

func (h *chConn) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", h.src, ctx.Err())
	}
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		msg, _, _ := strings.Cut(ex.Message, "\n")
		return fmt.Errorf("%s: the server refused the query: %s (code %d)", h.src, h.src.scrub(msg), ex.Code)
	}
	return fmt.Errorf("%s: %s", h.src, h.src.scrub(err.Error()))
}
