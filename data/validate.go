package data

import (
	"fmt"
	"math"
	"sort"
)

// ModelChecks are the consistency checks of the model, by name (Check runs
// them all, CheckOnly those named):
//
//   - duplicates: two observations of one figure with the same vintage (one
//     release) and different values;
//   - totals: export + import ≠ total beyond the rounding of the published
//     digits, for observations of one vintage;
//   - parts: finer periods (months against a cumulative figure, quarters
//     against halves and the year) whose sum differs from a published total
//     beyond rounding, each part taken at its latest vintage not after the
//     total's;
//   - negative: negative exports, imports or totals;
//   - ytd: a year-to-date series (1..n months) that falls from one month to
//     the next.
//
// Rounding tolerance is half a step of each published figure involved, plus
// a relative 1e-9 for binary arithmetic.
var ModelChecks = []string{"duplicates", "totals", "parts", "negative", "ytd"}

// Check runs every check of the model; see ModelChecks.
func Check(ds *Dataset) []Finding { return CheckOnly(ds, nil) }

// CheckOnly runs the checks named (nil: all) and returns their findings as
// warnings, in file and line order, each naming its check.
func CheckOnly(ds *Dataset, names map[string]bool) []Finding {
	var f Findings
	on := func(check string) bool { return names == nil || names[check] }
	warn := func(check string, o Observation, format string, a ...any) {
		if on(check) {
			f.Add(SevWarning, o.Pos.File, o.Pos.Line, 0, nil, format, a...)
			f.List[len(f.List)-1].Check = check
		}
	}
	type vkey struct {
		Key
		Vintage Date
	}
	seen := map[vkey]Observation{}
	for _, o := range ds.Obs {
		k := vkey{o.Key(), o.Vintage}
		if p, dup := seen[k]; dup && (p.HasValue != o.HasValue || p.Value != o.Value) {
			warn("duplicates", o, "duplicate of %s (%s): same figure and vintage with a different value; keep one or give them different vintages", p.Pos, k.Key)
		} else if dup && p.ReportedYoY != nil && o.ReportedYoY != nil && *p.ReportedYoY != *o.ReportedYoY {
			// Which one a view takes would depend on the order of the rows.
			warn("duplicates", o, "conflicting published rates for %s of one release: %s%% here, %s%% at %s; keep the one the release printed", k.Key, machineNumber(*o.ReportedYoY), machineNumber(*p.ReportedYoY), p.Pos)
		}
		if p, dup := seen[k]; !dup || replaces(p, o) {
			seen[k] = o // the row a view would use (NewView)
		}
		if o.HasValue && o.Value < 0 && o.Flow != Balance {
			warn("negative", o, "negative %s value %s; only a balance can be negative", o.Flow, machineNumber(o.Value))
		}
	}
	// export + import = total, within one vintage.
	for k, t := range seen {
		if k.Flow != Total || !t.HasValue {
			continue
		}
		ek, ik := k, k
		ek.Flow, ik.Flow = Export, Import
		e, okE := seen[ek]
		i, okI := seen[ik]
		if !okE || !okI || !e.HasValue || !i.HasValue {
			continue
		}
		tol := (t.Step+e.Step+i.Step)/2 + 1e-9*math.Abs(t.Value)
		if d := e.Value + i.Value - t.Value; math.Abs(d) > tol {
			warn("totals", t, "export + import = %s but total = %s (%s): they differ by more than rounding", machineNumber(e.Value+i.Value), machineNumber(t.Value), k.Key)
		}
	}
	// Finer periods against a published total, each as published by the
	// total's vintage (a later revision of a part is not a contradiction).
	v := NewView(ds, Date{})
	asOf := map[Date]*View{}
	for k, o := range v.obs {
		if !o.HasValue || o.Period.Kind() == KindMonth {
			continue
		}
		then := v
		if !o.Vintage.IsZero() {
			if asOf[o.Vintage] == nil {
				asOf[o.Vintage] = NewView(ds, o.Vintage)
			}
			then = asOf[o.Vintage]
		}
		sum, _, ok := then.tile(k)
		if !ok {
			continue
		}
		tol := o.Step/2 + sum.HalfWidth + 1e-9*math.Abs(o.Value)
		if math.Abs(sum.Value-o.Value) > tol {
			warn("parts", o, "%s = %s, but the %s gives %s: the published total and its parts differ by more than rounding", k, machineNumber(o.Value), sum.Derived, machineNumber(sum.Value))
		}
	}
	// Year-to-date series must not fall.
	for base, list := range v.byBase {
		if base.Flow == Balance {
			continue
		}
		var prev *Observation
		for i := range list {
			o := list[i]
			if o.Period.From != 1 || !o.HasValue {
				continue
			}
			if prev != nil && prev.Period.Year == o.Period.Year && prev.Period.To < o.Period.To && o.Value < prev.Value {
				warn("ytd", o, "year to date %s = %s is below %s = %s: a cumulative series cannot fall", o.Period, machineNumber(o.Value), prev.Period, machineNumber(prev.Value))
			}
			prev = &list[i]
		}
	}
	sort.SliceStable(f.List, func(i, j int) bool {
		a, b := f.List[i], f.List[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	return f.List
}

func machineNumber(v float64) string { return fmt.Sprintf("%.15g", v) }
