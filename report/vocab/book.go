package vocab

import (
	"github.com/cbec-stats/ceb/data"
)

// The words of the workbook (report/workbook) that are not column titles.
var bookWords = map[string][2]string{
	"book.period":                            {"Period", "期间"},
	"book.data_as_published_by":              {"Data as published by", "数据截至"},
	"book.latest_vintage_used":               {"Latest vintage used", "所用最新发布日期"},
	"book.units":                             {"Units", "单位"},
	"book.series":                            {"Series", "系列"},
	"book.source":                            {"Source", "资料来源"},
	"book.general_administration_of_customs": {"General Administration of Customs of China (GACC) releases; each figure's source is on the Data sheet", "海关总署发布数据；各数据来源见“数据”表"},
	"book.produced_by":                       {"Produced by", "制表工具"},
	"book.headline_figures":                  {"Headline figures, ", "主要指标："},
	"book.press_text":                        {"Press text", "新闻稿"},
	"book.figures_in_the_press":              {"Figures in the press text", "新闻稿所用数字"},
	"book.comparable_basis":                  {"Comparable basis", "可比口径"},
	"book.growth_compares_a_figure":          {"Growth compares a figure with the same period a year earlier, each at its latest vintage as of the as-of date: customs compute published rates against the revised prior-year figure, so a rate recomputed from first-published levels can differ.", "同比增速按可比口径计算：本期与上年同期数据均取截至数据日期的最新发布值；海关公布的增速以修订后的上年数据为基数，用初次公布数据重算可能不同。"},
	"book.growth":                            {"Growth", "增速"},
	"book.headline_rate":                     {"Headline rate", "主要增速"},
	"book.the_published_rate_where":          {"The published rate where the data has one (basis \"reported\"), else the rate computed from the levels (basis \"computed\"). The computed rate is always on the Growth sheet; \"check\" says whether the published rate fits the rounded published levels (ok), was computed on a revised base the data does not hold (revised-base), or does not fit (inconsistent).", "有公布增速的采用公布值（口径\"reported\"），否则采用由金额计算的增速（口径\"computed\"）；计算值均列于“增长”表。"},
	"book.percentage_point_gap":              {"Percentage-point gap", "百分点差距"},
	"book.gap_round_rate_1":                  {"gap = round(rate, 1) − round(reference rate, 1): the one-decimal published rates are subtracted (10.5 − 6.1 = 4.4).", "差距 = 一位小数的本系列增速 − 一位小数的外贸整体增速（10.5 − 6.1 = 4.4）。"},
	"book.share_contribution":                {"Share, contribution", "比重、拉动、贡献率"},
	"book.multiple_x":                        {"Multiple (增长X倍)", "倍数（增长X倍）"},
	"book.ratio_v_to_v":                      {"ratio = v(to) / v(from); \"grew X times\" (增长X倍) is ratio − 1: 2.38 against 1.06 trillion is 2.2 times the level, an increase of 1.2 times (124.5%). CAGR = ratio^(1/years) − 1; trend = exp(β) − 1 of a least-squares fit of ln v on the year.", "倍数 = 末期 / 基期；“增长X倍”指倍数减1：2.38万亿元比1.06万亿元增长1.2倍（124.5%），是其2.2倍。年均增长 = 倍数^(1/年数) − 1。"},
	"book.rounding":                          {"Rounding", "修约"},
	"book.numbers_are_computed_from":         {"Numbers are computed from unrounded values; tables show rates to one decimal; the press text drops a trailing .0 and writes levels in trillions (万亿) or billions (亿).", "计算均用未修约数据；表中增速保留一位小数；新闻稿中整数增速省略“.0”。"},
	"book.rate_basis":                        {"Rate basis", "增速口径"},
	"book.input":                             {"Input", "输入数据"},
	"book.data_as_of":                        {"Data as of", "数据截至"},
	"book.ceb_version":                       {"ceb version", "ceb版本"},
	"book.command_line":                      {"Command line", "命令"},
	"book.figure_basis":                      {"published or computed", "公布或计算"},
	"book.doc_title":                         {"%s statistics, ", "%s统计 "},
	"book.chart.value":                       {"%s: value", "%s规模"},
	"book.revisions_caption":                 {"Each figure's first release against its latest as of %s: how far published figures have moved. History, not a forecast.", "各数据首次公布值与截至%s的最新公布值对比：已公布数据的修订情况，为历史情况，非预测。"},
}

func init() { addWords(bookWords) }

// BookTitle is the workbook's title: "Cross-border e-commerce imports and
// exports, H1 2024", "2024年上半年跨境电商进出口统计".
func (l Lang) BookTitle(series string, p data.Period) string {
	if l == Zh {
		return l.Period(p) + l.Series(series) + "进出口统计"
	}
	return l.Series(series) + " imports and exports, " + l.Period(p)
}

// BookUnits says the workbook's units: "CNY 100 million or trillion; rates
// in percent; gaps in percentage points".
func (l Lang) BookUnits(cur data.Currency) string {
	if l == Zh {
		return l.UnitName(data.Unit100m, cur) + "或万亿" + l.Currency(cur) + "；增速为百分比；差距为百分点"
	}
	return l.UnitName(data.Unit100m, cur) + " or trillion; rates in percent; gaps in percentage points"
}

// BookSeries names the series compared: "Cross-border e-commerce compared
// with all goods trade", "跨境电商与外贸整体对比".
func (l Lang) BookSeries(series, reference string) string {
	if l == Zh {
		return l.Series(series) + "与" + l.Series(reference) + "对比"
	}
	return l.Series(series) + " compared with " + l.SeriesInText(reference)
}
