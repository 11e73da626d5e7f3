package decl

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// Groups of an aggregation. A group is a currency, a month (or, once rolled
// up, a period) and the values of the dimensions asked for; it holds the
// sums of its records by flow and class. Partner and province are text and
// are interned, each table numbering the values in the order it meets them;
// trade_mode (four digits) and the HS code (hsKey) are their own numbers. So a
// group's key is two integers, and merging the workers' tables and rolling
// months up to quarters never hashes or compares a string.

// Dimension places in a group key, in the order rows are sorted on them
// (DimNames: partner, province, trade_mode, hs).
const (
	dimPartner = iota
	dimProvince
	dimMode
	dimHS
)

// dimKey packs a group key into two words, the province id across both:
//
//	a: currency (bit 63) | period index (bits 48..62) | partner id (bits 16..47) | province id, high half (bits 0..15)
//	b: province id, low half (bits 48..63) | trade_mode (bits 34..47) | hs (bits 0..33)
//
// Once partner and province ids are replaced by the values' ranks in
// string order, the words compare in the order of the output rows:
// currency, period, partner, province, trade_mode, hs. A period index is
// below 2^15 (200 years of months) and a trade_mode below 10,000.
type dimKey struct{ a, b uint64 }

func packKey(cur, period int, partner, province uint32, mode, hs int) dimKey {
	return dimKey{
		uint64(cur)<<63 | uint64(period)<<48 | uint64(partner)<<16 | uint64(province>>16),
		uint64(province&0xffff)<<48 | uint64(mode)<<34 | uint64(hs),
	}
}

func (k dimKey) cur() int         { return int(k.a >> 63) }
func (k dimKey) period() int      { return int(k.a>>48) & (1<<15 - 1) }
func (k dimKey) partner() uint32  { return uint32(k.a >> 16) }
func (k dimKey) province() uint32 { return uint32(k.a&0xffff)<<16 | uint32(k.b>>48) }
func (k dimKey) mode() int        { return int(k.b>>34) & (1<<14 - 1) }
func (k dimKey) hs() int          { return int(k.b & (1<<34 - 1)) }
func (k dimKey) withPeriod(p int) dimKey {
	return packKey(k.cur(), p, k.partner(), k.province(), k.mode(), k.hs())
}

// hsKey numbers an HS code cut to its first digits (2, 4, 6 or 8; a
// shorter code is kept whole): its value times 16 plus its length, so
// that 84 and 0084 differ. Codes of one length sort as their text does.
func hsKey(code []byte, digits int) int {
	if digits == 2 && len(code) >= 2 { // chapters, the usual breakdown
		return (int(code[0]-'0')*10+int(code[1]-'0'))<<4 | 2
	}
	n := min(len(code), digits)
	v := 0
	for _, c := range code[:n] {
		v = v*10 + int(c-'0')
	}
	return v<<4 | n
}

// hsCut is the hsKey of the code of hsKey k cut to its first digits.
func hsCut(k, digits int) int {
	v, n := k>>4, k&15
	for ; n > digits; n-- {
		v /= 10
	}
	return v<<4 | n
}

// hsText writes an hsKey back as the code.
func hsText(k int) string {
	v, n := k>>4, k&15
	if n == 2 {
		return codeText(v, 2)
	}
	s := strconv.Itoa(v)
	return strings.Repeat("0", n-len(s)) + s
}

// remap returns k with its partner and province ids replaced by
// partners[id] and provinces[id], for the dimensions in use.
func (k dimKey) remap(use [4]bool, partners, provinces []uint32) dimKey {
	var partner, province uint32
	if use[dimPartner] {
		partner = partners[k.partner()]
	}
	if use[dimProvince] {
		province = provinces[k.province()]
	}
	return packKey(k.cur(), k.period(), partner, province, k.mode(), k.hs())
}

// flowSums are a group's sums by flow (export, import) and class (trade,
// cbec).
type flowSums [2][2]acc

// add adds s to d and reports false if a sum overflows.
func (d *flowSums) add(s *flowSums) bool {
	ok := true
	for fl := range d {
		for cl := range d[fl] {
			ok = d[fl][cl].add(s[fl][cl]) && ok
		}
	}
	return ok
}

// interner numbers distinct strings from 0 in the order they are met.
type interner struct {
	ids  map[string]uint32
	vals []string
}

// id returns b's number, adding it if new; the lookup does not allocate.
func (in *interner) id(b []byte) uint32 {
	if id, ok := in.ids[string(b)]; ok {
		return id
	}
	return in.add(string(b))
}

// idOf returns s's number, adding it if new.
func (in *interner) idOf(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	return in.add(s)
}

// add numbers s, which is new.
func (in *interner) add(s string) uint32 {
	id := uint32(len(in.vals))
	in.ids[s] = id
	in.vals = append(in.vals, s)
	return id
}

// ranks returns, for each number, the value's place in string order.
func (in *interner) ranks() []uint32 {
	order := make([]int, len(in.vals))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return strings.Compare(in.vals[x], in.vals[y]) })
	r := make([]uint32, len(order))
	for rank, i := range order {
		r[i] = uint32(rank)
	}
	return r
}

// groupTable holds groups and their sums, in the order they were added.
//
// It is its own hash table, for memory: the groups (key and sums, 112
// bytes) sit in a slab, and the index is open addressing over int32
// group numbers, linear probing, at most three quarters full — 4 to 8
// bytes a group, where a Go map of key to number took about 40 and a
// second copy of the key. A table numbers at most maxTableGroups groups
// (about 260 GB of them); a budget spills tables before that.
type groupTable struct {
	use                 [4]bool // which dimensions, by dimPartner..dimHS
	hsDigits            int     // with dimHS: how many digits of the code
	partners, provinces interner
	slots               []int32 // group number + 1; 0 is empty
	shift               uint    // 64 - log2(len(slots))
	groups              slab[group]
}

// maxTableGroups is the most groups a table's int32 numbers can hold.
const maxTableGroups = 1<<31 - 2

// group is one group's key and sums.
type group struct {
	key  dimKey
	sums flowSums
}

// slabBits sets a slab's block: 4,096 entries.
const slabBits = 12

// slab is a growable array kept in fixed blocks. Growing never copies, so
// the memory held is the entries and one part-filled block; a slice grown
// by append holds up to twice its length, and three times while it copies.
type slab[T any] struct {
	blocks [][]T
	n      int
}

func (s *slab[T]) len() int { return s.n }

// at returns entry i, which must exist.
func (s *slab[T]) at(i int) *T { return &s.blocks[i>>slabBits][i&(1<<slabBits-1)] }

// push appends v.
func (s *slab[T]) push(v T) {
	if s.n>>slabBits == len(s.blocks) {
		s.blocks = append(s.blocks, make([]T, 1<<slabBits))
	}
	*s.at(s.n) = v
	s.n++
}

// newGroupTable makes a table for the dimension roles given (nil: none).
func newGroupTable(dimRoles []int) *groupTable {
	t := &groupTable{slots: make([]int32, 64), shift: 64 - 6}
	t.partners.ids, t.provinces.ids = map[string]uint32{}, map[string]uint32{}
	for _, r := range dimRoles {
		switch r {
		case rolePartner:
			t.use[dimPartner] = true
		case roleProvince:
			t.use[dimProvince] = true
		case roleMode:
			t.use[dimMode] = true
		case roleHS2, roleHS4, roleHS6, roleHS8:
			t.use[dimHS], t.hsDigits = true, hsRoleDigits(r)
		}
	}
	return t
}

// len is the number of groups.
func (t *groupTable) len() int { return t.groups.len() }

// key is group i's key.
func (t *groupTable) key(i int) dimKey { return t.groups.at(i).key }

// sum is group i's sums.
func (t *groupTable) sum(i int) *flowSums { return &t.groups.at(i).sums }

// home is k's first slot: the words mixed (as in the finaliser of
// MurmurHash3) and the top bits taken.
func (t *groupTable) home(k dimKey) uint64 {
	h := k.a*0x9e3779b97f4a7c15 ^ k.b
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h >> t.shift
}

// at returns the number of k's group, adding the group if new.
func (t *groupTable) at(k dimKey) int {
	mask := uint64(len(t.slots) - 1)
	for j := t.home(k); ; j = (j + 1) & mask {
		s := t.slots[j]
		if s == 0 {
			i := t.groups.len()
			t.groups.push(group{key: k})
			t.slots[j] = int32(i + 1)
			if 4*t.groups.len() > 3*len(t.slots) {
				t.grow()
			}
			return i
		}
		if g := t.groups.at(int(s - 1)); g.key == k {
			return int(s - 1)
		}
	}
}

// grow doubles the index and places every group again.
func (t *groupTable) grow() {
	t.slots, t.shift = make([]int32, 2*len(t.slots)), t.shift-1
	mask := uint64(len(t.slots) - 1)
	for i := range t.groups.len() {
		j := t.home(t.key(i))
		for t.slots[j] != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = int32(i + 1)
	}
}

// group returns the sums [trade, cbec] of a record's slot (year-month ×
// flow × currency) and dimensions, whose fields f holds. The record is
// valid: its trade_mode is four digits and its hs_code at least two.
func (w *aggWorker) group(slot int, f *[10][]byte) *[2]acc {
	use, p := &w.groups.use, &w.pos
	var mode, hs int
	if use[dimMode] {
		m := f[p[roleMode]]
		mode = int(m[0]-'0')*1000 + int(m[1]-'0')*100 + int(m[2]-'0')*10 + int(m[3]-'0')
	}
	if use[dimHS] {
		hs = hsKey(f[p[roleHS]], w.groups.hsDigits)
	}
	return w.groupOf(slot, f[p[rolePartner]], f[p[roleProvince]], mode, hs)
}

// groupOf returns the sums [trade, cbec] of a slot and the dimension values
// given (those the table does not use are ignored), spilling the table
// first when it is full.
func (w *aggWorker) groupOf(slot int, partner, province []byte, mode, hs int) *[2]acc {
	if w.spill != nil && w.groups.len() >= w.spillAt {
		w.spill.spill(w.groups) // over the budget: out to disk, start again
		w.groups = newGroupTable(w.dims)
	}
	t := w.groups
	var pa, pr uint32
	if t.use[dimPartner] {
		pa = t.partners.id(partner)
	}
	if t.use[dimProvince] {
		pr = t.provinces.id(province)
	}
	if !t.use[dimMode] {
		mode = 0
	}
	if !t.use[dimHS] {
		hs = 0
	}
	k := packKey(slot&1, slot>>2, pa, pr, mode, hs)
	return &t.sum(t.at(k))[slot>>1&1]
}

// merge adds a worker's sums to t, a table of the same dimensions, marks
// the months that have records, and reports false if a sum overflows.
func (t *groupTable) merge(w *aggWorker, months []bool) bool {
	ok := true
	if w.groups == nil {
		for s := range w.trade {
			if w.trade[s].records == 0 { // then cbec has none either
				continue
			}
			months[s>>2] = true
			d := &t.sum(t.at(packKey(s&1, s>>2, 0, 0, 0, 0)))[s>>1&1]
			ok = d[0].add(w.trade[s]) && d[1].add(w.cbec[s]) && ok
		}
		return ok
	}
	g := w.groups
	translate := func(from, to *interner) []uint32 {
		m := make([]uint32, len(from.vals))
		for i, v := range from.vals {
			m[i] = to.idOf(v)
		}
		return m
	}
	partners, provinces := translate(&g.partners, &t.partners), translate(&g.provinces, &t.provinces)
	for i := range g.len() {
		k := g.key(i)
		months[k.period()] = true
		ok = t.sum(t.at(k.remap(t.use, partners, provinces))).add(g.sum(i)) && ok
	}
	return ok
}

// periodIndex numbers the periods of one kind in time order.
func periodIndex(by data.PeriodKind, y, m int) int {
	y -= slotFirstY
	switch by {
	case data.KindQuarter:
		return y*4 + (m-1)/3
	case data.KindHalf:
		return y*2 + (m-1)/6
	case data.KindYear:
		return y
	}
	return y*12 + m - 1
}

// periodAt is the period of a periodIndex.
func periodAt(by data.PeriodKind, i int) data.Period {
	switch by {
	case data.KindQuarter:
		return data.Quarter(slotFirstY+i/4, i%4+1)
	case data.KindHalf:
		return data.Half(slotFirstY+i/2, i%2+1)
	case data.KindYear:
		return data.Year(slotFirstY + i)
	}
	return data.Month(slotFirstY+i/12, i%12+1)
}

// aggRows are the rows of an aggregation, made as they are read: with
// --dims there can be millions, and a slice of them would take more memory
// than the groups themselves.
type aggRows struct {
	t     *groupTable
	order []int32 // group indexes in row order
	by    data.PeriodKind
	n     int // rows
}

// buildRows turns the monthly groups of t into the rows of the requested
// period kind. A quarter, half or year is kept only when every one of its
// months has records (months, indexed by year-month); the others are
// listed. It reports an overflow of a sum, the totals (export + import)
// included, so that reading the rows cannot fail.
func buildRows(t *groupTable, months []bool, by data.PeriodKind) (*aggRows, []string, bool) {
	ok := true
	skipped := map[string]bool{}
	if by != data.KindMonth {
		// complete[p]: every month of period index p has records.
		complete := make([]bool, periodIndex(by, slotFirstY+slotYears, 1))
		for p := range complete {
			complete[p] = true
		}
		for ym, has := range months {
			if !has {
				complete[periodIndex(by, slotFirstY+ym/12, ym%12+1)] = false
			}
		}
		rolled := newGroupTable(nil)
		for i := range t.len() {
			k := t.key(i)
			ym := k.period()
			p := periodIndex(by, slotFirstY+ym/12, ym%12+1)
			if !complete[p] {
				skipped[periodAt(by, p).String()] = true
				continue
			}
			ok = rolled.sum(rolled.at(k.withPeriod(p))).add(t.sum(i)) && ok
		}
		rolled.use, rolled.partners, rolled.provinces = t.use, t.partners, t.provinces
		t = rolled
	}
	rows := &aggRows{t: t, by: by}

	// Sort the groups on their keys with ids replaced by ranks.
	partnerRank, provinceRank := t.partners.ranks(), t.provinces.ranks()
	type entry struct {
		a, b uint64
		i    int
	}
	sorted := make([]entry, t.len())
	for i := range sorted {
		r := t.key(i).remap(t.use, partnerRank, provinceRank)
		sorted[i] = entry{r.a, r.b, i}
	}
	slices.SortFunc(sorted, func(x, y entry) int {
		if x.a != y.a {
			return cmp.Compare(x.a, y.a)
		}
		return cmp.Compare(x.b, y.b)
	})
	rows.order = make([]int32, len(sorted))
	for i, e := range sorted {
		rows.order[i] = int32(e.i)
	}

	// Count the rows and check the totals.
	for i := range t.len() {
		s := t.sum(i)
		for cl := range 2 {
			ex, im := s[0][cl], s[1][cl]
			if ex.records == 0 && im.records == 0 {
				continue
			}
			rows.n += 1 + btoi(ex.records > 0) + btoi(im.records > 0)
			ok = ex.add(im) && ok
		}
	}
	sk := make([]string, 0, len(skipped))
	for s := range skipped {
		sk = append(sk, s)
	}
	sort.Strings(sk)
	return rows, sk, !ok
}

func (r *aggRows) count() int     { return r.n }
func (r *aggRows) failure() error { return nil }

// all yields the rows in the order series (cbec, trade), currency, period,
// dimensions (DimNames order), flow (total, export, import).
func (r *aggRows) all(yield func(Row) bool) {
	if r == nil {
		return
	}
	for _, cl := range []int{1, 0} { // "cbec" < "trade"
		if !r.t.inOrder(r.order, func(g *outGroup) bool { return g.rows(cl, r.by, r.t.use, yield) }) {
			return
		}
	}
}

// inOrder calls f with the groups order numbers, in that order, until f
// returns false, and reports whether it got to the end. In sorted order
// the groups are scattered over the slab, and read one at a time between
// rows being made, each read waited for memory on its own: 12 of the 38 s
// of writing 27M rows in a profile. So a block of groups is first touched
// in a loop that does nothing else, where the reads overlap, then copied
// out while in cache: over 9.7M groups, 2.0 s a pass against 7.1 s.
func (t *groupTable) inOrder(order []int32, f func(*outGroup) bool) bool {
	var buf [128]outGroup
	for len(order) > 0 {
		blk := order[:min(len(order), len(buf))]
		order = order[len(blk):]
		var touch uint64
		for _, i := range blk {
			g := t.groups.at(int(i))
			touch += g.key.a ^ uint64(g.sums[1][1].pieces)
		}
		keep(touch)
		for j, i := range blk {
			buf[j] = t.outGroup(int(i))
		}
		for j := range blk {
			if !f(&buf[j]) {
				return false
			}
		}
	}
	return true
}

// keep uses x, so that the reads that made it are not left out.
//
//go:noinline
func keep(x uint64) { _ = x }

// outGroup is group i with its dimensions as text.
func (t *groupTable) outGroup(i int) outGroup {
	k := t.key(i)
	g := outGroup{cur: k.cur(), period: k.period(), mode: k.mode(), hs: k.hs(), sums: *t.sum(i)}
	if t.use[dimPartner] {
		g.partner = t.partners.vals[k.partner()]
	}
	if t.use[dimProvince] {
		g.province = t.provinces.vals[k.province()]
	}
	return g
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// add adds b's sums to a's and reports false, leaving a unchanged, if one
// would overflow.
func (a *acc) add(b acc) bool {
	if a.fen > math.MaxInt64-b.fen || a.records > math.MaxInt64-b.records || a.pieces > math.MaxInt64-b.pieces {
		return false
	}
	a.fen += b.fen
	a.records += b.records
	a.pieces += b.pieces
	return true
}
