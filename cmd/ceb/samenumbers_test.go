package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// One run of `ceb report` writes one set of numbers: the press figures of
// H1 2024 as first published (1.22 trillion, +10.5%, 4.4 points above all
// trade, 2023 grew 1.2 times on 2018, 17.6% a year) are read back from the
// press text, and each is found, rounded the same way, in the workbook (a
// number, not text), in the HTML page and in the charts' SVG descriptions.
func TestOneSetOfNumbers(t *testing.T) {
	type figure struct {
		name     string
		press    *regexp.Regexp // in the press text, the number as group 1
		chart    string         // the SVG whose <desc> carries it
		chartFmt string         // how the chart writes it (%s: the number)
	}
	tests := []struct {
		lang    string
		figures []figure
	}{
		{"zh", []figure{
			{"level", regexp.MustCompile(`我国跨境电商进出口(\d+\.\d+)万亿元`), "", ""},
			{"rate", regexp.MustCompile(`同比增长(\d+\.\d)%`), "growth", "2024年上半年 +%s"},
			{"gap", regexp.MustCompile(`高出同期我国外贸整体增速(\d+\.\d)个百分点`), "compare", "+%s个百分点"},
			{"times", regexp.MustCompile(`比2018年增长(\d+\.\d)倍`), "multiple", "增长%s倍"},
			{"cagr", regexp.MustCompile(`年均增长(\d+\.\d)%`), "multiple", "年均增长%s%%"},
		}},
		{"en", []figure{
			{"level", regexp.MustCompile(`reached RMB (\d+\.\d+) trillion`), "", ""},
			{"rate", regexp.MustCompile(`up (\d+\.\d)% year on year`), "growth", "H1 2024 +%s"},
			{"gap", regexp.MustCompile(`(\d+\.\d) percentage points (?:higher|above)`), "compare", "+%s"},
			{"times", regexp.MustCompile(`an increase of (\d+\.\d) times`), "multiple", "grew %s times"},
			{"cagr", regexp.MustCompile(`average annual growth of (\d+\.\d)%`), "multiple", "CAGR %s%%"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			dir := t.TempDir()
			book, text, page, charts := filepath.Join(dir, "h1.xlsx"), filepath.Join(dir, "h1.md"), filepath.Join(dir, "h1.html"), filepath.Join(dir, "ch")
			if err := os.Mkdir(charts, 0o755); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCeb(t, false, "report", "--period", "2024H1", "--as-of", "2024-07-31", "--lang", tt.lang, "--quiet",
				"--out", book, "--text", text, "--html", page, "--charts", charts)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			press := readText(t, text)
			html := readText(t, page)
			cells := bookNumbers(t, book)
			for _, f := range tt.figures {
				m := f.press.FindStringSubmatch(press)
				if m == nil {
					t.Errorf("%s: not in the press text:\n%s", f.name, press)
					continue
				}
				want, _ := strconv.ParseFloat(m[1], 64)
				decimals := len(m[1]) - strings.IndexByte(m[1], '.') - 1
				if !hasRounded(cells, want, decimals) {
					t.Errorf("%s: no number in the workbook rounds to %s", f.name, m[1])
				}
				// The page's tables, not its press paragraph (built from the
				// same facts as the text): levels there are in 100 million
				// yuan, so 1.22 trillion is a cell of 12,2xx.
				scale := 1.0
				if f.name == "level" {
					scale = 1e-4
				}
				if !hasRounded(scaled(tdNumbers(html), scale), want, decimals) {
					t.Errorf("%s: no cell of the HTML page's tables rounds to %s", f.name, m[1])
				}
				if f.chart == "" {
					continue
				}
				svg := readText(t, filepath.Join(charts, "2024H1-"+f.chart+"-"+tt.lang+".svg"))
				desc := regexp.MustCompile(`<desc[^>]*>([^<]*)</desc>`).FindStringSubmatch(svg)
				if w := fmt.Sprintf(f.chartFmt, m[1]); desc == nil || !strings.Contains(desc[1], w) {
					t.Errorf("%s: the %s chart's description lacks %q:\n%v", f.name, f.chart, w, desc)
				}
			}
		})
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bookNumbers are the numeric cells of every sheet, as stored.
func bookNumbers(t *testing.T, path string) []float64 {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []float64
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					continue
				}
				if x, err := strconv.ParseFloat(row[c], 64); err == nil {
					out = append(out, x)
				}
			}
		}
	}
	return out
}

// tdNumbers are the numbers of an HTML page's table cells (<td>), as
// written: thousands separators, a sign and a % dropped.
func tdNumbers(html string) []float64 {
	var out []float64
	for _, m := range regexp.MustCompile(`<td[^>]*>([^<]*)</td>`).FindAllStringSubmatch(html, -1) {
		s := strings.TrimSuffix(strings.TrimPrefix(strings.ReplaceAll(m[1], ",", ""), "+"), "%")
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			out = append(out, x)
		}
	}
	return out
}

func scaled(xs []float64, by float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * by
	}
	return out
}

// hasRounded reports whether a number of cells rounds to want at decimals.
func hasRounded(cells []float64, want float64, decimals int) bool {
	p := math.Pow(10, float64(decimals))
	for _, x := range cells {
		if math.Round(x*p) == math.Round(want*p) {
			return true
		}
	}
	return false
}
