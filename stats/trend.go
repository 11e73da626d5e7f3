package stats

import (
	"fmt"

	"github.com/cbec-stats/ceb/data"
)

// Steps returns the periods of kind freq from the one containing from's
// start to the one containing to's end: years, halves, quarters or months.
// It is an error for freq to be a range kind or for to to precede from.
func Steps(freq data.PeriodKind, from, to data.Period) ([]data.Period, error) {
	var size int
	switch freq {
	case data.KindYear:
		size = 12
	case data.KindHalf:
		size = 6
	case data.KindQuarter:
		size = 3
	case data.KindMonth:
		size = 1
	default:
		return nil, fmt.Errorf("frequency must be year, half, quarter or month")
	}
	start := from.Year*12 + (from.From-1)/size*size
	end := to.Year*12 + to.To - 1
	if end < start {
		return nil, fmt.Errorf("the span ends (%s) before it starts (%s)", to, from)
	}
	var out []data.Period
	for i := start; i <= end; i += size {
		y, m := i/12, i%12+1
		out = append(out, data.Period{Year: y, From: m, To: m + size - 1})
	}
	return out, nil
}

// Trend computes YoY for each period of a span. A period the data cannot give
// is kept as a row with nil numbers and a Reason, so gaps stay visible.
func Trend(v *data.View, k data.Key, periods []data.Period) ([]Growth, error) {
	out := make([]Growth, 0, len(periods))
	for _, p := range periods {
		pk := k
		pk.Period = p
		g, err := YoY(v, pk)
		if err != nil {
			if me, ok := err.(*data.MissingError); ok {
				g = Growth{Key: pk, BasePeriod: p.YearAgo(), Reason: "no data"}
				if len(me.Missing) > 0 && len(me.Missing) < p.Len() {
					g.Reason = fmt.Sprintf("no data (%d of %d months missing)", len(me.Missing), p.Len())
				}
				out = append(out, g)
				continue
			}
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}
