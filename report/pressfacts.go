package report

import (
	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/stats"
)

// PressFacts are the figures the press paragraph states, before it is
// worded (vocab.Lang.Paragraph): the headline comparison, exports and
// imports, the share of all trade, the multiple, the largest item of the
// first breakdown and a Spring Festival that moved month. Each is a figure
// customs published or one computed from comparable figures: a rate,
// gap, share change or multiple across a method break is nil in the
// statistics it comes from, and the paragraph leaves it out. Every figure
// is of the report's period or earlier.
type PressFacts struct {
	Period   data.Period
	Series   string
	Currency data.Currency
	Total    *stats.Comparison
	Flows    []stats.Comparison // exports and imports
	Multiple *stats.Multiple
	// By and Top are the first breakdown's dimension and its largest item.
	By  string
	Top *TopRow
	// Festival is the Spring Festival note of the headline, if any.
	Festival *Note
}

// FactsOf gathers the press facts of a package.
func FactsOf(pkg *Package) PressFacts {
	f := PressFacts{Period: pkg.Period, Series: pkg.Series, Currency: pkg.Currency}
	for i := range pkg.Headline {
		c := pkg.Headline[i]
		switch {
		case c.Key.Flow == data.Total && f.Total == nil:
			f.Total = &pkg.Headline[i]
		case c.Key.Flow == data.Export || c.Key.Flow == data.Import:
			f.Flows = append(f.Flows, c)
		}
	}
	if m := pkg.Multiple; m != nil && m.Ratio != nil && m.ToValue != nil && !m.To.EndsAfter(pkg.Period) {
		f.Multiple = m
	}
	if len(pkg.Breakdowns) > 0 {
		bd := pkg.Breakdowns[0]
		for i := range bd.Rows {
			if r := bd.Rows[i]; r.Kind == stats.RowItem && r.Value != nil && r.SharePct != nil {
				f.By, f.Top = bd.By, &bd.Rows[i]
				break
			}
		}
	}
	if c := f.Total; c != nil {
		if n, ok := SpringFestivalNote(c.Key.Period, c.BasePeriod); ok {
			f.Festival = &n
		}
	}
	return f
}

// Published is the level as the release wrote it: a headline "2.1万亿"
// stays 2.1 in the text even where its parts give the finer 2.0578万亿 that
// shares are computed from.
func Published(g stats.Growth) float64 {
	if g.PublishedValue != nil {
		return *g.PublishedValue
	}
	return *g.Value
}
