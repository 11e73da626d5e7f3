// Package calendar holds the calendar facts a statistician corrects for by
// hand: the date of the Spring Festival (春节), which moves between January
// and February and with it a week of closed factories and customs offices.
//
// The dates, 2000–2050, are embedded from spring_festival.csv, whose header
// gives their source and how they were checked.
package calendar

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"
)

//go:embed spring_festival.csv
var springFestivalCSV string

// First and Last are the years whose Spring Festival is known.
const (
	First = 2000
	Last  = 2050
)

var springFestival = parse(springFestivalCSV)

// parse reads the embedded table; it is part of the build, so a malformed
// line is a programming error, caught by the package's tests.
func parse(text string) map[int]time.Time {
	out := map[int]time.Time{}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "year,") {
			continue
		}
		y, d, ok := strings.Cut(line, ",")
		year, err := strconv.Atoi(y)
		date, err2 := time.Parse(time.DateOnly, strings.TrimSpace(d))
		if !ok || err != nil || err2 != nil {
			panic(fmt.Sprintf("spring_festival.csv:%d: malformed line %q", i+1, line))
		}
		out[year] = date
	}
	return out
}

// SpringFestival returns the date of the Spring Festival in year y, and
// false outside First–Last.
func SpringFestival(y int) (time.Time, bool) {
	d, ok := springFestival[y]
	return d, ok
}

// SpringFestivalMoved reports whether the Spring Festival falls in a
// different month in year y than in year base, with both dates; ok is false
// when either year is outside First–Last.
func SpringFestivalMoved(y, base int) (moved bool, cur, prev time.Time, ok bool) {
	cur, ok1 := SpringFestival(y)
	prev, ok2 := SpringFestival(base)
	if !ok1 || !ok2 {
		return false, cur, prev, false
	}
	return cur.Month() != prev.Month(), cur, prev, true
}
