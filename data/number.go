package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrNumber is the cause of every number parse error (errors.Is).
var ErrNumber = errors.New("not a number")

// Number is a figure as written in a published table: its value and the step
// of its last significant digit. The step gives the rounding interval of a
// published level: 1.22 trillion (written 12200 in 亿) has step 100 亿, so
// the true value lies within ±50 亿.
//
// Trailing zeros of an integer are taken as not significant (12200 could be
// 1.22万亿 or 12,200亿; the wider interval is the safe reading); trailing zeros
// after a decimal point are significant (12.50 has step 0.01).
type Number struct {
	Value float64
	Step  float64
	// dec is the number as a plain decimal ("-2148.7"), so that scaling to
	// base units is one correctly rounded conversion, not a multiplication
	// (2148.7 × 1e8 in floating point is 214869999999.99997).
	dec string
}

// Scaled returns the number in base units of u: 2148.7 亿 is exactly
// 214870000000.
func (n Number) Scaled(u Unit) float64 {
	if n.dec == "" {
		return n.Value * u.Factor()
	}
	v, err := strconv.ParseFloat(n.dec+"e"+strconv.Itoa(u.exp), 64)
	if err != nil {
		return n.Value * u.Factor()
	}
	return v
}

// ParseNumber reads a decimal number as statistical tables write it: an
// optional sign, digits with optional thousands separators (1,234,567.8) and
// an optional fraction. It refuses exponents, NaN and Inf, accounting
// negatives in brackets, doubled signs, full-width digits and stray
// characters, each with a message that says what was wrong. A trailing % is
// allowed when percent is true.
func ParseNumber(s string, percent bool) (Number, error) {
	t := strings.TrimSpace(s)
	bad := func(why string) (Number, error) {
		return Number{}, fmt.Errorf("%q is %w: %s", s, ErrNumber, why)
	}
	if t == "" {
		return bad("empty")
	}
	if percent {
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
		if t == "" {
			return bad("a percent sign without digits")
		}
	}
	for _, r := range t {
		if r >= '０' && r <= '９' {
			return bad("full-width digits; write ASCII digits 0-9")
		}
		if r == utf8.RuneError {
			return bad("invalid UTF-8")
		}
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		return bad("bracketed negatives are not accepted; write -12.5")
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" {
		return bad("a sign without digits")
	}
	if t[0] == '-' || t[0] == '+' {
		return bad("more than one sign")
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if hasDot && frac == "" {
		return bad("no digits after the decimal point")
	}
	if intPart == "" {
		return bad("no digits before the decimal point; write 0.5")
	}
	digits := intPart
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return bad("misplaced thousands separator")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad("misplaced thousands separator")
			}
		}
		digits = strings.Join(groups, "")
	}
	for _, part := range []string{digits, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				lr := unicode.ToLower(r)
				switch {
				case lr == 'e' && part == digits:
					return bad("exponents are not accepted; write the digits out")
				case strings.EqualFold(t, "nan") || strings.HasPrefix(strings.ToLower(t), "inf"):
					return bad("NaN and Inf are not figures")
				}
				return bad(fmt.Sprintf("unexpected %q", r))
			}
		}
	}
	v, err := strconv.ParseFloat(digits+"."+frac+"0", 64)
	if err != nil || math.IsInf(v, 0) {
		return bad("out of range")
	}
	if len(digits) > 18 {
		return bad("too many digits")
	}
	if len(frac) > 18 {
		// No published figure has them, and the rounding step of such a
		// number underflows.
		return bad("too many decimals")
	}
	step := 1.0
	if frac != "" {
		step = math.Pow10(-len(frac))
	} else {
		trimmed := strings.TrimRight(digits, "0")
		if trimmed != "" {
			step = math.Pow10(len(digits) - len(trimmed))
		}
	}
	dec := digits
	if frac != "" {
		dec += "." + frac
	}
	if neg {
		v, dec = -v, "-"+dec
	}
	return Number{Value: v, Step: step, dec: dec}, nil
}
