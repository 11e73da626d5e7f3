package codes

import (
	"fmt"
	"testing"
)

// No spelling names two entries, and every entry has both names.
func TestListsUnambiguous(t *testing.T) {
	for _, dim := range Dims() {
		seen := map[string]string{}
		if len(List(dim)) == 0 {
			t.Errorf("%s: empty list", dim)
		}
		for _, e := range List(dim) {
			// HS headings have an English name only (README.md).
			if e.Code == "" || (e.Zh == "" && !(dim == "hs" && len(e.Code) == 4)) || e.En == "" {
				t.Errorf("%s %+v: missing code or name", dim, e)
			}
			for _, s := range e.spellings() {
				if prev, ok := seen[fold(s)]; ok && prev != e.Code {
					t.Errorf("%s: %q names both %s and %s", dim, s, prev, e.Code)
				}
				seen[fold(s)] = e.Code
			}
		}
	}
}

// Counts checked by hand: GB/T 2260 has 34 provincial-level divisions; ASEAN
// has 10 members, the EU 27, RCEP 15; the CBEC supervision modes are 9610,
// 1210, 1239, 9710 and 9810.
func TestListCounts(t *testing.T) {
	if n := len(List("province")); n != 34 {
		t.Errorf("%d provinces, want 34", n)
	}
	// HS chapters 01–97 (77 reserved) and China's national chapter 98,
	// each with its official titles.
	var hs []Entry
	headings := 0
	for _, e := range List("hs") {
		switch len(e.Code) {
		case 2:
			hs = append(hs, e)
		case 4:
			headings++
		}
	}
	// hs_headings.csv: 1,228 headings of HS 2022 (README there).
	if headings != 1228 {
		t.Errorf("%d HS headings, want 1228", headings)
	}
	if len(hs) != 98 {
		t.Errorf("%d HS chapters, want 98", len(hs))
	}
	for i, e := range hs {
		if want := fmt.Sprintf("%02d", i+1); e.Code != want || e.ZhTitle == "" || e.EnTitle == "" {
			t.Errorf("HS chapter %d: %+v", i+1, e)
		}
	}
	groups := map[string]int{}
	for _, e := range List("partner") {
		for _, g := range e.Groups {
			groups[g]++
		}
	}
	// customs_countries.csv has 242 codes, 65 of them in partners.csv;
	// belt_and_road.csv 152 countries, of which Niue and South Sudan have no
	// customs code (so no entry); the continents count the codes by their
	// first digit, remainders (199 …) left out: by hand from the CSV, 48 in
	// Asia (1xx) and so on.
	customs := 0
	for _, e := range List("partner") {
		if e.Customs() != "" {
			customs++
		}
	}
	if customs != 242 {
		t.Errorf("%d partners with a customs code, want 242", customs)
	}
	for g, want := range map[string]int{"ASEAN": 10, "EU": 27, "RCEP": 15, "BRI": 150} {
		if groups[g] != want {
			t.Errorf("%s has %d members, want %d", g, groups[g], want)
		}
	}
	var cbec []string
	for _, e := range List("trade_mode") {
		if e.CBEC {
			cbec = append(cbec, e.Code)
		}
	}
	if got := len(cbec); got != 5 {
		t.Errorf("CBEC modes %v, want 1210, 1239, 9610, 9710, 9810", cbec)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, dim, value, code, zh, en string
	}{
		{"partner by Chinese name", "partner", "美国", "US", "美国", "United States"},
		{"partner by ISO alpha-2", "partner", "us", "US", "美国", "United States"},
		{"partner by ISO alpha-3", "partner", "USA", "US", "美国", "United States"},
		{"partner by customs code", "partner", "502", "US", "美国", "United States"},
		{"Hong Kong by customs code", "partner", "110", "HK", "中国香港", "Hong Kong"},
		{"grouping by a country table's wording", "partner", "《区域全面经济伙伴关系协定》(RCEP)成员国", "RCEP", "区域全面经济伙伴关系协定", "RCEP"},
		{"continent", "partner", "拉丁美洲", "LATAM", "拉丁美洲", "Latin America"},
		{"partner grouping", "partner", "东盟", "ASEAN", "东盟", "ASEAN"},
		{"province by 2-digit code", "province", "44", "44", "广东省", "Guangdong"},
		{"province by 6-digit code", "province", "440000", "44", "广东省", "Guangdong"},
		{"province by short name", "province", "广东", "44", "广东省", "Guangdong"},
		{"trade mode by code", "trade_mode", "9610", "9610", "跨境贸易电子商务", "CBEC (9610)"},
		{"trade mode by GACC table label", "trade_mode", "Ordinary Trade", "0110", "一般贸易", "Ordinary Trade"},
		{"HS chapter by code", "hs", "85", "85", "电机电气设备及零件", "Electrical machinery"},
		{"HS chapter by its English title", "hs", "Toys, games and sports requisites; parts and accessories thereof", "95", "玩具、游戏及运动用品", "Toys, games, sports goods"},
		{"HS chapter by its Chinese title", "hs", "针织或钩编的服装及衣着附件", "61", "针织服装", "Apparel, knitted"},
		// customs_countries.csv: codes partners.csv does not list.
		{"partner by a customs code beyond partners.csv", "partner", "358", "RS", "塞尔维亚", "Serbia"},
		{"partner by GACC's misspelt English", "partner", "Bahrian", "BH", "巴林", "Bahrain"},
		{"partner without an ISO code", "partner", "207", "207", "加那利群岛", "Canary Islands"},
		{"partner remainder", "partner", "199", "199", "亚洲其他国家(地区)", "Other Asia, n.e.s."},
		{"GACC's old name of a listed partner", "partner", "台澎金马关税区", "TW", "中国台湾", "Taiwan"},
		{"a table's other row", "partner", "其他国家(地区)", "OTHER", "其他", "Other"},
		// hs_headings.csv: HS 2022 headings, English only.
		{"HS heading", "hs", "8542", "8542", "", "Electronic integrated circuits"},
		{"HS 2022 new heading", "hs", "8524", "8524", "", "Flat panel display modules, whether or not incorporating touch-sensitive screens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := Lookup(tt.dim, tt.value)
			if !ok || e.Code != tt.code || e.Zh != tt.zh || e.En != tt.en {
				t.Errorf("Lookup(%s, %s) = %+v, %v", tt.dim, tt.value, e, ok)
			}
		})
	}
	for _, miss := range [][2]string{{"partner", "Atlantis"}, {"hs", "851713"}, {"hs", "0201x"}, {"province", "99"}, {"partner", "Bahrian"[:3]}} {
		if e, ok := Lookup(miss[0], miss[1]); ok {
			t.Errorf("Lookup(%s, %s) = %+v, want none", miss[0], miss[1], e)
		}
	}
}

func TestSame(t *testing.T) {
	if !Same("partner", "美国", "USA") || !Same("partner", "US", "us") || Same("partner", "US", "JP") {
		t.Error("Same does not match spellings of one entry only")
	}
	if !Same("hs", "8517", "8517") || Same("hs", "8517", "85") {
		t.Error("Same on a dimension without a list should compare the text")
	}
}

// Every partner but the groupings has a 3-digit customs code (the
// spellings test above makes them unique); groupings have none and are
// marked, so that rankings leave them out.
func TestPartnerCustomsCodesAndGroupings(t *testing.T) {
	for _, e := range List("partner") {
		customs := e.Customs()
		switch {
		case e.Grouping && customs != "" && !Remainder("partner", e.Code):
			t.Errorf("grouping %s has a customs code %s", e.Code, customs)
		case !e.Grouping && customs == "":
			t.Errorf("partner %s has no 3-digit customs code", e.Code)
		}
	}
	for v, want := range map[string]bool{"东南亚国家联盟": true, "欧洲联盟": true, "亚洲": true, "一带一路": true, "区域全面经济伙伴关系协定(RCEP)成员国": true, "其他": true, "199": true, "其他亚洲国家": true, "US": false, "502": false, "中国香港": false, "Atlantis": false} {
		if got := IsGrouping("partner", v); got != want {
			t.Errorf("IsGrouping(partner, %s) = %v, want %v", v, got, want)
		}
	}
}

// Remainders are groupings that are parts like any other (counted in a
// sum, never ranked); unions of members are not.
func TestRemainder(t *testing.T) {
	for v, want := range map[string]bool{"其他": true, "其他国家(地区)": true, "亚洲其他国家(地区)": true, "199": true, "701": true, "其他亚洲国家": true, "东盟": false, "亚洲": false, "US": false} {
		if got := Remainder("partner", v); got != want {
			t.Errorf("Remainder(partner, %s) = %v, want %v", v, got, want)
		}
	}
	// Members of groupings: ASEAN's ten, and North America by customs code
	// (501 Canada, 502 US, 503 Greenland, 504 Bermuda, 599 remainder).
	if n := len(Members("partner", "东盟")); n != 10 {
		t.Errorf("东盟 has %d members, want 10", n)
	}
	if n := len(Members("partner", "北美洲")); n != 5 {
		t.Errorf("北美洲 has %d members, want 5", n)
	}
	if Members("partner", "US") != nil {
		t.Error("US is not a grouping")
	}
}
