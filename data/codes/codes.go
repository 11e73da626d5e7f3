// Package codes holds the code lists a breakdown is labelled with: customs
// supervision modes (trade_mode), provincial-level divisions (province, GB/T
// 2260), partner countries and regions (partner, ISO 3166-1, with the
// ASEAN, EU, RCEP, Belt and Road and continental groupings, and customs'
// 3-digit country codes) and HS chapters (hs, the 2-digit codes of the
// HS 2022 edition). Each list is an embedded CSV whose header comment gives
// its source.
//
// Lookup finds an entry by any of its spellings — code, alternative codes,
// Chinese or English name, aliases — so that partner=美国, partner=US and
// partner=USA name the same entry. HS headings and finer codes (4 digits
// and more) have no embedded names: they are labelled with their code.
package codes

import (
	"embed"
	"encoding/csv"
	"fmt"
	"strings"
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
		if t != "" && t != e.Zh && t != e.En {
			s = append(s, t)
		}
	}
	return s
}

// lists maps a dimension to its file and how its columns read.
var lists = map[string]struct {
	file             string
	code, alt        []string
	zh, en, alias    string
	zhTitle, enTitle string
}{
	"trade_mode": {file: "trade_modes.csv", code: []string{"code"}, zh: "zh", en: "en", alias: "aliases"},
	"province":   {file: "provinces.csv", code: []string{"code"}, alt: []string{"code6"}, zh: "zh", en: "en", alias: "aliases"},
	"partner":    {file: "partners.csv", code: []string{"iso2"}, alt: []string{"iso3", "customs"}, zh: "zh", en: "en", alias: "aliases"},
	"hs":         {file: "hs_chapters.csv", code: []string{"code"}, zh: "zh_short", en: "en_short", zhTitle: "zh", enTitle: "en"},
}

var entries, index = load()

// load reads the embedded lists; they are part of the build, so a malformed
// one is a programming error that the package's tests catch.
func load() (map[string][]Entry, map[string]map[string]int) {
	es := map[string][]Entry{}
	idx := map[string]map[string]int{}
	for dim, l := range lists {
		b, err := files.ReadFile(l.file)
		if err != nil {
			panic(err)
		}
		r := csv.NewReader(strings.NewReader(string(b)))
		r.Comment = '#'
		rows, err := r.ReadAll()
		if err != nil {
			panic(fmt.Sprintf("%s: %v", l.file, err))
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		get := func(row []string, name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		idx[dim] = map[string]int{}
		for _, row := range rows[1:] {
			e := Entry{Dim: dim, Code: get(row, l.code[0]), Zh: get(row, l.zh), En: get(row, l.en),
				Aliases: split(get(row, l.alias)), Groups: split(get(row, "groups")), CBEC: get(row, "cbec") == "yes", Grouping: get(row, "grouping") == "yes",
				ZhTitle: get(row, l.zhTitle), EnTitle: get(row, l.enTitle)}
			for _, a := range l.alt {
				if v := get(row, a); v != "" {
					e.Alt = append(e.Alt, v)
				}
			}
			es[dim] = append(es[dim], e)
			for _, s := range e.spellings() {
				idx[dim][fold(s)] = len(es[dim]) - 1
			}
		}
	}
	return es, idx
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// fold is the form spellings are compared in: trimmed, case folded.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Dims are the dimensions that have a code list.
func Dims() []string { return []string{"partner", "province", "trade_mode", "hs"} }

// List returns the entries of dim in file order (nil without a list).
func List(dim string) []Entry { return entries[dim] }

// Lookup finds the entry of dim that value names.
func Lookup(dim, value string) (Entry, bool) {
	i, ok := index[dim][fold(value)]
	if !ok {
		return Entry{}, false
	}
	return entries[dim][i], true
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
	return ok && e.Grouping
}
