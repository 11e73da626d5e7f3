package vocab

import (
	"strings"

	"github.com/cbec-stats/ceb/data/codes"
)

// Code is the name of a code of a dimension (partner, province,
// trade_mode, hs) in l, from the embedded code lists: 美国 / United States
// for partner=US (or 502, USA, 美国). A code no list knows is shown as it
// is.
func (l Lang) Code(dim, code string) string {
	e, ok := codes.Lookup(dim, code)
	if !ok {
		return code
	}
	return l.entry(e)
}

// CodeForPeople is Code for tables people read: an HS subheading or
// national code (6, 8 or 10 digits) that no list names is named by its
// heading, as such ("heading 8517: Telephone sets …", "属8517（第85章 …）"),
// never an empty label. Machine formats keep Code: the heading's title is
// not the code's name.
func (l Lang) CodeForPeople(dim, code string) string {
	if _, ok := codes.Lookup(dim, code); !ok && dim == "hs" && (len(code) == 6 || len(code) == 8 || len(code) == 10) && strings.Trim(code, "0123456789") == "" {
		if h, ok := codes.Lookup("hs", code[:4]); ok {
			return l.Sprintf("code.within_heading", h.Code, l.entry(h))
		}
	}
	return l.Code(dim, code)
}

// entry is an entry's label in l. An HS heading has no Chinese name in
// ceb's lists (data/codes/README.md): in Chinese it is its code with its
// chapter's name, never an empty label.
func (l Lang) entry(e codes.Entry) string {
	if l == Zh {
		if e.Zh == "" && e.Dim == "hs" && len(e.Code) == 4 {
			return headingZh(e.Code)
		}
		return e.Zh
	}
	return e.En
}

// Dim is a dimension's name as a column title: partner, 国别(地区).
func (l Lang) Dim(dim string) string { return l.Word("dim." + dim) }

// DimInText is a dimension's name inside an English sentence ("trade
// mode"); Chinese is unchanged.
func (l Lang) DimInText(dim string) string { return strings.ReplaceAll(l.Dim(dim), "_", " ") }

// codeGlyphs are the characters of every code-list label in l.
func codeGlyphs(l Lang) string {
	var b strings.Builder
	for _, dim := range codes.Dims() {
		for _, e := range codes.List(dim) {
			b.WriteString(l.entry(e))
		}
	}
	return b.String()
}
