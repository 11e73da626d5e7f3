package gacc

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// The customs online query platform's export (数据在线查询, stats.customs.gov.cn):
// one row per combination of the chosen fields — 商品 (HS code), 贸易伙伴,
// 贸易方式, 注册地 — with the month (数据年月, YYYYMM), quantities and the
// value in yuan (人民币) or dollars (美元). Header spellings vary between
// variants and years, so columns are matched by meaning (queryColumns).
//
// Each row becomes one observation of the series (default trade) with the
// row's fields as dimensions: HS and trade-mode codes as written, partner
// and province by name where the file gives one (the code lists resolve
// names, data/codes), else by code. The first and second quantities
// (第一数量 and 第一计量单位, 第二数量 and 第二计量单位) are kept with the row,
// each in its unit. The flow is read from a 进出口 column where there is
// one, else from Options.Flow.

// queryField is what a column means.
type queryField int

const (
	qNone queryField = iota
	qPeriod
	qFlow
	qHSCode
	qHSName
	qPartnerCode
	qPartnerName
	qModeCode
	qModeName
	qProvinceCode
	qProvinceName
	qQty1
	qQty1Unit
	qQty2
	qQty2Unit
	qValue
)

// queryColumns are the header spellings seen, folded (no spaces, lower case,
// no bracketed unit).
var queryColumns = map[string]queryField{
	"数据年月": qPeriod, "年月": qPeriod, "日期": qPeriod, "数据时间": qPeriod, "时间": qPeriod,
	"进出口": qFlow, "进出口类型": qFlow, "进出口标志": qFlow, "贸易流向": qFlow, "流向": qFlow,
	"商品编码": qHSCode, "商品代码": qHSCode, "hs编码": qHSCode, "税则号列": qHSCode,
	"商品名称":   qHSName,
	"贸易伙伴编码": qPartnerCode, "贸易伙伴代码": qPartnerCode, "国别编码": qPartnerCode, "国家编码": qPartnerCode,
	"贸易伙伴名称": qPartnerName, "贸易伙伴": qPartnerName, "国别(地区)": qPartnerName, "国别": qPartnerName, "国家(地区)": qPartnerName,
	"贸易方式编码": qModeCode, "贸易方式代码": qModeCode, "监管方式编码": qModeCode, "监管方式代码": qModeCode,
	"贸易方式名称": qModeName, "贸易方式": qModeName, "监管方式": qModeName,
	"注册地编码": qProvinceCode, "注册地代码": qProvinceCode, "收发货人注册地编码": qProvinceCode,
	"注册地名称": qProvinceName, "注册地": qProvinceName, "收发货人注册地": qProvinceName,
	"第一数量": qQty1, "第一计量单位": qQty1Unit, "第二数量": qQty2, "第二计量单位": qQty2Unit,
	"第一法定数量": qQty1, "第一法定计量单位": qQty1Unit, "第二法定数量": qQty2, "第二法定计量单位": qQty2Unit,
	"数量": qQty1, "计量单位": qQty1Unit,
}

var reBracket = regexp.MustCompile(`\(([^)]*)\)`)

// queryColumn folds a header and says what it means; a value column also
// gives its currency and unit (人民币 yuan; 美元(万美元) ten thousand dollars).
func queryColumn(h string) (queryField, data.Currency, data.Unit, error) {
	k := strings.ToLower(strings.ReplaceAll(h, " ", ""))
	if f, ok := queryColumns[k]; ok {
		return f, "", data.Unit1, nil
	}
	bare := reBracket.ReplaceAllString(k, "")
	for _, c := range []struct {
		prefix string
		cur    data.Currency
	}{{"人民币", data.CNY}, {"美元", data.USD}} {
		if !strings.HasPrefix(bare, c.prefix) {
			continue
		}
		u := data.Unit1
		if m := reBracket.FindStringSubmatch(k); m != nil && m[1] != "元" && m[1] != "美元" {
			pu, _, err := data.ParseUnit(m[1])
			if err != nil {
				return qValue, c.cur, u, fmt.Errorf("value column %q: %v", h, err)
			}
			u = pu
		}
		return qValue, c.cur, u, nil
	}
	if f, ok := queryColumns[bare]; ok {
		return f, "", data.Unit1, nil
	}
	return qNone, "", data.Unit1, nil
}

// queryHeader finds the header row: the first with a period and a value
// column.
func queryHeader(g *Grid) (int, bool) {
	for i, r := range g.Rows {
		var period, value bool
		for _, c := range r.Cells {
			f, _, _, _ := queryColumn(c)
			period = period || f == qPeriod
			value = value || f == qValue
		}
		if period && value {
			return i, true
		}
	}
	return 0, false
}

func isQuery(g *Grid) bool {
	_, ok := queryHeader(g)
	return ok
}

const queryExpected = "数据年月 (YYYYMM) and 人民币 or 美元, with any of 进出口, 商品编码, 商品名称, 贸易伙伴编码, 贸易伙伴名称, 贸易方式编码, 贸易方式名称, 注册地编码, 注册地名称, 第一数量, 第一计量单位, 第二数量, 第二计量单位"

func readQuery(ds *data.Dataset, f *data.Findings, g *Grid, m gaccMeta, opt Options) error {
	hi, ok := queryHeader(g)
	if !ok {
		var found []string
		if len(g.Rows) > 0 {
			found = g.Rows[0].Cells
		}
		return data.Fail(g.Name, 0, "not a query-platform export: the header has %s; expected %s", strings.Join(found, ", "), queryExpected)
	}
	head := g.Rows[hi]
	col := map[queryField]int{}
	var cur data.Currency
	unit := data.Unit1
	var unknown []string
	for i, h := range head.Cells {
		fd, c, u, err := queryColumn(h)
		if err != nil {
			return data.Fail(g.Name, head.Line, "%v", err)
		}
		switch {
		case fd == qNone && h != "":
			unknown = append(unknown, h)
		case fd == qValue && cur != "":
			return data.Fail(g.Name, head.Line, "two value columns (%s and %s); export one currency per file", head.Cells[col[qValue]], h)
		case fd == qValue:
			cur, unit = c, u
			col[fd] = i
		default:
			if _, dup := col[fd]; !dup {
				col[fd] = i
			}
		}
	}
	if len(unknown) > 0 {
		f.Add(data.SevWarning, g.Name, head.Line, 0, nil, "columns not read: %s (ceb reads %s)", strings.Join(unknown, ", "), queryExpected)
	}
	_, hasFlow := col[qFlow]
	if !hasFlow && opt.Flow == "" {
		return data.FailHint(g.Name, 0, data.HintFlow, "the export has no 进出口 column, so it does not say whether it holds exports or imports")
	}
	if m.vintage.IsZero() {
		f.AddHint(data.SevWarning, g.Name, 0, data.HintVintage, "no release date: the export does not say when the figures were published")
	}
	series := opt.Series
	if series == "" {
		series = "trade"
	}
	get := func(r Row, fd queryField) string {
		if i, ok := col[fd]; ok && i < len(r.Cells) {
			return r.Cells[i]
		}
		return ""
	}
	for _, r := range g.Rows[hi+1:] {
		ptext := get(r, qPeriod)
		p, err := queryPeriod(ptext)
		if err != nil {
			f.Add(data.SevError, g.Name, r.Line, col[qPeriod]+1, err, "period %q: %v", ptext, err)
			continue
		}
		fl := opt.Flow
		if hasFlow {
			if fl, err = queryFlow(get(r, qFlow)); err != nil {
				f.Add(data.SevError, g.Name, r.Line, col[qFlow]+1, err, "%v", err)
				continue
			}
		}
		vtext := get(r, qValue)
		n, ok, err := gaccNumber(vtext)
		if err != nil || !ok {
			f.Add(data.SevError, g.Name, r.Line, col[qValue]+1, err, "value %q is not a number", vtext)
			continue
		}
		var dims data.Dims
		for _, d := range []struct {
			dim          string
			first, other queryField
		}{{"hs", qHSCode, qHSName}, {"partner", qPartnerName, qPartnerCode}, {"trade_mode", qModeCode, qModeName}, {"province", qProvinceName, qProvinceCode}} {
			v := get(r, d.first)
			if v == "" {
				v = get(r, d.other)
			}
			if v != "" {
				dims.Set(d.dim, v)
			}
		}
		var qty [2]*data.Quantity
		bad := false
		for k, qc := range [2][2]queryField{{qQty1, qQty1Unit}, {qQty2, qQty2Unit}} {
			at := get(r, qc[0])
			q, ok, err := gaccNumber(at)
			if err == nil && !ok {
				continue // empty, or a dash: no quantity
			}
			if err != nil {
				f.Add(data.SevError, g.Name, r.Line, col[qc[0]]+1, err, "%s %q is not a number", head.Cells[col[qc[0]]], at)
				bad = true
				continue
			}
			u := get(r, qc[1])
			if u == "" {
				f.Add(data.SevError, g.Name, r.Line, col[qc[0]]+1, nil, "%s %s has no unit; the export gives it in %s", head.Cells[col[qc[0]]], at, map[bool]string{true: "第一计量单位", false: "第二计量单位"}[k == 0])
				bad = true
				continue
			}
			qty[k] = &data.Quantity{Amount: q.Value, Unit: u}
		}
		if bad {
			continue
		}
		ds.Obs = append(ds.Obs, data.Observation{
			Series: series, Flow: fl, Period: p, Value: n.Scaled(unit), HasValue: true,
			Step: n.Step * unit.Factor(), Unit: unit, Currency: cur, Vintage: m.vintage,
			Source: "customs online query platform (stats.customs.gov.cn)", Dims: dims, Quantities: qty, Pos: data.Pos{File: g.Name, Line: r.Line},
		})
	}
	return nil
}

var reYYYYMM = regexp.MustCompile(`^(\d{4})(\d{2})$`)

// queryPeriod reads 202405, else any form ParsePeriod knows (2024-05,
// 2024年5月, 2024年1-5月).
func queryPeriod(s string) (data.Period, error) {
	if m := reYYYYMM.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if p := data.Month(y, mo); p.Valid() {
			return p, nil
		}
		return data.Period{}, fmt.Errorf("no month %s", m[2])
	}
	return data.ParsePeriod(s)
}

func queryFlow(s string) (data.Flow, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "出口", "export", "exports", "e", "0":
		return data.Export, nil
	case "进口", "import", "imports", "i", "1":
		return data.Import, nil
	case "进出口", "total", "2":
		return data.Total, nil
	}
	return "", fmt.Errorf("flow %q: expected 出口 or 进口", s)
}
