package vocab

import (
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// The words of the printed workbook: page headers and footers, the names
// of the press figures, statuses as a reader says them, provenance.
var bookPrintWords = map[string][2]string{
	// Page header and footer: &P and &N are the page number and count.
	"book.print.source": {"Source: GACC", "资料来源：海关总署"},
	"book.print.page":   {"Page &P of &N", "第&P页，共&N页"},

	// Provenance: who published a figure, in which release.
	"book.publisher":       {"GACC", "海关总署"},
	"book.release_of":      {"%s, release of %s", "%s %s发布"},
	"book.col.release":     {"published by, release", "发布机构及发布日期"},
	"book.col.rests_on":    {"figure read", "所据数据"},
	"book.col.read_at":     {"read at (file:line)", "读取位置（文件:行）"},
	"book.col.url":         {"published at", "发布网址"},
	"book.col.language":    {"language", "语言"},
	"book.col.figure":      {"figure", "指标"},
	"book.col.as_written":  {"as written", "文中写法"},
	"book.col.series":      {"series", "系列"},
	"book.col.reference":   {"compared with", "对比系列"},
	"book.col.notes":       {"notes", "注"},
	"book.lang.en":         {"English", "英文"},
	"book.lang.zh":         {"Chinese", "中文"},
	"book.rate_basis_line": {"%s: %s", "%s：%s"},
	"book.no_rate":         {"no rate (%s)", "无增速（%s）"},

	// Statuses where the code is not a word a reader uses.
	"book.status.revised-base":  {"revised base", "基数已修订"},
	"book.status.mixed-vintage": {"mixed vintages", "新旧发布值混用"},
	"book.status.method-break":  {"method break", "方法不同未重算"},

	// The press figures, by their label (PressFigure.Label).
	"book.figure.total":            {"value", "规模"},
	"book.figure.growth":           {"growth", "同比增速"},
	"book.figure.down":             {"%s (a fall)", "%s（下降）"},
	"book.figure.gap":              {"gap to all trade growth", "高出外贸整体增速"},
	"book.figure.export":           {"exports", "出口规模"},
	"book.figure.import":           {"imports", "进口规模"},
	"book.figure.export growth":    {"export growth", "出口增速"},
	"book.figure.import growth":    {"import growth", "进口增速"},
	"book.figure.share":            {"share of all trade", "占外贸比重"},
	"book.figure.share change":     {"change in share", "比重变化"},
	"book.figure.multiple to":      {"value in the later year", "末年规模"},
	"book.figure.ratio":            {"multiple of the earlier year", "是基年的倍数"},
	"book.figure.increase times":   {"increase, times", "增长倍数"},
	"book.figure.increase":         {"increase", "增长幅度"},
	"book.figure.cagr":             {"average annual growth", "年均增长"},
	"book.figure.breakdown":        {"item value", "分项规模"},
	"book.figure.breakdown growth": {"item growth", "分项增速"},
	"book.figure.breakdown share":  {"item share", "分项占比"},

	// Units appended to column titles that lack one.
	"book.unit.percent": {"%", "%"},
	"book.unit.points":  {"points", "百分点"},
}

func init() { addWords(bookPrintWords) }

// BookStatus words a status in a workbook cell: "revised base" where the
// code is revised-base; "" stays "".
func (l Lang) BookStatus(code string) string {
	if code == "" {
		return ""
	}
	if Has("book.status." + code) {
		return l.Word("book.status." + code)
	}
	if Has("status." + code) {
		return l.Word("status." + code)
	}
	return strings.ReplaceAll(code, "-", " ")
}

// FigureName names a press figure by its label: "change in share" for
// "share change", 年均增长 for "cagr".
func (l Lang) FigureName(label string) string {
	if Has("book.figure." + label) {
		return l.Word("book.figure." + label)
	}
	return label
}

// LangName is a language's name: English, 中文.
func (l Lang) LangName(of Lang) string { return l.Word("book.lang." + of.String()) }

// Release says who published a figure and when: "GACC, release of
// 2024-07-30", "海关总署 2024-07-30发布".
func (l Lang) Release(vintage data.Date) string {
	return l.Sprintf("book.release_of", l.Word("book.publisher"), vintage.String())
}
