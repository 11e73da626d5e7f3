package warehouse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/decl"
)

// Options control Aggregate.
type Options struct {
	// Options are the aggregation's: By, CBECModes, Dims and SkipBad mean
	// what they mean for files; the others are ignored.
	decl.Options
	// Columns maps declaration columns to the table's (declared_on →
	// decl_date, say), besides any the URL maps.
	Columns map[string]string
	// Progress, when set, is called with 0 when the query is sent and then
	// with the number of groups received so far.
	Progress func(groups int64)
	// ListBad caps the bad records listed with their reasons (default 10);
	// all are counted.
	ListBad int
}

// Aggregate runs the aggregation of the declarations table a URL names in
// the warehouse, fetches only the groups, and returns the Result
// decl.Aggregate makes of a file with the same records: its CSV is the same
// byte for byte. Bad records are counted by the same query and the first
// few (by declaration_id) are listed with the reason a file reader would
// give. The query checks the upper bounds of value and pieces on each
// group's sums; only when a sum reaches one does it run again, checking
// them on each record (plan.bounds). Errors name the URL without its
// password.
func Aggregate(ctx context.Context, rawURL string, opt Options) (*decl.Result, error) {
	src, err := Parse(rawURL, opt.Columns)
	if err != nil {
		return nil, err
	}
	if len(opt.Dims) == 0 {
		opt.Dims = src.Dims
	}
	if opt.By == "" {
		opt.By = src.By
	}
	if _, err := decl.NewBuilder(src.String(), opt.Options); err != nil {
		return nil, err // the options, checked before connecting
	}
	c, err := connect(ctx, src)
	if err != nil {
		return nil, err
	}
	defer c.close()
	p, err := newPlan(ctx, c, src, opt.Options)
	if err != nil {
		return nil, err
	}
	c.prepare(ctx, len(p.dims) > 0)
	res, err := collect(ctx, c, p, src, opt)
	if errors.Is(err, errBound) {
		// A group's sum reached a bound: whether one of its records did
		// too only the per-row bounds tell.
		if boundsAgain != nil {
			boundsAgain()
		}
		p.bounds = true
		res, err = collect(ctx, c, p, src, opt)
	}
	return res, err
}

// errBound stops an aggregation without per-row bounds (plan.bounds) at a
// group whose sum of value or pieces reaches a record's upper bound.
var errBound = errors.New("a group's sum reaches a record's upper bound")

// boundsAgain, when set (by tests), runs before an aggregation is run
// again with the per-row bounds.
var boundsAgain func()

// beforeList, when set (by tests), runs between the aggregation and the
// listing of its bad records.
var beforeList func()

// collect runs p's aggregation and reads its groups into a Result, with
// the bad records it counted and the first of them listed.
func collect(ctx context.Context, c conn, p *plan, src *Source, opt Options) (*decl.Result, error) {
	b, err := decl.NewBuilder(src.String(), opt.Options)
	if err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(0)
	}
	var groups, bad int64
	class := p.modeClass()
	err = aggregate(ctx, c, p, func(v []string) error {
		groups++
		if opt.Progress != nil && groups%10000 == 0 {
			opt.Progress(groups)
		}
		if !isTrue(v[0]) || !keysGood(v[1], v[2], v[3], v[4], class) {
			n, err := strconv.ParseInt(v[len(v)-2], 10, 64)
			bad += n
			return err
		}
		g, err := p.group(v)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		return b.Add(g)
	})
	if err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(groups)
	}
	if bad > 0 {
		if beforeList != nil {
			beforeList()
		}
		list, err := listBad(ctx, c, p, src, opt.ListBad)
		if err != nil {
			return nil, err
		}
		b.SetBad(bad, list)
	}
	return b.Result()
}

// aggregate runs the aggregation query, in parts on an engine that runs
// one query on one thread (parter) when it can.
func aggregate(ctx context.Context, c conn, p *plan, fn func([]string) error) error {
	if pc, ok := c.(parter); ok && pc.parts() > 1 {
		if done, err := pc.eachPart(ctx, p, fn); done || err != nil {
			return err
		}
	}
	c.snapshot(ctx)
	return c.each(ctx, p.aggregate(), fn)
}

func connect(ctx context.Context, src *Source) (conn, error) {
	switch src.Engine {
	case ClickHouse:
		return connectClickHouse(ctx, src)
	case MySQL:
		return connectMySQL(ctx, src)
	}
	return connectPostgres(ctx, src)
}

// newPlan looks the table's columns up and checks their types.
func newPlan(ctx context.Context, c conn, src *Source, opt decl.Options) (*plan, error) {
	cols, err := c.columns(ctx, src.Table)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: no table or view %s that this user can see; check the table parameter and the database", src, strings.Join(src.Table, "."))
	}
	p := &plan{d: c.dialect(), src: src, types: map[string]colType{}, modes: opt.CBECModes, dims: opt.Dims}
	if p.modes == nil {
		p.modes = decl.DefaultCBECModes
	}
	p.cbec = map[string]bool{}
	for _, m := range p.modes {
		p.cbec[m] = true
	}
	for _, r := range decl.Columns {
		if t, ok := cols[src.column(r)]; ok {
			p.types[r] = t
		}
	}
	if err := p.checkTypes(src.String()); err != nil {
		return nil, err
	}
	p.bounds = p.types["value"].wide || p.types["pieces"].wide
	return p, nil
}

// group reads one good group of the aggregation query.
func (p *plan) group(v []string) (decl.Group, error) {
	var g decl.Group
	var err error
	// keysGood has checked them.
	g.Year, _ = strconv.Atoi(v[1][:4])
	g.Month, _ = strconv.Atoi(v[1][5:7])
	switch v[2] {
	case "export", "E", "e":
		g.Flow = data.Export
	default:
		g.Flow = data.Import
	}
	g.Currency = data.CNY
	if v[3] == "USD" {
		g.Currency = data.USD
	}
	if p.modeClass() {
		g.CBEC = v[4] == "1" // a class, classOf's
	} else {
		g.TradeMode = v[4] // keysGood has checked it
		g.CBEC = p.cbec[g.TradeMode]
	}
	dims := p.groupDims()
	for i, d := range dims {
		switch s := v[5+i]; d {
		case "partner":
			g.Partner = s
		case "province":
			g.Province = s
		case "hs2", "hs4", "hs6", "hs8":
			g.HS = s
		}
	}
	n := 5 + len(dims)
	// Without the per-row bounds, a sum beyond int64 or that is no
	// number (NaN) may hold a record the bounds refuse: run again.
	if g.Fen, err = parseSum(v[n], 2); err != nil {
		if !p.bounds {
			return g, errBound
		}
		return g, fmt.Errorf("sum of value %q: %w", v[n], err)
	}
	if g.Records, err = strconv.ParseInt(v[n+1], 10, 64); err != nil {
		return g, fmt.Errorf("count %q: %w", v[n+1], err)
	}
	if g.Pieces, err = parseSum(v[n+2], 0); err != nil {
		if !p.bounds {
			return g, errBound
		}
		return g, fmt.Errorf("sum of pieces %q: %w", v[n+2], err)
	}
	if !p.bounds && (g.Fen >= maxFen || g.Pieces >= maxPieces) {
		return g, errBound
	}
	return g, nil
}

var errOverflow = errors.New("a sum overflows 64-bit fen; split the input")

// parseSum reads an exact decimal sum as an integer of the given decimals
// (2: fen, 0: a count). Decimals beyond those must be zeros. It reads the
// digits itself, without a copy: a breakdown reads two sums per group.
func parseSum(s string, decimals int) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, errors.New("not an exact non-negative decimal")
	}
	if len(frac) > decimals && strings.TrimRight(frac[decimals:], "0") != "" {
		return 0, fmt.Errorf("more than %d decimals", decimals)
	}
	var n int64
	for i := range len(whole) + decimals {
		d := int64(0)
		switch {
		case i < len(whole):
			d = int64(whole[i] - '0')
		case i-len(whole) < len(frac):
			d = int64(frac[i-len(whole)] - '0')
		}
		if n > (math.MaxInt64-d)/10 {
			return 0, errOverflow
		}
		n = n*10 + d
	}
	return n, nil
}

// allDigits reports whether s has only the ASCII digits (true when empty).
func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// listBad fetches the first bad records and words why each is bad as the
// file reader would.
func listBad(ctx context.Context, c conn, p *plan, src *Source, n int) ([]data.Finding, error) {
	if n <= 0 {
		n = 10
	}
	var list []data.Finding
	err := c.each(ctx, p.badRows(n), func(v []string) error {
		var f [10]string
		copy(f[:], v)
		// A decimal column prints its scale (1.000); the number is what counts.
		f[8], f[9] = trimZeros(f[8], 2), trimZeros(f[9], 0)
		why := decl.Reason(f)
		if why == "" {
			why = "refused by the query's checks" // a value the file reader would take, such as 1.500
		}
		list = append(list, data.Finding{File: src.String(), Severity: data.SevError, Message: "declaration " + f[0] + ": " + why})
		return nil
	})
	return list, err
}

// trimZeros drops zeros after the decimals-th decimal (and the point when
// none is left): "1.000" → "1.00" with 2, "3.0" → "3" with 0.
func trimZeros(s string, decimals int) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	keep := len(strings.TrimRight(s, "0"))
	if keep < dot+1+decimals {
		keep = dot + 1 + decimals
	}
	if decimals == 0 && keep == dot+1 {
		keep = dot
	}
	return s[:keep]
}

// isTrue reads a boolean key as text: PostgreSQL writes true, ClickHouse 1.
func isTrue(s string) bool { return s == "true" || s == "1" }
