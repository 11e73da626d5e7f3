package gacc

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// GACC layouts: the tables the General Administration of Customs publishes,
// read as published (docs/design.md, Published customs tables):
//
//   - release: the preliminary release table (1), total values, CN
//     (2024年11月全国进出口总值表（人民币值）) or EN ((1) China's Total Export &
//     Import Values, Nov 2024 (in CNY)): rows 进出口/出口/进口/贸易差额, columns
//     month, January-to-month, month-on-month %, year-on-year %, cumulative
//     year-on-year %; or the January–February table: value, year-on-year %.
//   - bulletin: the monthly bulletin table (1)B: rows YYYY.MM, the month's
//     进出口/出口/进口/贸易差额 and the same 1至当月累计; footnotes begin 注.
//   - country: the partner table: label (hierarchy by indentation, 其中
//     rows), total/export/import for the month and the year to date, and
//     year-to-date year-on-year % for each.
//   - trade mode: the release tables (2)/(3) by trade mode, for a month or
//     January to a month: a row per trade mode with export & import,
//     export, import and their year-on-year %; the "Total Value" row is all
//     trade, the others carry the trade_mode dimension.
//   - customs regime: the monthly bulletin table (5) by customs regime
//     (贸易方式): a row per regime with exports and imports for the month
//     and January to it, and the four year-on-year rates on the line below;
//     TOTAL is all trade. A row inside it that is not four numbers or
//     marks is an error naming its line.
//
// The unit line decides the unit (亿元, 万元, CNY 100 Million, USD 100
// Million, USD1 Million, 百万美元, 千美元); "-", "—", "…" are missing.
const (
	LayoutRelease   = "gacc-release"
	LayoutBulletin  = "gacc-bulletin"
	LayoutCountry   = "gacc-country"
	LayoutTradeMode = "gacc-trade-mode"
	LayoutRegime    = "gacc-regime"
	LayoutQuery     = "gacc-query"
)

// Layouts lists the GACC layouts.
var Layouts = []string{LayoutRelease, LayoutBulletin, LayoutCountry, LayoutTradeMode, LayoutRegime, LayoutQuery}

const gaccExpected = "expected a canonical file (header series,flow,period,value) or a GACC table: release table (1) (title like \"2024年11月全国进出口总值表（人民币值）\" or \"China's Total Export & Import Values, Nov 2024 (in USD)\", a unit line, rows 进出口/出口/进口/贸易差额), bulletin table (1)B (rows YYYY.MM), the country/region table, the trade-mode tables (2)/(3) or the bulletin table (5) by customs regime"

var (
	reCNTitle    = regexp.MustCompile(`(\d{4})年(\d{1,2})(?:月?\s*(?:-|—|–|至|到)\s*(\d{1,2}))?月`)
	reENTitle    = regexp.MustCompile(`(?i)(?:values|value)[^,]*,\s*([A-Za-z\-– ]+?)\s*(\d{4})`)
	reDate       = regexp.MustCompile(`(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})`)
	reBulletinYM = regexp.MustCompile(`^(\d{4})\s*[.年/-]\s*(\d{1,2})月?$`)
	reMonthYear  = regexp.MustCompile(`,\s*(\d{1,2})\.(\d{4})\s*$`)
)

// gaccMeta is what the lines around a table say.
type gaccMeta struct {
	title    string
	year     int
	from, to int // months of the title's period (to == 0: none)
	unit     data.Unit
	unitOK   bool
	unitErr  error
	currency data.Currency
	vintage  data.Date
	country  bool
	mode     bool // by trade mode (release tables (2)/(3))
	regime   bool // by customs regime (bulletin table (5))
}

func readMeta(g *Grid) gaccMeta {
	m := gaccMeta{currency: ""}
	for _, l := range g.Lines {
		t := l.Text
		low := strings.ToLower(t)
		switch {
		case strings.HasPrefix(low, "单位") || strings.HasPrefix(low, "unit") || strings.HasPrefix(low, "(unit"):
			u, c, err := data.ParseUnit(strings.Trim(strings.TrimSpace(unitText(t)), "()"))
			if err == nil {
				m.unit, m.unitOK = u, true
				if c != "" {
					m.currency = c
				}
			} else if m.unitErr == nil {
				m.unitErr = fmt.Errorf("line %d, unit line %q: %v", l.line, t, err)
			}
		case strings.Contains(t, "发布") || strings.Contains(low, "release") || strings.HasPrefix(low, "date"):
			if d := reDate.FindStringSubmatch(t); d != nil && m.vintage.IsZero() {
				if v, err := data.ParseDate(fmt.Sprintf("%s-%02s-%02s", d[1], pad2(d[2]), pad2(d[3]))); err == nil {
					m.vintage = v
				}
			}
		}
		// A title; a later one replaces one that gave no period (a page's
		// <title> before the table's own heading).
		if (m.title == "" || m.year == 0) && (strings.Contains(t, "总值表") || strings.Contains(t, "Export & Import") || strings.Contains(t, "Export and Import") || strings.Contains(t, "国别") || strings.Contains(low, "customs regime")) {
			m.title = t
			switch {
			case strings.Contains(t, "国别") || strings.Contains(low, "country"):
				m.country = true
			case strings.Contains(low, "customs regime"):
				m.regime = true
			case strings.Contains(low, "trade mode") || strings.Contains(t, "贸易方式"):
				m.mode = true
			}
			switch {
			case strings.Contains(t, "美元") || strings.Contains(t, "USD"):
				m.currency = data.USD
			case strings.Contains(t, "人民币") || strings.Contains(t, "CNY") || strings.Contains(t, "RMB"):
				m.currency = data.CNY
			}
			if c := reCNTitle.FindStringSubmatch(t); c != nil {
				m.year, m.to = atoiSafe(c[1]), atoiSafe(c[2])
				m.from = m.to
				if c[3] != "" {
					m.from, m.to = m.to, atoiSafe(c[3])
				}
			} else if e := reENTitle.FindStringSubmatch(t); e != nil {
				if p, err := data.ParsePeriod(strings.TrimSpace(e[1]) + " " + e[2]); err == nil {
					m.year, m.from, m.to = p.Year, p.From, p.To
				}
			} else if e := reMonthYear.FindStringSubmatch(t); e != nil {
				// "…by Customs Regime,10.2019": the month and January to it.
				m.year, m.to = atoiSafe(e[2]), atoiSafe(e[1])
				m.from = m.to
			}
		}
	}
	if m.year != 0 && !data.Range(m.year, m.from, m.to).Valid() {
		// A title with a month 0 or 13 ("…,0.2019") or a year such as 0001
		// names no period; the readers then say the table has none, rather
		// than make month 0 or year 1.
		m.year, m.from, m.to = 0, 0, 0
	}
	return m
}

func unitText(t string) string {
	if i := strings.IndexAny(t, ":："); i >= 0 {
		return t[i+1:]
	}
	return strings.TrimPrefix(strings.TrimPrefix(t, "单位"), "Unit")
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func atoiSafe(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// gaccNumber reads a table cell: a number, or missing for "-", "—", "…".
func gaccNumber(s string) (data.Number, bool, error) {
	t := strings.ReplaceAll(s, " ", "")
	switch t {
	case "", "-", "—", "－", "–", "…", "...", "……", "--", "——", "x", "X":
		return data.Number{}, false, nil
	}
	n, err := data.ParseNumber(t, true)
	return n, err == nil, err
}

// Options control how GACC tables are read.
type Options struct {
	// Series names the series of the table (default trade).
	Series string
	// Vintage dates a table whose page gives no release date, and overrides
	// the page's.
	Vintage data.Date
	// Today, when set, makes a release date after it an error.
	Today data.Date
	// Flow is the flow of a query-platform export that has no flow column
	// (export or import).
	Flow data.Flow
}

// ReadTable reads a GACC table from g into ds, in layout (one of Layouts,
// or "" to detect it).
func ReadTable(ds *data.Dataset, f *data.Findings, g *Grid, layout string, opt Options) error {
	m := readMeta(g)
	if !opt.Vintage.IsZero() {
		// Never overwritten silently: a page that dates itself otherwise
		// is said so (strict validation refuses it).
		if !m.vintage.IsZero() && m.vintage.String() != opt.Vintage.String() {
			f.Add(data.SevWarning, g.Name, 0, 0, nil, "the page's release date %s is replaced by the one given, %s", m.vintage, opt.Vintage)
		}
		m.vintage = opt.Vintage
	}
	if layout == LayoutQuery || layout == "" && isQuery(g) {
		return readQuery(ds, f, g, m, opt)
	}
	if layout == "" {
		switch {
		case m.regime:
			layout = LayoutRegime
		case m.mode:
			layout = LayoutTradeMode
		case isBulletin(g):
			layout = LayoutBulletin
		case m.country:
			layout = LayoutCountry
		case m.title != "" || hasFlowRows(g):
			layout = LayoutRelease
		default:
			return data.FailHint(g.Name, 0, data.HintLayouts, "layout not recognised: %s", gaccExpected)
		}
	}
	if !m.unitOK && m.unitErr != nil {
		return data.Fail(g.Name, 0, "%v", m.unitErr)
	}
	if !m.unitOK {
		return data.Fail(g.Name, 0, "no unit line (单位：亿元, Unit: USD 100 Million…) found; the unit decides the figures, so ceb will not guess")
	}
	if m.currency == "" {
		return data.Fail(g.Name, 0, "the title and unit line do not say RMB/CNY or USD; pass a file whose title says 人民币值/美元值 or (in CNY)/(in USD)")
	}
	if m.vintage.IsZero() {
		f.AddHint(data.SevWarning, g.Name, 0, data.HintVintage, "no release date on the page")
	}
	if !opt.Today.IsZero() && m.vintage.After(opt.Today) {
		return data.Fail(g.Name, 0, "release date %s is in the future", m.vintage)
	}
	series := opt.Series
	if series == "" {
		series = "trade"
	}
	b := &gaccBuilder{ds: ds, f: f, g: g, m: m, series: series}
	switch layout {
	case LayoutRelease:
		return b.release()
	case LayoutBulletin:
		return b.bulletin()
	case LayoutCountry:
		return b.country()
	case LayoutTradeMode:
		return b.tradeMode()
	case LayoutRegime:
		return b.regime()
	}
	return data.Fail(g.Name, 0, "unknown layout %q: use %s", layout, strings.Join(Layouts, ", "))
}

func isBulletin(g *Grid) bool {
	n := 0
	for _, r := range g.Rows {
		if len(r.Cells) > 0 && reBulletinYM.MatchString(r.Cells[0]) {
			n++
		}
	}
	return n >= 1
}

func hasFlowRows(g *Grid) bool {
	for _, r := range g.Rows {
		if len(r.Cells) > 0 {
			if _, err := data.ParseFlow(r.Cells[0]); err == nil {
				return true
			}
		}
	}
	return false
}

type gaccBuilder struct {
	ds     *data.Dataset
	f      *data.Findings
	g      *Grid
	m      gaccMeta
	series string
}

func (b *gaccBuilder) obs(line int, flow data.Flow, p data.Period, n data.Number, yoy *float64, dims data.Dims, note string) {
	b.ds.Obs = append(b.ds.Obs, data.Observation{
		Series: b.series, Flow: flow, Period: p, Value: n.Scaled(b.m.unit), HasValue: true,
		Step: n.Step * b.m.unit.Factor(), Unit: b.m.unit, Currency: b.m.currency, Vintage: b.m.vintage,
		ReportedYoY: yoy, Source: strings.TrimSpace(b.m.title), Note: note, Dims: dims, Pos: data.Pos{File: b.g.Name, Line: line},
	})
}

func (b *gaccBuilder) cell(r Row, i int) (data.Number, bool) {
	if i >= len(r.Cells) {
		return data.Number{}, false
	}
	n, ok, err := gaccNumber(r.Cells[i])
	if err != nil {
		b.f.Add(data.SevError, b.g.Name, r.Line, i+1, err, "%v", err)
	}
	return n, ok
}

func ptrOf(n data.Number, ok bool) *float64 {
	if !ok {
		return nil
	}
	v := n.Value
	return &v
}

// release reads table (1): per flow row, the month, the year to date and
// their year-on-year rates; a January–February table has one value column.
func (b *gaccBuilder) release() error {
	m := b.m
	if err := b.needPeriod("release table", "2024年11月…总值表, or …Values, Nov 2024 (in USD)"); err != nil {
		return err
	}
	rows := 0
	for _, r := range b.g.Rows {
		fl, err := data.ParseFlow(r.Cells[0])
		if err != nil {
			continue
		}
		rows++
		janFeb := m.from == 1 && m.to == 2
		if janFeb {
			// Item | January-February | Year-on-Year %, or a 1-to-2 column only.
			v, ok := b.cell(r, 1)
			if ok {
				b.obs(r.Line, fl, data.Range(m.year, 1, 2), v, yoyFor(fl, ptrOf(b.cell(r, len(r.Cells)-1)), len(r.Cells) > 2), data.Dims{}, "January-February combined")
			}
			continue
		}
		month, ytd := data.Month(m.year, m.to), data.Range(m.year, 1, m.to)
		if v, ok := b.cell(r, 1); ok {
			b.obs(r.Line, fl, month, v, yoyFor(fl, ptrOf(b.cell(r, 4)), true), data.Dims{}, "")
		}
		if m.to > 1 {
			if v, ok := b.cell(r, 2); ok {
				b.obs(r.Line, fl, ytd, v, yoyFor(fl, ptrOf(b.cell(r, 5)), true), data.Dims{}, "")
			}
		}
	}
	if rows == 0 {
		return data.Fail(b.g.Name, 0, "no rows 进出口/出口/进口 (Total Export & Import/Export/Import): %s", gaccExpected)
	}
	return nil
}

// needPeriod fails when the table's title gave no period.
func (b *gaccBuilder) needPeriod(table, example string) error {
	if b.m.year != 0 {
		return nil
	}
	if example != "" {
		example = " (" + example + ")"
	}
	return data.Fail(b.g.Name, 0, "%s without a title giving the month%s: %s", table, example, gaccExpected)
}

// yoyFor drops rates on the balance, which customs do not rate.
func yoyFor(fl data.Flow, y *float64, ok bool) *float64 {
	if fl == data.Balance || !ok {
		return nil
	}
	return y
}

// bulletin reads table (1)B and de-accumulates months from year-to-date
// values where the month is missing; January and February are never split.
func (b *gaccBuilder) bulletin() error {
	flows := []data.Flow{data.Total, data.Export, data.Import, data.Balance}
	type cellv struct {
		n    data.Number
		line int
	}
	month := map[data.Flow]map[data.Period]cellv{}
	ytd := map[data.Flow]map[data.Period]cellv{}
	for _, fl := range flows {
		month[fl], ytd[fl] = map[data.Period]cellv{}, map[data.Period]cellv{}
	}
	found := 0
	for _, r := range b.g.Rows {
		mm := reBulletinYM.FindStringSubmatch(r.Cells[0])
		if mm == nil {
			continue
		}
		p, err := data.ParsePeriod(mm[1] + "-" + mm[2])
		if err != nil {
			b.f.Add(data.SevError, b.g.Name, r.Line, 1, err, "%v", err)
			continue
		}
		found++
		for i, fl := range flows {
			if v, ok := b.cell(r, 1+i); ok {
				month[fl][p] = cellv{v, r.Line}
			}
			if v, ok := b.cell(r, 5+i); ok {
				ytd[fl][data.Range(p.Year, 1, p.From)] = cellv{v, r.Line}
			}
		}
	}
	if found == 0 {
		return data.Fail(b.g.Name, 0, "no rows labelled YYYY.MM: %s", gaccExpected)
	}
	for _, fl := range flows {
		var ps []data.Period
		for p := range month[fl] {
			ps = append(ps, p)
		}
		for p := range ytd[fl] {
			ps = append(ps, data.Month(p.Year, p.To))
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].Compare(ps[j]) < 0 })
		done := map[data.Period]bool{}
		for _, p := range ps {
			if done[p] {
				continue
			}
			done[p] = true
			cur, hasCur := ytd[fl][data.Range(p.Year, 1, p.From)]
			prev, hasPrev := ytd[fl][data.Range(p.Year, 1, p.From-1)]
			mv, hasMonth := month[fl][p]
			if p.From == 1 && !hasMonth && hasCur {
				mv, hasMonth = cur, true
			}
			if hasMonth {
				b.obs(mv.line, fl, p, mv.n, nil, data.Dims{}, "")
				if hasCur && hasPrev && p.From > 1 {
					diff := cur.n.Value - prev.n.Value
					if tol := (cur.n.Step+prev.n.Step+mv.n.Step)/2 + 1e-9*math.Abs(diff); math.Abs(diff-mv.n.Value) > tol {
						b.f.Add(data.SevWarning, b.g.Name, mv.line, 0, nil, "%s %s: the month (%s) differs from the year-to-date difference %s by more than rounding", fl, p, fmtNum(mv.n.Value), fmtNum(diff))
					}
				}
			} else if hasCur && hasPrev && p.From > 1 {
				// De-accumulate. February needs January's own year to date,
				// so a January–February total is never split.
				n := data.Number{Value: cur.n.Value - prev.n.Value, Step: math.Max(cur.n.Step, prev.n.Step)}
				b.obs(cur.line, fl, p, n, nil, data.Dims{}, "de-accumulated from year-to-date values")
			}
			if hasCur && p.From > 1 {
				b.obs(cur.line, fl, data.Range(p.Year, 1, p.From), cur.n, nil, data.Dims{}, "")
			}
		}
	}
	return nil
}

func fmtNum(v float64) string { return fmt.Sprintf("%.15g", v) }

// country reads the partner table: label | total month | total YTD |
// export month | export YTD | import month | import YTD | YoY % total,
// export, import (year to date).
func (b *gaccBuilder) country() error {
	m := b.m
	if err := b.needPeriod("country table", ""); err != nil {
		return err
	}
	found := 0
	for _, r := range b.g.Rows {
		label := r.Cells[0]
		if label == "" || len(r.Cells) < 7 {
			continue
		}
		if _, ok, err := gaccNumber(r.Cells[1]); !ok && err != nil {
			continue // a header row
		}
		if strings.Contains(label, "国别") || strings.Contains(strings.ToLower(label), "country") {
			continue
		}
		found++
		partner := strings.TrimSpace(label)
		for _, p := range []string{"其中:", "其中", "of which:", "Of which:", "of which"} {
			partner = strings.TrimSpace(strings.TrimPrefix(partner, p))
		}
		if partner == "总值" || strings.EqualFold(partner, "total") {
			partner = ""
		}
		dims := data.Dims{Partner: partner}
		janFeb := m.from == 1 && m.to == 2
		for i, fl := range []data.Flow{data.Total, data.Export, data.Import} {
			yoy := ptrOf(b.cell(r, 7+i))
			if !janFeb {
				if v, ok := b.cell(r, 1+2*i); ok {
					b.obs(r.Line, fl, data.Month(m.year, m.to), v, nil, dims, "")
				}
			}
			if v, ok := b.cell(r, 2+2*i); ok && m.to > 1 {
				b.obs(r.Line, fl, data.Range(m.year, 1, m.to), v, yoy, dims, "")
			}
		}
	}
	if found == 0 {
		return data.Fail(b.g.Name, 0, "no partner rows: %s", gaccExpected)
	}
	return nil
}

// values reads the cells from i on as numbers ("-" for none), or reports
// that the row is not a row of values (a header).
func (b *gaccBuilder) values(r Row, from, n int) ([]data.Number, []bool, bool) {
	if len(r.Cells) < from+n {
		return nil, nil, false
	}
	nums, oks := make([]data.Number, n), make([]bool, n)
	any := false
	for i := range n {
		v, ok, err := gaccNumber(r.Cells[from+i])
		if err != nil {
			return nil, nil, false
		}
		nums[i], oks[i] = v, ok
		any = any || ok
	}
	return nums, oks, any
}

// totalRow reports whether a label is the table's total: all trade.
func totalRow(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "total value" || l == "total" || l == "总值" || l == "合计" || l == "总计"
}

// tradeMode reads the release tables (2)/(3): label | export & import |
// export | import | their three year-on-year %, for the title's month or
// January to it.
func (b *gaccBuilder) tradeMode() error {
	m := b.m
	if err := b.needPeriod("trade-mode table", "…by Trade Mode, May 2024 (in CNY)"); err != nil {
		return err
	}
	p := data.Range(m.year, m.from, m.to)
	if m.from == m.to {
		p = data.Month(m.year, m.to)
	}
	found := 0
	for _, r := range b.g.Rows {
		nums, oks, ok := b.values(r, 1, 6)
		label := strings.TrimSpace(r.Cells[0])
		if !ok || label == "" {
			continue
		}
		found++
		var dims data.Dims
		if !totalRow(label) {
			dims.TradeMode = label
		}
		for i, fl := range []data.Flow{data.Total, data.Export, data.Import} {
			if oks[i] {
				b.obs(r.Line, fl, p, nums[i], ptrOf(nums[3+i], oks[3+i]), dims, "")
			}
		}
	}
	if found == 0 {
		return data.Fail(b.g.Name, 0, "no trade-mode rows (Total Value, Ordinary Trade, …) with six values: %s", gaccExpected)
	}
	return nil
}
