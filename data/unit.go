package data

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Unit is the magnitude a published figure is written in: 1, 千 (1k),
// 万 (10k), 百万 (1m), 亿 (100m), 十亿 (1b) or 万亿 (1t). A value v written in
// unit u is v × u.Factor() in base units (yuan or dollars).
type Unit struct {
	exp int // power of ten
}

// The units ceb knows. Unit1 is the zero Unit.
var (
	Unit1    = Unit{0}
	Unit1k   = Unit{3}
	Unit10k  = Unit{4}
	Unit1m   = Unit{6}
	Unit100m = Unit{8}
	Unit1b   = Unit{9}
	Unit1t   = Unit{12}
)

var units = []struct {
	u    Unit
	code string
	zh   string // Chinese magnitude prefix
	en   string // English magnitude word
}{
	{Unit1, "1", "", ""},
	{Unit1k, "1k", "千", "thousand"},
	{Unit10k, "10k", "万", "10 thousand"},
	{Unit1m, "1m", "百万", "million"},
	{Unit100m, "100m", "亿", "100 million"},
	{Unit1b, "1b", "十亿", "billion"},
	{Unit1t, "1t", "万亿", "trillion"},
}

// ErrUnit is the cause of unit and currency parse errors (errors.Is).
var ErrUnit = errors.New("unknown unit")

// Factor returns how many base units one u is: 1e8 for 亿.
func (u Unit) Factor() float64 { return math.Pow10(u.exp) }

// Code returns the unit's code as written in canonical files: 1, 1k, 10k,
// 1m, 100m, 1b, 1t.
func (u Unit) Code() string {
	for _, x := range units {
		if x.u == u {
			return x.code
		}
	}
	return fmt.Sprintf("1e%d", u.exp)
}

func (u Unit) String() string { return u.Code() }

// Words returns the unit's magnitude in English and Chinese, as it is
// written after a number: "100 million" and 亿; both empty for Unit1.
func (u Unit) Words() (en, zh string) {
	for _, x := range units {
		if x.u == u {
			return x.en, x.zh
		}
	}
	return u.Code(), u.Code()
}

// ParseUnit reads a unit code (1, 1k, 10k, 1m, 100m, 1b, 1t), a Chinese unit
// (万元, 亿元, 万亿元, 千美元, 百万美元, 亿美元, 亿元人民币, 万元人民币), or the
// English wording of customs tables (CNY 100 Million, USD1 Million,
// USD 100 Million, trillion). When the text names a currency, it is returned
// as well; otherwise the currency is empty.
func ParseUnit(s string) (Unit, Currency, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "单位：")
	t = strings.TrimPrefix(t, "单位:")
	t = strings.TrimSpace(t)
	if t == "" {
		return Unit1, "", nil
	}
	for _, x := range units {
		if strings.EqualFold(t, x.code) {
			return x.u, "", nil
		}
	}
	// Chinese: magnitude prefix then currency word, in either order for 人民币.
	var cur Currency
	z := t
	switch {
	case strings.HasSuffix(z, "美元"):
		cur, z = USD, strings.TrimSuffix(z, "美元")
	case strings.HasSuffix(z, "元人民币"):
		cur, z = CNY, strings.TrimSuffix(z, "元人民币")
	case strings.HasSuffix(z, "人民币"):
		cur, z = CNY, strings.TrimSuffix(z, "人民币")
	case strings.HasSuffix(z, "元"):
		cur, z = CNY, strings.TrimSuffix(z, "元")
	}
	if cur != "" {
		for _, x := range units {
			if z == x.zh {
				return x.u, cur, nil
			}
		}
		return Unit{}, "", fmt.Errorf("%w %q: use 1, 1k, 10k, 1m, 100m, 1b, 1t or 万元, 亿元, 万亿元, 千美元, 百万美元, 亿美元", ErrUnit, s)
	}
	// English: optional "Unit:", optional currency, magnitude words.
	e := strings.ToLower(t)
	e = strings.TrimSpace(strings.TrimPrefix(e, "unit:"))
	for _, c := range []struct {
		p string
		c Currency
	}{{"cny", CNY}, {"rmb", CNY}, {"usd", USD}, {"us$", USD}} {
		if strings.HasPrefix(e, c.p) {
			cur, e = c.c, strings.TrimSpace(strings.TrimPrefix(e, c.p))
			break
		}
	}
	e = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(e, "yuan")), " dollars")
	switch strings.ReplaceAll(e, " ", "") {
	case "1,000", "1000":
		return Unit1k, cur, nil
	case "10,000", "10000":
		return Unit10k, cur, nil
	}
	for _, x := range units {
		if x.en != "" && (e == x.en || e == "1 "+x.en || e == "one "+x.en) {
			return x.u, cur, nil
		}
	}
	if e == "" && cur != "" {
		return Unit1, cur, nil
	}
	return Unit{}, "", fmt.Errorf("%w %q: use 1, 1k, 10k, 1m, 100m, 1b, 1t or 万元, 亿元, 万亿元, 千美元, 百万美元, 亿美元", ErrUnit, s)
}

// Currency is CNY or USD. Values in different currencies are never converted
// into each other: customs publish separate RMB and USD tables, each with its
// own growth rates.
type Currency string

// The currencies ceb knows.
const (
	CNY Currency = "CNY"
	USD Currency = "USD"
)

// ParseCurrency reads CNY (aliases RMB, 人民币, 元) or USD (美元, US$).
func ParseCurrency(s string) (Currency, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "CNY", "RMB", "人民币", "元", "人民币值":
		return CNY, nil
	case "USD", "US$", "美元", "美元值":
		return USD, nil
	}
	return "", fmt.Errorf("unknown currency %q: use CNY (or RMB) or USD", s)
}
