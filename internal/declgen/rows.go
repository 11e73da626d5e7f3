package declgen

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// Row is one declaration with every column a string but pieces: the
// string-typed Parquet layout (the parquet tags name the columns).
type Row struct {
	DeclarationID string `parquet:"declaration_id"`
	DeclaredOn    string `parquet:"declared_on"`
	Flow          string `parquet:"flow"`
	TradeMode     string `parquet:"trade_mode"`
	HSCode        string `parquet:"hs_code"`
	Partner       string `parquet:"partner"`
	Province      string `parquet:"province"`
	Currency      string `parquet:"currency"`
	Value         string `parquet:"value"`
	Pieces        int64  `parquet:"pieces"`
}

// Rows reads declarations in CSV, as Generate writes them (header first,
// columns in its order), with encoding/csv.
func Rows(b []byte) ([]Row, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(recs))
	for _, r := range recs[1:] {
		p, err := strconv.ParseInt(r[9], 10, 64)
		if err != nil {
			return nil, err
		}
		rows = append(rows, Row{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], p})
	}
	return rows, nil
}
