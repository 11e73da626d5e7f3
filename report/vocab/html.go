package vocab

// The words of the HTML release page (package report/html) that are not
// column titles, and the decisions of the page that depend on the
// language: its lang attribute and its captions. (A number cell reads as in every
// human table: TableNumber, format.go.)

import (
	"github.com/cbec-stats/ceb/data"
)

var htmlWords = map[string][2]string{
	"html.language":          {"English", "中文"},
	"html.languages":         {"Languages", "语言"},
	"html.press":             {"Press release", "新闻稿"},
	"html.tables":            {"Tables", "统计表"},
	"html.charts":            {"Charts", "图表"},
	"html.notes":             {"Notes and method", "说明"},
	"html.sources":           {"Sources", "资料来源"},
	"html.datasets":          {"Data files read", "读取的数据文件"},
	"html.releases":          {"Releases the figures rest on", "所用数据的发布来源"},
	"html.caption.headline":  {"Headline figures, %s", "%s主要指标"},
	"html.caption.compare":   {"%s compared with %s, %s", "%[3]s%[1]s与%[2]s对比"},
	"html.caption.multiple":  {"Five-year comparison, %s to %s", "五年比较（%s至%s）"},
	"html.caption.years":     {"%s by year, %s to %s", "%[1]s各年规模（%[2]s至%[3]s）"},
	"html.caption.trend":     {"The same period over the years, %s to %s", "历年同期（%s至%s）"},
	"html.caption.breakdown": {"%s by %s, %s", "%[1]s按%[2]s分布（%[3]s）"},
	"html.figure_note":       {"Each chart shows the figures of the tables above.", "图表数据与上表一致。"},
	"html.footer.source":     {"Source: General Administration of Customs of China (GACC).", "资料来源：海关总署。"},
	"html.footer.asof":       {"Figures as published by %s.", "数据截至%s发布。"},
	"html.footer.version":    {"Produced with ceb %s.", "制表工具：ceb %s。"},
	"html.sha256":            {"SHA-256", "SHA-256"},
	"html.series_growth":     {"%s growth", "%s增速"},
	"html.gacc":              {"Figures are those of the General Administration of Customs of China (GACC) releases listed below, as published by %s.", "数据来自海关总署发布的数据（截至%s），各发布来源列于下方。"},
	"html.headline_rate":     {"The published rate where the data has one (basis \"reported\"), else the rate computed from the levels (basis \"computed\"). Where a rate is missing, the table says why.", "有公布增速的采用公布值（口径“公布值”），否则采用由金额计算的增速（口径“计算值”）；无增速的，表中说明原因。"},
}

func init() { addWords(htmlWords) }

// HTMLLang is the language's tag for an HTML lang attribute: en, or
// zh-Hans (Simplified Chinese, which browsers and screen readers need to
// pick Chinese fonts and voices).
func (l Lang) HTMLLang() string {
	if l == Zh {
		return "zh-Hans"
	}
	return "en"
}

// HeadlineCaption is the caption of a report's headline table: "Headline
// figures, H1 2024", 2024年上半年主要指标.
func (l Lang) HeadlineCaption(p data.Period) string {
	return l.Sprintf("html.caption.headline", l.Period(p))
}

// CompareCaption is the caption of the comparison table: "Cross-border
// e-commerce compared with all goods trade, H1 2024",
// 2024年上半年跨境电商与外贸整体对比.
func (l Lang) CompareCaption(series, ref string, p data.Period) string {
	return l.Sprintf("html.caption.compare", l.Series(series), l.SeriesInText(ref), l.Period(p))
}

// MultipleCaption is the caption of the five-year table: "Five-year
// comparison, 2018 to 2023", 五年比较（2018年至2023年）.
func (l Lang) MultipleCaption(from, to data.Period) string {
	return l.Sprintf("html.caption.multiple", l.Period(from), l.Period(to))
}

// YearsCaption is the caption of the table of a series' levels over the
// years of the multiple: "Cross-border e-commerce by year, 2018 to 2023".
func (l Lang) YearsCaption(series string, from, to data.Period) string {
	return l.Sprintf("html.caption.years", l.Series(series), l.Period(from), l.Period(to))
}

// TrendCaption is the caption of the table of the report's period over the
// years: "The same period over the years, H1 2019 to H1 2024",
// 历年同期（2019年上半年至2024年上半年）.
func (l Lang) TrendCaption(from, to data.Period) string {
	return l.Sprintf("html.caption.trend", l.Period(from), l.Period(to))
}

// BreakdownCaption is the caption of a ranked breakdown's table:
// "Cross-border e-commerce by partner, 2024", 跨境电商按国别(地区)分布（2024年）.
func (l Lang) BreakdownCaption(series, by string, p data.Period) string {
	return l.Sprintf("html.caption.breakdown", l.Series(series), l.DimInText(by), l.Period(p))
}
