package canonical

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"

	"github.com/cbec-stats/ceb/data"
)

//go:generate go run ./internal/genbuiltin -in reference/figures.csv -out builtin.csv

// builtinCSV is the embedded default dataset: official figures for
// cross-border e-commerce (series cbec, GACC's comprehensive statistical
// series; cbec_platform, the narrower platform series of 2014–2020) and all
// goods trade (trade), every vintage found, with published growth rates and
// sources. It is generated from the project's reference figures.
//
//go:embed builtin.csv
var builtinCSV []byte

// Builtin returns the embedded default dataset, named "builtin".
func Builtin() (*data.Dataset, error) {
	var f data.Findings
	ds := &data.Dataset{}
	text, err := DecodeText("builtin", builtinCSV, "")
	if err != nil {
		return nil, err
	}
	ReadCSV(ds, &f, "builtin", text, Options{})
	if err := f.FirstError(); err != nil {
		return nil, fmt.Errorf("embedded dataset is corrupt (a build defect, please report it): %w", err)
	}
	sum := sha256.Sum256(builtinCSV)
	ds.Sources = []data.Source{{Path: "builtin", SHA256: hex.EncodeToString(sum[:])}}
	return ds, nil
}
