package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// vocabulary is every word ceb shows people, in English and Chinese: the
// names of series, flows and dimensions, column titles, period labels,
// units, sheet names, chart titles and notes. Tables, charts, the workbook
// and the press text all take their words from here, through Word and the
// helpers below; an entry's Chinese may be empty, and then the English is
// used.
var vocabulary = map[string][2]string{
	// Series and flows. flow.X is the short label of tables; flow.X.title
	// heads a chart legend; flow.X.press is the phrase of the press text.
	"series.cbec":          {"Cross-border e-commerce", "跨境电商"},
	"series.cbec_platform": {"CBEC (platform series)", "跨境电商（平台口径）"},
	"series.trade":         {"All goods trade", "外贸整体"},
	"flow.total":           {"total", "进出口"},
	"flow.export":          {"export", "出口"},
	"flow.import":          {"import", "进口"},
	"flow.balance":         {"balance", "贸易差额"},
	"flow.total.title":     {"Imports and exports", "进出口"},
	"flow.export.title":    {"Exports", "出口"},
	"flow.import.title":    {"Imports", "进口"},
	"flow.balance.title":   {"Balance", "贸易差额"},
	"flow.total.press":     {"imports and exports", "进出口"},
	"flow.export.press":    {"exports", "出口"},
	"flow.import.press":    {"imports", "进口"},
	"flow.balance.press":   {"balance", "贸易差额"},

	// Dimensions, as column titles.
	"dim.partner":    {"partner", "国别(地区)"},
	"dim.province":   {"province", "省份"},
	"dim.trade_mode": {"trade_mode", "贸易方式"},
	"dim.hs":         {"HS code", "商品编码"},

	// Periods: year, half, quarter, month and range patterns, quarter and
	// half names, month abbreviations and names (English only).
	"period.year":    {"%d", "%d年"},
	"period.half":    {"H%[2]d %[1]d", "%d年%s半年"},
	"period.quarter": {"Q%[2]d %[1]d", "%d年%s季度"},
	"period.month":   {"%[2]s %[1]d", "%d年%d月"},
	"period.range":   {"%[2]s-%[3]s %[1]d", "%d年%d-%d月"},
	"half.1":         {"first", "上"},
	"half.2":         {"second", "下"},
	"quarter.1":      {"first", "一"},
	"quarter.2":      {"second", "二"},
	"quarter.3":      {"third", "三"},
	"quarter.4":      {"fourth", "四"},
	"month.1":        {"Jan", ""},
	"month.2":        {"Feb", ""},
	"month.3":        {"Mar", ""},
	"month.4":        {"Apr", ""},
	"month.5":        {"May", ""},
	"month.6":        {"Jun", ""},
	"month.7":        {"Jul", ""},
	"month.8":        {"Aug", ""},
	"month.9":        {"Sep", ""},
	"month.10":       {"Oct", ""},
	"month.11":       {"Nov", ""},
	"month.12":       {"Dec", ""},
	"monthname.1":    {"January", ""},
	"monthname.2":    {"February", ""},
	"monthname.3":    {"March", ""},
	"monthname.4":    {"April", ""},
	"monthname.5":    {"May", ""},
	"monthname.6":    {"June", ""},
	"monthname.7":    {"July", ""},
	"monthname.8":    {"August", ""},
	"monthname.9":    {"September", ""},
	"monthname.10":   {"October", ""},
	"monthname.11":   {"November", ""},
	"monthname.12":   {"December", ""},

	// Units and currencies: the short English heading of tables, and the
	// currency word of Chinese amounts.
	"unit.short.1k":   {"k", ""},
	"unit.short.10k":  {"10k", ""},
	"unit.short.1m":   {"m", ""},
	"unit.short.100m": {"100m", ""},
	"unit.short.1b":   {"bn", ""},
	"unit.short.1t":   {"tn", ""},
	"currency.CNY":    {"RMB", "元"},
	"currency.USD":    {"USD", "美元"},

	// Workbook sheets, in the order of the workbook.
	"sheet.cover":      {"Cover", "封面"},
	"sheet.summary":    {"Summary", "摘要"},
	"sheet.growth":     {"Growth", "增长"},
	"sheet.comparison": {"Comparison", "对比"},
	"sheet.fiveyear":   {"Five-year", "五年比较"},
	"sheet.series":     {"Series", "序列"},
	"sheet.data":       {"Data", "数据"},
	"sheet.provenance": {"Provenance", "来源"},
	"sheet.notes":      {"Notes and method", "说明"},
	"sheet.breakdown":  {"Breakdown", "分布"},

	// Charts.
	"title.trend":    {"%s: trade value", "%s规模"},
	"title.growth":   {"Year-on-year growth: %s and %s", "%s与%s同比增速"},
	"title.compare":  {"Growth of %s and %s, %s", "%s%s与%s增速对比"},
	"title.share":    {"%s as a share of %s", "%s占%s比重"},
	"title.multiple": {"%s, %s to %s", "%s至%s%s规模"},
	"title.top":      {"%s by %s, %s", "%[1]s按%[2]s分布（%[3]s）"},
	"note.top":       {"the top %d hold %.1f%% of the total", "前%d位合计占%.1f%%"},
	"axis.growth":    {"Year-on-year growth, %", "同比增速（%）"},
	"axis.share":     {"Share, %", "比重（%）"},
	"note.gap":       {"%+.1f pp", "%+.1f个百分点"},
	"note.multiple":  {"×%.1f (grew %.1f times), CAGR %.1f%%", "是%s的%.1f倍（增长%.1f倍），年均增长%.1f%%"},
	"note.increase":  {"×%.1f (+%.1f%%), CAGR %.1f%%", "是%s的%.1f倍（增长%.1f%%），年均增长%.1f%%"},
	"note.nodata":    {"n/a", "无数据"},
	"embargo":        {"EMBARGOED until %s", "未经发布 不得引用（%s前）"},
	// Notes on comparisons (report/notes.go).
	"note":                        {"note: ", "注："},
	"note.left_out":               {"left out to fit %d columns: %s (see --wide or --format csv)", "为适应%d列宽度未显示：%s（完整表格见 --wide 或 --format csv）"},
	"note.spring_festival":        {"Spring Festival fell on %s against %s in the base year, in a different month, so the holiday weighs on one side of the comparison only: ", "春节为%s，上年为%s，不在同一月份，假日只影响比较的一方，"},
	"note.spring_festival.month":  {"compare January–February combined or the first quarter.", "宜比较1-2月合计或一季度数据。"},
	"note.spring_festival.janfeb": {"compare the first quarter.", "宜比较一季度数据。"},
	"note.cbec_backcast":          {"CBEC figures for 2018–2019 are back-cast estimates of the statistical survey first published for 2020. The narrower platform series (cbec_platform, 2014–2020) has a different coverage and is not comparable.", "跨境电商2018—2019年数据为统计调查制度（2020年起发布）回溯测算数，与统计范围较窄的平台口径数据（cbec_platform，2014—2020年）不可比。"},
	"note.cbec_platform":          {"Platform series: retail CBEC cleared through the customs CBEC management platform, 2014–2020. It is narrower than the statistical-survey series (cbec) and not comparable with it.", "平台口径：通过海关跨境电子商务管理平台零售进出口，2014—2020年，统计范围窄于统计调查口径（cbec），二者不可比。"},
	"note.gaps":                   {"Points are not joined across periods without data", "无数据的期间不连线"},

	// Column titles of tables (col.KEY) and of the workbook's own tables
	// (book.KEY) where they differ.
	"col.series":                {"series", "系列"},
	"col.flow":                  {"flow", "流向"},
	"col.period":                {"period", "期间"},
	"col.base_period":           {"base", "基期"},
	"col.currency":              {"currency", "币种"},
	"col.value":                 {"value", "金额"},
	"col.base_value":            {"base value", "基期金额"},
	"col.change":                {"change", "增加额"},
	"col.growth_pct":            {"growth", "同比"},
	"col.growth_basis":          {"basis", "口径"},
	"col.computed_growth_pct":   {"computed", "计算值"},
	"col.reported_growth_pct":   {"reported", "公布值"},
	"col.consistency":           {"check", "核对"},
	"col.vintage":               {"vintage", "发布日期"},
	"col.base_vintage":          {"base_vintage", "基期发布日期"},
	"col.label":                 {"name", "名称"},
	"col.notes":                 {"Note", "注"},
	"col.reason":                {"reason", "说明"},
	"col.reference":             {"reference", "参照"},
	"col.reference_value":       {"reference value", "参照金额"},
	"col.reference_base_value":  {"reference_base_value", "参照基期金额"},
	"col.reference_growth_pct":  {"ref. growth", "参照同比"},
	"col.gap_pp":                {"gap (pp)", "差距(百分点)"},
	"col.gap_pp_exact":          {"gap_pp_exact", "差距精确值"},
	"col.share_pct":             {"share", "占比"},
	"col.share_change_pp":       {"share chg (pp)", "占比变化(百分点)"},
	"col.contribution_pp":       {"contrib. (pp)", "拉动(百分点)"},
	"col.growth_share_pct":      {"share of growth", "贡献率"},
	"col.from":                  {"from", "起"},
	"col.to":                    {"to", "止"},
	"col.years":                 {"years", "年数"},
	"col.from_value":            {"from value", "起始金额"},
	"col.to_value":              {"to value", "终止金额"},
	"col.ratio":                 {"ratio", "倍数(是…的X倍)"},
	"col.increase_times":        {"grew (times)", "增长(倍)"},
	"col.increase_pct":          {"increase", "增长"},
	"col.cagr_pct":              {"CAGR", "年均增长"},
	"col.trend_growth_pct":      {"trend growth", "趋势增长"},
	"col.trend_r2":              {"trend R²", "趋势R²"},
	"col.unit":                  {"unit", ""},
	"col.reported_yoy":          {"reported yoy", "公布同比"},
	"col.source":                {"source", "来源"},
	"col.note":                  {"note", "备注"},
	"col.first_vintage":         {"first vintage", ""},
	"col.last_vintage":          {"last vintage", ""},
	"col.share":                 {"share, %", "比重(%)"},
	"col.language":              {"language", "语言"},
	"col.figure":                {"figure", "指标"},
	"col.as written":            {"as written", "文中写法"},
	"col.rank":                  {"rank", "排名"},
	"col.prev_rank":             {"rank a year earlier", "上年排名"},
	"col.kind":                  {"kind", "类型"},
	"top.others":                {"others", "其他"},
	"top.grouping":              {"%s (aggregate, not ranked)", "%s（合计项，不参与排名）"},
	"top.total.sum":             {"total (sum of items)", "合计（各项之和）"},
	"top.total.published":       {"total (published)", "总值（公布数）"},
	"col.what":                  {"what changed", "变化项"},
	"col.before_text":           {"before", "之前"},
	"col.after_text":            {"after", "之后"},
	"col.headline":              {"press figure changed", "新闻稿数字变化"},
	"col.sign_change":           {"sign change", "符号变化"},
	"yes":                       {"yes", "是"},
	"diff.level":                {"level", "金额"},
	"diff.published rate":       {"published rate", "公布增速"},
	"diff.growth":               {"growth", "增速"},
	"diff.gap":                  {"gap", "差距"},
	"diff.share":                {"share", "比重"},
	"col.rests_on":              {"rests on", "依据"},
	"col.file":                  {"file", "文件"},
	"col.line":                  {"line", "行"},
	"col.series_growth":         {"%s growth, %%", "%s增速(%%)"},
	"book.growth_pct":           {"growth, %", "同比增速(%)"},
	"book.reference_growth_pct": {"all trade growth, %", "外贸整体增速(%)"},
	"book.gap_pp":               {"gap, points", "差距(百分点)"},
	"book.share_pct":            {"share of all trade, %", "占外贸比重(%)"},
	"book.share_change_pp":      {"share change, points", "比重变化(百分点)"},
	"book.contribution_pp":      {"contribution, points", "拉动(百分点)"},
	"book.value":                {"value", "数值"},
}

// Word returns the vocabulary entry key in lang (en or zh; Chinese falls
// back to English where it has none). A key the vocabulary lacks is
// returned as it is, and a series slug without an entry as the slug.
func Word(key, lang string) string {
	t, ok := vocabulary[key]
	if !ok {
		if s, found := strings.CutPrefix(key, "series."); found {
			return s
		}
		return key
	}
	if lang == "zh" && t[1] != "" {
		return t[1]
	}
	return t[0]
}

// SeriesName is a series' name: "Cross-border e-commerce", "跨境电商"; a
// user series is named by its slug.
func SeriesName(s, lang string) string { return Word("series."+s, lang) }

// FlowLabel is a flow's label in tables: total, 进出口.
func FlowLabel(f data.Flow, lang string) string {
	if _, ok := vocabulary["flow."+string(f)]; !ok {
		return string(f)
	}
	return Word("flow."+string(f), lang)
}

// FlowTitle is a flow's name in a chart: "Imports and exports", 进出口.
func FlowTitle(f data.Flow, lang string) string { return Word("flow."+string(f)+".title", lang) }

// PeriodLabel is a period as people write it: 2024, H1 2024, Q1 2024,
// Jun 2024, Jan-Oct 2024; 2024年, 2024年上半年, 2024年一季度, 2024年6月,
// 2024年1-10月.
func PeriodLabel(p data.Period, lang string) string {
	f := func(key string, a ...any) string { return fmt.Sprintf(Word(key, lang), a...) }
	zh := lang == "zh"
	switch p.Kind() {
	case data.KindYear:
		return f("period.year", p.Year)
	case data.KindHalf:
		h := (p.From + 5) / 6
		if zh {
			return f("period.half", p.Year, Word("half."+strconv.Itoa(h), lang))
		}
		return f("period.half", p.Year, h)
	case data.KindQuarter:
		q := (p.From + 2) / 3
		if zh {
			return f("period.quarter", p.Year, Word("quarter."+strconv.Itoa(q), lang))
		}
		return f("period.quarter", p.Year, q)
	case data.KindMonth:
		if zh {
			return f("period.month", p.Year, p.From)
		}
		return f("period.month", p.Year, monthAbbr(p.From))
	}
	if zh {
		return f("period.range", p.Year, p.From, p.To)
	}
	return f("period.range", p.Year, monthAbbr(p.From), monthAbbr(p.To))
}

// monthAbbr is Jan … Dec; MonthName is January … December.
func monthAbbr(m int) string { return Word("month."+strconv.Itoa(m), "en") }

// MonthName is a month's English name, January … December.
func MonthName(m int) string { return Word("monthname."+strconv.Itoa(m), "en") }

// CurrencyWord is the currency in a written amount: RMB or USD in English,
// 元 or 美元 in Chinese.
func CurrencyWord(c data.Currency, lang string) string { return Word("currency."+string(c), lang) }

// UnitName names an amount's unit in full: "CNY 100 million", 亿元, 万亿美元.
func UnitName(u data.Unit, c data.Currency, lang string) string {
	en, zh := u.Words()
	if lang == "zh" {
		return zh + CurrencyWord(c, "zh")
	}
	if en == "" {
		return string(c)
	}
	return string(c) + " " + en
}

// UnitShort is the compact heading of a table column: "CNY 100m", "USD tn",
// or the Chinese name for lang zh.
func UnitShort(u data.Unit, c data.Currency, lang string) string {
	if lang == "zh" {
		return UnitName(u, c, lang)
	}
	if s := Word("unit.short."+u.Code(), "en"); s != "unit.short."+u.Code() {
		return string(c) + " " + s
	}
	return string(c)
}

// sheets are the workbook's sheets, in order.
var sheets = []string{"cover", "summary", "growth", "comparison", "fiveyear", "series", "data", "provenance", "notes"}

// Sheets lists the workbook's sheet keys in order.
func Sheets() []string { return sheets }

// SheetName returns a sheet's name for lang en, zh or both ("摘要 Summary").
func SheetName(key, lang string) string {
	if lang == "both" {
		return Word("sheet."+key, "zh") + " " + Word("sheet."+key, "en")
	}
	return Word("sheet."+key, lang)
}

// InTitle lower-cases a name's first letter for use inside an English
// sentence ("All goods trade" → "all goods trade"), leaving acronyms and
// Chinese alone.
func InTitle(name, lang string) string {
	if lang == "zh" || len(name) < 2 || name[1] < 'a' || name[1] > 'z' || name[0] < 'A' || name[0] > 'Z' {
		return name
	}
	return string(name[0]+'a'-'A') + name[1:]
}

// Langs expands a report language (en, zh or both) into the languages to
// write, Chinese first.
func Langs(lang string) []string {
	switch lang {
	case "both":
		return []string{"zh", "en"}
	case "zh":
		return []string{"zh"}
	}
	return []string{"en"}
}

// Vocabulary returns every word of the vocabulary in lang, with the
// characters of period labels, units and numbers: what a font must cover.
func Vocabulary(lang string) string {
	var b strings.Builder
	for _, t := range vocabulary {
		if lang == "zh" && t[1] != "" {
			b.WriteString(t[1])
		} else {
			b.WriteString(t[0])
		}
	}
	for _, p := range []string{"2024", "2024H1", "2024H2", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024-01..02", "2024-01..11"} {
		b.WriteString(PeriodLabel(data.MustParsePeriod(p), lang))
	}
	for m := 1; m <= 12; m++ {
		b.WriteString(PeriodLabel(data.Month(2024, m), lang))
	}
	for _, u := range []data.Unit{data.Unit1, data.Unit1k, data.Unit10k, data.Unit1m, data.Unit100m, data.Unit1b, data.Unit1t} {
		for _, c := range []data.Currency{data.CNY, data.USD} {
			b.WriteString(UnitName(u, c, lang))
		}
	}
	b.WriteString("0123456789+-−.,%×()")
	return b.String()
}

// reasonPatterns are the reasons stats and ranking give for a missing
// number, as Chinese tables say them; %s is the period (written as a label)
// or the rest of the reason.
var reasonPatterns = []struct {
	re      *regexp.Regexp
	zh      string
	counted bool // the arguments are counts, not periods
}{
	{regexp.MustCompile(`^no level for the reference$`), "对比口径无金额", false},
	{regexp.MustCompile(`^no level for (\S+)$`), "无%s金额", false},
	{regexp.MustCompile(`^no data for the base period (\S+)$`), "基期%s无数据", false},
	{regexp.MustCompile(`^no level published for the base period (\S+)$`), "基期%s未公布金额", false},
	{regexp.MustCompile(`^no level published for (\S+), only a rate$`), "%s只公布了增速，未公布金额", false},
	{regexp.MustCompile(`^no data \((\d+) of (\d+) months missing\)$`), "无数据（%[2]s个月中缺%[1]s个月）", true},
	{regexp.MustCompile(`^no data$`), "无数据", false},
}

// ReasonText is a reason for a missing number in lang. In Chinese the
// usual reasons are translated (periods as labels: 无2023年1-11月金额), a
// "series: reason" prefix kept; others, and every reason in English, are
// returned as they are.
func ReasonText(reason, lang string) string {
	if lang != "zh" || reason == "" {
		return reason
	}
	if series, rest, ok := strings.Cut(reason, ": "); ok && !strings.Contains(series, " ") {
		return series + "：" + ReasonText(rest, lang)
	}
	for _, p := range reasonPatterns {
		m := p.re.FindStringSubmatch(reason)
		if m == nil {
			continue
		}
		args := make([]any, 0, len(m)-1)
		for _, a := range m[1:] {
			if per, err := data.ParsePeriod(a); err == nil && !p.counted {
				a = PeriodLabel(per, "zh")
			}
			args = append(args, a)
		}
		return fmt.Sprintf(p.zh, args...)
	}
	return reason
}
