package warehouse

import (
	"math/big"
	"net/url"
	"strings"
	"testing"
)

// FuzzParse: any text given as a warehouse URL is parsed or refused
// without a panic; what is shown never holds the password, and a table
// that is accepted is letters, digits and _.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"postgres://u:pw@h:5432/db?table=s.t&sslmode=require",
		"clickhouse://u:pw@h:9000/db?table=t&columns=value=amount",
		"postgres://?service=x&table=t&password=pw",
		"postgresql:///db?table=declarations;DROP",
		"postgres://u:p%40ss@h/db?table=%E7%94%B3%E6%8A%A5",
		"clickhouse://h/db?dims=partner,hs2&by=year",
		"postgres://!0000000000%25", // a host with an escaped %, shown unescaped once
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !IsURL(s) {
			return
		}
		src, err := Parse(s, nil)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("a two-line error: %q", err)
			}
			return
		}
		shown, err := url.Parse(src.String())
		if err != nil {
			t.Fatalf("%q shown as %q, which does not parse: %v", s, src, err)
		}
		if _, ok := shown.User.Password(); ok || shown.Query().Has("password") {
			t.Errorf("%q shown as %q, with a password", s, src)
		}
		for _, part := range src.Table {
			if !isName(part) {
				t.Errorf("table part %q accepted", part)
			}
		}
	})
}

// FuzzParseSum checks parseSum against math/big: a string of ASCII
// digits with at most one point, and at least one digit before it, reads
// as the number times 10^decimals when that is a whole number within
// int64; anything else is refused, with 0.
func FuzzParseSum(f *testing.F) {
	for _, s := range []string{"123.45", "123.4500", "123.451", "-1.00", "", "92233720368547758.07", "92233720368547758.08", "1e5", "00.10", "1.", "922337203685477580.7"} {
		f.Add(s, 2)
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, decimals int) {
		decimals = (decimals%5 + 5) % 5
		got, err := parseSum(s, decimals)
		whole, frac, _ := strings.Cut(s, ".")
		// SetString also takes forms that are no exact sum (1e5, -1,
		// 0b1, 1/2): only digits and one point get that far.
		ok := whole != "" && strings.Trim(s, "0123456789.") == "" && !strings.Contains(frac, ".")
		var r *big.Rat
		if ok {
			r, ok = new(big.Rat).SetString(s)
		}
		if ok {
			r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
			ok = r.IsInt() && r.Num().IsInt64()
		}
		switch {
		case ok != (err == nil):
			t.Fatalf("parseSum(%q, %d) = %d, %v; math/big says ok %v", s, decimals, got, err, ok)
		case ok && r.Num().Int64() != got:
			t.Fatalf("parseSum(%q, %d) = %d; math/big says %v", s, decimals, got, r)
		case !ok && got != 0:
			t.Fatalf("parseSum(%q, %d) = %d with error %v; want 0", s, decimals, got, err)
		}
	})
}
