// Command gendecl writes synthetic customs declaration records for tests and
// benchmarks (see internal/declgen): deterministic for a given --seed.
//
//	go run ./cmd/gendecl --rows 10000000 --seed 1 -o decl.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cbec-stats/ceb/internal/declgen"
)

func main() {
	rows := flag.Int("rows", 1000, "records to write")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file")
	year := flag.Int("year", 2024, "first year of declared_on (two years are covered)")
	flag.Parse()
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gendecl:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := declgen.Generate(w, *rows, *seed, *year); err != nil {
		fmt.Fprintln(os.Stderr, "gendecl:", err)
		os.Exit(1)
	}
}
