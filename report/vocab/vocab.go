// Package vocab is ceb's one vocabulary: every word it prints or writes, in
// English and Chinese. The query layer (package report) returns numbers,
// periods, codes and statuses; the renderers (render, chart, workbook,
// press) turn them into words only through a Lang from this package: the
// names of series, flows and dimensions, column titles, period labels,
// units, amounts with their rounding, statuses and reasons, notes, press
// sentences, workbook labels, chart titles and the labels of the code
// lists. A decision that depends on the language is taken here and nowhere
// else.
package vocab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// Lang is a language ceb writes: English or Chinese.
type Lang int

// The languages.
const (
	En Lang = iota
	Zh
)

// Parse reads a language name: en or zh.
func Parse(s string) (Lang, error) {
	switch s {
	case "en":
		return En, nil
	case "zh":
		return Zh, nil
	}
	return En, fmt.Errorf("unknown language %q: use en or zh", s)
}

// String is the language's code: en or zh.
func (l Lang) String() string {
	if l == Zh {
		return "zh"
	}
	return "en"
}

// Set is the languages of a report, in the order they are written:
// Chinese first when both are asked for.
type Set []Lang

// ParseSet reads a report's languages: en, zh or both.
func ParseSet(s string) (Set, error) {
	switch s {
	case "en":
		return Set{En}, nil
	case "zh":
		return Set{Zh}, nil
	case "both":
		return Set{Zh, En}, nil
	}
	return nil, fmt.Errorf("unknown language %q: use en, zh or both", s)
}

// String is the set's name: en, zh or both.
func (s Set) String() string {
	if len(s) > 1 {
		return "both"
	}
	return s.First().String()
}

// First is the set's first language, the one a single-language text (a
// sheet's tables) is written in.
func (s Set) First() Lang {
	if len(s) == 0 {
		return En
	}
	return s[0]
}

// Pair writes a label in each language of the set, "中文 / English" for
// both.
func (s Set) Pair(f func(Lang) string) string {
	parts := make([]string, len(s))
	for i, l := range s {
		parts[i] = f(l)
	}
	return strings.Join(parts, " / ")
}

// Word is the vocabulary entry key in the set's languages ("摘要 /
// Summary").
func (s Set) Word(key string) string { return s.Pair(func(l Lang) string { return l.Word(key) }) }

// addWords adds the words of one renderer's file (book.go, chart.go,
// html.go …) to the vocabulary, so that Word, Glyphs and the tests see
// them all; a key given twice is a programming error.
func addWords(words map[string][2]string) {
	for k, v := range words {
		if _, dup := vocabulary[k]; dup {
			panic("vocab: the word " + k + " is defined twice")
		}
		vocabulary[k] = v
	}
}

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
	"sign.negative":   {"−", "负"},
	"points.higher":   {"%s higher", "高出%s"},
	"points.lower":    {"%s lower", "低于%s"},
	"points.level":    {"level (%s)", "持平（%s）"},
	"sign.turned":     {"turned from %s to %s", "由%s转为%s"},
	"sign.balance":    {"turned from a %s of %s to a %s of %s", "由%s%s转为%s%s"},
	"balance.deficit": {"deficit", "逆差"},
	"balance.surplus": {"surplus", "顺差"},
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
	"sheet.revisions":  {"Revisions", "修订"},

	// Charts.
	"title.trend":              {"%s: trade value", "%s规模"},
	"title.growth":             {"Year-on-year growth: %s and %s", "%s与%s同比增速"},
	"title.compare":            {"Growth of %s and %s, %s", "%s%s与%s增速对比"},
	"title.share":              {"%s as a share of %s", "%s占%s比重"},
	"title.multiple":           {"%s, %s to %s", "%s至%s%s规模"},
	"title.top":                {"%s by %s, %s", "%[1]s按%[2]s分布（%[3]s）"},
	"title.revisions":          {"%s: first release and latest", "%s首次公布与最新数据"},
	"legend.first_release":     {"First release", "首次公布"},
	"legend.latest_release":    {"Latest", "最新公布"},
	"note.growth_revision":     {"%s pp", "%s个百分点"},
	"note.growth_revision_key": {"Above each period: revision of the growth rate, latest minus first, in percentage points", "各期上方：同比增速修订（最新减首次，百分点）"},
	"code.within_heading":      {"heading %s: %s", "属%[2]s"},
	"note.stack_mark":          {"* %s", "* %s"},
	"caption.revision_summary": {"Summary by series and flow (history, not a forecast)", "按系列和流向汇总（历史修订情况，非预测）"},
	"warn.missing":             {"warning: no figure for %s; its row says why", "警告：%s无数据，原因见该行说明"},
	"caption.top":              {"%s %s %s, ranked by %s", "%s %s %s，按%s排名"},
	"warn.conflict":            {"%s: warning: %s of the release of %s is also at %s, with another value or rate; ceb uses the later line, %s: keep one, or give each its release date", "%s：警告：%s（%s发布）在%s另有一行，数值或增速不同；ceb采用后一行%s：请只保留一行，或分别注明发布日期"},
	"warn.left_out":            {"warning: no figure for %s: left out of the list", "警告：%s无数据，未列出"},
	"warn.left_out.more":       {" and %d more", "等（另有%d期）"},
	"warn.left_out.sep":        {"; ", "；"},
	"warn.stale":               {"warning: the newest release in the data is of %s (%d days ago); add newer tables with ceb data import FILE -o FILE.csv and --data", "警告：数据中最新的发布日期为%s（%d天前）；可用 ceb data import FILE -o FILE.csv 转换更新的表格，再以 --data 读入"},
	"note.top":                 {"the top %d hold %.1f%% of the total", "前%d位合计占%.1f%%"},
	"axis.growth":              {"Year-on-year growth, %", "同比增速（%）"},
	"axis.share":               {"Share, %", "比重（%）"},
	"note.gap":                 {"%s pp", "%s个百分点"},
	"note.multiple":            {"×%.1f (grew %.1f times), CAGR %.1f%%", "是%s的%.1f倍（增长%.1f倍），年均增长%.1f%%"},
	"note.increase":            {"×%.1f (+%.1f%%), CAGR %.1f%%", "是%s的%.1f倍（增长%.1f%%），年均增长%.1f%%"},
	"note.nodata":              {"n/a", "无数据"},
	"embargo":                  {"EMBARGOED until %s", "%s前禁止发布"},
	"embargo.beijing":          {"%s", "北京时间%s"},
	"chosen.one":               {"%s for %s", "%[2]s为%[1]s"},
	"chosen.line":              {"ceb: period %s (the latest the data covers for each series); pass --period to choose", "ceb：未指定期间，采用%s（各系列数据覆盖的最新期间）；可用 --period 指定"},
	"chosen.report":            {"ceb: report on %s (the latest half-year or year the data covers for %s); pass --period to choose", "ceb：未指定期间，报告期为%s（%s数据覆盖的最新半年或年度）；可用 --period 指定"},
	"press.source.computed":    {"Source: General Administration of Customs of China (GACC), figures as published by %s; growth rates GACC did not publish are computed from its published levels.", "资料来源：海关总署（截至%s发布的数据）；海关未公布的同比增速根据其公布的金额计算。"},
	"press.source":             {"Source: General Administration of Customs of China (GACC), figures as published by %s.", "资料来源：海关总署（截至%s发布的数据）。"},
	// Notes on comparisons (report/notes.go).
	"note":                        {"note: ", "注："},
	"note.left_out":               {"left out to fit %d columns: %s (see --wide or --format csv)", "为适应%d列宽度未显示：%s（完整表格见 --wide 或 --format csv）"},
	"note.spring_festival":        {"Spring Festival fell on %s against %s in the base year, in a different month, so the holiday weighs on one side of the comparison only: ", "春节为%s，上年为%s，不在同一月份，假日只影响比较的一方，"},
	"note.spring_festival.month":  {"compare January–February combined or the first quarter.", "宜比较1-2月合计或一季度数据。"},
	"note.finer_sum":              {"%s: the tables give %s, the sum of its published parts, which the published %s rounds (press texts quote the published figure).", "%s：表中金额%s为其各分项公布数之和，公布值%s是其修约数；新闻稿引用公布值。"},
	"note.spring_festival.janfeb": {"compare the first quarter.", "宜比较一季度数据。"},
	"note.cbec_backcast":          {"CBEC figures for 2018–2019 are back-cast estimates of the statistical survey first published for 2020. The narrower platform series (cbec_platform, 2014–2020) has a different coverage and is not comparable.", "跨境电商2018—2019年数据为统计调查制度（2020年起发布）回溯测算数，与统计范围较窄的平台口径数据（cbec_platform，2014—2020年）不可比。"},
	"note.preliminary_history":    {"This figure is a preliminary estimate. History, not a forecast: since %d, %s preliminary totals (%d periods) have moved from their first release to their latest by %+.1f%% on average (mean absolute %.1f%%, %d revised up).", "本期数据为初步测算数。历史情况（非预测）：%d年以来，%s初步数据（共%d期）从首次发布到最新发布平均修订%+.1f%%（平均绝对修订%.1f%%，其中上修%d期）。"},
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
	"col.first_vintage":         {"first vintage", "首次发布日期"},
	"col.first_value":           {"first", "首次公布"},
	"col.latest_vintage":        {"latest vintage", "最新发布日期"},
	"col.latest_value":          {"latest", "最新"},
	"col.revision_pct":          {"revision", "修订幅度"},
	"col.first_growth_pct":      {"first growth", "首次增速"},
	"col.latest_growth_pct":     {"latest growth", "最新增速"},
	"col.growth_revision_pp":    {"growth rev. (pp)", "增速修订(百分点)"},
	"col.vintages":              {"releases", "发布次数"},
	"col.first_release":         {"first release", "首次发布方式"},
	"col.latest_release":        {"latest release", "最新发布方式"},
	"col.periods":               {"periods", "期数"},
	"col.mean_revision_pct":     {"mean revision", "平均修订幅度"},
	"col.mean_abs_revision_pct": {"mean abs. revision", "平均绝对修订幅度"},
	"col.up":                    {"revised up", "上修次数"},
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
	"status.reported":           {"reported", "公布值"},
	"status.computed":           {"computed", "计算值"},
	"status.published":          {"published", "公布值"},
	"status.method-break":       {"method-break", "方法不同未重算"},
	"status.ok":                 {"ok", "相符"},
	"status.revised-base":       {"revised-base", "基数已修订"},
	"status.inconsistent":       {"inconsistent", "不相符"},
	"status.mixed-vintage":      {"mixed-vintage", "新旧发布值混用"},
	"diff.level":                {"level", "金额"},
	"diff.published rate":       {"published rate", "公布增速"},
	"diff.growth":               {"growth", "增速"},
	"diff.gap":                  {"gap", "差距"},
	"diff.share":                {"share", "比重"},
	"col.rests_on":              {"rests on", "依据"},
	"col.file":                  {"file", "文件"},

	// ceb explain (report.Explanation).
	"explain.figure.growth":          {"growth of %s", "%s的同比增速"},
	"explain.figure.compare":         {"comparison of %s with %s", "%s与%s的对比"},
	"explain.figure.multiple":        {"multiple of %s against %s", "%s相对%s的倍数"},
	"explain.formula.growth":         {"growth = v(%s) / v(%s) − 1 = %s / %s − 1 = %s%%", "增速 = v(%s) / v(%s) − 1 = %s / %s − 1 = %s%%"},
	"explain.formula.compare":        {"gap = round(%s, 1) − round(%s, 1) = %s − %s = %s points (exactly %s); share = %s / %s = %s%%", "差距 = round(%s, 1) − round(%s, 1) = %s − %s = %s个百分点（精确值%s）；比重 = %s / %s = %s%%"},
	"explain.formula.multiple":       {"ratio = %s / %s = %s; increase = ratio − 1 = %s times (%s%%); CAGR = ratio^(1/%d) − 1 = %s%%", "倍数 = %s / %s = %s；增长 = 倍数 − 1 = %s倍（%s%%）；年均增长 = 倍数^(1/%d) − 1 = %s%%"},
	"explain.rounding.multiple":      {"ratio and times to one decimal (增长1.2倍), rates to one decimal", "倍数保留一位小数（增长1.2倍），增速保留一位小数"},
	"explain.rounding.gap":           {"the gap subtracts the one-decimal rates, as customs publish it; ", "差距为两个一位小数增速之差，与海关公布方式相同；"},
	"explain.rounding.reported":      {"headline: the published rate %s%%, printed to one decimal (%s%%); the computed rate %s%% is shown beside it", "主要增速：公布增速%s%%，保留一位小数（%s%%）；计算增速%s%%并列显示"},
	"explain.rounding.computed":      {"headline: the computed rate, rounded half away from zero to one decimal: %s%%", "主要增速：计算增速，四舍五入保留一位小数：%s%%"},
	"explain.formula.growth.not":     {"growth = v(%s) / v(%s) − 1: not computed, %s", "增速 = v(%s) / v(%s) − 1：不计算，%s"},
	"explain.rounding.reported_only": {"headline: the published rate %s%%, printed to one decimal (%s%%)", "主要增速：公布增速%s%%，保留一位小数（%s%%）"},
	"explain.rounding.none":          {"no headline rate: ", "无主要增速："},
	"explain.interval":               {"the levels' rounding allows a rate from %s%% to %s", "按金额的修约，增速可在%s%%至%s之间"},
	"explain.check.ok":               {"ok: %s, and the published %s%% (± %.2f) lies inside", "相符：%s，公布增速%s%%（± %.2f）在此区间内"},
	"explain.check.revised":          {"revised-base: %s; the published %s%% lies outside, and the base (%s) predates the figure (%s): customs used a revised base the data does not hold", "基数已修订：%s；公布增速%s%%在区间外，且基期数据（%s）早于本期数据（%s）：海关使用了数据中没有的修订后基数"},
	"explain.check.inconsistent":     {"inconsistent: %s; the published %s%% lies outside although the base (%s) is as recent as the figure (%s)", "不相符：%s；公布增速%s%%在区间外，而基期数据（%s）与本期数据（%s）同样新"},
	"explain.check.none":             {"; no published rate to check", "；无公布增速可核对"},
	"explain.role.current":           {"current", "本期"},
	"explain.role.base":              {"base", "基期"},
	"explain.role.reference current": {"reference current", "参照本期"},
	"explain.role.reference base":    {"reference base", "参照基期"},
	"explain.role.to":                {"to", "末期"},
	"explain.role.from":              {"from", "基期"},
	"explain.why.published":          {"published figure", "公布数"},
	"explain.why.after":              {"published %s, after the as-of date %s", "发布于%s，晚于数据日期%s"},
	"explain.why.superseded":         {"superseded by the vintage of %s", "已被%s发布值取代"},
	"explain.colon":                  {": ", "："},
	"currency.name.CNY":              {"CNY", "人民币"},
	"currency.name.USD":              {"USD", "美元"},
	"explain.used":                   {"used  ", "采用"},
	"explain.passed":                 {"passed", "未用"},
	"explain.formula":                {"formula: ", "公式："},
	"explain.rounding":               {"rounding: ", "修约："},
	"explain.check":                  {"check: ", "核对："},
	"col.line":                       {"line", "行"},
	"col.series_growth":              {"%s growth, %%", "%s增速(%%)"},
	"book.growth_pct":                {"growth, %", "同比增速(%)"},
	"book.reference_growth_pct":      {"all trade growth, %", "外贸整体增速(%)"},
	"book.gap_pp":                    {"gap, points", "差距(百分点)"},
	"book.share_pct":                 {"share of all trade, %", "占外贸比重(%)"},
	"book.share_change_pp":           {"share change, points", "比重变化(百分点)"},
	"book.contribution_pp":           {"contribution, points", "拉动(百分点)"},
	"book.value":                     {"value", "数值"},
}

// Word returns the vocabulary entry key in l (Chinese falls back to English
// where it has none). A key the vocabulary lacks is returned as it is, and
// a series slug without an entry as the slug.
func (l Lang) Word(key string) string {
	t, ok := vocabulary[key]
	if !ok {
		if s, found := strings.CutPrefix(key, "series."); found {
			return s
		}
		return key
	}
	if l == Zh && t[1] != "" {
		return t[1]
	}
	return t[0]
}

// Has reports whether the vocabulary has an entry key.
func Has(key string) bool {
	_, ok := vocabulary[key]
	return ok
}

// Sprintf formats the vocabulary entry key in l with a.
func (l Lang) Sprintf(key string, a ...any) string { return fmt.Sprintf(l.Word(key), a...) }

// Series is a series' name: "Cross-border e-commerce", "跨境电商"; a user
// series is named by its slug.
func (l Lang) Series(s string) string { return l.Word("series." + s) }

// SeriesInText is a series' name inside an English sentence, its first
// letter lower-cased ("all goods trade"); Chinese is unchanged.
func (l Lang) SeriesInText(s string) string { return l.InText(l.Series(s)) }

// InText lower-cases a name's first letter for use inside an English
// sentence ("All goods trade" → "all goods trade"), leaving acronyms and
// Chinese alone.
func (l Lang) InText(name string) string {
	if l == Zh || len(name) < 2 || name[1] < 'a' || name[1] > 'z' || name[0] < 'A' || name[0] > 'Z' {
		return name
	}
	return string(name[0]+'a'-'A') + name[1:]
}

// Capitalize upper-cases the first letter of an English text.
func (l Lang) Capitalize(s string) string {
	if l == Zh || s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Flow is a flow's label in tables: total, 进出口.
func (l Lang) Flow(f data.Flow) string {
	if !Has("flow." + string(f)) {
		return string(f)
	}
	return l.Word("flow." + string(f))
}

// FlowTitle is a flow's name in a chart: "Imports and exports", 进出口.
func (l Lang) FlowTitle(f data.Flow) string { return l.Word("flow." + string(f) + ".title") }

// FlowPhrase is a flow as the press text says it: "imports and exports",
// 进出口.
func (l Lang) FlowPhrase(f data.Flow) string { return l.Word("flow." + string(f) + ".press") }

// Period is a period as people write it: 2024, H1 2024, Q1 2024, Jun 2024,
// Jan-Oct 2024; 2024年, 2024年上半年, 2024年一季度, 2024年6月, 2024年1-10月.
func (l Lang) Period(p data.Period) string {
	switch p.Kind() {
	case data.KindYear:
		return l.Sprintf("period.year", p.Year)
	case data.KindHalf:
		h := (p.From + 5) / 6
		if l == Zh {
			return l.Sprintf("period.half", p.Year, l.Word("half."+strconv.Itoa(h)))
		}
		return l.Sprintf("period.half", p.Year, h)
	case data.KindQuarter:
		q := (p.From + 2) / 3
		if l == Zh {
			return l.Sprintf("period.quarter", p.Year, l.Word("quarter."+strconv.Itoa(q)))
		}
		return l.Sprintf("period.quarter", p.Year, q)
	case data.KindMonth:
		if l == Zh {
			return l.Sprintf("period.month", p.Year, p.From)
		}
		return l.Sprintf("period.month", p.Year, monthAbbr(p.From))
	}
	if l == Zh {
		return l.Sprintf("period.range", p.Year, p.From, p.To)
	}
	return l.Sprintf("period.range", p.Year, monthAbbr(p.From), monthAbbr(p.To))
}

// PeriodCell is a period in a table: its canonical form (2024H1) in
// English, the label in Chinese (2024年上半年).
func (l Lang) PeriodCell(p data.Period) string {
	if l == Zh {
		return l.Period(p)
	}
	return p.String()
}

// PeriodPhrase opens a sentence about a period: "In the first half of
// 2024", 2024年上半年.
func (l Lang) PeriodPhrase(p data.Period) string {
	if l == Zh {
		return l.Period(p)
	}
	switch p.Kind() {
	case data.KindYear:
		return fmt.Sprintf("In %d", p.Year)
	case data.KindHalf:
		return fmt.Sprintf("In the %s half of %d", l.Word("half."+strconv.Itoa((p.From+5)/6)), p.Year)
	case data.KindQuarter:
		return fmt.Sprintf("In the %s quarter of %d", l.Word("quarter."+strconv.Itoa((p.From+2)/3)), p.Year)
	case data.KindMonth:
		return fmt.Sprintf("In %s %d", MonthName(p.From), p.Year)
	}
	return fmt.Sprintf("In %s-%s %d", MonthName(p.From), MonthName(p.To), p.Year)
}

// monthAbbr is Jan … Dec; MonthName is January … December.
func monthAbbr(m int) string { return En.Word("month." + strconv.Itoa(m)) }

// MonthName is a month's English name, January … December.
func MonthName(m int) string { return En.Word("monthname." + strconv.Itoa(m)) }

// Currency is the currency in a written amount: RMB or USD in English, 元
// or 美元 in Chinese.
func (l Lang) Currency(c data.Currency) string { return l.Word("currency." + string(c)) }

// UnitName names an amount's unit in full: "CNY 100 million", 亿元, 万亿美元.
func (l Lang) UnitName(u data.Unit, c data.Currency) string {
	en, zh := u.Words()
	if l == Zh {
		return zh + l.Currency(c)
	}
	if en == "" {
		return string(c)
	}
	return string(c) + " " + en
}

// UnitShort is the compact heading of a table column: "CNY 100m", "USD tn",
// or the Chinese name.
func (l Lang) UnitShort(u data.Unit, c data.Currency) string {
	if l == Zh {
		return l.UnitName(u, c)
	}
	if key := "unit.short." + u.Code(); Has(key) {
		return string(c) + " " + En.Word(key)
	}
	return string(c)
}

// ListSeparator joins the items of a list in a line of text: ", " or "、".
func (l Lang) ListSeparator() string {
	if l == Zh {
		return "、"
	}
	return ", "
}

// Sheets lists the workbook's sheet keys in order.
func Sheets() []string {
	return []string{"cover", "summary", "growth", "comparison", "fiveyear", "series", "data", "provenance", "notes"}
}

// SheetName returns a sheet's name in the set's languages ("摘要 Summary"
// for both).
func (s Set) SheetName(key string) string {
	parts := make([]string, len(s))
	for i, l := range s {
		parts[i] = l.Word("sheet." + key)
	}
	return strings.Join(parts, " ")
}

// Glyphs returns every word of the vocabulary that charts draw in l, with
// the characters of period labels, units, code-list labels and numbers:
// what the chart font must cover.
func (l Lang) Glyphs() string {
	var b strings.Builder
	for k, t := range vocabulary {
		if strings.HasPrefix(k, "book.") || strings.HasPrefix(k, "explain.") {
			continue // written in the workbook and on terminals, not drawn
		}
		if l == Zh && t[1] != "" {
			b.WriteString(t[1])
		} else {
			b.WriteString(t[0])
		}
	}
	for _, p := range []string{"2024", "2024H1", "2024H2", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024-01..02", "2024-01..11"} {
		b.WriteString(l.Period(data.MustParsePeriod(p)))
	}
	for m := 1; m <= 12; m++ {
		b.WriteString(l.Period(data.Month(2024, m)))
	}
	for _, u := range []data.Unit{data.Unit1, data.Unit1k, data.Unit10k, data.Unit1m, data.Unit100m, data.Unit1b, data.Unit1t} {
		for _, c := range []data.Currency{data.CNY, data.USD} {
			b.WriteString(l.UnitName(u, c))
		}
	}
	b.WriteString(codeGlyphs(l))
	b.WriteString("0123456789+-−.,%×()")
	return b.String()
}

// Embargo is the line every artifact of an embargoed package carries, in
// the set's languages: "EMBARGOED until 2025-07-14 10:00 UTC+08:00 /
// 北京时间2025年7月14日10:00前禁止发布" (a time in another zone keeps its
// offset: "2025年7月14日10:00（UTC+09:00）前禁止发布"); empty without an
// embargo. English comes first, as the stamp has always read.
func (s Set) Embargo(at *time.Time) string {
	if at == nil {
		return ""
	}
	var parts []string
	for _, l := range []Lang{En, Zh} {
		if !slices.Contains(s, l) {
			continue
		}
		t := at.Format("2006-01-02 15:04 UTC-07:00")
		if l == Zh {
			t = fmt.Sprintf("%d年%d月%d日%s", at.Year(), int(at.Month()), at.Day(), at.Format("15:04"))
			if _, off := at.Zone(); off == 8*3600 {
				t = l.Sprintf("embargo.beijing", t)
			} else {
				t += "（" + at.Format("UTC-07:00") + "）"
			}
		}
		parts = append(parts, l.Sprintf("embargo", t))
	}
	return strings.Join(parts, " / ")
}

// PeriodChosen says which periods a command chose when none was given:
// "period 2025 for cbec, 2026-01..2026-02 for trade (the latest the data
// covers for each series); pass --period to choose".
func (l Lang) PeriodChosen(c report.Chosen) string {
	parts := make([]string, len(c))
	for i, sp := range c {
		parts[i] = l.Sprintf("chosen.one", l.PeriodCell(sp.Period), sp.Series)
	}
	return l.Sprintf("chosen.line", strings.Join(parts, l.ListSeparator()))
}

// ReportChosen says which period a report chose: "report on 2025 (the
// latest half-year or year the data covers for cbec); pass --period to
// choose".
func (l Lang) ReportChosen(p data.Period, series string) string {
	return l.Sprintf("chosen.report", l.PeriodCell(p), series)
}
