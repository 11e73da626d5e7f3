package load

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// navTable is a site's navigation bar as a table of links, years among them.
const navTable = `<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/sjfb">数据发布</a></td><td><a href="/2023">2023</a></td><td><a href="/2024">2024</a></td></tr></table>`

var reBody = regexp.MustCompile(`(?s)(<body[^>]*>)(.*)(</body>)`)

// TestHTMLPageLayouts: a release table inside a page-layout table (a cell of
// an outer table holds the real one) or after a navigation table is found
// and read as the plain page is. The pages are the testdata/gacc HTML files
// with their body wrapped.
func TestHTMLPageLayouts(t *testing.T) {
	files := []struct{ file, vintage string }{
		{"release_2024-11_usd_en.html", ""},
		{"release_2023-11_usd_en.html", ""},
		{"release_2024-01..02_cny_zh.html", ""},
		{"trade_mode_2024-05_cny.html", "2024-06-07"},
		{"regime_2019-10_usd.html", "2019-11-22"},
	}
	wraps := []struct {
		name string
		wrap func(body string) string
	}{
		{"inside a page-layout table", func(b string) string {
			return `<table width="100%"><tr><td class="side">Statistics</td><td class="main">` + b + `</td></tr></table>`
		}},
		{"after a navigation table", func(b string) string { return navTable + b }},
		{"navigation table in the layout table", func(b string) string {
			return `<table><tr><td>` + navTable + `</td></tr><tr><td>` + b + `</td></tr></table>`
		}},
		{"two layout tables deep, navigation after", func(b string) string {
			return `<table><tr><td><table><tr><td>` + b + `</td></tr></table></td></tr></table>` + navTable
		}},
	}
	for _, f := range files {
		opt := Options{}
		if f.vintage != "" {
			opt.Vintage = testkit.MustDate(f.vintage)
		}
		path := filepath.Join("..", "..", "testdata", "gacc", f.file)
		want, err := Load(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reBody.Match(page) {
			t.Fatalf("%s has no <body>", f.file)
		}
		for _, w := range wraps {
			t.Run(f.file+"/"+w.name, func(t *testing.T) {
				i := reBody.FindSubmatchIndex(page) // the body's content is i[4]:i[5]
				wrapped := string(page[:i[4]]) + w.wrap(string(page[i[4]:i[5]])) + string(page[i[5]:])
				got, err := Load(testkit.WriteFile(t, f.file, []byte(wrapped)), opt)
				if err != nil {
					t.Fatal(err)
				}
				sameObs(t, got, want)
			})
		}
	}
}

// sameObs checks that got holds want's observations, in order.
func sameObs(t *testing.T, got, want *data.Dataset) {
	t.Helper()
	if len(got.Obs) != len(want.Obs) || len(want.Obs) == 0 {
		t.Fatalf("got %d observations, want %d", len(got.Obs), len(want.Obs))
	}
	for i := range want.Obs {
		w, g := want.Obs[i], got.Obs[i]
		if g.Key() != w.Key() || g.Value != w.Value || g.Vintage != w.Vintage || (g.ReportedYoY == nil) != (w.ReportedYoY == nil) {
			t.Errorf("observation %d = %v %v %v, want %v %v %v", i, g.Key(), g.Value, g.Vintage, w.Key(), w.Value, w.Vintage)
		}
	}
}
