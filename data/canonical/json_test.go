package canonical

import (
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/data"
)

const jsonRowA = `{"series": "cbec", "flow": "total", "period": "2024", "value": 1}`
const jsonRowB = `{"series": "cbec", "flow": "total", "period": "2023", "value": 2}`

// TestReadJSONNothingDropped: what a JSON file holds is read or refused,
// never dropped: a second array (two files joined with cat) and a key given
// twice in one object are errors naming file, line and column.
func TestReadJSONNothingDropped(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the first error, "" for none
		obs      int
	}{
		{"one array", "[\n" + jsonRowA + ",\n" + jsonRowB + "\n]\n", "", 2},
		{"two arrays joined by cat", "[\n" + jsonRowA + "\n]\n[\n" + jsonRowB + "\n]\n",
			"d.json:4:1: more JSON after the array of observations ends", 1},
		{"two arrays on one line", "[" + jsonRowA + "] [" + jsonRowB + "]",
			"d.json:1:69: more JSON after the array", 1},
		{"an object after the array", "[\n" + jsonRowA + "\n]\n" + jsonRowB + "\n",
			"d.json:4:1: more JSON after the array", 1},
		{"trailing white space", "[\n" + jsonRowA + "\n]\n\n  \t\n", "", 1},
		{"value twice", "[\n" + `{"series": "cbec", "flow": "total", "period": "2024", "value": 1, "value": 2}` + "\n]",
			`d.json:2:67: object 1: key "value" given twice (also "value" at line 2, column 55); keep one`, 0},
		{"series twice on two lines", "[\n{\"series\": \"cbec\", \"flow\": \"total\",\n \"period\": \"2024\", \"value\": 1,\n \"series\": \"trade\"}\n]",
			`d.json:4:2: object 1: key "series" given twice (also "series" at line 2, column 2)`, 0},
		{"alias twice", "[\n" + `{"series": "cbec", "flow": "total", "period": "2024", "value": 1, "hs": "85", "hs_code": "84"}` + "\n]",
			`d.json:2:79: object 1: key "hs_code" given twice (also "hs" at line 2, column 67)`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ds data.Dataset
			var f data.Findings
			ReadJSON(&ds, &f, "d.json", []byte(tt.in), Options{})
			err := f.FirstError()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("read without error (%d observations), want %s", len(ds.Obs), tt.want)
			case tt.want != "" && !strings.HasPrefix(err.Error(), tt.want):
				t.Fatalf("error\n  %v\nwant it to start with\n  %s", err, tt.want)
			}
			if len(ds.Obs) != tt.obs {
				t.Errorf("got %d observations, want %d", len(ds.Obs), tt.obs)
			}
		})
	}
}
