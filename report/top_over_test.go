package report

import (
	"math"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/load"
	"github.com/cbec-stats/ceb/stats"
)

func topOf(t *testing.T, path, body string, q TopQuery) TopResult {
	t.Helper()
	opt := load.Options{}
	if body != "" {
		opt.Stdin = strings.NewReader(body)
	}
	ds, err := load.Load(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if q.Currency == "" {
		q.Currency = data.CNY
	}
	res, err := Top(data.NewView(ds, data.Date{}), ds, q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func rowsByCode(res TopResult) map[string]TopRow {
	m := map[string]TopRow{}
	for _, r := range res.Rows {
		m[r.Code] = r
	}
	return m
}

// A query export by HS chapter and partner (exports, May 2023 and May
// 2024) ranks chapters summed over partners, and partners summed over
// chapters. Sums by hand from the fixture (in millions of yuan):
//
//	85: 330 + 120 + 90 + 30 = 570 against 300 + 100 + 80 + 20 = 500, +14%
//	61: 210 + 66 = 276 (越南 none) against 200 + 60 + 40 = 300, −8%
//	95: 180 + 55 + 15 = 250 against 150 + 50 (巴勒斯坦 none) = 200, +25%
//	total 1096 against 1000 (+9.6%); 85's share 570 / 1096 = 52.007%,
//	contribution (570 − 500) / 1000 = 7 points
//	美国 330 + 210 + 180 = 720 against 300 + 200 + 150 = 650
func TestTopSumsOverOtherDimensions(t *testing.T) {
	const file = "../testdata/gacc/query_2024-05_hs2_partner_export_cny.csv"
	tests := []struct {
		name                 string
		by                   string
		where                data.Dims
		code                 string
		value, base, share   float64
		over                 string
		absentCode, absentIn string
	}{
		{name: "chapter 85", by: "hs", code: "85", value: 570e6, base: 500e6, share: 100 * 570.0 / 1096, over: "partner"},
		{name: "chapter 61 without 越南 in 2024", by: "hs", code: "61", value: 276e6, base: 300e6, share: 100 * 276.0 / 1096, over: "partner", absentCode: "越南", absentIn: "2024-05"},
		{name: "chapter 95 without 巴勒斯坦 in 2023", by: "hs", code: "95", value: 250e6, base: 200e6, share: 100 * 250.0 / 1096, over: "partner", absentCode: "巴勒斯坦", absentIn: "2023-05"},
		{name: "partner summed over chapters", by: "partner", code: "美国", value: 720e6, base: 650e6, share: 100 * 720.0 / 1096, over: "hs"},
		{name: "where selects first", by: "hs", where: data.Dims{Partner: "美国"}, code: "85", value: 330e6, base: 300e6, share: 100 * 330.0 / 720},
		{name: "where by customs code", by: "hs", where: data.Dims{Partner: "502"}, code: "95", value: 180e6, base: 150e6, share: 100 * 180.0 / 720},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := topOf(t, file, "", TopQuery{Query: Query{Dims: tt.where}, By: tt.by, N: 10})
			if res.Flow != data.Export || res.Period.String() != "2024-05" || strings.Join(res.Over, ",") != tt.over {
				t.Errorf("ranked %s %s over %v, want export 2024-05 over %q", res.Flow, res.Period, res.Over, tt.over)
			}
			r, ok := rowsByCode(res)[tt.code]
			if !ok {
				t.Fatalf("no row %s in %+v", tt.code, res.Rows)
			}
			if r.Kind != stats.RowItem || math.Abs(*r.Value-tt.value) > 1e-6 || math.Abs(*r.Base-tt.base) > 1e-6 || math.Abs(*r.SharePct-tt.share) > 1e-9 {
				t.Errorf("%s: %s value %v base %v share %v, want %v %v %v", tt.code, r.Kind, *r.Value, *r.Base, *r.SharePct, tt.value, tt.base, tt.share)
			}
			if want := 100 * (tt.value/tt.base - 1); math.Abs(*r.GrowthPct-want) > 1e-9 {
				t.Errorf("growth %v, want %v", *r.GrowthPct, want)
			}
			switch {
			case tt.absentCode == "" && len(r.Absent) > 0:
				t.Errorf("absent %+v, want none", r.Absent)
			case tt.absentCode != "" && (len(r.Absent) != 1 || r.Absent[0].Dims.Partner != tt.absentCode || r.Absent[0].Period.String() != tt.absentIn):
				t.Errorf("absent %+v, want %s in %s", r.Absent, tt.absentCode, tt.absentIn)
			}
		})
	}
	// The total is the sum of the chapters; contributions add up to its growth.
	res := topOf(t, file, "", TopQuery{By: "hs", N: 10})
	total := rowsByCode(res)[stats.RowTotal]
	if math.Abs(*total.Value-1096e6) > 1e-6 || math.Abs(*total.GrowthPct-9.6) > 1e-9 {
		t.Errorf("total %v growth %v, want 1096e6, +9.6%%", *total.Value, *total.GrowthPct)
	}
	if got := AbsentReason(rowsByCode(res)["61"].Absent, res.Over); got != "absent in 2024-05 (counted as zero): partner 越南" {
		t.Errorf("AbsentReason = %q", got)
	}
	// Partners summed over chapters: 越南 (2023 only) is ranked at zero,
	// −100%, contributing (0 − 40) / 1000 = −4 points; 巴勒斯坦 (2024 only)
	// has no rate but contributes 15 / 1000 = 1.5 points; with 美国 7,
	// 英国 2.6, 德国 1.5 and 塞尔维亚 1 the contributions add up to the
	// total's 9.6%, as the chapters' do.
	res = topOf(t, file, "", TopQuery{By: "partner", N: 10})
	by := rowsByCode(res)
	if r := by["越南"]; *r.Value != 0 || math.Abs(*r.GrowthPct+100) > 1e-9 || math.Abs(*r.ContributionPP+4) > 1e-9 {
		t.Errorf("越南: value %v growth %v contribution %v, want 0, −100%%, −4", *r.Value, *r.GrowthPct, *r.ContributionPP)
	}
	if r := by["巴勒斯坦"]; r.GrowthPct != nil || r.Reason != "no level for 2023-05" || math.Abs(*r.ContributionPP-1.5) > 1e-9 || r.PrevRank != 0 {
		t.Errorf("巴勒斯坦: growth %v reason %q contribution %v prev rank %d", r.GrowthPct, r.Reason, r.ContributionPP, r.PrevRank)
	}
	var contrib float64
	for _, r := range res.Rows {
		if r.Kind == stats.RowItem {
			contrib += *r.ContributionPP
		}
	}
	if total := by[stats.RowTotal]; math.Abs(contrib-9.6) > 1e-9 || math.Abs(*total.GrowthPct-9.6) > 1e-9 {
		t.Errorf("contributions add to %v, total growth %v; want 9.6 both", contrib, *total.GrowthPct)
	}
}

// Groupings beside their members in the data being summed over are not
// added (ASEAN would count its members twice); remainders are. By hand:
// chapter 85 = 30 (VN) + 20 (TH) + 5 (199, other Asia) = 55, not + 50 (东盟).
func TestTopSumOverLeavesGroupingsOut(t *testing.T) {
	body := `series,flow,period,value,unit,hs,partner
t,export,2024,30,1,85,越南
t,export,2024,20,1,85,泰国
t,export,2024,50,1,85,东盟
t,export,2024,5,1,85,199
t,export,2024,10,1,61,越南
`
	res := topOf(t, "-", body, TopQuery{By: "hs", N: 10})
	if r := rowsByCode(res)["85"]; *r.Value != 55 {
		t.Errorf("85 = %v, want 55", *r.Value)
	}
}

// Quantities: a query export of 8-digit codes with 第一数量. Worked by hand
// (value, quantity, unit value = value / quantity):
//
//	85171300  216m / 90k 台 = 2400 against 200m / 100k = 2000: +20%, volume −10%
//	6109 (two codes, both 件) 80m / 1.5m = 53.33 against 60m / 1.25m = 48:
//	          +11.11%, volume +20%, value +33.33% = 1.1111 × 1.2
//	95030021  个 in 2024 against 千克 in 2023: no unit value, a reason
//	42029200  no quantity in 2024: a reason
func TestTopQuantities(t *testing.T) {
	const file = "../testdata/gacc/query_2024-05_hs8_quantity_export_cny.csv"
	tests := []struct {
		name, code string
		digits     int
		unit       string
		qty, uv    float64
		uvg, vol   float64
		reason     string
	}{
		{name: "smartphones", code: "85171300", unit: "台", qty: 9e4, uv: 2400, uvg: 20, vol: -10},
		{name: "T-shirts summed to a heading", code: "6109", digits: 4, unit: "件", qty: 1.5e6, uv: 80e6 / 1.5e6, uvg: 100 * (80.0/1.5/48 - 1), vol: 20},
		{name: "unit changed", code: "95030021", reason: "quantity in 个 for 2024-05 but in 千克 for 2023-05"},
		{name: "quantity missing", code: "42029200", reason: "no quantity for 2024-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := topOf(t, file, "", TopQuery{By: "hs", N: 10, HSDigits: tt.digits})
			r, ok := rowsByCode(res)[tt.code]
			if !ok {
				t.Fatalf("no row %s", tt.code)
			}
			vs := r.Volume
			if vs.Reason != tt.reason {
				t.Fatalf("reason %q, want %q", vs.Reason, tt.reason)
			}
			if tt.reason != "" {
				if vs.Quantity != nil || vs.UnitValue != nil || vs.VolumeGrowthPct != nil {
					t.Errorf("%+v: want nulls beside the reason", vs)
				}
				return
			}
			if vs.QuantityUnit != tt.unit || math.Abs(*vs.Quantity-tt.qty) > 1e-9 || math.Abs(*vs.UnitValue-tt.uv) > 1e-9 ||
				math.Abs(*vs.UnitValueGrowthPct-tt.uvg) > 1e-9 || math.Abs(*vs.VolumeGrowthPct-tt.vol) > 1e-9 {
				t.Errorf("%+v, want %v %s, unit value %v, %+v%% and %+v%%", vs, tt.qty, tt.unit, tt.uv, tt.uvg, tt.vol)
			}
			g := *r.Value / *r.Base
			if got := (1 + *vs.UnitValueGrowthPct/100) * (1 + *vs.VolumeGrowthPct/100); math.Abs(got-g) > 1e-12 {
				t.Errorf("(1 + uv)(1 + vol) = %v, want %v", got, g)
			}
		})
	}
	// The JSON fields exist only where rows carry quantities.
	tab := TopTable(topOf(t, file, "", TopQuery{By: "hs", N: 10}).Rows, "hs", data.CNY, false)
	var keys []string
	for _, c := range tab.Columns {
		keys = append(keys, c.Key)
	}
	if k := strings.Join(keys, ","); !strings.Contains(k, "growth_pct,unit_value_growth_pct,volume_growth_pct,") || !strings.HasSuffix(k, ",quantity,quantity_unit,unit_value,quantity_reason") {
		t.Errorf("columns %s", k)
	}
}

// Codes grouped to a heading whose quantities are in different units (件
// and 千克) have no unit value: the reason names the units, never a sum
// across them.
func TestTopQuantitiesInSeveralUnits(t *testing.T) {
	body := "series,flow,period,value,hs,quantity,quantity_unit\n" +
		"t,export,2023-05,100,61091000,10,件\nt,export,2023-05,50,61092000,5,千克\n" +
		"t,export,2024-05,120,61091000,12,件\nt,export,2024-05,60,61092000,6,千克\n"
	res := topOf(t, "-", body, TopQuery{By: "hs", N: 10, HSDigits: 4})
	r := rowsByCode(res)["6109"]
	if r.Volume.Quantity != nil || r.Volume.UnitValue != nil || r.Volume.Reason != "quantities in several units for 2024-05: 件, 千克" {
		t.Errorf("%+v", r.Volume)
	}
	// Each code alone has its split: 61091000 12 against 10 件, +20% volume.
	res = topOf(t, "-", body, TopQuery{By: "hs", N: 10})
	if v := rowsByCode(res)["61091000"].Volume.VolumeGrowthPct; v == nil || math.Abs(*v-20) > 1e-9 {
		t.Errorf("61091000 volume growth %v, want 20", v)
	}
}
