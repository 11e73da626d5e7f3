package data

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Flow is the direction of trade a figure measures.
type Flow string

// The flows. Total is exports plus imports; Balance is exports minus imports.
const (
	Total   Flow = "total"
	Export  Flow = "export"
	Import  Flow = "import"
	Balance Flow = "balance"
)

// Flows lists the flows in their display order.
var Flows = []Flow{Total, Export, Import, Balance}

// Order is the flow's place in tables: total, export, import, balance.
func (f Flow) Order() int {
	for i, x := range Flows {
		if x == f {
			return i
		}
	}
	return len(Flows)
}

// ParseFlow reads a flow name, also as customs tables label it (进出口, 出口,
// 进口, 贸易差额, Total Export & Import, Export, Import, Balance).
func ParseFlow(s string) (Flow, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Trim(t, "()（）")
	switch t {
	case "total", "进出口", "total export & import", "total export and import", "imports and exports", "exports and imports", "trade":
		return Total, nil
	case "export", "exports", "出口", "total export":
		return Export, nil
	case "import", "imports", "进口", "total import":
		return Import, nil
	case "balance", "贸易差额", "差额", "export-import balance", "trade balance":
		return Balance, nil
	}
	return "", fmt.Errorf("unknown flow %q: use total, export, import or balance", s)
}

// Date is a calendar day, used for vintages and --as-of. The zero Date means
// "no date".
type Date struct{ t time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is strictly before e. The zero Date is before
// every set date.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Time returns d as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Dims are the optional breakdown dimensions of an observation; an empty
// field means "all". Statistics only compare observations with equal Dims.
type Dims struct {
	Partner   string
	Province  string
	TradeMode string
	HS        string
}

// IsZero reports whether no dimension is set.
func (d Dims) IsZero() bool { return d == Dims{} }

// Get returns the dimension named by a canonical column name.
func (d Dims) Get(name string) string {
	switch name {
	case "partner":
		return d.Partner
	case "province":
		return d.Province
	case "trade_mode":
		return d.TradeMode
	case "hs":
		return d.HS
	}
	return ""
}

// DimNames lists the dimension columns in canonical order.
var DimNames = []string{"partner", "province", "trade_mode", "hs"}

// Set sets the dimension named by a canonical column name; other names
// are ignored.
func (d *Dims) Set(name, v string) {
	switch name {
	case "partner":
		d.Partner = v
	case "province":
		d.Province = v
	case "trade_mode":
		d.TradeMode = v
	case "hs":
		d.HS = v
	}
}

// Pos is where an observation came from: a file and a 1-based line (row).
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Observation is one published figure. Value is in base units (yuan or
// dollars) whatever unit the file wrote it in; Unit keeps the unit as
// published and Step the rounding step of the published digits, also in base
// units. An observation may publish only a growth rate (HasValue false,
// ReportedYoY set), as press releases often do for exports and imports.
type Observation struct {
	Series      string
	Flow        Flow
	Period      Period
	Value       float64
	HasValue    bool
	Step        float64
	Unit        Unit
	Currency    Currency
	Vintage     Date
	ReportedYoY *float64 // percent, as published
	Source      string
	Note        string
	// Release is the kind of release the figure comes from (preliminary
	// estimate, survey result, revision, bulletin); empty when unknown.
	// Figures of different methods are never compared (Release.Method).
	Release Release
	Dims    Dims
	// Quantities are the first and second (legal) quantities customs
	// tables give beside the value (第一数量, 第二数量), each in its own
	// unit; nil when not given.
	Quantities [2]*Quantity
	Pos        Pos
}

// Release is the kind of release a figure comes from.
type Release string

// The release kinds. CBEC's preliminary estimate (its January figure for
// the year before, its July figure for the first half) and the survey
// result that replaces it months later come from different methods; a
// revision is a later figure of the survey's method; a bulletin is a
// figure of the monthly bulletin or yearbook.
const (
	Preliminary Release = "preliminary"
	Survey      Release = "survey"
	Revision    Release = "revision"
	Bulletin    Release = "bulletin"
)

// Releases lists the release kinds.
var Releases = []Release{Preliminary, Survey, Revision, Bulletin}

// ParseRelease reads a release kind: preliminary (初步, 初值, estimate),
// survey (调查, 统计调查), revision (修订, revised), bulletin (月报, 年鉴);
// empty is unknown.
func ParseRelease(s string) (Release, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "preliminary", "preliminary estimate", "estimate", "初步", "初值", "初步测算", "初步估算":
		return Preliminary, nil
	case "survey", "survey result", "调查", "统计调查", "调查结果":
		return Survey, nil
	case "revision", "revised", "修订", "修订值":
		return Revision, nil
	case "bulletin", "月报", "年鉴", "统计月报":
		return Bulletin, nil
	}
	return "", fmt.Errorf("unknown release %q: use preliminary, survey, revision or bulletin", s)
}

// Method is the statistical method a release kind belongs to: "estimate"
// for a preliminary estimate, "survey" for a survey result and its
// revisions; "" for a bulletin or an unknown kind, which no method break
// concerns.
func (r Release) Method() string {
	switch r {
	case Preliminary:
		return "estimate"
	case Survey, Revision:
		return "survey"
	}
	return ""
}

// MethodBreak reports whether figures of releases a and b come from
// different methods (a preliminary estimate against a survey result), so
// that no rate, gap, share change or multiple may be computed between them.
func MethodBreak(a, b Release) bool {
	return a.Method() != "" && b.Method() != "" && a.Method() != b.Method()
}

// Quantity is an amount in a unit of measure as written (1200 千克, 35 件).
// Quantities in different units are never added (Value.Quantities).
type Quantity struct {
	Amount float64
	Unit   string
}

// Key identifies what an observation measures; observations with equal keys
// are vintages of one figure.
type Key struct {
	Series   string
	Flow     Flow
	Period   Period
	Currency Currency
	Dims     Dims
}

// Key returns o's key.
func (o Observation) Key() Key {
	return Key{o.Series, o.Flow, o.Period, o.Currency, o.Dims}
}

func (k Key) String() string {
	s := fmt.Sprintf("%s %s %s %s", k.Series, k.Flow, k.Period, k.Currency)
	for _, n := range DimNames {
		if v := k.Dims.Get(n); v != "" {
			s += " " + n + "=" + v
		}
	}
	return s
}

// Source describes one loaded input for provenance: its path ("builtin" for
// the embedded dataset) and the SHA-256 of its bytes.
type Source struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Dataset is a set of observations from one or more inputs.
type Dataset struct {
	Obs     []Observation
	Sources []Source
}

// Merge appends the observations and sources of other to d.
func (d *Dataset) Merge(other *Dataset) {
	d.Obs = append(d.Obs, other.Obs...)
	d.Sources = append(d.Sources, other.Sources...)
}

// Series returns the series slugs present, sorted.
func (d *Dataset) Series() []string {
	seen := map[string]bool{}
	for _, o := range d.Obs {
		seen[o.Series] = true
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// RefineSteps reads the precision of a level from its siblings: the other
// flows of the same series, period, currency, dimensions and release
// (vintage) written in the same magnitude (trillions, 万亿, or below).
// Releases drop trailing zeros of one figure and not of the next, so
// "13万亿" beside "8.79万亿" is 13.00万亿, not 13 ± 0.5. A level takes the
// finest step among those siblings when it is a multiple of it. A headline
// "1.1万亿" beside parts written in 亿 (8210亿) keeps its own precision:
// they are written in another magnitude.
func RefineSteps(obs []Observation) {
	type release struct {
		series    string
		period    Period
		currency  Currency
		dims      Dims
		vintage   Date
		trillions bool
	}
	finest := map[release]float64{}
	at := func(o Observation) release {
		return release{o.Series, o.Period, o.Currency, o.Dims, o.Vintage, math.Abs(o.Value) >= 1e12}
	}
	for _, o := range obs {
		if !o.HasValue || o.Step <= 0 {
			continue
		}
		r := at(o)
		if f, ok := finest[r]; !ok || o.Step < f {
			finest[r] = o.Step
		}
	}
	for i := range obs {
		o := &obs[i]
		f, ok := finest[at(*o)]
		if !ok || !o.HasValue || o.Step <= f {
			continue
		}
		if q := o.Value / f; math.Abs(q-math.Round(q)) < 1e-6 {
			o.Step = f
		}
	}
}
