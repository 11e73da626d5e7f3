// Command genbuiltin converts the reference figures (reference/figures.csv,
// one published figure a row with its source) into ceb's canonical CSV, the
// embedded default dataset builtin.csv of package canonical.
//
//	go generate ./data/canonical
//
// Series: the comprehensive CBEC series becomes cbec, GACC's narrow platform
// series cbec_platform, all goods trade trade. Values stay in 亿 (unit 100m).
// Rows whose vintage is marked LOW confidence are left out. Vintages that
// give only a month are dated the month's last day (the figure was out by
// then); the few irregular vintage notes are mapped by hand below, and the
// original wording is kept in the note column.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

// vintageOverrides maps irregular vintage notes to a date and an explanation.
var vintageOverrides = map[string][2]string{
	"unknown (revision, after 2022-01; Beijing Review)":                {"2023-01-13", "revision date unknown; in place by 2023-01-13, when the 2022 rate (+9.8%) was computed on this base"},
	"2024-02/03 (NBS communique)":                                      {"2024-02-29", "NBS statistical communique, February 2024"},
	"2021-04 (article 2021-04-15)":                                     {"2021-04-15", ""},
	"cited 2023-01-13 (hkcna); GACC Jan-Nov release date not captured": {"2023-01-13", "date it was cited; the Jan-Nov release itself was earlier"},
}

var (
	reDay   = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\b`)
	reMonth = regexp.MustCompile(`^(\d{4})-(\d{2})\b`)
)

func vintage(s string) (date, note string, skip bool, err error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "LOW") {
		return "", "", true, nil
	}
	if o, ok := vintageOverrides[s]; ok {
		return o[0], o[1], false, nil
	}
	if m := reDay.FindStringSubmatch(s); m != nil {
		return m[1], strings.TrimSpace(strings.TrimPrefix(s, m[1])), false, nil
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		t, err := time.Parse("2006-01", m[1]+"-"+m[2])
		if err != nil {
			return "", "", false, err
		}
		last := t.AddDate(0, 1, -1).Format("2006-01-02")
		return last, "published " + m[1] + "-" + m[2] + ", day unknown: dated the month's last day; " + strings.TrimSpace(strings.TrimPrefix(s, m[0])), false, nil
	}
	return "", "", false, fmt.Errorf("vintage %q has no date; add it to vintageOverrides", s)
}

func main() {
	in := flag.String("in", "reference/figures.csv", "reference figures")
	out := flag.String("out", "builtin.csv", "canonical CSV to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genbuiltin:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var b strings.Builder
	if err := convert(f, &b); err != nil {
		return err
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

func convert(r io.Reader, w io.Writer) error {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note"})
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		get := func(k string) string { return strings.TrimSpace(rec[col[k]]) }
		var series string
		switch get("series") + "/" + get("scope") {
		case "cbec_trade/comprehensive":
			series = "cbec"
		case "cbec_trade/narrow":
			series = "cbec_platform"
		case "goods_trade/all-trade":
			series = "trade"
		default:
			return fmt.Errorf("line %d: unknown series %s/%s", line, get("series"), get("scope"))
		}
		unit, cur, ok := strings.Cut(get("unit"), "_")
		if !ok || unit != "100m" || cur != get("currency") {
			return fmt.Errorf("line %d: unexpected unit %q", line, get("unit"))
		}
		date, note, skip, err := vintage(get("vintage"))
		if err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		if skip {
			continue
		}
		note = strings.Trim(strings.TrimSpace(note), "()")
		cw.Write([]string{series, get("flow"), get("period"), get("value"), "100m", cur, date, get("reported_yoy_pct"), get("source"), note})
	}
	cw.Flush()
	return cw.Error()
}
