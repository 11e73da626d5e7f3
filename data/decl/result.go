package decl

import (
	"fmt"
	"iter"
	"strconv"

	"github.com/cbec-stats/ceb/data"
)

// What an aggregation returns: Result and its Rows.

// Row is one aggregate: a class (cbec or trade), flow, period,
// currency and dimensions, with the exact sum in fen.
type Row struct {
	Series   string
	Flow     data.Flow
	Period   data.Period
	Currency data.Currency
	Dims     data.Dims
	Fen      int64
	Records  int64
	Pieces   int64
}

// Yuan writes the sum in yuan with two decimals, exactly.
func (r Row) Yuan() string {
	var b [24]byte
	return string(r.appendYuan(b[:0]))
}

// appendYuan appends Yuan's text to out.
func (r Row) appendYuan(out []byte) []byte {
	f := uint64(r.Fen)
	if r.Fen < 0 {
		out, f = append(out, '-'), -f // also right for math.MinInt64
	}
	out = strconv.AppendUint(out, f/100, 10)
	return append(out, '.', byte('0'+f%100/10), byte('0'+f%10))
}

// Result is the outcome of an aggregation.
type Result struct {
	rows    rowSet
	spill   *spiller       // groups spilled to disk, removed by Close
	dims    []string       // the dimensions asked for, in their order
	Records int64          // good records read
	Bad     []data.Finding // bad records, in line order (those found before reading stopped)
	// BadCount is the number of bad records found: len(Bad) for files; a
	// warehouse counts them all and lists only the first few in Bad.
	BadCount int64
	Skipped  []string // periods left out as incomplete, by a period coarser than month
	// stopped: the bad-record limit stopped reading a file, so BadCount
	// is what was found by then, not all there are.
	stopped bool
}

// Rows yields the aggregates in the order series (cbec, then trade),
// currency, period, dimensions (DimNames order: partner, province,
// trade_mode, hs), flow (total, export, import). A total is export +
// import. A row is there only when it has records. The rows are made as
// they are read, from the groups.
func (r *Result) Rows() iter.Seq[Row] {
	if r.rows == nil {
		return func(func(Row) bool) {}
	}
	return r.rows.all
}

// Len is the number of rows Rows yields.
func (r *Result) Len() int {
	if r.rows == nil {
		return 0
	}
	return r.rows.count()
}

// Stopped reports whether the bad-record limit stopped reading: then Bad
// holds the records found by then — the file's first bad record always
// among them — and BadCount their number, not all there are.
func (r *Result) Stopped() bool { return r != nil && r.stopped }

// Err reports a failure while Rows was yielding (reading back groups that
// were spilled to disk), after which it stopped early.
func (r *Result) Err() error {
	if r.rows == nil {
		return nil
	}
	return r.rows.failure()
}

// Close removes the files of groups spilled to disk, if any.
func (r *Result) Close() error {
	if r.spill != nil {
		r.spill.remove()
		r.spill = nil
	}
	return nil
}

// rowSet is where the rows come from: groups in memory or spilled runs.
type rowSet interface {
	all(yield func(Row) bool)
	count() int
	failure() error
}

// finish checks the bad records against the plan's SkipBad and rolls the
// merged groups up into the result's rows, with the groups spilled to sp
// when it is not nil.
func (res *Result) finish(merged *groupTable, months []bool, p *Plan, sp *spiller) (*Result, error) {
	opt := p.opt
	if res.BadCount > int64(opt.SkipBad) {
		first := res.Bad[0]
		if opt.SkipBad == 0 {
			return res, &first
		}
		if res.stopped {
			// How many were found before the workers stopped depends on
			// how far each got; the first does not (badLimit).
			return res, data.Fail(first.File, first.Line, "more than the %d bad records tolerated; the first: %s", opt.SkipBad, first.Message)
		}
		return res, data.Fail(first.File, first.Line, "%d bad records, more than the %d tolerated; the first: %s", res.BadCount, opt.SkipBad, first.Message)
	}
	var overflow bool
	if sp != nil && sp.used {
		sp.spill(merged)
		rows, skipped, of, err := sp.finish(merged.use, months)
		if err != nil {
			return nil, err
		}
		res.rows, res.Skipped, res.spill, overflow = rows, skipped, sp, of
	} else {
		res.rows, res.Skipped, overflow = buildRows(merged, months, p.by)
	}
	if overflow {
		res.Close()
		return nil, fmt.Errorf("a sum by %s overflows 64-bit fen; aggregate by month or split the input", opt.By)
	}
	return res, nil
}

// Observations returns the aggregates as observations (value in yuan,
// rounding step one fen) for `ceb stats --data declarations.csv`.
func (r *Result) Observations(source string) []data.Observation {
	out := make([]data.Observation, 0, r.Len())
	for a := range r.Rows() {
		v, _ := strconv.ParseFloat(a.Yuan(), 64)
		out = append(out, data.Observation{Series: a.Series, Flow: a.Flow, Period: a.Period, Value: v, HasValue: true, Step: 0.01,
			Unit: data.Unit1, Currency: a.Currency, Dims: a.Dims, Source: source, Note: fmt.Sprintf("%d records, %d pieces", a.Records, a.Pieces),
			Pos: data.Pos{File: source}})
	}
	return out
}
