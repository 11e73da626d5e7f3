// Package codes holds the code lists a breakdown is labelled with: customs
// supervision modes (trade_mode), provincial-level divisions (province, GB/T
// 2260), partner countries and regions (partner: ISO 3166-1 and all 242 of
// customs' 3-digit country codes, with the ASEAN, EU, RCEP, Belt and Road
// and continental groupings and the remainders such as 亚洲其他国家(地区))
// and HS codes (hs: the chapters and the 1,228 headings of the HS 2022
// edition). Each list is one or more embedded CSVs whose header comments
// give their sources (README.md).
//
// Lookup finds an entry by any of its spellings — code, alternative codes,
// Chinese or English name, aliases — so that partner=美国, partner=US,
// partner=USA and partner=502 name the same entry. HS headings have an
// English name only (no public source of the official Chinese heading
// texts was found): a Chinese label names the heading's chapter. Codes of
// 6 digits and more have no names.
package codes

import (
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed *.csv
var files embed.FS

// Entry is one code with its names.
type Entry struct {
	Dim    string   // trade_mode, province or partner
	Code   string   // 9610; 44; US
	Alt    []string // other codes: 440000; USA
	Zh, En string   // 跨境贸易电子商务, CBEC (9610)
	// The official titles where the labels are shortened (HS chapters):
	// 电机、电气设备及其零件；…, Electrical machinery and equipment …
	ZhTitle, EnTitle string
	Aliases          []string // other spellings
	Groups           []string // partner groupings: ASEAN, EU, RCEP
	// Grouping marks an entry that stands for several partners (ASEAN,
	// the EU, a continent): customs tables list it beside its members.
	Grouping bool
	CBEC     bool // a cross-border e-commerce supervision mode
}

// spellings are every text that names the entry.
func (e Entry) spellings() []string {
	s := append(append([]string{e.Code, e.Zh, e.En}, e.Alt...), e.Aliases...)
	for _, t := range []string{e.ZhTitle, e.EnTitle} {
		if t != e.Zh && t != e.En {
			s = append(s, t)
		}
	}
	return slices.DeleteFunc(s, func(t string) bool { return t == "" })
}

// source is one CSV file of a list and how its columns read.
type source struct {
	file             string
	code, alt        []string // the first non-empty code column is the entry's code
	zh, en, alias    string
	zhTitle, enTitle string
	// spelling is a column of other spellings read but never shown
	// (GACC's English, typos kept).
	spelling string
	// group names the grouping a membership list gives: each row adds it to
	// the entry its code names (the Belt and Road list).
	group string
}

// lists maps a dimension to its files: the first gives the entries; each
// further one adds its rows to the entries they name by a code (their
// groups, other spellings) and makes entries of the rest.
var lists = map[string][]source{
	"trade_mode": {{file: "trade_modes.csv", code: []string{"code"}, zh: "zh", en: "en", alias: "aliases"}},
	"province":   {{file: "provinces.csv", code: []string{"code"}, alt: []string{"code6"}, zh: "zh", en: "en", alias: "aliases"}},
	"partner": {
		{file: "partners.csv", code: []string{"iso2"}, alt: []string{"iso3", "customs"}, zh: "zh", en: "en", alias: "aliases"},
		{file: "customs_countries.csv", code: []string{"iso2", "customs"}, alt: []string{"iso3", "customs"}, zh: "zh", en: "en", spelling: "gacc_en"},
		{file: "belt_and_road.csv", code: []string{"iso2"}, zh: "name_zh", en: "name_en", group: "BRI"},
	},
	"hs": {
		{file: "hs_chapters.csv", code: []string{"code"}, zh: "zh_short", en: "en_short", zhTitle: "zh", enTitle: "en"},
		{file: "hs_headings.csv", code: []string{"heading"}, zh: "name_zh", en: "name_en"},
	},
}

// lists are read on first use, not at start: every command would pay
// for them (14 ms), most never look a code up.
var loaded = sync.OnceValues(load)

func entriesOf(dim string) []Entry {
	es, _ := loaded()
	return es[dim]
}

// load reads the embedded lists; they are part of the build, so a malformed
// one is a programming error that the package's tests catch.
func load() (map[string][]Entry, map[string]map[string]int) {
	es := map[string][]Entry{}
	idx := map[string]map[string]int{}
	for dim, srcs := range lists {
		idx[dim] = map[string]int{}
		for si, l := range srcs {
			rows, get := readList(l.file)
			for _, row := range rows {
				e := Entry{Dim: dim, Zh: get(row, l.zh), En: get(row, l.en),
					Aliases: split(get(row, l.alias)), Groups: split(get(row, "groups")), CBEC: get(row, "cbec") == "yes", Grouping: get(row, "grouping") == "yes",
					ZhTitle: get(row, l.zhTitle), EnTitle: get(row, l.enTitle)}
				for _, c := range l.code {
					if e.Code = get(row, c); e.Code != "" {
						break
					}
				}
				for _, a := range l.alt {
					if v := get(row, a); v != "" && v != e.Code {
						e.Alt = append(e.Alt, v)
					}
				}
				if l.group != "" {
					e.Groups = append(e.Groups, l.group)
				}
				if s := get(row, l.spelling); s != "" {
					e.Aliases = append(e.Aliases, s)
				}
				i, known := -1, false
				if si > 0 {
					for _, c := range append([]string{e.Code}, e.Alt...) {
						if i, known = idx[dim][fold(c)]; known {
							break
						}
					}
				}
				switch {
				case known:
					merge(&es[dim][i], e, l.group != "")
				case l.group != "":
					continue // a member customs has no code for (Niue, South Sudan)
				default:
					es[dim] = append(es[dim], e)
					i = len(es[dim]) - 1
				}
				for _, s := range es[dim][i].spellings() {
					if _, taken := idx[dim][fold(s)]; !taken || si == 0 {
						idx[dim][fold(s)] = i
					}
				}
			}
		}
	}
	return es, idx
}

// merge adds what a further list says of an entry: its groups, and, unless
// the list only gives a membership, its codes and other names as spellings
// (GACC's 台澎金马关税区 for 中国台湾).
func merge(e *Entry, more Entry, membership bool) {
	for _, g := range more.Groups {
		if !slices.Contains(e.Groups, g) {
			e.Groups = append(e.Groups, g)
		}
	}
	if membership {
		return
	}
	for _, s := range append(append([]string{more.Code, more.Zh, more.En}, more.Alt...), more.Aliases...) {
		if s != "" && !slices.ContainsFunc(e.spellings(), func(x string) bool { return fold(x) == fold(s) }) {
			if len(s) <= 3 || strings.ToUpper(s) == s && len(s) == 2 {
				e.Alt = append(e.Alt, s)
			} else {
				e.Aliases = append(e.Aliases, s)
			}
		}
	}
}

// readList reads an embedded CSV (comment lines begin with #) and returns
// its rows and a getter by column name.
func readList(file string) ([][]string, func([]string, string) string) {
	b, err := files.ReadFile(file)
	if err != nil {
		panic(err)
	}
	r := csv.NewReader(strings.NewReader(string(b)))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("%s: %v", file, err))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && name != "" {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	return rows[1:], get
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// Customs is the entry's 3-digit code in customs statistics (502 for the
// United States), "" for an entry without one.
func (e Entry) Customs() string {
	for _, c := range append([]string{e.Code}, e.Alt...) {
		if len(c) == 3 && strings.Trim(c, "0123456789") == "" {
			return c
		}
	}
	return ""
}

// In reports whether the entry is a member of grouping g (ASEAN, EU, RCEP,
// BRI, a continent: the code of the grouping's entry).
func (e Entry) In(g string) bool { return slices.Contains(e.Groups, g) }

// Members are the entries of dim whose groups include the grouping value
// names (东盟, ASEAN), in list order; nil when value is not a grouping or
// the lists give no membership for it (the remainders 199 … 699).
func Members(dim, value string) []Entry {
	g, ok := Lookup(dim, value)
	if !ok || !g.Grouping {
		return nil
	}
	var m []Entry
	for _, e := range entriesOf(dim) {
		if e.In(g.Code) {
			m = append(m, e)
		}
	}
	return m
}

// Remainder reports whether value names a partner remainder rather than a
// union of partners: 亚洲其他国家(地区) (customs code 199) and the like,
// an unknown country (701), international organisations (702), a generic
// 其他. A remainder is disjoint from the partners listed beside it, so it
// counts in their sum, but it is not one partner and is never ranked.
func Remainder(dim, value string) bool {
	e, ok := Lookup(dim, value)
	return ok && e.Grouping && (e.Customs() != "" || e.Code == "OTHER") || otherPartners(dim, value)
}

// BeltAndRoadSource says where the Belt and Road membership comes from: a
// secondary list, not checked against the official one; any figure that
// uses it says so.
const BeltAndRoadSource = "Belt and Road members: a secondary list (152 countries as of 2023-08, after yidaiyilu.gov.cn), not the official one"

// fold is the form spellings are compared in: trimmed, case folded.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Dims are the dimensions that have a code list.
func Dims() []string { return []string{"partner", "province", "trade_mode", "hs"} }

// List returns the entries of dim in file order (nil without a list).
func List(dim string) []Entry { return entriesOf(dim) }

// Lookup finds the entry of dim that value names.
func Lookup(dim, value string) (Entry, bool) {
	es, index := loaded()
	i, ok := index[dim][fold(value)]
	if !ok {
		return Entry{}, false
	}
	return es[dim][i], true
}

// Same reports whether a and b name the same entry of dim (or are the same
// text).
func Same(dim, a, b string) bool {
	if fold(a) == fold(b) {
		return true
	}
	ea, ok1 := Lookup(dim, a)
	eb, ok2 := Lookup(dim, b)
	return ok1 && ok2 && ea.Code == eb.Code
}

// IsGrouping reports whether value names a grouping of dim (ASEAN, the EU,
// a continent) rather than one partner.
func IsGrouping(dim, value string) bool {
	e, ok := Lookup(dim, value)
	return ok && e.Grouping || otherPartners(dim, value)
}

// otherPartners reports whether value is a partner remainder the lists do
// not spell: 其他亚洲国家(地区), 其他欧盟国家.
func otherPartners(dim, value string) bool {
	return dim == "partner" && (strings.HasPrefix(value, "其他") || strings.HasPrefix(value, "其它") || strings.Contains(value, "其他国家"))
}
