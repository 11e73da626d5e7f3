// Package stats computes the statistics of customs trade publications from a
// data.View: year-on-year growth on the comparable basis (YoY), the
// comparison with overall foreign trade in percentage points, shares and
// contributions (Compare), multiples over several years with CAGR and a
// log-linear trend (MultipleOf), and growth over a span (Trend).
//
// Everything is computed from unrounded values in base units; rounding for
// display happens in package report, with Round, except where the official convention
// itself rounds (the percentage-point gap subtracts one-decimal rates,
// Round). Functions are pure: no I/O, no printing. A number that cannot be
// computed is a nil pointer with a Reason, never NaN or Inf.
package stats
