package data

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period is a contiguous span of months within one calendar year, which is
// how customs statistics are published: a year is months 1..12, H1 is 1..6,
// Q3 is 7..9, June is 6..6, "1至10月" is 1..10 and the January–February
// combined release is 1..2. Ranges never cross a year boundary.
//
// The zero Period is invalid; construct periods with Parse or the helpers.
type Period struct {
	Year int // four-digit calendar year
	From int // first month, 1..12
	To   int // last month, From..12
}

// PeriodKind classifies a Period by its shape.
type PeriodKind int

// Period kinds, from the coarsest to the finest. KindRange covers every span
// that is not a named period, such as year-to-date ranges and January–February.
const (
	KindYear PeriodKind = iota
	KindHalf
	KindQuarter
	KindMonth
	KindRange
)

// String returns the kind's name as used in flags and help: year, half,
// quarter, month or range.
func (k PeriodKind) String() string {
	switch k {
	case KindYear:
		return "year"
	case KindHalf:
		return "half"
	case KindQuarter:
		return "quarter"
	case KindMonth:
		return "month"
	}
	return "range"
}

// ErrPeriod is the cause of every period parse error (errors.Is).
var ErrPeriod = errors.New("invalid period")

// Year returns the calendar year y.
func Year(y int) Period { return Period{y, 1, 12} }

// Half returns half h (1 or 2) of year y.
func Half(y, h int) Period { return Period{y, 6*h - 5, 6 * h} }

// Quarter returns quarter q (1..4) of year y.
func Quarter(y, q int) Period { return Period{y, 3*q - 2, 3 * q} }

// Month returns month m of year y.
func Month(y, m int) Period { return Period{y, m, m} }

// Range returns the months from..to of year y.
func Range(y, from, to int) Period { return Period{y, from, to} }

// Valid reports whether p is a well-formed period.
func (p Period) Valid() bool {
	return p.Year >= 1000 && p.Year <= 9999 && p.From >= 1 && p.To <= 12 && p.From <= p.To
}

// Kind returns the shape of p.
func (p Period) Kind() PeriodKind {
	n := p.To - p.From + 1
	switch {
	case n == 12:
		return KindYear
	case n == 6 && p.From%6 == 1:
		return KindHalf
	case n == 3 && p.From%3 == 1:
		return KindQuarter
	case n == 1:
		return KindMonth
	}
	return KindRange
}

// Len returns the number of months p spans.
func (p Period) Len() int { return p.To - p.From + 1 }

// YearAgo returns the same span one year earlier: the base of a
// year-on-year comparison.
func (p Period) YearAgo() Period { return Period{p.Year - 1, p.From, p.To} }

// AddYears returns the same span n years later (earlier for negative n).
func (p Period) AddYears(n int) Period { return Period{p.Year + n, p.From, p.To} }

// Start is the first day of the period, UTC.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month(p.From), 1, 0, 0, 0, 0, time.UTC)
}

// Contains reports whether every month of q lies in p.
func (p Period) Contains(q Period) bool {
	return p.Year == q.Year && p.From <= q.From && q.To <= p.To
}

// Months returns the single months of p in order.
func (p Period) Months() []Period {
	out := make([]Period, 0, p.Len())
	for m := p.From; m <= p.To; m++ {
		out = append(out, Month(p.Year, m))
	}
	return out
}

// Compare orders periods by year, then first month, then last month.
func (p Period) Compare(q Period) int {
	switch {
	case p.Year != q.Year:
		return cmpInt(p.Year, q.Year)
	case p.From != q.From:
		return cmpInt(p.From, q.From)
	}
	return cmpInt(p.To, q.To)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// EndsAfter reports whether p ends later than q, or ends together with q
// and spans more months: the order in which "the latest period" is chosen.
func (p Period) EndsAfter(q Period) bool {
	if p.Year != q.Year {
		return p.Year > q.Year
	}
	if p.To != q.To {
		return p.To > q.To
	}
	return p.From < q.From
}

// String returns the canonical form used in files and JSON: 2024, 2024H1,
// 2024Q3, 2024-06, and ranges in full, 2024-01..2024-10. January–February is
// 2024-01..2024-02.
func (p Period) String() string {
	switch p.Kind() {
	case KindYear:
		return strconv.Itoa(p.Year)
	case KindHalf:
		return fmt.Sprintf("%dH%d", p.Year, (p.From+5)/6)
	case KindQuarter:
		return fmt.Sprintf("%dQ%d", p.Year, (p.From+2)/3)
	case KindMonth:
		return fmt.Sprintf("%d-%02d", p.Year, p.From)
	}
	return fmt.Sprintf("%d-%02d..%d-%02d", p.Year, p.From, p.Year, p.To)
}

var (
	monthAbbr = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthFull = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

var (
	reYear      = regexp.MustCompile(`^(\d{4})$`)
	reHalf      = regexp.MustCompile(`^(\d{4})-?[Hh](\d)$`)
	reQuarter   = regexp.MustCompile(`^(\d{4})-?[Qq](\d)$`)
	reMonth     = regexp.MustCompile(`^(\d{4})[-./](\d{1,2})$`)
	reYM        = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	reRange     = regexp.MustCompile(`^(\d{4})-(\d{1,2})\.\.(?:(\d{4})-)?(\d{1,2})$`)
	reZhYear    = regexp.MustCompile(`^(\d{4})年(?:全年)?$`)
	reZhHalf    = regexp.MustCompile(`^(\d{4})年([上下])半年$`)
	reZhQuarter = regexp.MustCompile(`^(\d{4})年第?([一二三四1-4])季度$`)
	reZhFirstQ  = regexp.MustCompile(`^(\d{4})年前([二三])季度$`)
	reZhMonth   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(?:份)?$`)
	reZhRange   = regexp.MustCompile(`^(\d{4})年(\d{1,2})(?:月)?(?:-|－|—|–|~|～|至|到)(\d{1,2})月$`)
	reZhFirstN  = regexp.MustCompile(`^(\d{4})年前(\d{1,2}|[一二三四五六七八九十]|十一|十二)个月$`)
	reEnHalf    = regexp.MustCompile(`^[Hh]([12]) (\d{4})$`)
	reEnQuarter = regexp.MustCompile(`^[Qq]([1-4]) (\d{4})$`)
	reEnMonth   = regexp.MustCompile(`^([A-Za-z]+)\.? (\d{4})$`)
	reEnRange   = regexp.MustCompile(`^([A-Za-z]+)\.? ?(?:-|–|to) ?([A-Za-z]+)\.?,? (\d{4})$`)
)

var zhDigits = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}

func englishMonth(s string) int {
	l := strings.ToLower(s)
	for i := range monthFull {
		if l == strings.ToLower(monthFull[i]) || l == strings.ToLower(monthAbbr[i]) || (l == "sept" && i == 8) {
			return i + 1
		}
	}
	return 0
}

// ParsePeriod reads a period in canonical form (2023, 2024H1, 2024Q1, 2024-06,
// 2024-01..2024-10, 2024-01..10, 2024-01..02) or as published tables label it
// (2024年上半年, 2024年1-6月, 2024年1至6月, 2024年一季度, 2024年前三季度,
// 2024年6月, 2024.06, 202406, H1 2024, Q1 2024, Jun 2024, Jan-Jun 2024,
// January-February 2024). Full-width digits and spaces are not accepted.
//
// Errors wrap ErrPeriod and say which part is wrong: an impossible half,
// quarter or month, a range whose end precedes its start, or a range that
// crosses a year boundary.
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(s)
	bad := func(why string) (Period, error) {
		return Period{}, fmt.Errorf("%w %q: %s", ErrPeriod, s, why)
	}
	if t == "" {
		return bad("empty")
	}
	for _, f := range periodForms {
		if m := f.re.FindStringSubmatch(t); m != nil {
			p, why := f.read(m)
			if why == "" {
				why = p.problem()
			}
			if why != "" {
				return bad(why)
			}
			return p, nil
		}
	}
	return bad("use 2024, 2024H1, 2024Q1, 2024-06 or 2024-01..2024-10")
}

// problem says why p is not a period ceb knows, or "".
func (p Period) problem() string {
	switch {
	case p.Year < 1000 || p.Year > 9999:
		return "year must have four digits"
	case p.From < 1 || p.From > 12 || p.To < 1 || p.To > 12:
		return "months run from 1 to 12"
	case p.From > p.To:
		return "the range ends before it starts"
	}
	return ""
}

// periodForm is one way of writing a period: a pattern, and how its groups
// make the period (or why they do not).
type periodForm struct {
	re   *regexp.Regexp
	read func(m []string) (Period, string)
}

func atoi(x string) int { n, _ := strconv.Atoi(x); return n }

func halfOf(y, h int) (Period, string) {
	if h < 1 || h > 2 {
		return Period{}, "a year has halves H1 and H2"
	}
	return Half(y, h), ""
}

func quarterOf(y, q int) (Period, string) {
	if q < 1 || q > 4 {
		return Period{}, "a year has quarters Q1 to Q4"
	}
	return Quarter(y, q), ""
}

// zhNumber reads a Chinese numeral (一 … 十二) or digits.
func zhNumber(s string) int {
	if n, ok := zhDigits[s]; ok {
		return n
	}
	return atoi(s)
}

func monthOf(name string) (int, string) {
	if m := englishMonth(name); m != 0 {
		return m, ""
	}
	return 0, "unknown month name"
}

// periodForms are tried in order: canonical forms first, then the labels of
// Chinese and English publications.
var periodForms = []periodForm{
	{reYear, func(m []string) (Period, string) { return Year(atoi(m[1])), "" }},
	{reHalf, func(m []string) (Period, string) { return halfOf(atoi(m[1]), atoi(m[2])) }},
	{reQuarter, func(m []string) (Period, string) { return quarterOf(atoi(m[1]), atoi(m[2])) }},
	{reMonth, func(m []string) (Period, string) { return Month(atoi(m[1]), atoi(m[2])), "" }},
	{reYM, func(m []string) (Period, string) { return Month(atoi(m[1]), atoi(m[2])), "" }},
	{reRange, func(m []string) (Period, string) {
		if m[3] != "" && m[3] != m[1] {
			return Period{}, "a range must stay within one year (customs publish year-to-date ranges)"
		}
		return Range(atoi(m[1]), atoi(m[2]), atoi(m[4])), ""
	}},
	{reZhYear, func(m []string) (Period, string) { return Year(atoi(m[1])), "" }},
	{reZhHalf, func(m []string) (Period, string) { return halfOf(atoi(m[1]), map[string]int{"上": 1, "下": 2}[m[2]]) }},
	{reZhQuarter, func(m []string) (Period, string) { return quarterOf(atoi(m[1]), zhNumber(m[2])) }},
	{reZhFirstQ, func(m []string) (Period, string) { return Range(atoi(m[1]), 1, 3*zhDigits[m[2]]), "" }},
	{reZhMonth, func(m []string) (Period, string) { return Month(atoi(m[1]), atoi(m[2])), "" }},
	{reZhRange, func(m []string) (Period, string) { return Range(atoi(m[1]), atoi(m[2]), atoi(m[3])), "" }},
	{reZhFirstN, func(m []string) (Period, string) { return Range(atoi(m[1]), 1, zhNumber(m[2])), "" }},
	{reEnHalf, func(m []string) (Period, string) { return halfOf(atoi(m[2]), atoi(m[1])) }},
	{reEnQuarter, func(m []string) (Period, string) { return quarterOf(atoi(m[2]), atoi(m[1])) }},
	{reEnRange, func(m []string) (Period, string) {
		a, why := monthOf(m[1])
		b, why2 := monthOf(m[2])
		if why != "" || why2 != "" {
			return Period{}, "unknown month name"
		}
		return Range(atoi(m[3]), a, b), ""
	}},
	{reEnMonth, func(m []string) (Period, string) {
		a, why := monthOf(m[1])
		if why != "" {
			return Period{}, why
		}
		return Month(atoi(m[2]), a), ""
	}},
}

// MustParsePeriod is ParsePeriod for constants in tests and examples; it
// panics on a malformed literal and must never see user input.
func MustParsePeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}
