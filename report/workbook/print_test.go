package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
)

// The parts of the workbook's XML that printing depends on, read straight
// from the file as Excel and LibreOffice read them.
type xmlWorkbook struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
	DefinedNames []struct {
		Name    string `xml:"name,attr"`
		SheetID string `xml:"localSheetId,attr"`
		Ref     string `xml:",chardata"`
	} `xml:"definedNames>definedName"`
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlSheet struct {
	SheetPr struct {
		PageSetUpPr struct {
			FitToPage string `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Panes []struct {
		State  string `xml:"state,attr"`
		YSplit string `xml:"ySplit,attr"`
	} `xml:"sheetViews>sheetView>pane"`
	Rows []struct {
		Cells []struct {
			Ref    string `xml:"r,attr"`
			Type   string `xml:"t,attr"`
			Value  string `xml:"v"`
			Inline string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	PageSetup struct {
		Orientation string `xml:"orientation,attr"`
		PaperSize   string `xml:"paperSize,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
		FitToHeight string `xml:"fitToHeight,attr"`
	} `xml:"pageSetup"`
	OddHeader string `xml:"headerFooter>oddHeader"`
	OddFooter string `xml:"headerFooter>oddFooter"`
}

type xmlStrings struct {
	Items []struct {
		Text string   `xml:"t"`
		Runs []string `xml:"r>t"`
	} `xml:"si"`
}

// parts unzips an XLSX file.
func parts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// bookXML is a written workbook's sheets by name (in order), their XML
// and the shared strings.
type bookXML struct {
	names   []string
	sheets  map[string]xmlSheet
	titles  map[string]string // Print_Titles by sheet name
	strings []string
}

func readBookXML(t *testing.T, b []byte) bookXML {
	t.Helper()
	p := parts(t, b)
	var wb xmlWorkbook
	var rels xmlRels
	var ss xmlStrings
	decode(t, p["xl/workbook.xml"], &wb)
	decode(t, p["xl/_rels/workbook.xml.rels"], &rels)
	if s, ok := p["xl/sharedStrings.xml"]; ok {
		decode(t, s, &ss)
	}
	out := bookXML{sheets: map[string]xmlSheet{}, titles: map[string]string{}}
	for _, si := range ss.Items {
		out.strings = append(out.strings, si.Text+strings.Join(si.Runs, ""))
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		target[r.ID] = path.Join("xl", r.Target)
	}
	for _, s := range wb.Sheets {
		var ws xmlSheet
		decode(t, p[target[s.RID]], &ws)
		out.names = append(out.names, s.Name)
		out.sheets[s.Name] = ws
	}
	for _, d := range wb.DefinedNames {
		if i, err := strconv.Atoi(d.SheetID); err == nil && d.Name == "_xlnm.Print_Titles" && i < len(out.names) {
			out.titles[out.names[i]] = d.Ref
		}
	}
	return out
}

// text is the text of every string cell of a sheet, by cell.
func (bx bookXML) text(t *testing.T, name string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range bx.sheets[name].Rows {
		for _, c := range r.Cells {
			switch c.Type {
			case "s":
				i, err := strconv.Atoi(c.Value)
				if err != nil || i >= len(bx.strings) {
					t.Fatalf("%s!%s: shared string %q out of range", name, c.Ref, c.Value)
				}
				out[c.Ref] = bx.strings[i]
			case "inlineStr", "str":
				out[c.Ref] = c.Inline + c.Value
			}
		}
	}
	return out
}

// reNumberAsText is text that is a number, or starts with one followed by
// a per cent sign or a word ("10.5%", "10.5 reported", "31.1https://…",
// "1.22万亿元"). A year label (2024年上半年) is a period's name, not a
// number, and a date (2024-07-30) is not followed by a word.
var reNumberAsText = regexp.MustCompile(`^\s*[-+−]?[0-9][0-9,]*(\.[0-9]+)?\s*($|%|[A-Za-z]|[^\x00-\x7F年])`)

// bookPackage is the H1 2024 package, with an embargo or not, or a
// package with a breakdown by partner.
func bookPackage(t *testing.T, embargo, breakdown bool) *report.Package {
	t.Helper()
	var pkg *report.Package
	if breakdown {
		pkg = breakdownPackage(t)
	} else {
		pkg = h1Package(t)
		pkg.Version = "v1.2.3"
	}
	if embargo {
		at := time.Date(2024, 7, 30, 10, 0, 0, 0, time.FixedZone("", 8*3600))
		pkg.Embargo = &at
	}
	return pkg
}

// Every table sheet prints on A4 landscape, one page wide and as many tall
// as needed, its header rows repeated on every page and frozen on screen,
// with the title, the source, the page number and any embargo stamp in its
// header and footer; no sheet stores a number as text.
func TestWorkbookPrints(t *testing.T) {
	cases := []struct {
		name, lang         string
		embargo, breakdown bool
		source, page       []string
	}{
		{name: "en", lang: "en", source: []string{"Source: GACC"}, page: []string{"Page &P of &N"}},
		{name: "zh", lang: "zh", source: []string{"资料来源：海关总署"}, page: []string{"第&P页，共&N页"}},
		{name: "both", lang: "both", source: []string{"Source: GACC", "资料来源：海关总署"}, page: []string{"Page &P of &N", "第&P页，共&N页"}},
		{name: "en embargoed", lang: "en", embargo: true, source: []string{"Source: GACC"}, page: []string{"Page &P of &N"}},
		{name: "zh embargoed", lang: "zh", embargo: true, source: []string{"资料来源：海关总署"}, page: []string{"第&P页，共&N页"}},
		{name: "both embargoed", lang: "both", embargo: true, source: []string{"Source: GACC", "资料来源：海关总署"}, page: []string{"Page &P of &N", "第&P页，共&N页"}},
		{name: "en with a breakdown", lang: "en", breakdown: true, source: []string{"Source: GACC"}, page: []string{"Page &P of &N"}},
		{name: "zh with a breakdown", lang: "zh", breakdown: true, source: []string{"资料来源：海关总署"}, page: []string{"第&P页，共&N页"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg := bookPackage(t, tc.embargo, tc.breakdown)
			set := langs(tc.lang)
			bx := readBookXML(t, writeBook(t, pkg, tc.lang))
			keys := []string{"summary", "growth", "comparison", "fiveyear", "series", "data", "provenance"}
			if tc.breakdown {
				keys = append(keys, "breakdown")
			} else {
				// The H1 2024 package has revised figures (CBEC 2020 …).
				keys = append(keys, "revisions")
			}
			stamp := set.Embargo(pkg.Embargo)
			title := set.Pair(func(l vocab.Lang) string { return l.BookTitle(pkg.Series, pkg.Period) })
			for _, key := range keys {
				name := set.SheetName(key)
				ws, ok := bx.sheets[name]
				if !ok {
					t.Fatalf("no sheet %q in %v", name, bx.names)
				}
				ps := ws.PageSetup
				if ps.Orientation != "landscape" || ps.PaperSize != "9" || ps.FitToWidth != "1" || ps.FitToHeight != "0" {
					t.Errorf("%s: pageSetup %+v, want landscape, paperSize 9 (A4), fitToWidth 1, fitToHeight 0", key, ps)
				}
				if fit := ws.SheetPr.PageSetUpPr.FitToPage; fit != "true" && fit != "1" {
					t.Errorf("%s: sheetPr/pageSetUpPr fitToPage = %q", key, fit)
				}
				if ref := bx.titles[name]; !regexp.MustCompile(`!\$1:\$[1-9]$`).MatchString(ref) {
					t.Errorf("%s: Print_Titles = %q, want the rows from 1", key, ref)
				}
				if len(ws.Panes) != 1 || ws.Panes[0].State != "frozen" || ws.Panes[0].YSplit == "" {
					t.Errorf("%s: panes %+v, want the header rows frozen", key, ws.Panes)
				}
				if !strings.Contains(ws.OddHeader, title) {
					t.Errorf("%s: header %q lacks the title %q", key, ws.OddHeader, title)
				}
				if stamp != "" && !strings.Contains(ws.OddHeader, stamp) {
					t.Errorf("%s: header %q lacks the embargo stamp %q", key, ws.OddHeader, stamp)
				}
				if stamp == "" && (strings.Contains(ws.OddHeader, "EMBARGO") || strings.Contains(ws.OddHeader, "禁止发布")) {
					t.Errorf("%s: header %q is stamped without an embargo", key, ws.OddHeader)
				}
				for _, w := range append(tc.source, tc.page...) {
					if !strings.Contains(ws.OddFooter, w) {
						t.Errorf("%s: footer %q lacks %q", key, ws.OddFooter, w)
					}
				}
			}
			// Every sheet, the cover and notes too: no number stored as text.
			for _, name := range bx.names {
				for ref, s := range bx.text(t, name) {
					if reNumberAsText.MatchString(s) {
						t.Errorf("%s!%s holds the number as text %q", name, ref, s)
					}
				}
			}
		})
	}
}

// The words of the book are a reader's: no cell holds a code where a word
// belongs (a series slug, a status code, a press figure's label). The
// flow "total" is the vocabulary's English word for it, so it may stand.
func TestWorkbookWords(t *testing.T) {
	codes := []string{"cbec", "trade", "revised-base", "mixed-vintage", "method-break", "cagr", "increase times", "multiple to", "share change"}
	for _, lang := range []string{"en", "zh", "both"} {
		t.Run(lang, func(t *testing.T) {
			bx := readBookXML(t, writeBook(t, bookPackage(t, false, false), lang))
			for _, name := range bx.names {
				if strings.Contains(name, "Notes") || strings.Contains(name, "说明") {
					continue // the method notes name the platform series by its slug
				}
				for ref, s := range bx.text(t, name) {
					for _, c := range codes {
						if s == c || strings.HasPrefix(s, c+" ") {
							t.Errorf("%s!%s = %q: the code %q where a word belongs", name, ref, s, c)
						}
					}
				}
			}
		})
	}
}

// A press figure as written is a number whose format writes the words
// around it: the cell holds 1.22 and shows "RMB 1.22 trillion".
func TestWritten(t *testing.T) {
	cases := []struct {
		name, in, format string
		v                float64
		ok               bool
	}{
		{"amount en", "RMB 1.22 trillion", `"RMB "0.00" trillion"`, 1.22, true},
		{"amount zh", "1.22万亿元", `0.00"万亿元"`, 1.22, true},
		{"rate", "10.5%", `0.0"%"`, 10.5, true},
		{"whole rate", "10%", `0"%"`, 10, true},
		{"points", "4.4个百分点", `0.0"个百分点"`, 4.4, true},
		{"times", "1.2", `0.0`, 1.2, true},
		{"thousands", "RMB 12,200 billion", `"RMB "#,##0" billion"`, 12200, true},
		{"negative", "−3.9%", `"−"0.0"%"`, 3.9, true},
		{"two numbers", "1.2 to 2.3", "", 0, false},
		{"no number", "n/a", "", 0, false},
		{"a quote", `10.5" wide`, "", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, format, ok := written(tc.in)
			if ok != tc.ok || (ok && (v != tc.v || format != tc.format)) {
				t.Errorf("written(%q) = %v, %q, %v; want %v, %q, %v", tc.in, v, format, ok, tc.v, tc.format, tc.ok)
			}
		})
	}
}

// breakdownPackage is a small H1 2024 package with a breakdown by partner.
func breakdownPackage(t *testing.T) *report.Package {
	t.Helper()
	ds := &data.Dataset{}
	add := func(series, partner string, p data.Period, v float64, vintage string) {
		o := data.Observation{Series: series, Flow: data.Total, Period: p, Currency: data.CNY, Value: v * 1e8, HasValue: true, Vintage: testkit.MustDate(vintage)}
		o.Dims.Set("partner", partner)
		ds.Obs = append(ds.Obs, o)
	}
	h23, h24 := data.Half(2023, 1), data.Half(2024, 1)
	add("trade", "", h23, 201000, "2023-07-13")
	add("trade", "", h24, 211700, "2024-07-12")
	add("cbec", "", h23, 10970, "2023-07-13")
	add("cbec", "", h24, 12200, "2024-07-30")
	add("cbec", "US", h23, 3000, "2023-07-13")
	add("cbec", "US", h24, 3400, "2024-07-30")
	pkg, err := report.BuildPackage(data.NewView(ds, testkit.MustDate("2024-07-31")), ds, h24, "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// The check for numbers stored as text flags what Excel would flag and
// the numbers run into words, and leaves periods, dates and places alone.
func TestNumberAsText(t *testing.T) {
	cases := []struct {
		in   string
		flag bool
	}{
		{"10.5%", true}, {"10.5 reported", true}, {"31.1https://x", true}, {"1.22万亿元", true}, {"2023", true}, {"1,230.0", true},
		{"2024年上半年", false}, {"2024-07-30", false}, {"H1 2024", false}, {"builtin:22", false}, {"reported", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := reNumberAsText.MatchString(tc.in); got != tc.flag {
				t.Errorf("%q flagged %v, want %v", tc.in, got, tc.flag)
			}
		})
	}
}
