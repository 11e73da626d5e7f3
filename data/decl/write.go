package decl

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// WriteCSV writes the rows as canonical CSV with the columns records and
// pieces and one column per dimension asked for. It reuses one record and
// the text of the last period: with dimensions there can be millions of
// rows.
func (res *Result) WriteCSV(w io.Writer) error {
	dims := res.dims
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	head := []string{"series", "flow", "period", "value", "unit", "currency", "records", "pieces"}
	head = append(head, dims...)
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(head))
	var period data.Period
	var periodText string
	for r := range res.Rows() {
		if r.Period != period || periodText == "" {
			period, periodText = r.Period, r.Period.String()
		}
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = r.Series, string(r.Flow), periodText, r.Yuan(), "1", string(r.Currency)
		rec[6], rec[7] = strconv.FormatInt(r.Records, 10), strconv.FormatInt(r.Pieces, 10)
		for i, d := range dims {
			if strings.HasPrefix(d, "hs") { // hs2 … hs8
				rec[8+i] = r.Dims.HS
			} else {
				rec[8+i] = r.Dims.Get(d)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
