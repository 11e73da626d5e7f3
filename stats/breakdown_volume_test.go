package stats

import (
	"math"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// SplitVolume against an independent computation: the unit values and
// volume ratios below were worked by hand from the levels (a spreadsheet
// gives the same), never from SplitVolume's own formula, and each case also
// checks (1 + g) = (1 + unit-value growth)(1 + volume growth) with g = v/b − 1.
func TestSplitVolume(t *testing.T) {
	qty := func(a float64, u string) *data.Quantity { return &data.Quantity{Amount: a, Unit: u} }
	tests := []struct {
		name                    string
		v, b                    float64
		hasBase                 bool
		q, qb                   *data.Quantity
		unitValue, uvg, vol     float64 // want, when reason is ""
		reason                  string
		wantQuantity, wantValue bool
	}{
		// T-shirts: 66m yuan for 1.2m 件 (55 yuan each) against 50m for 1m
		// (50 each): unit value +10%, volume +20%, value +32% = 1.1 × 1.2.
		{name: "price and volume up", v: 66e6, b: 50e6, hasBase: true, q: qty(1.2e6, "件"), qb: qty(1e6, "件"), unitValue: 55, uvg: 10, vol: 20},
		// Smartphones: 216m for 90k 台 (2400 each) against 200m for 100k
		// (2000 each): unit value +20%, volume −10%, value +8% = 1.2 × 0.9.
		{name: "price up, volume down", v: 216e6, b: 200e6, hasBase: true, q: qty(9e4, "台"), qb: qty(1e5, "台"), unitValue: 2400, uvg: 20, vol: -10},
		// Unchanged value, volume halved: unit value doubles (+100%), −50%.
		{name: "same value, half the volume", v: 10, b: 10, hasBase: true, q: qty(1, "千克"), qb: qty(2, "千克"), unitValue: 10, uvg: 100, vol: -50},
		{name: "unit changed", v: 36e6, b: 30e6, hasBase: true, q: qty(2e6, "个"), qb: qty(5e5, "千克"), reason: "quantity in 个 for 2024-05 but in 千克 for 2023-05"},
		{name: "no quantity now", v: 15, b: 12, hasBase: true, qb: qty(3, "个"), reason: "no quantity for 2024-05"},
		{name: "no base quantity", v: 15, b: 12, hasBase: true, q: qty(3, "个"), reason: "no quantity for 2023-05"},
		{name: "no base value", v: 15, q: qty(3, "个"), qb: qty(3, "个"), reason: "no quantity for 2023-05"},
		{name: "no quantities", v: 15, b: 12, hasBase: true, reason: "no quantity"},
		{name: "zero base quantity", v: 15, b: 12, hasBase: true, q: qty(3, "个"), qb: qty(0, "个"), reason: "no unit value: zero quantity or value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := SplitVolume(tt.v, tt.b, tt.hasBase, tt.q, tt.qb, "2024-05", "2023-05")
			if s.Reason != tt.reason {
				t.Fatalf("reason %q, want %q", s.Reason, tt.reason)
			}
			if tt.reason != "" {
				if s.Quantity != nil || s.QuantityUnit != "" || s.UnitValue != nil || s.UnitValueGrowthPct != nil || s.VolumeGrowthPct != nil {
					t.Errorf("%+v: want every field empty beside a reason", s)
				}
				return
			}
			near(t, "quantity", s.Quantity, tt.q.Amount, 0)
			if s.QuantityUnit != tt.q.Unit {
				t.Errorf("unit %q, want %q", s.QuantityUnit, tt.q.Unit)
			}
			near(t, "unit value", s.UnitValue, tt.unitValue, 1e-9)
			near(t, "unit-value growth", s.UnitValueGrowthPct, tt.uvg, 1e-9)
			near(t, "volume growth", s.VolumeGrowthPct, tt.vol, 1e-9)
			g := tt.v/tt.b - 1
			if got := (1 + *s.UnitValueGrowthPct/100) * (1 + *s.VolumeGrowthPct/100); math.Abs(got-(1+g)) > 1e-12 {
				t.Errorf("(1 + uv)(1 + vol) = %v, want 1 + g = %v", got, 1+g)
			}
		})
	}
}

// Rank splits the growth of items, groupings and remainders that carry
// quantities, and leaves rows without them alone.
func TestRankSplitsVolume(t *testing.T) {
	q := func(a float64) *data.Quantity { return &data.Quantity{Amount: a, Unit: "千克"} }
	items := []BreakdownItem{
		{Code: "61", Value: 66, Base: 50, HasBase: true, Quantity: q(1.2), BaseQuantity: q(1)},
		{Code: "85", Value: 100, Base: 90, HasBase: true},
		{Code: "199", Value: 10, Base: 10, HasBase: true, Grouping: true, Remainder: true, Quantity: q(1), BaseQuantity: q(2)},
	}
	rows := Rank(items, SumItems(items), 0, data.Year(2024))
	byCode := map[string]RankedRow{}
	for _, r := range rows {
		byCode[r.Code] = r
	}
	near(t, "61 volume growth", byCode["61"].Volume.VolumeGrowthPct, 20, 1e-9)
	if r := byCode["85"]; r.Volume.Quantity != nil || r.Volume.Reason != "" {
		t.Errorf("85 without quantities: %+v", r.Volume)
	}
	if r := byCode["199"]; r.Kind != RowRemainder || r.Rank != 0 {
		t.Errorf("199 is %s rank %d, want an unranked remainder", r.Kind, r.Rank)
	}
	near(t, "199 unit-value growth", byCode["199"].Volume.UnitValueGrowthPct, 100, 1e-9)
	// The remainder counts in the sum: 66 + 100 + 10; "others" holds it,
	// so that the shares shown add up to 100.
	near(t, "total", byCode[RowTotal].Value, 176, 1e-9)
	near(t, "others", byCode[RowOthers].Value, 10, 1e-9)
}
