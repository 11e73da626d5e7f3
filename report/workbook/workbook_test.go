package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/reporttest"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
	"github.com/cbec-stats/ceb/report/vocab"
	"github.com/cbec-stats/ceb/stats"
)

// samplePackage is H1 2024 as first published, built by hand from the
// embedded dataset (the command builds the same from flags).
func samplePackage(t *testing.T) *report.Package {
	t.Helper()
	v := testkit.BuiltinView(t, "2024-07-31")
	key := data.Key{Series: "cbec", Flow: data.Total, Period: data.Half(2024, 1), Currency: data.CNY}
	c, err := stats.Compare(v, key, "trade")
	if err != nil {
		t.Fatal(err)
	}
	m, err := stats.MultipleOf(v, data.Key{Series: "cbec", Flow: data.Total, Period: data.Year(2023), Currency: data.CNY}, 2018)
	if err != nil {
		t.Fatal(err)
	}
	years, _ := stats.Steps(data.KindYear, data.Year(2018), data.Year(2023))
	rows, _ := stats.Trend(v, data.Key{Series: "cbec", Flow: data.Total, Currency: data.CNY}, years)
	var hist []stats.Comparison
	for _, y := range []int{2023, 2024} {
		k := key
		k.Period = data.Half(y, 1)
		h, err := stats.Compare(v, k, "trade")
		if err != nil {
			t.Fatal(err)
		}
		hist = append(hist, h)
	}
	val, _ := v.Value(key)
	return &report.Package{Period: key.Period, AsOf: v.AsOf, Currency: data.CNY, Series: "cbec", Reference: "trade",
		Headline: []stats.Comparison{c}, Multiple: &m, MultipleYears: rows, History: hist,
		Observations: val.Parts, Sources: []data.Source{{Path: "builtin", SHA256: "abc"}}, Version: "test", CommandLine: "ceb report"}
}

var reNumber = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// No number appears in the press text that is not one of its figures, and
// every figure is the rounding of a number in the tables.
func TestPressFiguresTraceable(t *testing.T) {
	pkg := samplePackage(t)
	c := pkg.Headline[0]
	tableValues := map[string]float64{
		"total": *c.Value / 1e12, "growth": *c.GrowthPct, "gap": *c.GapPP, "share": *c.SharePct,
		"share change": *c.ShareChangePP, "multiple to": *pkg.Multiple.ToValue / 1e12, "increase times": *pkg.Multiple.IncreaseTimes,
		"cagr": *pkg.Multiple.CAGRPct, "ratio": *pkg.Multiple.Ratio, "increase": *pkg.Multiple.IncreasePct,
	}
	for _, lang := range []vocab.Lang{vocab.En, vocab.Zh} {
		p := lang.Paragraph(report.FactsOf(pkg))
		written := map[string]bool{}
		for _, f := range p.Figures {
			for _, n := range reNumber.FindAllString(f.Text, -1) {
				written[n] = true
			}
			want, ok := tableValues[f.Label]
			if !ok {
				t.Errorf("%s: figure %q has no table value", lang, f.Label)
				continue
			}
			d := 2
			if f.Label != "total" && f.Label != "multiple to" {
				d = 1
			}
			if r := stats.Round(want, d); r != f.Value {
				t.Errorf("%s: figure %s = %v, table rounds to %v", lang, f.Label, f.Value, r)
			}
		}
		for _, n := range reNumber.FindAllString(p.Text, -1) {
			if !written[n] && n != "2018" && n != "2023" && n != "2024" {
				t.Errorf("%s: %q appears in the text but is no figure: %s", lang, n, p.Text)
			}
		}
	}
}

func TestPressWording(t *testing.T) {
	pkg := samplePackage(t)
	zh := vocab.Zh.Paragraph(report.FactsOf(pkg)).Text
	for _, want := range []string{"2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点。", "比2018年增长1.2倍", "年均增长17.6%"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh lacks %q:\n%s", want, zh)
		}
	}
	if strings.Contains(zh, "的1.2倍") || strings.Contains(zh, "的2.2倍") {
		t.Errorf("zh uses 是…的X倍: %s", zh)
	}
	en := vocab.En.Paragraph(report.FactsOf(pkg)).Text
	for _, want := range []string{"In the first half of 2024, China's cross-border e-commerce imports and exports reached RMB 1.22 trillion, up 10.5% year on year, 4.4 percentage points higher than the growth of overall foreign trade.", "an increase of 1.2 times"} {
		if !strings.Contains(en, want) {
			t.Errorf("en lacks %q:\n%s", want, en)
		}
	}
	// A fall and a flat rate.
	down, flat := -3.94, 0.04
	g := pkg.Headline[0]
	g.GrowthPct, g.GapPP = &down, nil
	pkg.Headline = []stats.Comparison{g}
	if s := vocab.Zh.Paragraph(report.FactsOf(pkg)).Text; !strings.Contains(s, "同比下降3.9%") {
		t.Errorf("fall: %s", s)
	}
	if s := vocab.En.Paragraph(report.FactsOf(pkg)).Text; !strings.Contains(s, "down 3.9% year on year") {
		t.Errorf("fall: %s", s)
	}
	pkg.Headline[0].GrowthPct = &flat
	if s := vocab.Zh.Paragraph(report.FactsOf(pkg)).Text; !strings.Contains(s, "同比持平") {
		t.Errorf("flat: %s", s)
	}
}

// langs parses a report language: en, zh or both.
func langs(s string) vocab.Set {
	set, err := vocab.ParseSet(s)
	if err != nil {
		panic(err)
	}
	return set
}

func writeBook(t *testing.T, pkg *report.Package, lang string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, pkg, langs(lang)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWorkbook(t *testing.T) {
	pkg := samplePackage(t)
	first := writeBook(t, pkg, "both")
	for i := 0; i < 3; i++ {
		if !bytes.Equal(first, writeBook(t, pkg, "both")) {
			t.Fatal("two workbooks from the same inputs differ")
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"封面 Cover", "摘要 Summary", "增长 Growth", "对比 Comparison", "五年比较 Five-year", "序列 Series", "数据 Data", "来源 Provenance", "说明 Notes and method"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(wantSheets, "|") {
		t.Errorf("sheets = %v", got)
	}
	sum := "摘要 Summary"
	// The headline value is a number (1.22, in trillions), not text.
	typ, _ := f.GetCellType(sum, "B4")
	val, _ := f.GetCellValue(sum, "B4", excelize.Options{RawCellValue: true})
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || val != "1.22" {
		t.Errorf("B4 = %q (type %v), want the number 1.22", val, typ)
	}
	if v, _ := f.GetCellValue(sum, "C4", excelize.Options{RawCellValue: true}); v != "10.5" {
		t.Errorf("growth C4 = %q", v)
	}
	if v, _ := f.GetCellValue(sum, "F4", excelize.Options{RawCellValue: true}); v != "4.4" {
		t.Errorf("gap F4 = %q", v)
	}
	charts := 0
	zr, _ := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	for _, e := range zr.File {
		if strings.HasPrefix(e.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 2 {
		t.Errorf("%d native charts, want 2", charts)
	}
	// Text from data stays text: a note that looks like a formula.
	pkg.Observations[0].Note = "=HYPERLINK(\"http://x\")"
	b := writeBook(t, pkg, "en")
	g, _ := excelize.OpenReader(bytes.NewReader(b))
	defer g.Close()
	rows, _ := g.GetRows("Data")
	col := -1
	for i, h := range rows[0] {
		if h == "note" {
			col = i
		}
	}
	if fm, _ := g.GetCellFormula("Data", cellName(col+1, 2)); fm != "" {
		t.Errorf("a note became the formula %q", fm)
	}
}

// A real client opens the workbook: LibreOffice converts it to ODS, and the
// result has the sheets, the two charts and the headline numbers. CI sets
// CEB_REQUIRE_LIBREOFFICE=1 (its .ci/run installs libreoffice-calc).
func TestWorkbookInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		soffice, err = exec.LookPath("libreoffice")
	}
	if err != nil {
		if os.Getenv("CEB_REQUIRE_LIBREOFFICE") != "" {
			t.Fatal("LibreOffice is not installed")
		}
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "h1.xlsx")
	pkg := samplePackage(t)
	at := time.Date(2030, 7, 14, 10, 0, 0, 0, time.FixedZone("", 8*3600))
	pkg.Embargo = &at
	if err := os.WriteFile(in, writeBook(t, pkg, "both"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "ods", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	z, err := zip.OpenReader(filepath.Join(dir, "h1.ods"))
	if err != nil {
		t.Fatalf("no ODS written: %v", err)
	}
	defer z.Close()
	var content, styles []byte
	objects := 0
	for _, e := range z.File {
		if e.Name == "styles.xml" {
			rc, _ := e.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			styles = b.Bytes()
		}
		if e.Name == "content.xml" {
			rc, _ := e.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			content = b.Bytes()
		}
		if strings.HasPrefix(e.Name, "Object ") && strings.HasSuffix(e.Name, "/content.xml") {
			objects++
		}
	}
	s := string(content)
	for _, sheet := range []string{"封面 Cover", "摘要 Summary", "序列 Series", "数据 Data", "说明 Notes and method"} {
		if !strings.Contains(s, `table:name="`+sheet+`"`) {
			t.Errorf("sheet %q missing after LibreOffice conversion", sheet)
		}
	}
	if objects != 2 {
		t.Errorf("LibreOffice sees %d charts, want 2", objects)
	}
	// The embargo stamp survives in LibreOffice: on the cover and in the
	// page header of the sheets.
	stamp := "EMBARGOED until 2030-07-14 10:00 UTC+08:00"
	if !strings.Contains(s, stamp) {
		t.Error("the embargo stamp is not on the cover after LibreOffice conversion")
	}
	if strings.Count(string(styles), stamp) < 1 {
		t.Error("the embargo stamp is not in the page headers after LibreOffice conversion")
	}
	for _, v := range []string{`office:value="1.22"`, `office:value="10.5"`, `office:value="4.4"`} {
		if !strings.Contains(s, v) {
			t.Errorf("cell %s missing after conversion", v)
		}
	}
}

// An embargoed package is stamped on the cover, in the header of every
// sheet and in the document properties; without an embargo nothing is.
func TestWorkbookEmbargo(t *testing.T) {
	pkg := samplePackage(t)
	at := time.Date(2030, 7, 14, 10, 0, 0, 0, time.FixedZone("", 8*3600))
	pkg.Embargo = &at
	stamp := "EMBARGOED until 2030-07-14 10:00 UTC+08:00 / 北京时间2030年7月14日10:00前禁止发布"
	if got := langs("both").Embargo(pkg.Embargo); got != stamp {
		t.Fatalf("stamp = %q", got)
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, pkg, "both")))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	rows, _ := f.GetRows(langs("both").SheetName("cover"))
	for _, r := range rows {
		found = found || strings.Contains(strings.Join(r, " "), stamp)
	}
	if !found {
		t.Error("no stamp on the cover")
	}
	for _, key := range vocab.Sheets() {
		hf, err := f.GetHeaderFooter(langs("both").SheetName(key))
		if err != nil || hf == nil || !strings.Contains(hf.OddHeader, stamp) {
			t.Errorf("sheet %s: header %+v, %v", key, hf, err)
		}
	}
	if p, err := f.GetDocProps(); err != nil || p.Subject != stamp {
		t.Errorf("document properties %+v, %v", p, err)
	}
	pkg.Embargo = nil
	f, err = excelize.OpenReader(bytes.NewReader(writeBook(t, pkg, "both")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ = f.GetRows(langs("both").SheetName("cover"))
	hf, _ := f.GetHeaderFooter(langs("both").SheetName("summary"))
	p, _ := f.GetDocProps()
	if strings.Contains(fmt.Sprint(rows), "EMBARGOED") || (hf != nil && strings.Contains(hf.OddHeader, "EMBARGOED")) || p.Subject != "" {
		t.Errorf("a workbook without an embargo is stamped: %v %+v %q", rows, hf, p.Subject)
	}
}

// The Summary sheet stores its figures as numbers with number formats,
// never as text that Excel would flag; the written form of each press
// figure has a column of its own, a number formatted as the text writes it.
func TestSummaryNumbers(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, samplePackage(t), "en")))
	if err != nil {
		t.Fatal(err)
	}
	sheet := langs("en").SheetName("summary")
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	numeric, written := 0, 0
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, _ := f.GetCellType(sheet, cell)
			switch {
			case v == "10.5" || v == "+4.4" || v == "5.8":
				if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Errorf("%s holds %q as text", cell, v)
				}
				numeric++
			case v == "10.5%" || v == "4.4 percentage points":
				// The written form is the number with a format that
				// writes the words around it.
				if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Errorf("%s holds %q as text", cell, v)
				}
				written++
			}
		}
	}
	if numeric < 3 || written < 2 {
		t.Errorf("%d numeric and %d written figures found; want the headline numbers and their written forms", numeric, written)
	}
}

// h1Package is the H1 2024 package from the embedded dataset as published
// by 2024-07-31.
func h1Package(t *testing.T) *report.Package { return reporttest.H1Package(t) }

// sheetRows writes pkg's workbook in lang and reads back the sheet key.
func sheetRows(t *testing.T, pkg *report.Package, lang, key string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, pkg, lang)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(langs(lang).SheetName(key))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The Provenance sheet gives each press figure the observations it rests
// on, publisher, release and date first: the gap 4.4 rests on CBEC's
// figure from GACC's release of 2024-07-30 and all trade's of 2024-07-12,
// read at lines of the embedded dataset; the 1.22 trillion is GACC's figure
// of 2024-07-30. The sheet names ceb's version, as the cover does.
func TestProvenance(t *testing.T) {
	pkg := h1Package(t)
	pkg.Version = "v1.2.3"
	rows := sheetRows(t, pkg, "en", "provenance")
	want := []string{"figure", "as written", "published by, release", "figure read", "read at (file:line)", "published at"}
	if len(rows) == 0 || strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Fatalf("provenance header = %q, want %q", rows[0], want)
	}
	seen := map[string]bool{}
	gapRows := 0
	for _, r := range rows[1:] {
		if len(r) < 6 {
			continue
		}
		seen[r[0]+" | "+r[1]+" | "+r[2]+" | "+r[3]] = true
		if r[0] == "gap to all trade growth" {
			gapRows++
			if !regexp.MustCompile(`^builtin:[0-9]+$`).MatchString(r[4]) || !strings.HasPrefix(r[5], "http") {
				t.Errorf("row %v: no file:line or address", r)
			}
		}
	}
	for _, w := range []string{
		"value | RMB 1.22 trillion | GACC, release of 2024-07-30 | Cross-border e-commerce, total, H1 2024",
		"gap to all trade growth | 4.4 percentage points | GACC, release of 2024-07-30 | Cross-border e-commerce, total, H1 2024",
		"gap to all trade growth | 4.4 percentage points | GACC, release of 2024-07-12 | All goods trade, total, H1 2024",
	} {
		if !seen[w] {
			t.Errorf("no provenance row %q in %q", w, rows)
		}
	}
	// Both totals were read as published, so their flows are not listed.
	if gapRows != 2 {
		t.Errorf("the gap rests on %d observations, want 2 (the two published totals)", gapRows)
	}
	for _, key := range []string{"provenance", "cover"} {
		if !strings.Contains(fmt.Sprint(sheetRows(t, pkg, "en", key)), "ceb v1.2.3") {
			t.Errorf("the %s sheet does not name ceb v1.2.3", key)
		}
	}
}

// After the survey result (release of 2024-10-14: total 1.25 trillion,
// +13%; exports 9,799 and imports 2,664 亿元), the tables' level is the
// finer sum of the flows (12,463 亿元, inside 1.25万亿's rounding), but the
// press text writes the published total and its rate: their provenance is
// the published total's row, and the Data sheet lists it with the flows
// (and so for the base, 2023H1: 11,000 published, 8,210 + 2,760 summed).
func TestProvenanceOfAFinerSum(t *testing.T) {
	pkg := reporttest.H1PackageAsOf(t, "2024-12-31")
	if g := pkg.Headline[0].Growth; g.Value == nil || *g.Value != 12463e8 || g.PublishedValue == nil || *g.PublishedValue != 12500e8 {
		t.Fatalf("headline level %v published %v, want the finer 12463e8 and the published 12500e8", g.Value, g.PublishedValue)
	}
	total := "Cross-border e-commerce, total, H1 2024"
	for _, tt := range []struct {
		figure  string
		restsOn string
	}{
		{"value", total},
		{"growth", total},
		{"exports", "Cross-border e-commerce, export, H1 2024"},
	} {
		t.Run(tt.figure, func(t *testing.T) {
			var got []string
			for _, r := range sheetRows(t, pkg, "en", "provenance")[1:] {
				if len(r) >= 5 && r[0] == tt.figure {
					got = append(got, r[3])
				}
			}
			if len(got) != 1 || got[0] != tt.restsOn {
				t.Errorf("%s rests on %q, want only %q", tt.figure, got, tt.restsOn)
			}
		})
	}
	listed := map[string]bool{}
	for _, r := range sheetRows(t, pkg, "en", "data")[1:] {
		if len(r) >= 4 {
			listed[r[0]+" "+r[1]+" "+r[2]+" "+r[3]] = true
		}
	}
	for _, w := range []string{"Cross-border e-commerce total H1 2024 12,500.0", "Cross-border e-commerce export H1 2024 9,799.0",
		"Cross-border e-commerce import H1 2024 2,664.0", "Cross-border e-commerce total H1 2023 11,000.0"} {
		if !listed[w] {
			t.Errorf("the Data sheet does not list %q: %v", w, listed)
		}
	}
}

// The Notes sheet carries the notes of the package's figures: the five-year
// comparison 2023 against 2018 rests on the survey's back-cast 2018 level.
func TestNotesSheetCarriesFigureNotes(t *testing.T) {
	pkg := h1Package(t)
	if pkg.Multiple == nil || pkg.Multiple.From != data.Year(2018) {
		t.Fatalf("five-year comparison = %+v, want from 2018", pkg.Multiple)
	}
	rows := sheetRows(t, pkg, "both", "notes")
	found := map[string]bool{}
	for _, r := range rows {
		if len(r) >= 2 && (r[0] == "Note" || r[0] == "注") {
			found[r[0]] = found[r[0]] || strings.Contains(r[1], "back-cast") || strings.Contains(r[1], "回溯测算")
		}
	}
	if !found["Note"] || !found["注"] {
		t.Errorf("notes sheet lacks the back-cast note in both languages: %v", found)
	}
	// The five-year table carries the note in its row too.
	five := sheetRows(t, pkg, "en", "fiveyear")
	if len(five) < 2 || !strings.Contains(five[1][len(five[1])-1], "back-cast") {
		t.Errorf("five-year row does not end with the note: %q", five)
	}
}

// A package with a breakdown gets the Breakdown sheet after Five-year, with
// the ranked table; US 3400 of 12200 = 27.9% (by hand).
func TestBreakdownSheet(t *testing.T) {
	pkg := breakdownPackage(t)
	if len(pkg.Breakdowns) != 1 || pkg.Breakdowns[0].By != "partner" {
		t.Fatalf("breakdowns = %+v, want one by partner", pkg.Breakdowns)
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, pkg, "en")))
	if err != nil {
		t.Fatal(err)
	}
	list := strings.Join(f.GetSheetList(), "|")
	if !strings.Contains(list, "Five-year|Breakdown|Series") {
		t.Errorf("sheets = %s, want Breakdown after Five-year", list)
	}
	rows := sheetRows(t, pkg, "en", "breakdown")
	if len(rows) < 3 || rows[2][1] != "US" || rows[2][2] != "United States" || !strings.HasPrefix(rows[2][4], "27.9") {
		t.Errorf("breakdown rows = %q", rows)
	}
}

// A breakdown by partner of data also broken down by province sums over
// the provinces, and the Breakdown sheet says, below the table, which
// members were missing in one year, as ceb stats top prints it: US had no
// Zhejiang figure in H1 2023 (counted as zero there).
func TestBreakdownSheetAbsentMembers(t *testing.T) {
	ds := &data.Dataset{}
	add := func(series, partner, province string, p data.Period, v float64, vintage string) {
		o := data.Observation{Series: series, Flow: data.Total, Period: p, Currency: data.CNY, Value: v * 1e8, HasValue: true, Vintage: testkit.MustDate(vintage)}
		o.Dims.Set("partner", partner)
		o.Dims.Set("province", province)
		ds.Obs = append(ds.Obs, o)
	}
	h23, h24 := data.Half(2023, 1), data.Half(2024, 1)
	add("trade", "", "", h23, 201000, "2023-07-13")
	add("trade", "", "", h24, 211700, "2024-07-12")
	add("cbec", "", "", h23, 10970, "2023-07-13")
	add("cbec", "", "", h24, 12200, "2024-07-30")
	add("cbec", "US", "Guangdong", h23, 3000, "2023-07-13")
	add("cbec", "US", "Guangdong", h24, 3400, "2024-07-30")
	add("cbec", "US", "Zhejiang", h24, 200, "2024-07-30")
	pkg, err := report.BuildPackage(data.NewView(ds, testkit.MustDate("2024-07-31")), ds, h24, "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	var absent bool
	for _, bd := range pkg.Breakdowns {
		for _, r := range bd.Rows {
			absent = absent || len(r.Absent) > 0
		}
	}
	if !absent {
		t.Fatalf("no breakdown row has an absent member: %+v", pkg.Breakdowns)
	}
	rows := sheetRows(t, pkg, "en", "breakdown")
	var notes []string
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "note: ") {
			notes = append(notes, r[0])
		}
	}
	if len(notes) == 0 || !strings.Contains(strings.Join(notes, "\n"), "Zhejiang") || !strings.Contains(strings.Join(notes, "\n"), "United States") {
		t.Errorf("Breakdown notes = %q, want one naming United States and its missing Zhejiang", notes)
	}
}

// With both languages, the Summary's and the Provenance's rows of a press
// figure are each in the language of the text they trace: "English |
// value | RMB 1.22 trillion | published", "中文 | 规模 | 1.22万亿元 | 公布值".
func TestBilingualRowsInTheirLanguage(t *testing.T) {
	pkg := h1Package(t)
	for _, key := range []string{"summary", "provenance"} {
		t.Run(key, func(t *testing.T) {
			found := map[string]bool{}
			for _, r := range sheetRows(t, pkg, "both", key) {
				if len(r) < 3 {
					continue
				}
				switch {
				case r[0] == "English" && r[1] == "value":
					found["en"] = true
				case r[0] == "中文" && r[1] == "规模":
					found["zh"] = true
				case r[0] == "英文" || r[0] == "English" && strings.ContainsFunc(r[1], func(c rune) bool { return c > 0x2e80 }):
					t.Errorf("an English row in Chinese: %q", r)
				}
			}
			if !found["en"] || !found["zh"] {
				t.Errorf("rows found: %v, want an English row named value and a Chinese one named 规模", found)
			}
		})
	}
}

// The Series sheet's charts print their axis labels dark (404040), not in
// the pale default text colour (15% of the text's), which all but vanishes
// on paper: both axes of both charts.
func TestChartAxisLabelsPrintDark(t *testing.T) {
	buf := writeBook(t, h1Package(t), "both")
	zr, err := zip.NewReader(bytes.NewReader(buf), int64(len(buf)))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/charts/chart") {
			continue
		}
		charts++
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		for _, ax := range []string{"catAx", "valAx"} {
			_, rest, ok := strings.Cut(b.String(), ax)
			if !ok {
				t.Errorf("%s: no %s", f.Name, ax)
				continue
			}
			end := strings.Index(rest, "Ax>")
			if end < 0 || !strings.Contains(rest[:end], `<a:srgbClr val="404040">`) {
				t.Errorf("%s: %s labels not dark", f.Name, ax)
			}
		}
	}
	if charts != 2 {
		t.Errorf("%d charts, want 2", charts)
	}
}

// A rate the press text states as a fall ("进口下降3.9%") is listed as
// written, unsigned, under a name that says it fell, in both sheets that
// list the text's figures.
func TestFallsNamedAsFalls(t *testing.T) {
	pkg := reporttest.H1PackageAsOf(t, "2024-12-31") // imports −3.9%
	for _, key := range []string{"summary", "provenance"} {
		got := map[string]bool{}
		for _, r := range sheetRows(t, pkg, "both", key) {
			if len(r) >= 3 && strings.HasPrefix(r[2], "3.9") {
				got[r[1]] = true
			}
		}
		for _, want := range []string{"import growth (a fall)", "进口增速（下降）"} {
			if !got[want] {
				t.Errorf("%s: no %q row for the 3.9%% fall; rows: %v", key, want, got)
			}
		}
		if got["import growth"] || got["进口增速"] {
			t.Errorf("%s: the fall listed as plain growth: %v", key, got)
		}
	}
}
