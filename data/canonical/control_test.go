package canonical

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

// TestControlCharacters: a control character inside a name or code (a NUL
// in a series slug, an escape in a partner) is refused with file, line and
// column instead of making another series in silence; free text (source,
// note) may hold line breaks and tabs. Each case is read as CSV and as JSON.
func TestControlCharacters(t *testing.T) {
	tests := []struct {
		name        string
		column, val string // val goes into column; JSON escapes it
		wantCSV     string // "" for none
		wantJSON    string
	}{
		{"NUL in series", "series", "cb\x00ec", `d.csv:2:1: column series: control character U+0000 in "cb\x00ec"`, `d.json:2:2: column series: control character U+0000`},
		{"escape in partner", "partner", "US\x1b[2J", `d.csv:2:5: column partner: control character U+001B`, `d.json:2:69: column partner: control character U+001B`},
		{"tab inside series", "series", "cb\tec", `d.csv:2:1: column series: control character U+0009`, `d.json:2:2: column series: control character U+0009`},
		{"DEL in flow", "flow", "total\x7f", `d.csv:2:2: column flow: control character U+007F`, `d.json:2:20: column flow: control character U+007F`},
		{"C1 NEL in unit", "unit", "100m\u0085", `d.csv:2:6: column unit: control character U+0085`, `d.json:2:86: column unit: control character U+0085`},
		{"NUL in source", "source", "SC\x00IO", `d.csv:2:7: column source: control character U+0000`, `d.json:2:102: column source: control character U+0000`},
		{"line break in note", "note", "survey,\nrevised", "", ""},
		{"tab in source", "source", "SCIO\tbriefing", "", ""},
		{"plain", "series", "cbec_platform", "", ""},
	}
	cols := []string{"series", "flow", "period", "value", "partner", "unit", "source", "note"}
	vals := map[string]string{"series": "cbec", "flow": "total", "period": "2024", "value": "1", "partner": "US", "unit": "100m", "source": "SCIO", "note": ""}
	for _, tt := range tests {
		row := map[string]string{}
		for k, v := range vals {
			row[k] = v
		}
		row[tt.column] = tt.val
		var csv, js strings.Builder
		csv.WriteString(strings.Join(cols, ",") + "\n")
		js.WriteString("[\n{")
		for i, c := range cols {
			if i > 0 {
				csv.WriteString(",")
				js.WriteString(", ")
			}
			csv.WriteString(`"` + row[c] + `"`)
			js.WriteString(`"` + c + `": ` + jsonString(row[c]))
		}
		csv.WriteString("\n")
		js.WriteString("}\n]\n")
		for _, format := range []struct {
			name, file, want string
			read             func(*data.Dataset, *data.Findings, string, []byte, Options)
			in               string
		}{
			{"csv", "d.csv", tt.wantCSV, ReadCSV, csv.String()},
			{"json", "d.json", tt.wantJSON, ReadJSON, js.String()},
		} {
			t.Run(tt.name+"/"+format.name, func(t *testing.T) {
				var ds data.Dataset
				var f data.Findings
				format.read(&ds, &f, format.file, []byte(format.in), Options{})
				err := f.FirstError()
				switch {
				case format.want == "" && err != nil:
					t.Fatalf("unexpected error: %v", err)
				case format.want == "" && len(ds.Obs) != 1:
					t.Fatalf("got %d observations, want 1", len(ds.Obs))
				case format.want == "":
					if o := ds.Obs[0]; o.Series+o.Note+o.Source == "" {
						t.Errorf("observation lost its text: %+v", o)
					}
				case err == nil:
					t.Fatalf("read without error: %+v", ds.Obs)
				case !strings.HasPrefix(err.Error(), format.want):
					t.Fatalf("error\n  %v\nwant it to start with\n  %s", err, format.want)
				case strings.ContainsAny(err.Error(), "\x00\x1b\n\t\x7f\u0085"):
					t.Errorf("error holds the control character: %q", err)
				case len(ds.Obs) != 0:
					t.Errorf("kept %d observations", len(ds.Obs))
				}
			})
		}
	}
}

// jsonString writes s as a JSON string, control characters as \u escapes.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
