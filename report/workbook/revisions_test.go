package workbook

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
)

// todayPackage is the 2025 report from the embedded dataset as of a date
// after its newest release (2026-03-10): today's figures.
func todayPackage(t *testing.T) *report.Package {
	t.Helper()
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := report.BuildPackage(data.NewView(ds, testkit.MustDate("2026-11-23")), ds, data.Year(2025), "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// cellAt is one cell of a written sheet: its raw value and whether it is
// stored as a number.
type cellAt struct {
	raw    string
	number bool
}

// sheetCells reads a sheet's cells by row (1-based) and column (1-based)
// straight from the file's XML, shared strings resolved.
func sheetCells(t *testing.T, bx bookXML, name string) map[int]map[int]cellAt {
	t.Helper()
	texts := bx.text(t, name)
	out := map[int]map[int]cellAt{}
	for _, r := range bx.sheets[name].Rows {
		for _, c := range r.Cells {
			col, row, err := excelize.CellNameToCoordinates(c.Ref)
			if err != nil {
				t.Fatal(err)
			}
			if out[row] == nil {
				out[row] = map[int]cellAt{}
			}
			if s, ok := texts[c.Ref]; ok {
				out[row][col] = cellAt{raw: s}
				continue
			}
			if c.Value != "" && (c.Type == "" || c.Type == "n") {
				out[row][col] = cellAt{raw: c.Value, number: true}
			}
		}
	}
	return out
}

// excelDate is the serial number Excel stores for a date.
func excelDate(s string) float64 {
	d, _ := time.Parse(time.DateOnly, s)
	return math.Round(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// The Revisions sheet lists each figure's first release against its
// latest, numbers stored as numbers, under a caption saying that this is
// history, not a forecast, with the summary by series and flow below. The
// figures are those of ceb stats revisions (reference/NOTES.md): CBEC
// 2020 1.69 trillion (2021-01-14) revised to 1.62 trillion (2022-11-30),
// 1.62 / 1.69 − 1 = −4.142%, growth +31.1% → +25.7%, −5.4 pp; H1 2024
// 1.22 trillion (2024-07-30) → 1.2463 trillion (2024-10-14), +10.5% →
// +13.0%, +2.5 pp.
func TestRevisionsSheet(t *testing.T) {
	pkg := todayPackage(t)
	type figure struct {
		firstVintage, latestVintage    string
		first, latest                  float64 // yuan
		revision, firstG, latestG, gpp float64
	}
	cbec := map[string]figure{
		"2020": {"2021-01-14", "2022-11-30", 1.69e12, 1.62e12, -4.142, 31.1, 25.7, -5.4},
		"H1":   {"2024-07-30", "2024-10-14", 1.22e12, 1.2463e12, 2.1557, 10.5, 13.0, 2.5},
	}
	cases := []struct {
		lang, series, total, caption, summary string
		p2020, pH1                            string
	}{
		{lang: "en", series: "Cross-border e-commerce", total: "total", caption: "History, not a forecast", summary: "Summary by series and flow", p2020: "2020", pH1: "H1 2024"},
		{lang: "zh", series: "跨境电商", total: "进出口", caption: "非预测", summary: "按系列和流向汇总", p2020: "2020年", pH1: "2024年上半年"},
		{lang: "both", series: "跨境电商", total: "进出口", caption: "History, not a forecast", summary: "Summary by series and flow", p2020: "2020年", pH1: "2024年上半年"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			set := langs(tc.lang)
			name := set.SheetName("revisions")
			bx := readBookXML(t, writeBook(t, pkg, tc.lang))
			at := -1
			for i, n := range bx.names {
				if n == name {
					at = i
				}
			}
			if at < 0 {
				t.Fatalf("no sheet %q in %v", name, bx.names)
			}
			if at+1 >= len(bx.names) || bx.names[at+1] != set.SheetName("data") {
				t.Errorf("sheets %v: %q is not right before the Data sheet", bx.names, name)
			}
			cells := sheetCells(t, bx, name)
			if c := cells[1][1].raw; !strings.Contains(c, tc.caption) {
				t.Errorf("caption %q lacks %q", c, tc.caption)
			}
			// Columns by their heading's unit: amounts in 100 million or
			// trillion, as the heading says.
			factor := 1e8
			if h := cells[2][5].raw; strings.Contains(h, "tn") || strings.Contains(h, "万亿") {
				factor = 1e12
			}
			want := map[string]figure{tc.p2020: cbec["2020"], tc.pH1: cbec["H1"]}
			found := map[string]bool{}
			var sum float64
			n, summaryRow := 0, 0
			for row := 3; row < 100; row++ {
				r := cells[row]
				if strings.Contains(r[1].raw, tc.summary) {
					summaryRow = row
					break
				}
				if r[1].raw == tc.series && r[2].raw == tc.total {
					v, _ := strconv.ParseFloat(r[8].raw, 64)
					sum += v
					n++
				}
				period := r[3].raw
				if r[1].raw != tc.series || r[2].raw != tc.total {
					continue
				}
				fg, ok := want[period]
				if !ok {
					continue
				}
				found[period] = true
				if tc.lang == "en" && period == "2020" && !r[3].number {
					t.Errorf("row %d: the year %q is text", row, period)
				}
				checks := []struct {
					col       int
					name      string
					want, tol float64
				}{
					{4, "first vintage", excelDate(fg.firstVintage), 0},
					{5, "first value", fg.first / factor, 0.005e12 / factor},
					{6, "latest vintage", excelDate(fg.latestVintage), 0},
					{7, "latest value", fg.latest / factor, 0.00005e12 / factor},
					{8, "revision %", fg.revision, 0.001},
					{9, "first growth", fg.firstG, 1e-9},
					{10, "latest growth", fg.latestG, 1e-9},
					{11, "growth revision pp", fg.gpp, 1e-9},
					{12, "releases", 2, 0},
				}
				for _, c := range checks {
					cell := r[c.col]
					if !cell.number {
						t.Errorf("%s %s: %q is not stored as a number", period, c.name, cell.raw)
						continue
					}
					got, err := strconv.ParseFloat(cell.raw, 64)
					if err != nil || math.Abs(got-c.want) > c.tol {
						t.Errorf("%s %s = %s, want %v ± %v", period, c.name, cell.raw, c.want, c.tol)
					}
				}
			}
			for p := range want {
				if !found[p] {
					t.Errorf("no row for %s %s %s", tc.series, tc.total, p)
				}
			}
			if summaryRow == 0 {
				t.Fatalf("no summary %q below the rows", tc.summary)
			}
			// The summary row of CBEC's total: its periods and mean
			// revision, checked against the rows above.
			ok := false
			for row := summaryRow + 2; row < summaryRow+10; row++ {
				r := cells[row]
				if r[1].raw != tc.series || r[2].raw != tc.total {
					continue
				}
				ok = true
				periods, _ := strconv.ParseFloat(r[3].raw, 64)
				mean, _ := strconv.ParseFloat(r[4].raw, 64)
				if !r[3].number || !r[4].number || int(periods) != n || math.Abs(mean-sum/float64(n)) > 1e-6 {
					t.Errorf("summary %v: want %d periods, mean revision %.4f, as numbers", r, n, sum/float64(n))
				}
			}
			if !ok {
				t.Errorf("no summary row for %s %s", tc.series, tc.total)
			}
		})
	}
}

// A package without revised figures has no Revisions sheet; the Notes
// sheet of a report on a preliminary figure (2025, as of 2026-03-31)
// carries the history of the series' preliminary totals in each language.
func TestRevisionsSheetWhenNone(t *testing.T) {
	bx := readBookXML(t, writeBook(t, breakdownPackage(t), "en"))
	for _, n := range bx.names {
		if n == langs("en").SheetName("revisions") {
			t.Errorf("a package without revisions has the sheet %q", n)
		}
	}
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := report.BuildPackage(data.NewView(ds, testkit.MustDate("2026-03-31")), ds, data.Year(2025), "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	rows := sheetRows(t, pkg, "both", "notes")
	found := map[string]bool{}
	for _, r := range rows {
		if len(r) >= 2 {
			found["en"] = found["en"] || strings.Contains(r[1], "History, not a forecast: since 2020")
			found["zh"] = found["zh"] || strings.Contains(r[1], "历史情况（非预测）：2020年以来")
		}
	}
	if !found["en"] || !found["zh"] {
		t.Errorf("the Notes sheet lacks the preliminary history note: %v", found)
	}
}
