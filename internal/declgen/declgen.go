// Package declgen makes synthetic customs declaration records for tests
// and benchmarks: deterministic for a given seed, about 40% of them in
// cross-border e-commerce supervision modes, both flows, CNY and some USD,
// and quoted fields holding commas (partner names such as "Korea, Rep.").
package declgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

var (
	cbecModes  = []string{"9610", "9710", "9810", "1210", "1239"}
	otherModes = []string{"0110", "0214", "0615", "1039", "4561"}
	partners   = []string{"US", "JP", "DE", "GB", "FR", "\"Korea, Rep.\"", "AU", "MY", "RU", "\"Hong Kong, China\"", "SG", "BR"}
	provinces  = []string{"Guangdong", "Zhejiang", "Jiangsu", "Shanghai", "Fujian", "Shandong", "Beijing", "Henan", "Chongqing", "\"Guangxi, Zhuang A.R.\""}
)

// Generate writes a header and rows records to w, dated in year and the
// year after.
func Generate(w io.Writer, rows int, seed uint64, year int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw.WriteString("declaration_id,declared_on,flow,trade_mode,hs_code,partner,province,currency,value,pieces\n")
	var b []byte
	for i := 0; i < rows; i++ {
		b = b[:0]
		b = append(b, 'D')
		b = strconv.AppendInt(b, int64(100000000+i), 10)
		y := year + r.IntN(2)
		m, d := 1+r.IntN(12), 1+r.IntN(28)
		b = fmt.Appendf(b, ",%04d-%02d-%02d,", y, m, d)
		if r.IntN(2) == 0 {
			b = append(b, "export,"...)
		} else {
			b = append(b, "import,"...)
		}
		if r.IntN(100) < 40 {
			b = append(b, cbecModes[r.IntN(len(cbecModes))]...)
		} else {
			b = append(b, otherModes[r.IntN(len(otherModes))]...)
		}
		b = fmt.Appendf(b, ",%02d%02d%02d%02d,", 1+r.IntN(97), r.IntN(100), r.IntN(100), r.IntN(100))
		b = append(b, partners[r.IntN(len(partners))]...)
		b = append(b, ',')
		b = append(b, provinces[r.IntN(len(provinces))]...)
		if r.IntN(20) == 0 {
			b = append(b, ",USD,"...)
		} else {
			b = append(b, ",CNY,"...)
		}
		fen := r.Int64N(5_000_000) + 1
		if r.IntN(50) == 0 {
			fen *= 10_000
		}
		b = strconv.AppendInt(b, fen/100, 10)
		switch c := fen % 100; {
		case c == 0:
		case c%10 == 0:
			b = append(b, '.', byte('0'+c/10))
		default:
			b = fmt.Appendf(b, ".%02d", c)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(1+r.IntN(50)), 10)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
