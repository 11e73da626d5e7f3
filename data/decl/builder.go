package decl

import (
	"fmt"
	"sync"

	"github.com/cbec-stats/ceb/data"
)

// Groups aggregated elsewhere (a warehouse's GROUP BY) turned into the
// Result Aggregate makes of the same records.

// Group is the sums of good records that share a month, flow, currency,
// class and dimensions, aggregated elsewhere: a warehouse runs the GROUP BY
// and a Builder turns its groups into the Result Aggregate would have made
// of the same records.
type Group struct {
	Year, Month int
	Flow        data.Flow     // data.Export or data.Import
	Currency    data.Currency // data.CNY or data.USD
	CBEC        bool          // the records' supervision mode is a CBEC mode
	// The dimensions asked for (Options.Dims); the others are ignored.
	Partner, Province string
	TradeMode         string // four digits
	HS                string // the HS code's first digits (hs2…hs8: 2…8), or all of a shorter code
	Fen               int64  // the sum of the values in fen
	Records, Pieces   int64
}

// Builder collects groups into a Result. One group may be added in several
// parts (the same month and dimensions under two spellings of a flow, say);
// the parts are summed.
type Builder struct {
	plan *Plan
	w    *aggWorker
	res  Result
}

// NewBuilder checks opt (Options.Plan; By, CBECModes, Dims and SkipBad
// are used, the others are for files) and returns an empty builder; source
// names the input in findings.
func NewBuilder(source string, opt Options) (*Builder, error) {
	p, err := opt.Plan()
	if err != nil {
		return nil, err
	}
	cols := make([]int, len(Columns))
	for i := range cols {
		cols[i] = i
	}
	b := &Builder{plan: p, w: newWorker(cols, p.modes, p.dimRoles, source)}
	b.res.dims = opt.Dims
	return b, nil
}

// Add adds a group. It refuses a group no record could make (a month out of
// 1970–2169, an unknown flow or currency, a malformed trade_mode or hs2 it
// breaks down by, a negative sum) and one whose sums overflow.
func (b *Builder) Add(g Group) error {
	w := b.w
	if g.Year < slotFirstY || g.Year >= slotFirstY+slotYears || g.Month < 1 || g.Month > 12 {
		return fmt.Errorf("group %d-%02d: month out of range", g.Year, g.Month)
	}
	flow, cur := 0, 0
	switch g.Flow {
	case data.Export:
	case data.Import:
		flow = 1
	default:
		return fmt.Errorf("group flow %q: not export or import", g.Flow)
	}
	switch g.Currency {
	case data.CNY:
	case data.USD:
		cur = 1
	default:
		return fmt.Errorf("group currency %q: not CNY or USD", g.Currency)
	}
	if g.Fen < 0 || g.Records < 0 || g.Pieces < 0 {
		return fmt.Errorf("group %d-%02d: negative sum", g.Year, g.Month)
	}
	slot := (((g.Year-slotFirstY)*12+g.Month-1)*2+flow)*2 + cur
	var t, c *acc // the trade and CBEC sums of the group
	if w.groups == nil {
		t, c = &w.trade[slot], &w.cbec[slot]
	} else {
		f := &w.fieldsBuf
		f[rolePartner], f[roleProvince] = []byte(g.Partner), []byte(g.Province)
		f[roleMode], f[roleHS] = []byte(g.TradeMode), []byte(g.HS)
		for _, r := range b.plan.dimRoles {
			if r == roleMode && (len(g.TradeMode) != 4 || !allDigits(f[roleMode])) {
				return fmt.Errorf("group trade_mode %q: not four digits", g.TradeMode)
			}
			if n := hsRoleDigits(r); n > 0 && (len(g.HS) < 2 || len(g.HS) > n || !allDigits(f[roleHS])) {
				return fmt.Errorf("group hs%d %q: not 2 to %d digits", n, g.HS, n)
			}
		}
		sums := w.group(slot, f)
		t, c = &sums[0], &sums[1]
	}
	if !g.CBEC {
		c = &w.sink
	}
	add := acc{g.Fen, g.Records, g.Pieces}
	if !t.add(add) {
		return fmt.Errorf("group %d-%02d: a sum overflows 64-bit fen; split the input", g.Year, g.Month)
	}
	c.add(add) // never more than the trade sums; the sink is never read
	w.records += g.Records
	return nil
}

// SetBad records the bad records found: count in all, of which first lists
// a few, in the order they should be reported.
func (b *Builder) SetBad(count int64, first []data.Finding) {
	b.res.BadCount, b.res.Bad = count, first
}

// Result rolls the groups up as Aggregate does. With more bad records than
// Options.SkipBad it is an error naming the first (the Result still lists
// those found).
func (b *Builder) Result() (*Result, error) {
	merged := newGroupTable(b.plan.dimRoles)
	months := make([]bool, slotYears*12)
	if !merged.merge(b.w, months) {
		return nil, fmt.Errorf("%s: a sum overflows 64-bit fen; split the input", b.w.file)
	}
	b.res.Records = b.w.records
	if b.res.BadCount > int64(b.plan.opt.SkipBad) && len(b.res.Bad) == 0 {
		b.res.Bad = []data.Finding{{File: b.w.file, Severity: data.SevError, Message: fmt.Sprintf("%d bad records", b.res.BadCount)}}
	}
	return b.res.finish(merged, months, b.plan, nil)
}

// Reason says why a record is bad, in the words Aggregate uses for a bad
// record in a file, or "" when it is good. fields are in Columns order, as
// text (a date as YYYY-MM-DD, a value as a decimal).
func Reason(fields [10]string) string {
	w := newWorker([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, defaultModes(), []int{}, "")
	var f [10][]byte
	for i, s := range fields {
		f[i] = []byte(s)
	}
	w.record(&f, 0)
	if len(w.bad) == 0 {
		return ""
	}
	return w.bad[0].Message
}

// defaultModes is the mode set Reason validates with (modes do not make a
// record bad).
var defaultModes = sync.OnceValue(func() *modeSet {
	m, _ := newModeSet(nil)
	return m
})
