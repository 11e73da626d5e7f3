package data

import (
	"strings"
	"testing"
)

// TestFindingFileNameOneLine: a file name with a newline, a carriage return
// or an escape sequence is quoted, so that a finding stays one line and a
// terminal shows the name instead of obeying it.
func TestFindingFileNameOneLine(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"plain", "h1.csv", "h1.csv:3:4: bad"},
		{"space and Chinese", "数据 2024.csv", "数据 2024.csv:3:4: bad"},
		{"newline", "a\nb.csv", `"a\nb.csv":3:4: bad`},
		{"carriage return", "a\rb.csv", `"a\rb.csv":3:4: bad`},
		{"escape sequence", "\x1b[31mred.csv", `"\x1b[31mred.csv":3:4: bad`},
		{"NUL", "a\x00.csv", `"a\x00.csv":3:4: bad`},
		{"line separator", "a\u2028b.csv", `"a\u2028b.csv":3:4: bad`},
		{"invalid UTF-8", "a\xffb.csv", `"a\xffb.csv":3:4: bad`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Finding{File: tt.file, Line: 3, Col: 4, Severity: SevError, Message: "bad"}
			got := f.Error()
			if got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, "\n\r\x1b\x00") {
				t.Errorf("Error() holds a control character: %q", got)
			}
		})
	}
}
