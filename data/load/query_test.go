package load

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/testkit"
)

// Header spellings of the query platform's export vary; each variant reads
// to the same observation: May 2024 exports to the United States, 40亿元.
func TestQueryHeaderVariants(t *testing.T) {
	tests := []struct {
		name, text string
		flow       data.Flow
		dims       data.Dims
	}{
		{"names and codes", "数据年月,进出口,贸易伙伴编码,贸易伙伴名称,人民币\n202405,出口,502,美国,4000000000\n", "", data.Dims{Partner: "美国"}},
		{"short names, bracketed unit", "数据年月,进出口类型,国别（地区）,人民币（元）\n202405,出口,美国,4000000000\n", "", data.Dims{Partner: "美国"}},
		{"value in 万元", "年月,进出口,贸易伙伴,人民币(万元)\n202405,出口,美国,400000\n", "", data.Dims{Partner: "美国"}},
		{"code only, flow letters", "数据年月,进出口标志,贸易伙伴编码,人民币\n202405,E,502,4000000000\n", "", data.Dims{Partner: "502"}},
		{"no flow column, flow given", "数据年月,商品编码,商品名称,注册地名称,贸易方式编码,人民币\n202405,85171300,手机,广东省,9610,4000000000\n", data.Export, data.Dims{HS: "85171300", Province: "广东省", TradeMode: "9610"}},
		{"quantities kept out", "数据年月,进出口,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,人民币\n202405,出口,美国,12,千克,,,4000000000\n", "", data.Dims{Partner: "美国"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := testkit.WriteFile(t, "export.csv", []byte(tt.text))
			ds, fs, err := LoadAll(path, Options{Flow: tt.flow, Vintage: testkit.MustDate("2024-06-20")})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				t.Errorf("finding: %s", f.Error())
			}
			if len(ds.Obs) != 1 {
				t.Fatalf("%d observations, want 1", len(ds.Obs))
			}
			o := ds.Obs[0]
			if o.Flow != data.Export || o.Period != data.Month(2024, 5) || o.Currency != data.CNY || o.Value != 40e8 || o.Dims != tt.dims {
				t.Errorf("got %s %s %s %v %+v", o.Flow, o.Period, o.Currency, o.Value, o.Dims)
			}
		})
	}
}

func TestQueryFailures(t *testing.T) {
	tests := []struct {
		name, text, layout string
		flow               data.Flow
		want               string
	}{
		{"no flow column", "数据年月,贸易伙伴名称,美元\n202405,美国,1\n", "", "", "no 进出口 column, so it does not say whether it holds exports or imports; say whether the file holds exports or imports"},
		{"two currencies", "数据年月,进出口,人民币,美元\n202405,出口,7,1\n", "", "", "two value columns (人民币 and 美元)"},
		{"not an export", "month,amount\n202405,1\n", "gacc-query", "", "not a query-platform export: the header has month, amount; expected 数据年月"},
		{"bad month", "数据年月,进出口,人民币\n202413,出口,1\n", "", "", "export.csv:2:1: period \"202413\": no month 13"},
		{"bad flow", "数据年月,进出口,人民币\n202405,转口,1\n", "", "", "export.csv:2:2: flow \"转口\": expected 出口 or 进口"},
		{"bad value", "数据年月,进出口,人民币\n202405,出口,lots\n", "", "", "export.csv:2:3: value \"lots\" is not a number"},
		{"bad quantity", "数据年月,进出口,第一数量,第一计量单位,人民币\n202405,出口,many,千克,1\n", "", "", "export.csv:2:3: 第一数量 \"many\" is not a number"},
		{"quantity without its unit", "数据年月,进出口,第一数量,第一计量单位,第二数量,第二计量单位,人民币\n202405,出口,5,千克,7,,1\n", "", "", "export.csv:2:5: 第二数量 7 has no unit; the export gives it in 第二计量单位"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := testkit.WriteFile(t, "export.csv", []byte(tt.text))
			_, fs, err := LoadAll(path, Options{Layout: tt.layout, Flow: tt.flow})
			msgs := []string{}
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			for _, f := range fs {
				msgs = append(msgs, f.Error())
			}
			if all := strings.Join(msgs, "\n"); !strings.Contains(all, tt.want) {
				t.Errorf("got %q, want %q", all, tt.want)
			}
		})
	}
}
