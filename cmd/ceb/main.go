// Command ceb computes cross-border e-commerce trade statistics from customs
// data: year-on-year growth on the comparable basis, the comparison with
// overall foreign trade, five-year multiples and trends. See `ceb --help`.
package main

import "os"

func main() { os.Exit(Main()) }
