package warehouse

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/cbec-stats/ceb/data/decl"
)

// Engines ceb pushes the aggregation down to, by URL scheme.
const (
	Postgres   = "postgres"
	ClickHouse = "clickhouse"
	MySQL      = "mysql"
)

// DefaultTable is the table read when the URL names none.
const DefaultTable = "declarations"

// Source is a parsed warehouse URL.
type Source struct {
	Engine string
	// Table is the table (or view), schema-qualified or not, as parts.
	Table []string
	// Columns maps a declaration column (decl.Columns) to the table's
	// column that holds it; unmapped columns have their own names.
	Columns map[string]string
	// Dims and By are the URL's dims= and by= parameters: the breakdown
	// and period of an aggregation whose options name none (for --data,
	// whose commands have no such flags).
	Dims []string
	By   string
	// conn is the URL the driver gets: without ceb's own parameters.
	conn     string
	password []string // every password given (URL, parameter), to scrub from errors
	shown    string
}

// DefaultClickHousePort is the port of ClickHouse's native protocol, used
// when a clickhouse:// URL names none.
const DefaultClickHousePort = "9000"

// IsURL reports whether s is a URL rather than a file: a scheme of two or
// more letters, digits, +, - or . before "://" (postgres://, clickhouse://,
// mysql://, and also s3:// or https://, which Parse refuses as URLs,
// without showing their passwords, rather than looking for a file of that
// name).
func IsURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok || len(scheme) < 2 {
		return false
	}
	for i, r := range scheme {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// String is the URL without its password: safe to show anywhere.
func (s *Source) String() string { return s.shown }

// Parse reads a warehouse URL:
//
//	postgres://[user[:password]@]host[:port]/database?table=NAME[&columns=ROLE=COL,…][&dims=D,…][&by=P]
//	clickhouse://[user[:password]@]host[:port]/database?table=NAME[&columns=…]
//	mysql://[user[:password]@]host[:port]/database?table=NAME[&columns=…]
//
// Other parameters go to the driver (sslmode for PostgreSQL, say).
// columns adds to the columns given (a mapping from the command line).
func Parse(raw string, columns map[string]string) (*Source, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" && !strings.HasPrefix(strings.ToLower(u.Scheme), "postgres") {
		return nil, fmt.Errorf("%s: not a warehouse URL; write %s://[user[:password]@]host[:port]/database?table=NAME", redactRaw(raw), strings.ToLower(strings.SplitN(raw, ":", 2)[0]))
	}
	if strings.Contains(raw, "#") {
		// What follows a # is a fragment, which a warehouse URL does not
		// have: a # meant in a password would cut it short, and what is
		// shown of the URL would not be what was parsed.
		return nil, fmt.Errorf("%s: a warehouse URL has no #; write a # in a password or parameter as %%23", redactRaw(raw))
	}
	s := &Source{Columns: map[string]string{}}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		s.Engine = Postgres
	case "clickhouse":
		s.Engine = ClickHouse
	case "mysql":
		s.Engine = MySQL
	default:
		return nil, fmt.Errorf("%s: unknown warehouse scheme %q; use postgres://, clickhouse:// or mysql://", redactRaw(raw), u.Scheme)
	}
	if p, ok := u.User.Password(); ok && p != "" {
		s.password = append(s.password, p)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		// Go refuses a ; in a query (it once separated parameters): never
		// drop a parameter silently, least of all table.
		return nil, fmt.Errorf("%s: the URL's parameters do not parse (%v); escape ; as %%3B, or give the table as letters, digits and _", redactRaw(raw), err)
	}
	if p := q.Get("password"); p != "" {
		s.password = append(s.password, p)
	}
	table := q.Get("table")
	if table == "" {
		table = DefaultTable
	}
	if s.Table, err = tableName(table); err != nil {
		return nil, err
	}
	mapping := q.Get("columns")
	if d := q.Get("dims"); d != "" {
		for _, name := range strings.Split(d, ",") {
			if !slices.Contains(decl.DimNames, name) {
				return nil, fmt.Errorf("%s: dims=%s: %q is not a dimension; use %s", redactRaw(raw), d, name, strings.Join(decl.DimNames, ", "))
			}
			s.Dims = append(s.Dims, name)
		}
	}
	s.By = q.Get("by")
	// The driver gets the URL as it was written but for ceb's parameters
	// (its own unescaping may differ from Go's: pgx reads + as +; and
	// postgres://?service=x must keep its //).
	base, rawQuery, _ := strings.Cut(raw, "?")
	if port := map[string]string{ClickHouse: DefaultClickHousePort, MySQL: DefaultMySQLPort}[s.Engine]; port != "" && u.Port() == "" {
		base = withPort(base, len(u.Scheme)+len("://"), port)
		u.Host += ":" + port
	}
	s.conn = base
	if q := dropParams(rawQuery, "table", "columns", "dims", "by"); q != "" {
		s.conn += "?" + q
	}
	if err := s.mapColumns(mapping, columns); err != nil {
		return nil, err
	}
	// Shown: the URL as parsed, without its password (redactRaw, for
	// URLs that do not parse, reads the text and can take a path's @ for
	// the user's).
	s.shown = u.Scheme + "://"
	if u.User != nil && u.User.Username() != "" {
		s.shown += url.User(u.User.Username()).String() + "@"
	}
	// The host escaped again, as net/url writes it: a host read from
	// "h%25" is "h%", which written raw would not parse.
	host := strings.TrimPrefix((&url.URL{Host: u.Host}).String(), "//")
	s.shown += host + u.EscapedPath() + "?"
	if q := dropParams(rawQuery, "table", "password"); q != "" {
		s.shown += q + "&"
	}
	s.shown += "table=" + url.QueryEscape(table)
	return s, nil
}

// withPort adds a port to the host of a URL without its query, the
// authority starting at from: "clickhouse://u:p@h/db" → "…@h:9000/db".
func withPort(base string, from int, port string) string {
	auth, path := base[from:], ""
	if i := strings.IndexByte(auth, '/'); i >= 0 {
		auth, path = auth[:i], auth[i:]
	}
	return base[:from] + auth + ":" + port + path
}

// dropParams removes the parameters named from a raw query, keeping the
// others as they are written.
func dropParams(rawQuery string, names ...string) string {
	var keep []string
	for _, kv := range strings.Split(rawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); kv == "" || err == nil && slices.Contains(names, k) {
			continue
		}
		keep = append(keep, kv)
	}
	return strings.Join(keep, "&")
}

// tableName splits [schema.]table and refuses anything but letters, digits
// and _ in each part: a name is never a place for SQL.
func tableName(t string) ([]string, error) {
	parts := strings.Split(t, ".")
	if len(parts) > 2 {
		return nil, fmt.Errorf("table %q: give a table or schema.table", t)
	}
	for _, p := range parts {
		if !isName(p) {
			return nil, fmt.Errorf("table %q: a table name has letters, digits and _ only (schema.table); create a view to read anything else", t)
		}
	}
	return parts, nil
}

func isName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// mapColumns reads "role=column,…" from the URL and adds the mapping m.
func (s *Source) mapColumns(fromURL string, m map[string]string) error {
	add := func(role, col string) error {
		role, col = strings.TrimSpace(role), strings.TrimSpace(col)
		if !slices.Contains(decl.Columns, role) {
			return fmt.Errorf("column mapping %q: %q is not a declaration column; use %s", role+"="+col, role, strings.Join(decl.Columns, ", "))
		}
		if !isName(col) {
			return fmt.Errorf("column mapping %q: a column name has letters, digits and _ only", role+"="+col)
		}
		s.Columns[role] = col
		return nil
	}
	if fromURL != "" {
		for _, kv := range strings.Split(fromURL, ",") {
			role, col, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("column mapping %q: write ROLE=COLUMN, such as declared_on=decl_date", kv)
			}
			if err := add(role, col); err != nil {
				return err
			}
		}
	}
	for role, col := range m {
		if err := add(role, col); err != nil {
			return err
		}
	}
	return nil
}

// column is the table's column that holds a declaration column.
func (s *Source) column(role string) string {
	if c, ok := s.Columns[role]; ok {
		return c
	}
	return role
}

// scrub removes every password from a driver's message.
func (s *Source) scrub(msg string) string {
	for _, p := range s.password {
		msg = strings.ReplaceAll(msg, p, "******")
		if e := url.QueryEscape(p); e != p {
			msg = strings.ReplaceAll(msg, e, "******")
		}
	}
	return msg
}

// redactRaw shows a URL that did not parse without what could be a
// password: everything between the scheme and the last @.
func redactRaw(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return "the warehouse URL"
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, _, _ := strings.Cut(rest[:at], ":")
		rest = user + "@" + rest[at+1:]
	}
	if q := strings.Index(rest, "?"); q >= 0 {
		rest = rest[:q]
	}
	// One line, whatever the URL holds.
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, scheme+"://"+rest)
}

// Redact returns a warehouse URL without its password, for showing it
// (a command line in a report's provenance, say); s is returned as it is
// when it is not a warehouse URL.
func Redact(s string) string {
	if !IsURL(s) {
		return s
	}
	if src, err := Parse(s, nil); err == nil {
		return src.String()
	}
	return redactRaw(s)
}

// schemaName splits a table's name (Source.Table) into its schema or
// database ("" for the connection's own) and its own name.
func schemaName(table []string) (schema, name string) {
	if len(table) == 2 {
		schema = table[0]
	}
	return schema, table[len(table)-1]
}
