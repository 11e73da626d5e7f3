package data

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
)

//go:generate go run ./internal/genbuiltin -in ../../shared/reference/figures.csv -out builtin.csv

// builtinCSV is the embedded default dataset: official figures for
// cross-border e-commerce (series cbec, GACC's comprehensive statistical
// series; cbec_platform, the narrower platform series of 2014–2020) and all
// goods trade (trade), every vintage found, with published growth rates and
// sources. It is generated from the project's reference figures.
//
//go:embed builtin.csv
var builtinCSV []byte

// Builtin returns the embedded default dataset, named "builtin".
func Builtin() (*Dataset, error) {
	var f findings
	ds := &Dataset{}
	text, err := decodeText("builtin", builtinCSV, "")
	if err != nil {
		return nil, err
	}
	loadCSV(ds, &f, "builtin", text, LoadOptions{})
	if err := f.firstError(); err != nil {
		return nil, fmt.Errorf("embedded dataset is corrupt (a build defect, please report it): %w", err)
	}
	sum := sha256.Sum256(builtinCSV)
	ds.Sources = []Source{{Path: "builtin", SHA256: hex.EncodeToString(sum[:])}}
	return ds, nil
}
