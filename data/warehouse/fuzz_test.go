package warehouse

import (
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
