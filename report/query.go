package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/codes"
	"github.com/cbec-stats/ceb/stats"
)

// Query is what a stats command, a chart or a report is asked for: series,
// flows, a period, dimensions and a currency. A field left empty takes the
// default the command documents: every series (or one named default), the
// flows the data has, the latest period the data covers.
type Query struct {
	Series   []string
	Flows    []data.Flow // empty: total, export and import as the data has them
	Period   *data.Period
	Dims     data.Dims
	Currency data.Currency
}

// QueryError is a query that cannot be served as asked, such as a span
// that ends before it starts: the asker's to change, like a bad option.
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

// selectionError is a selection the data cannot serve, with the remedy.
func selectionError(h data.Hint, format string, a ...any) error {
	return data.FailHint("", 0, h, format, a...)
}

// known checks that every series asked for is in the data, suggesting the
// nearest name when one is not: --series cbc is a typo for cbec, not a
// series without data.
func (q Query) known(ds *data.Dataset, extra ...string) error {
	have := ds.Series()
	for _, s := range append(append([]string{}, q.Series...), extra...) {
		if slices.Contains(have, s) {
			continue
		}
		msg := fmt.Sprintf("unknown series %q", s)
		if n := nearest(s, have); n != "" {
			msg += fmt.Sprintf("; did you mean %q?", n)
		}
		return &QueryError{fmt.Errorf("%s (the data has %s)", msg, strings.Join(have, ", "))}
	}
	return nil
}

// resolveDims rewrites each selected dimension value to the spelling the
// data uses when they name the same code-list entry (data/codes): with data
// labelled 美国, partner=US and partner=USA select it; a value the data
// has as written is kept.
func (q *Query) resolveDims(ds *data.Dataset) {
	for _, n := range data.DimNames {
		want := q.Dims.Get(n)
		if want == "" {
			continue
		}
		var match string
		for _, o := range ds.Obs {
			got := o.Dims.Get(n)
			if got == want {
				match = ""
				break
			}
			if match == "" && got != "" && codes.Same(n, got, want) {
				match = got
			}
		}
		if match != "" {
			q.Dims.Set(n, match)
		}
	}
}

// nearest is the name in list closest to s by edit distance, if it is
// within two edits or a prefix.
func nearest(s string, list []string) string {
	best, bestD := "", 3
	for _, x := range list {
		if d := editDistance(strings.ToLower(s), strings.ToLower(x)); d < bestD {
			best, bestD = x, d
		} else if best == "" && strings.HasPrefix(x, s) {
			best = x
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// series returns the series asked for, else def, else every series.
func (q Query) series(ds *data.Dataset, def string) []string {
	switch {
	case len(q.Series) > 0:
		return q.Series
	case def != "":
		return []string{def}
	}
	return ds.Series()
}

// flows returns the flows asked for, or those the data has for the series
// (total, export, import; balance only when asked), and whether they were
// asked for.
func (q Query) flows(v *data.View, series string) ([]data.Flow, bool) {
	if len(q.Flows) > 0 {
		return q.Flows, true
	}
	var out []data.Flow
	for _, fl := range []data.Flow{data.Total, data.Export, data.Import} {
		if len(v.Periods(series, fl, q.Currency)) > 0 || (fl == data.Total && len(v.Periods(series, data.Export, q.Currency)) > 0) || hasRateOnly(v, series, fl, q.Currency) {
			out = append(out, fl)
		}
	}
	return out, false
}

func hasRateOnly(v *data.View, series string, fl data.Flow, cur data.Currency) bool {
	for _, o := range v.Observations() {
		if o.Series == series && o.Flow == fl && o.Currency == cur {
			return true
		}
	}
	return false
}

// period returns the period asked for, or the latest of the kinds the data
// covers for the series.
func (q Query) period(v *data.View, series string, kinds ...data.PeriodKind) (data.Period, error) {
	if q.Period != nil {
		return *q.Period, nil
	}
	p, ok := v.Latest(series, q.Currency, kinds...)
	if !ok {
		return p, selectionError(data.HintCoverage, "no data for series %q in %s as of %s", series, q.Currency, v.AsOf)
	}
	return p, nil
}

func (q Query) key(series string, fl data.Flow, p data.Period) data.Key {
	return data.Key{Series: series, Flow: fl, Period: p, Currency: q.Currency, Dims: q.Dims}
}

// eachFlow computes one row per flow. When the flows were defaulted rather
// than asked for, an export or import the data lacks is left out; a
// missing total, or any flow asked for, is an error.
func eachFlow[T any](flows []data.Flow, explicit bool, fn func(data.Flow) (T, error)) ([]T, error) {
	var out []T
	for _, fl := range flows {
		row, err := fn(fl)
		if err != nil {
			if !explicit && errors.Is(err, data.ErrNoData) && fl != data.Total {
				continue
			}
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// reasonOf is the short reason a row gives for a figure the data lacks.
func reasonOf(err error) string {
	var me *data.MissingError
	if errors.As(err, &me) {
		return me.Reason()
	}
	return err.Error()
}

// Missing lists the rows without a figure (the level the data cannot
// give), each with its reason: a command warns of them once.
func Missing(rows []stats.Growth) []data.Key {
	var out []data.Key
	for _, g := range rows {
		if g.Value == nil && g.Reason != "" {
			out = append(out, g.Key)
		}
	}
	return out
}

// MissingMultiples are the figures of multiples whose later level the data
// cannot give (the rows that carry only a reason), for the one warning a
// command prints.
func MissingMultiples(rows []stats.Multiple) []data.Key {
	var out []data.Key
	for _, m := range rows {
		if m.ToValue == nil && m.Reason != "" {
			out = append(out, data.Key{Series: m.Series, Flow: m.Flow, Period: m.To, Currency: m.Currency, Dims: m.Dims})
		}
	}
	return out
}

// GrowthRows computes year-on-year growth for each series (default: every
// series the data has) and flow (default: every flow the series has in any
// period). Without a period each series takes its latest, with the flows
// it has then; a series without data in the currency is left out. A series
// or flow that was asked for, or that the series has in other periods
// when the period was named, and that the data cannot give for the period
// gets a row with the reason, and the others are computed; it is an error
// only when nothing at all could be.
func GrowthRows(v *data.View, ds *data.Dataset, q Query) ([]stats.Growth, error) {
	q.resolveDims(ds)
	if err := q.known(ds); err != nil {
		return nil, err
	}
	var rows []stats.Growth
	var firstErr error
	computed := 0
	named := len(q.Series) > 0
	for _, series := range q.series(ds, "") {
		p, err := q.period(v, series)
		if err != nil {
			if named {
				rows = append(rows, stats.Growth{Key: q.key(series, data.Total, data.Period{}), Reason: reasonOf(err)})
				firstErr = cmp.Or(firstErr, err)
			}
			continue
		}
		flows, explicit := q.flows(v, series)
		var own []stats.Growth
		var missing []bool
		for _, fl := range flows {
			g, err := stats.YoY(v, q.key(series, fl, p))
			switch {
			case errors.Is(err, data.ErrNoData):
				firstErr = cmp.Or(firstErr, err)
				g = stats.Growth{Key: q.key(series, fl, p), BasePeriod: p.YearAgo(), Reason: reasonOf(err)}
			case err != nil:
				return nil, err
			}
			own, missing = append(own, g), append(missing, err != nil)
		}
		kept, n := keepRows(own, missing, explicit, q.Period != nil, named || q.Period != nil)
		rows, computed = append(rows, kept...), computed+n
	}
	switch {
	case computed == 0 && firstErr != nil:
		return nil, firstErr
	case computed == 0:
		return nil, selectionError(data.HintCoverage, "no growth to show: the data has nothing for this selection in %s", q.Currency)
	}
	return rows, nil
}

// perSeries computes the rows of each series (default cbec) and flow: the
// period comes from at, the row for a flow from row. A figure the data
// lacks gets a row made by missing, with the reason, where it was asked
// for (an explicit flow; with named, a period the user named, every flow
// the series has in other periods; the total when nothing else of the
// series could be computed); the result is an error only when no row could
// be computed.
func perSeries[T any](v *data.View, ds *data.Dataset, q Query, named bool, at func(series string) (data.Period, error), row func(k data.Key) (T, error), missing func(k data.Key, reason string) T) ([]T, error) {
	var rows []T
	var firstErr error
	computed := 0
	for _, series := range q.series(ds, "cbec") {
		p, err := at(series)
		if err != nil {
			if !errors.Is(err, data.ErrNoData) {
				return nil, err
			}
			rows = append(rows, missing(q.key(series, data.Total, data.Period{}), reasonOf(err)))
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		flows, explicit := q.flows(v, series)
		var own []T
		var absent []bool
		for _, fl := range flows {
			r, err := row(q.key(series, fl, p))
			switch {
			case errors.Is(err, data.ErrNoData):
				firstErr = cmp.Or(firstErr, err)
				r = missing(q.key(series, fl, p), reasonOf(err))
			case err != nil:
				return nil, err
			}
			own, absent = append(own, r), append(absent, err != nil)
		}
		kept, n := keepRows(own, absent, explicit, named, true)
		rows, computed = append(rows, kept...), computed+n
	}
	switch {
	case computed == 0 && firstErr != nil:
		return nil, firstErr
	case computed == 0:
		// No series has a flow in this currency: an empty table would
		// pass for a result.
		return nil, selectionError(data.HintCoverage, "nothing to show: the data has nothing for this selection in %s", q.Currency)
	}
	return rows, nil
}

// keepRows chooses which of a series' rows (one per flow, missing[i] when
// the data cannot give row i) a result shows, in flow order, and counts
// those computed. Flows asked for keep every row; with a period named, the
// flows the series has elsewhere keep theirs when another flow of the
// series has the period ("when others have it"); a series with no flow for
// the period keeps one row, the first, when alone is set; otherwise the
// missing rows are left out. The missing rows get their reason from the
// caller.
func keepRows[T any](rows []T, missing []bool, explicit, namedPeriod, alone bool) ([]T, int) {
	n := 0
	for _, m := range missing {
		if !m {
			n++
		}
	}
	switch {
	case explicit || n > 0 && namedPeriod:
		return rows, n
	case n == 0 && alone && len(rows) > 0:
		return rows[:1], 0
	}
	var out []T
	for i, r := range rows {
		if !missing[i] {
			out = append(out, r)
		}
	}
	return out, n
}

// CompareRows compares each series (default cbec) with the reference
// series for the period and each flow.
func CompareRows(v *data.View, ds *data.Dataset, q Query, reference string) ([]stats.Comparison, error) {
	q.resolveDims(ds)
	if err := q.known(ds, reference); err != nil {
		return nil, err
	}
	at := func(series string) (data.Period, error) { return q.period(v, series) }
	return perSeries(v, ds, q, q.Period != nil, at, func(k data.Key) (stats.Comparison, error) { return stats.Compare(v, k, reference) },
		func(k data.Key, reason string) stats.Comparison {
			return stats.Comparison{Growth: stats.Growth{Key: k, BasePeriod: k.Period.YearAgo(), Reason: k.Series + ": " + reason}, Reference: reference}
		})
}

// MultipleSpan is the span of a multiple: the later period (nil: the latest
// complete year), and the earlier year (From, or To's year − Years).
type MultipleSpan struct {
	To    *data.Period
	From  *data.Period
	Years int
}

// end returns the later period of the span for a series.
func (s MultipleSpan) end(v *data.View, series string, cur data.Currency) (data.Period, int, error) {
	p := s.To
	if p == nil {
		latest, ok := v.Latest(series, cur, data.KindYear)
		if !ok {
			return data.Period{}, 0, selectionError(data.HintTo, "no complete year for series %q in %s as of %s", series, cur, v.AsOf)
		}
		p = &latest
	}
	fromYear := p.Year - s.Years
	if s.From != nil {
		fromYear = s.From.Year
		if s.From.Kind() == data.KindYear && p.Kind() != data.KindYear {
			return data.Period{}, 0, &QueryError{fmt.Errorf("the earlier period %s and the later %s must be the same kind of period", s.From, p)}
		}
	}
	if fromYear >= p.Year {
		return data.Period{}, 0, &QueryError{fmt.Errorf("the earlier year %d must be before %s", fromYear, p)}
	}
	return *p, fromYear, nil
}

// MultipleRows computes the multiple over the span for each series
// (default cbec) and flow.
func MultipleRows(v *data.View, ds *data.Dataset, q Query, span MultipleSpan) ([]stats.Multiple, error) {
	q.resolveDims(ds)
	if err := q.known(ds); err != nil {
		return nil, err
	}
	fromYear := map[string]int{}
	at := func(series string) (data.Period, error) {
		p, from, err := span.end(v, series, q.Currency)
		fromYear[series] = from
		return p, err
	}
	return perSeries(v, ds, q, span.To != nil, at, func(k data.Key) (stats.Multiple, error) { return stats.MultipleOf(v, k, fromYear[k.Series]) },
		func(k data.Key, reason string) stats.Multiple {
			m := stats.Multiple{Series: k.Series, Flow: k.Flow, Currency: k.Currency, Dims: k.Dims, To: k.Period, Reason: reason}
			if from, ok := fromYear[k.Series]; ok && k.Period.Valid() && from < k.Period.Year {
				m.From, m.Years = k.Period.AddYears(from-k.Period.Year), k.Period.Year-from
			}
			return m
		})
}

// Span returns the periods of a frequency from first to last, each
// defaulting to the first and last period of that kind the data covers for
// the series (total or export). Without data of that kind the error's hint
// is h.
func Span(v *data.View, series string, cur data.Currency, freq data.PeriodKind, first, last *data.Period, h data.Hint) ([]data.Period, error) {
	var covered []data.Period
	for _, fl := range []data.Flow{data.Total, data.Export} {
		for _, p := range v.Periods(series, fl, cur) {
			if p.Kind() == freq {
				covered = append(covered, p)
			}
		}
	}
	if (first == nil || last == nil) && len(covered) == 0 {
		return nil, noFreqError(v, series, cur, freq, h)
	}
	a, b := first, last
	if a == nil {
		a = &covered[0]
		for i := range covered {
			if covered[i].Compare(*a) < 0 {
				a = &covered[i]
			}
		}
	}
	if b == nil {
		b = &covered[0]
		for i := range covered {
			if covered[i].EndsAfter(*b) {
				b = &covered[i]
			}
		}
	}
	steps, err := stats.Steps(freq, *a, *b)
	if err != nil {
		return nil, &QueryError{err}
	}
	return steps, nil
}

// freqWords name the frequencies a series is published at.
var freqWords = map[data.PeriodKind]string{data.KindYear: "yearly", data.KindHalf: "half-yearly", data.KindQuarter: "quarterly", data.KindMonth: "monthly", data.KindRange: "year to date"}

// noFreqError says that a series has no figures at a frequency, and at
// which it is published: "cbec has no monthly figures: it is published
// yearly and half-yearly (CNY, as of 2026-11-23)".
func noFreqError(v *data.View, series string, cur data.Currency, freq data.PeriodKind, h data.Hint) error {
	seen := map[data.PeriodKind]bool{}
	for _, fl := range []data.Flow{data.Total, data.Export, data.Import} {
		for _, p := range v.Periods(series, fl, cur) {
			seen[p.Kind()] = true
		}
	}
	var kinds []string
	for k := data.KindYear; k <= data.KindRange; k++ {
		if seen[k] && k != freq {
			kinds = append(kinds, freqWords[k])
		}
	}
	if len(kinds) == 0 {
		return selectionError(h, "%s has no figures in %s as of %s", series, cur, v.AsOf)
	}
	published := kinds[0]
	if n := len(kinds); n > 1 {
		published = strings.Join(kinds[:n-1], ", ") + " and " + kinds[n-1]
	}
	return selectionError(h, "%s has no %s figures: it is published %s (%s, as of %s)", series, freqWords[freq], published, cur, v.AsOf)
}

// TrendRows lists each series (default cbec) at a frequency over a span,
// total flow unless flows are asked for. At a year or a half every period
// of the span keeps its row, with a reason where the data cannot give it;
// months and quarters are listed only where the data has a figure (a
// series published by month only lately would otherwise be rows of n/a),
// the others returned as leftOut so that the caller can say which, and a
// series with none at that frequency is an error saying how it is
// published.
func TrendRows(v *data.View, ds *data.Dataset, q Query, freq data.PeriodKind, first, last *data.Period) (rows []stats.Growth, leftOut []data.Key, err error) {
	q.resolveDims(ds)
	if err := q.known(ds); err != nil {
		return nil, nil, err
	}
	for _, series := range q.series(ds, "cbec") {
		flows := q.Flows
		if len(flows) == 0 {
			flows = []data.Flow{data.Total}
		}
		steps, err := Span(v, series, q.Currency, freq, first, last, data.HintSpanOrFreq)
		if err != nil {
			return nil, nil, err
		}
		g, err := trendOf(v, q, series, flows, steps)
		if err != nil {
			return nil, nil, err
		}
		if freq == data.KindMonth || freq == data.KindQuarter {
			empty := func(r stats.Growth) bool { return r.Value == nil && r.GrowthPct == nil }
			for _, r := range g {
				if empty(r) {
					leftOut = append(leftOut, r.Key)
				}
			}
			g = slices.DeleteFunc(g, empty)
			if len(g) == 0 {
				return nil, nil, noFreqError(v, series, q.Currency, freq, data.HintSpanOrFreq)
			}
		}
		rows = append(rows, g...)
	}
	return rows, leftOut, nil
}

// trendOf lists the series over the periods, one run per flow.
func trendOf(v *data.View, q Query, series string, flows []data.Flow, steps []data.Period) ([]stats.Growth, error) {
	var rows []stats.Growth
	for _, fl := range flows {
		g, err := stats.Trend(v, q.key(series, fl, data.Period{}), steps)
		if err != nil {
			return nil, err
		}
		rows = append(rows, g...)
	}
	return rows, nil
}
