package report

import (
	"fmt"
	"math"

	"github.com/cbec-stats/ceb/data"
)

// AmountWords words an amount in base units as a press text would: "CNY 2.00
// billion" or "20亿元". It picks trillions/万亿 from one trillion up, else
// billions in English and 亿 in Chinese, else the plain number.
func AmountWords(v float64, cur data.Currency, lang string) string {
	a := math.Abs(v)
	if lang == "zh" {
		switch {
		case a >= 1e12:
			return trimZeros(fmt.Sprintf("%.2f", a/1e12)) + "万亿" + CurrencyWord(cur, "zh")
		case a >= 1e8:
			return trimZeros(fmt.Sprintf("%.1f", a/1e8)) + "亿" + CurrencyWord(cur, "zh")
		}
		return trimZeros(fmt.Sprintf("%.2f", a)) + CurrencyWord(cur, "zh")
	}
	switch {
	case a >= 1e12:
		return fmt.Sprintf("%s %.2f trillion", cur, a/1e12)
	case a >= 1e9:
		return fmt.Sprintf("%s %.2f billion", cur, a/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%s %.2f million", cur, a/1e6)
	}
	return fmt.Sprintf("%s %.2f", cur, a)
}

func trimZeros(s string) string {
	for len(s) > 1 && s[len(s)-1] == '0' && containsDot(s) {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func containsDot(s string) bool {
	for _, r := range s {
		if r == '.' {
			return true
		}
	}
	return false
}

// SignChange words a figure that changed sign, which has no growth rate.
// A balance turns "from a deficit of CNY 2.00 billion to a surplus of CNY
// 2.00 billion" / "由逆差20亿元转为顺差20亿元"; any other flow "from CNY 1.20
// trillion to −CNY 20.00 billion" / "由1.2万亿元转为负20亿元".
func SignChange(base, cur float64, c data.Currency, lang string, flow data.Flow) string {
	if flow != data.Balance {
		signed := func(v float64) string {
			if v < 0 {
				if lang == "zh" {
					return "负" + AmountWords(v, c, lang)
				}
				return "−" + AmountWords(v, c, lang)
			}
			return AmountWords(v, c, lang)
		}
		if lang == "zh" {
			return fmt.Sprintf("由%s转为%s", signed(base), signed(cur))
		}
		return fmt.Sprintf("turned from %s to %s", signed(base), signed(cur))
	}
	kind := func(v float64) (string, string) {
		if v < 0 {
			return "deficit", "逆差"
		}
		return "surplus", "顺差"
	}
	be, bz := kind(base)
	ce, cz := kind(cur)
	if lang == "zh" {
		return fmt.Sprintf("由%s%s转为%s%s", bz, AmountWords(base, c, lang), cz, AmountWords(cur, c, lang))
	}
	return fmt.Sprintf("turned from a %s of %s to a %s of %s", be, AmountWords(base, c, lang), ce, AmountWords(cur, c, lang))
}
