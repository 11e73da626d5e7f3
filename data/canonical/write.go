package canonical

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/cbec-stats/ceb/data"
)

// WriteCSV writes observations as a canonical CSV in the units they were
// published in, with as many decimals as their rounding step, so that a
// written file reads back to the same values and steps:
//
//	series,flow,period,value,unit,currency,vintage,reported_yoy,source,note[,release][,partner,province,trade_mode,hs][,quantity,quantity_unit,quantity2,quantity2_unit]
//
// The release, dimension and quantity columns are written only when some
// observation has them.
func WriteCSV(w io.Writer, obs []data.Observation) error {
	rel, dims, qty := false, false, false
	for _, o := range obs {
		rel = rel || o.Release != ""
		dims = dims || !o.Dims.IsZero()
		qty = qty || o.Quantities[0] != nil || o.Quantities[1] != nil
	}
	cw := csv.NewWriter(w)
	head := []string{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note"}
	if rel {
		head = append(head, "release")
	}
	if dims {
		head = append(head, data.DimNames...)
	}
	if qty {
		head = append(head, "quantity", "quantity_unit", "quantity2", "quantity2_unit")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, o := range obs {
		rec := Record(o)
		if rel {
			rec = append(rec, string(o.Release))
		}
		if dims {
			for _, n := range data.DimNames {
				rec = append(rec, o.Dims.Get(n))
			}
		}
		if qty {
			for _, q := range o.Quantities {
				if q == nil {
					rec = append(rec, "", "")
					continue
				}
				rec = append(rec, strconv.FormatFloat(q.Amount, 'f', -1, 64), q.Unit)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Record is an observation's canonical fields, series through note, its
// value in its unit with the digits of its precision: the row as a
// canonical file writes it.
func Record(o data.Observation) []string {
	val := ""
	if o.HasValue {
		f := o.Unit.Factor()
		dec := 0
		if o.Step > 0 && o.Step < f {
			dec = int(math.Round(-math.Log10(o.Step / f)))
		}
		val = strconv.FormatFloat(o.Value/f, 'f', dec, 64)
	}
	yoy := ""
	if o.ReportedYoY != nil {
		yoy = strconv.FormatFloat(*o.ReportedYoY, 'f', -1, 64)
	}
	return []string{o.Series, string(o.Flow), o.Period.String(), val, o.Unit.Code(), string(o.Currency), o.Vintage.String(), yoy, o.Source, o.Note}
}
