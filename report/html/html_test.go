package html

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/reporttest"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/chart"
	"github.com/cbec-stats/ceb/report/vocab"
)

// h1Package is H1 2024 as first published (reporttest.H1Package), with a
// version for the footer.
func h1Package(t *testing.T) *report.Package {
	t.Helper()
	pkg := reporttest.H1Package(t)
	pkg.Version = "v1.2.3-test"
	return pkg
}

// charts draws the package's charts as the command does, as SVG.
func charts(t *testing.T, pkg *report.Package, langs vocab.Set) []Chart {
	t.Helper()
	named, err := chart.ForPackage(pkg, langs, chart.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []Chart
	for _, c := range named {
		var b bytes.Buffer
		o := chart.Options{Lang: c.Lang, Currency: pkg.Currency, Format: "svg", Width: 1000, Height: 640, Stamp: langs.Embargo(pkg.Embargo)}
		if err := chart.Write(&b, c.Plot, o); err != nil {
			t.Fatal(err)
		}
		out = append(out, Chart{Lang: c.Lang, Title: c.Plot.Title.Text, SVG: b.Bytes()})
	}
	return out
}

var (
	pagesMu sync.Mutex
	pages   = map[string][]byte{}
)

// samplePage writes the H1 2024 page in langs ("en", "zh", "both"), with the
// charts, once per test binary.
func samplePage(t *testing.T, langs string) []byte {
	t.Helper()
	pagesMu.Lock()
	defer pagesMu.Unlock()
	if b, ok := pages[langs]; ok {
		return b
	}
	set, err := vocab.ParseSet(langs)
	if err != nil {
		t.Fatal(err)
	}
	pkg := h1Package(t)
	var b bytes.Buffer
	if err := Write(&b, pkg, set, charts(t, pkg, set)); err != nil {
		t.Fatal(err)
	}
	pages[langs] = b.Bytes()
	return b.Bytes()
}

func parse(t *testing.T, b []byte) *xhtml.Node {
	t.Helper()
	doc, err := xhtml.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the page does not parse: %v", err)
	}
	return doc
}

func attrOf(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// walk calls f on every element under n, depth first.
func walk(n *xhtml.Node, f func(*xhtml.Node)) {
	if n.Type == xhtml.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func find(n *xhtml.Node, tag string) []*xhtml.Node {
	var out []*xhtml.Node
	walk(n, func(e *xhtml.Node) {
		if e.Data == tag {
			out = append(out, e)
		}
	})
	return out
}

func text(n *xhtml.Node) string {
	var b strings.Builder
	var rec func(*xhtml.Node)
	rec = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// The page parses and has what a browser, a screen reader and a phone
// need: lang on the html element (and on each language's section), a
// viewport, a title, tables with a caption, th scope on every header cell,
// each table in a scrolling wrapper, and inline SVG charts named for
// screen readers.
func TestPageStructure(t *testing.T) {
	for _, tc := range []struct {
		langs     string
		htmlLang  string
		sections  []string
		pressText string
	}{
		{"en", "en", []string{"en"}, "In the first half of 2024, China's cross-border e-commerce imports and exports reached RMB 1.22 trillion, up 10.5% year on year, 4.4 percentage points higher than the growth of overall foreign trade."},
		{"zh", "zh-Hans", []string{"zh-Hans"}, "2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。"},
		{"both", "zh-Hans", []string{"zh-Hans", "en"}, "2024年上半年，我国跨境电商进出口1.22万亿元"},
	} {
		t.Run(tc.langs, func(t *testing.T) {
			doc := parse(t, samplePage(t, tc.langs))
			root := find(doc, "html")[0]
			if got, _ := attrOf(root, "lang"); got != tc.htmlLang {
				t.Errorf(`<html lang=%q>, want %q`, got, tc.htmlLang)
			}
			var langs []string
			for _, a := range find(doc, "article") {
				l, _ := attrOf(a, "lang")
				langs = append(langs, l)
			}
			if strings.Join(langs, ",") != strings.Join(tc.sections, ",") {
				t.Errorf("sections in %v, want %v", langs, tc.sections)
			}
			viewport := false
			for _, m := range find(doc, "meta") {
				if n, _ := attrOf(m, "name"); n == "viewport" {
					c, _ := attrOf(m, "content")
					viewport = strings.Contains(c, "width=device-width")
				}
			}
			if !viewport {
				t.Error("no viewport meta tag with width=device-width")
			}
			// The page's title is the head's (each inline chart has its own).
			if heads := find(doc, "head"); len(heads) != 1 {
				t.Error("no head")
			} else if ts := find(heads[0], "title"); len(ts) != 1 || strings.TrimSpace(text(ts[0])) == "" {
				t.Error("no title")
			}
			tables := find(doc, "table")
			if len(tables) < 5*len(tc.sections) {
				t.Errorf("%d tables, want at least headline, comparison, five-year, years and trend per language", len(tables))
			}
			for i, tb := range tables {
				if caps := find(tb, "caption"); len(caps) != 1 || strings.TrimSpace(text(caps[0])) == "" {
					t.Errorf("table %d has no caption", i)
				}
				if cls, _ := attrOf(tb.Parent, "class"); cls != "scroll" {
					t.Errorf("table %d is not in a scrolling wrapper", i)
				}
				for _, th := range find(tb, "th") {
					scope, _ := attrOf(th, "scope")
					inHead := th.Parent.Parent.Data == "thead"
					if inHead && scope != "col" || !inHead && scope != "row" {
						t.Errorf("table %d: <th> %q has scope %q", i, text(th), scope)
					}
				}
			}
			svgs := find(doc, "svg")
			if len(svgs) < 4*len(tc.sections) {
				t.Errorf("%d inline SVG charts, want at least 4 per language", len(svgs))
			}
			for _, s := range svgs {
				if r, _ := attrOf(s, "role"); r != "img" {
					t.Error("an SVG chart has no role img")
				}
				if l, _ := attrOf(s, "aria-label"); l == "" {
					t.Error("an SVG chart has no aria-label")
				}
			}
			if !strings.Contains(text(doc), tc.pressText) {
				t.Errorf("the press text %q is not on the page", tc.pressText)
			}
			// The footer names the publisher, the date and ceb's version.
			foot := text(find(doc, "footer")[0])
			for _, want := range []string{"2024-07-31", "v1.2.3-test"} {
				if !strings.Contains(foot, want) {
					t.Errorf("the footer %q lacks %q", foot, want)
				}
			}
			if !strings.Contains(foot, "GACC") && !strings.Contains(foot, "海关总署") {
				t.Errorf("the footer %q names no source", foot)
			}
		})
	}
}

var reNumberCell = regexp.MustCompile(`^(?:[+-]?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?%?|n/a|无数据|)$`)

// Every number cell is right-aligned and holds a number as the tables
// write it (12,200.0, +10.5%, +4.4, 2.2) or says it is missing; the
// headline figures are there.
func TestNumberCells(t *testing.T) {
	for _, langs := range []string{"en", "zh"} {
		doc := parse(t, samplePage(t, langs))
		var cells []string
		for _, tag := range []string{"td", "th"} {
			for _, c := range find(doc, tag) {
				if cls, _ := attrOf(c, "class"); strings.HasPrefix(cls, "num") && c.Parent.Parent.Data == "tbody" {
					s := text(c)
					cells = append(cells, s)
					if !reNumberCell.MatchString(s) {
						t.Errorf("%s: number cell %q is not a number as the tables write it", langs, s)
					}
				}
			}
		}
		for _, want := range []string{"12,200.0", "+10.5%", "+6.1%", "+4.4", "5.8%", "2.2", "1.2", "+17.6%"} {
			found := false
			for _, c := range cells {
				found = found || c == want
			}
			if !found {
				t.Errorf("%s: no number cell %q", langs, want)
			}
		}
	}
	if !strings.Contains(css, ".num { text-align: right;") {
		t.Error("number cells are not right-aligned")
	}
}

// The page makes no request: no scripts, frames, images, stylesheets or
// fonts from elsewhere, no src or href out of the page, no @import and no
// url() in its CSS or SVG.
func TestNoExternalReferences(t *testing.T) {
	for _, langs := range []string{"en", "zh", "both"} {
		b := samplePage(t, langs)
		doc := parse(t, b)
		walk(doc, func(n *xhtml.Node) {
			switch n.Data {
			case "script", "iframe", "img", "link", "object", "embed", "video", "audio", "source", "base", "image", "use", "foreignObject":
				t.Errorf("%s: the page has a <%s> element", langs, n.Data)
			}
			for _, a := range n.Attr {
				switch strings.ToLower(a.Key) {
				case "src", "href", "srcset", "action", "formaction", "poster", "data", "background":
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if !strings.HasPrefix(v, "#") {
						t.Errorf("%s: <%s %s=%q> points out of the page", langs, n.Data, a.Key, a.Val)
					}
				}
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("%s: <%s> has an event handler %s", langs, n.Data, a.Key)
				}
			}
		})
		lower := bytes.ToLower(b)
		for _, bad := range []string{"@import", "url(", "@font-face", "xlink:href=", "javascript:"} {
			if bytes.Contains(lower, []byte(bad)) {
				t.Errorf("%s: the page contains %q", langs, bad)
			}
		}
	}
}

// Same package, same bytes: no timestamps but the package's, no map order.
func TestByteIdentical(t *testing.T) {
	set := vocab.Set{vocab.Zh, vocab.En}
	var out [2][]byte
	for i := range out {
		pkg := h1Package(t)
		at := time.Date(2030, 7, 14, 10, 0, 0, 0, time.FixedZone("", 8*3600))
		pkg.Embargo = &at
		var b bytes.Buffer
		if err := Write(&b, pkg, set, charts(t, pkg, set)); err != nil {
			t.Fatal(err)
		}
		out[i] = b.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two pages of the same package differ")
	}
}

// An embargo is a visible stamp at the top of the page, before the title,
// in the page's languages; without one there is none.
func TestEmbargoStamp(t *testing.T) {
	pkg := h1Package(t)
	at := time.Date(2030, 7, 14, 10, 0, 0, 0, time.FixedZone("", 8*3600))
	pkg.Embargo = &at
	var b bytes.Buffer
	if err := Write(&b, pkg, vocab.Set{vocab.Zh, vocab.En}, nil); err != nil {
		t.Fatal(err)
	}
	doc := parse(t, b.Bytes())
	body := find(doc, "body")[0]
	var first *xhtml.Node
	walk(body, func(n *xhtml.Node) {
		if first == nil && n.Data == "p" {
			first = n
		}
	})
	want := "EMBARGOED until 2030-07-14 10:00 UTC+08:00 / 北京时间2030年7月14日10:00前禁止发布"
	if first == nil || text(first) != want {
		t.Fatalf("the first paragraph is not the stamp %q", want)
	}
	if cls, _ := attrOf(first, "class"); cls != "embargo" {
		t.Errorf("the stamp has class %q", cls)
	}
	if !strings.Contains(css, ".embargo {") {
		t.Error("the stamp has no style")
	}
	if !strings.Contains(b.String(), `<p class="embargo" role="note">`) || strings.Index(b.String(), "embargo") > strings.Index(b.String(), "<h1>") {
		t.Error("the stamp is not above the title")
	}
	if bytes.Contains(samplePage(t, "both"), []byte("EMBARGOED")) {
		t.Error("a page without an embargo carries a stamp")
	}
}

// The print rules: A4, no backgrounds, tables and charts kept whole.
func TestPrintCSS(t *testing.T) {
	for _, want := range []string{"@page { size: A4;", "@media print", "background: none", "break-inside: avoid", "page-break-inside: avoid"} {
		if !strings.Contains(css, want) {
			t.Errorf("the CSS lacks %q", want)
		}
	}
}

// Bad input is an error, never a panic: no package, an empty package, a
// chart that is not SVG, text with markup and control characters.
func TestBadInput(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, nil, vocab.Set{vocab.En}, nil); err == nil {
		t.Error("no error for a nil package")
	}
	if err := Write(&b, &report.Package{}, nil, nil); err != nil {
		t.Errorf("an empty package: %v", err)
	}
	pkg := h1Package(t)
	err := Write(&b, pkg, vocab.Set{vocab.En}, []Chart{{Lang: vocab.En, Title: "x", SVG: []byte("PNG")}})
	if err == nil || !strings.Contains(err.Error(), "not an SVG document") {
		t.Errorf("a chart that is not SVG: %v", err)
	}
	pkg.Sources = []data.Source{{Path: "<script>alert(1)</script>\x1b[2J.csv"}}
	b.Reset()
	if err := Write(&b, pkg, vocab.Set{vocab.En}, nil); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "<script>") || !strings.Contains(s, `&lt;script&gt;alert(1)&lt;/script&gt;\x1b[2J.csv`) {
		t.Error("text from the data is not escaped")
	}
}
