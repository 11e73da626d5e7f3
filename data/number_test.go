package data

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		percent bool
		value   float64
		step    float64
	}{
		{"integer", "12200", false, 12200, 100},
		{"thousands", "12,200", false, 12200, 100},
		{"millions", "1,234,567", false, 1234567, 1},
		{"decimal", "5271.8", false, 5271.8, 0.1},
		{"thousands and decimal", "55,967.4", false, 55967.4, 0.1},
		{"trailing decimal zero is significant", "12.50", false, 12.5, 0.01},
		{"negative", "-3.9", false, -3.9, 0.1},
		{"plus", "+10.5", false, 10.5, 0.1},
		{"zero", "0", false, 0, 1},
		{"percent sign", "10.5%", true, 10.5, 0.1},
		{"spaces", " 417568 ", false, 417568, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseNumber(tt.in, tt.percent)
			if err != nil {
				t.Fatal(err)
			}
			if n.Value != tt.value || n.Step != tt.step {
				t.Errorf("ParseNumber(%q) = %v step %v, want %v step %v", tt.in, n.Value, n.Step, tt.value, tt.step)
			}
		})
	}
}

func TestParseNumberErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"1,2x", "misplaced thousands separator"},
		{"1,23", "misplaced thousands separator"},
		{"1e400", "exponents"},
		{"1e5", "exponents"},
		{"NaN", "NaN and Inf"},
		{"Inf", "NaN and Inf"},
		{"-Inf", "NaN and Inf"},
		{"--5", "more than one sign"},
		{"(12.5)", "bracketed negatives"},
		{"１２３", "full-width digits"},
		{"", "empty"},
		{"-", "a sign without digits"},
		{"12.", "no digits after the decimal point"},
		{".5", "no digits before"},
		{"12a", "unexpected"},
		{"10.5%", "unexpected"}, // % only for rates
		{"1234567890123456789012", "too many digits"},
		{"0.1234567890123456789", "too many decimals"}, // 19 decimals (found by FuzzParseNumber)
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseNumber(tt.in, false)
			if err == nil {
				t.Fatalf("ParseNumber(%q) succeeded", tt.in)
			}
			if !errors.Is(err, ErrNumber) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q: want ErrNumber saying %q", err, tt.msg)
			}
		})
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in     string
		factor float64
		cur    Currency
	}{
		{"1", 1, ""}, {"", 1, ""}, {"10k", 1e4, ""}, {"1m", 1e6, ""}, {"100m", 1e8, ""}, {"1b", 1e9, ""}, {"1t", 1e12, ""},
		{"万元", 1e4, CNY}, {"亿元", 1e8, CNY}, {"万亿元", 1e12, CNY}, {"千美元", 1e3, USD}, {"百万美元", 1e6, USD}, {"亿美元", 1e8, USD},
		{"亿元人民币", 1e8, CNY}, {"万元人民币", 1e4, CNY}, {"单位：亿元", 1e8, CNY},
		{"CNY 100 Million", 1e8, CNY}, {"USD 100 Million", 1e8, USD}, {"USD1 Million", 1e6, USD}, {"Unit: USD 100 Million", 1e8, USD}, {"US$1,000", 1e3, USD}, {"USD 1 Million", 1e6, USD}, {"万元", 1e4, CNY}, {"千美元", 1e3, USD},
		{"trillion", 1e12, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, cur, err := ParseUnit(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if u.Factor() != tt.factor || cur != tt.cur {
				t.Errorf("ParseUnit(%q) = %v %q, want %v %q", tt.in, u.Factor(), cur, tt.factor, tt.cur)
			}
		})
	}
	for _, bad := range []string{"10kk", "亿日元", "gallons", "USD 7 Million"} {
		if _, _, err := ParseUnit(bad); !errors.Is(err, ErrUnit) {
			t.Errorf("ParseUnit(%q) = %v, want ErrUnit", bad, err)
		}
	}
	// Every unit's words read back as the unit.
	for _, u := range []Unit{Unit1k, Unit10k, Unit1m, Unit100m, Unit1b, Unit1t} {
		en, zh := u.Words()
		if got, _, err := ParseUnit(en); err != nil || got != u {
			t.Errorf("ParseUnit(%q) = %v, %v; want %v", en, got, err, u)
		}
		if got, cur, err := ParseUnit(zh + "元"); err != nil || got != u || cur != CNY {
			t.Errorf("ParseUnit(%q) = %v, %v, %v; want %v", zh+"元", got, cur, err, u)
		}
	}
}

func TestParseCurrency(t *testing.T) {
	for in, want := range map[string]Currency{"CNY": CNY, "rmb": CNY, "人民币": CNY, "USD": USD, "美元": USD} {
		if got, err := ParseCurrency(in); err != nil || got != want {
			t.Errorf("ParseCurrency(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseCurrency("EUR"); err == nil {
		t.Error("EUR accepted")
	}
}
