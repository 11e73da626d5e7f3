package data

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/cbec-stats/ceb/data/codes"
)

// BreakdownChecks checks that the parts of a breakdown fit their whole,
// each figure as the view holds it (its latest vintage):
//
//   - the members of a dimension (provinces, trade modes, partners, HS codes
//     of one length) add up to no more than the published figure without
//     that dimension (the same series, flow, period, currency and other
//     dimensions);
//   - the members of a partner grouping (ASEAN, the EU, RCEP, Belt and Road,
//     a continent by customs code) present beside it add up to no more than
//     the grouping's published figure;
//   - where the breakdown is complete — a dimension whose members include a
//     published remainder (其他, 亚洲其他国家(地区)), or a grouping all of
//     whose members are present — the members add up to the whole.
//
// Partner groupings are never summed as members of the whole: customs'
// country tables list them beside their members. Remainders are. The
// tolerance is the rounding of the published digits: half a step of the
// total and of each member, plus a relative 1e-9 for binary arithmetic.
// Each finding is a warning at the total's file and line that names the
// total, the sum and the number of members.
func BreakdownChecks(v *View) []Finding {
	type group struct {
		parent  Key
		dim     string // the dimension of the members; hs4 for HS headings
		members []Observation
	}
	groups := map[string]*group{}
	var order []string
	index := map[Key]Observation{}
	for _, o := range v.Observations() {
		if !o.HasValue {
			continue
		}
		index[o.Key()] = o
		for _, d := range DimNames {
			val := o.Dims.Get(d)
			if val == "" || codes.IsGrouping(d, val) && !codes.Remainder(d, val) {
				continue
			}
			parent := o.Key()
			parent.Dims.Set(d, "")
			name := d
			if d == "hs" {
				name = fmt.Sprintf("hs%d", len(val))
			}
			id := parent.String() + "|" + name
			g := groups[id]
			if g == nil {
				g = &group{parent: parent, dim: name}
				groups[id] = g
				order = append(order, id)
			}
			g.members = append(g.members, o)
		}
	}
	var out []Finding
	add := func(at Observation, format string, a ...any) {
		out = append(out, Finding{File: at.Pos.File, Line: at.Pos.Line, Severity: SevWarning, Check: "shares", Message: fmt.Sprintf(format, a...)})
	}
	fit := func(total Observation, what string, members []Observation, complete bool, completeness string) {
		sum, tol := 0.0, total.Step/2+1e-9*math.Abs(total.Value)
		for _, m := range members {
			sum += m.Value
			tol += m.Step / 2
		}
		switch {
		case sum > total.Value+tol:
			add(total, "%s: %d %s add up to %s, more than the published total %s (by %s, beyond rounding of ±%s); a member is counted twice or the total is wrong",
				total.Key(), len(members), what, machineNumber(sum), machineNumber(total.Value), machineNumber(sum-total.Value), machineNumber(math.Round(100*tol)/100))
		case complete && sum < total.Value-tol:
			add(total, "%s: %d %s, a complete breakdown (%s), add up to %s, less than the published total %s (by %s, beyond rounding of ±%s); a member is missing or the total is wrong",
				total.Key(), len(members), what, completeness, machineNumber(sum), machineNumber(total.Value), machineNumber(total.Value-sum), machineNumber(math.Round(100*tol)/100))
		}
	}
	for _, id := range order {
		g := groups[id]
		total, ok := index[g.parent]
		if !ok {
			continue
		}
		var remainder string
		for _, m := range g.members {
			if codes.Remainder(g.dim, m.Dims.Get(g.dim)) {
				remainder = m.Dims.Get(g.dim)
			}
		}
		fit(total, "member(s) by "+g.dim, g.members, remainder != "", "with its remainder "+remainder)
	}
	// Partner groupings against the members listed beside them.
	for _, o := range v.Observations() {
		name := o.Dims.Partner
		if !o.HasValue || name == "" || !codes.IsGrouping("partner", name) || codes.Remainder("partner", name) {
			continue
		}
		list := codes.Members("partner", name)
		if len(list) == 0 {
			continue
		}
		parent := o.Key()
		parent.Dims.Partner = ""
		g := groups[parent.String()+"|partner"]
		if g == nil {
			continue
		}
		e, _ := codes.Lookup("partner", name)
		var members []Observation
		for _, m := range g.members {
			if me, ok := codes.Lookup("partner", m.Dims.Partner); ok && me.In(e.Code) {
				members = append(members, m)
			}
		}
		complete := len(members) == len(list)
		what := "member(s) of " + name + " beside it"
		if e.Code == "BRI" {
			what += " (" + codes.BeltAndRoadSource + ")"
		}
		fit(o, what, members, complete, fmt.Sprintf("all %d members", len(list)))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return strings.Compare(out[i].Message, out[j].Message) < 0
	})
	return out
}
