package vocab

import (
	"math"
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// Figure is a number as a press text writes it: the rounded value in the
// unit the text uses, and the words. The press text, the workbook's table
// of press figures and `ceb diff` all take a figure's form from here, so a
// diff says "press figure changed" exactly when the press text would.
type Figure struct {
	Value float64 // rounded, in the unit of the text (万亿, 亿, trillion …)
	Text  string  // "1.22万亿元", "RMB 1.22 trillion", "10.5%", "4.4个百分点"
}

// Amount writes an amount in base units as the press text does: in
// Chinese 万亿 with two decimals from one trillion (trailing zeros
// dropped), else 亿 with no decimals from 1000亿, else 亿 with one; in
// English trillions (two decimals), billions (one decimal), and below a
// billion millions (no decimals from 100 million, else one). The sign is
// dropped: the sentence says up or down, surplus or deficit. This is the
// only rounding of amounts in words.
func (l Lang) Amount(v float64, cur data.Currency) Figure {
	a := math.Abs(v)
	if l == Zh {
		switch {
		case a >= 1e12:
			r := stats.Round(a/1e12, 2)
			return Figure{r, trim(strconv.FormatFloat(r, 'f', 2, 64)) + "万亿" + l.Currency(cur)}
		case a >= 1e11:
			r := stats.Round(a/1e8, 0)
			return Figure{r, strconv.FormatFloat(r, 'f', 0, 64) + "亿" + l.Currency(cur)}
		}
		r := stats.Round(a/1e8, 1)
		return Figure{r, trim(strconv.FormatFloat(r, 'f', 1, 64)) + "亿" + l.Currency(cur)}
	}
	name := l.Currency(cur)
	switch {
	case a >= 1e12:
		r := stats.Round(a/1e12, 2)
		return Figure{r, name + " " + trim(strconv.FormatFloat(r, 'f', 2, 64)) + " trillion"}
	case a >= 1e9:
		r := stats.Round(a/1e9, 1)
		return Figure{r, name + " " + trim(strconv.FormatFloat(r, 'f', 1, 64)) + " billion"}
	}
	// Small amounts in their natural unit: 3.9亿 is RMB 390 million, not
	// RMB 0.4 billion.
	d := 1
	if a >= 1e8 {
		d = 0
	}
	r := stats.Round(a/1e6, d)
	return Figure{r, name + " " + trim(strconv.FormatFloat(r, 'f', d, 64)) + " million"}
}

// trim drops the trailing zeros of a decimal, and its point: "1.20" → "1.2",
// "13.00" → "13".
func trim(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Rate writes a percentage as customs print it, unsigned, to one decimal
// with a trailing ".0" dropped: 10.5 → "10.5%", 13.0 → "13%".
func (l Lang) Rate(x float64) Figure {
	r, s := oneDecimal(math.Abs(x))
	return Figure{r, s + "%"}
}

// Points writes a difference of rates in percentage points, unsigned:
// "4.4 percentage points", "4.4个百分点".
func (l Lang) Points(x float64) Figure {
	r, s := oneDecimal(math.Abs(x))
	switch {
	case l == Zh:
		return Figure{r, s + "个百分点"}
	case r == 1:
		return Figure{r, s + " percentage point"}
	}
	return Figure{r, s + " percentage points"}
}

// Times writes a multiple to one decimal, trailing ".0" dropped: 1.2.
func (l Lang) Times(x float64) Figure {
	r, s := oneDecimal(x)
	return Figure{r, s}
}

// oneDecimal rounds to one decimal as customs print rates, dropping a
// trailing ".0".
func oneDecimal(x float64) (float64, string) {
	r := stats.Round(x, 1)
	return r, strings.TrimSuffix(strconv.FormatFloat(r, 'f', 1, 64), ".0")
}

// Sign is the direction of a rounded figure: +1, −1 or 0 when it rounds
// to zero at one decimal.
func Sign(x float64) int {
	switch r, _ := oneDecimal(x); {
	case r > 0:
		return 1
	case r < 0:
		return -1
	}
	return 0
}

// SignChange words a figure that changed sign, which has no growth rate. A
// balance turns "from a deficit of RMB 2 billion to a surplus of RMB 2
// billion" / "由逆差20亿元转为顺差20亿元"; any other flow "from RMB 1.2
// trillion to −RMB 2 billion" / "由1.2万亿元转为负20亿元".
func (l Lang) SignChange(base, cur float64, c data.Currency, flow data.Flow) string {
	if flow != data.Balance {
		signed := func(v float64) string {
			t := l.Amount(v, c).Text
			if v < 0 {
				return l.Word("sign.negative") + t
			}
			return t
		}
		return l.Sprintf("sign.turned", signed(base), signed(cur))
	}
	kind := func(v float64) string {
		if v < 0 {
			return l.Word("balance.deficit")
		}
		return l.Word("balance.surplus")
	}
	return l.Sprintf("sign.balance", kind(base), l.Amount(base, c).Text, kind(cur), l.Amount(cur, c).Text)
}
