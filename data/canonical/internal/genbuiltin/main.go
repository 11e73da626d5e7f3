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
//
// Each figure gets its release kind (the release column) from its vintage
// text: "preliminary" is a preliminary estimate, "survey" (an official
// survey result, a revised survey value) a survey result, "revised" or
// "revision" otherwise a revision. A CBEC figure (the comprehensive series)
// whose text names no kind is a preliminary estimate when it came out
// within 60 days of its period's end (customs' January and July figures,
// and their repeats by MOFCOM and the SCIO), and of unknown kind when it
// came out later (the 2018 level, cited in 2024 beside the figure it was
// compared with, in customs' own words). Other series get a kind only from
// their text.
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

	"github.com/cbec-stats/ceb/data"
)

// vintageOverrides maps irregular vintage notes to a date and an explanation.
var vintageOverrides = map[string][2]string{
	// The revised 2021 level with no date: the same figure (1.92万亿) is
	// dated 2022-11-30, with its rate (+18.6%), by a later row, which
	// supersedes it.
	"unknown (revision, after 2022-01; Beijing Review)":                {"skip", ""},
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
		return o[0], o[1], o[0] == "skip", nil
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

// release is the release kind of a figure from its vintage text (see the
// package comment).
func release(series, period, date, text string) (string, error) {
	t := strings.ToLower(text)
	switch {
	case strings.Contains(t, "preliminary"):
		return "preliminary", nil
	case strings.Contains(t, "survey"):
		return "survey", nil
	case strings.Contains(t, "revis"):
		return "revision", nil
	case series != "cbec":
		return "", nil
	}
	end, err := periodEnd(period)
	if err != nil {
		return "", err
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "", err
	}
	if d.Sub(end) <= 60*24*time.Hour {
		return "preliminary", nil
	}
	return "", nil
}

// periodEnd is the last day of a period as the reference writes it
// (2024, 2024H1, 2024Q3, 2024-01..09), read by data.ParsePeriod.
func periodEnd(s string) (time.Time, error) {
	p, err := data.ParsePeriod(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(p.Year, time.Month(p.To)+1, 0, 0, 0, 0, 0, time.UTC), nil
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
	var rows [][]string
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
		rel, err := release(series, get("period"), date, get("vintage"))
		if err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		rows = append(rows, []string{series, get("flow"), get("period"), get("value"), "100m", cur, date, get("reported_yoy_pct"), get("source"), note, rel})
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"series", "flow", "period", "value", "unit", "currency", "vintage", "reported_yoy", "source", "note", "release"})
	for _, r := range mergeLevels(rows) {
		cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}

// mergeLevels folds a row that gives only a rate into a later row of the
// same figure and release date that gives its level (the reference adds
// levels found later as rows of their own): one figure, one row, its level
// and its rate. Rows that disagree are kept, for the checks to report.
func mergeLevels(rows [][]string) [][]string {
	key := func(r []string) string { return strings.Join([]string{r[0], r[1], r[2], r[5], r[6]}, "|") }
	at := map[string]int{}
	var out [][]string
	for _, r := range rows {
		i, seen := at[key(r)]
		switch {
		case !seen:
			at[key(r)] = len(out)
			out = append(out, r)
		case out[i][3] == "" && r[3] != "" && (out[i][7] == r[7] || r[7] == ""):
			rate := out[i][7]
			out[i] = r
			out[i][7] = rate
		default:
			out = append(out, r)
		}
	}
	return out
}
