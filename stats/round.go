package stats

import "math"

// Round rounds x to the given number of decimals, halves away from zero, as
// customs print figures: rates to one decimal, levels to the digits of their
// unit. Every rounding in ceb goes through it: statistics are computed
// unrounded and rounded once, where they are shown (package vocab words a
// figure, package render formats a table) or where a convention subtracts
// rounded figures (the percentage-point gap).
//
// A tolerance of 1e-9 (in units of the last decimal) absorbs binary
// representation error, so 10.45, stored as 10.4499999…, rounds to 10.5 as
// the decimal does. Round(-0.04, 1) is zero.
func Round(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	if x < 0 {
		return -math.Floor(-x*p+0.5+1e-9) / p
	}
	return math.Floor(x*p+0.5+1e-9) / p
}
