package data

import (
	"fmt"
	"strings"
)

// Severity of a Finding.
type Severity string

// Severities: an error makes the input unusable; a warning is a consistency
// problem worth a look (errors under `ceb data validate --strict`).
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Finding is one problem in an input, located by file, line and column where
// they are known (0 when not). It is also the error type of the loaders, so
// its text is the one-line message users see:
//
//	h1.csv:14:4: column value: "1,2x" is not a number: misplaced thousands separator
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	cause    error
}

func (f *Finding) Error() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d", f.Line)
		if f.Col > 0 {
			fmt.Fprintf(&b, ":%d", f.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	return b.String()
}

// Unwrap returns the sentinel cause (ErrNumber, ErrPeriod, ErrUnit, …) when
// there is one.
func (f *Finding) Unwrap() error { return f.cause }

// findings collects problems while an input is read.
type findings struct {
	list []Finding
}

func (fs *findings) add(sev Severity, file string, line, col int, cause error, format string, a ...any) {
	fs.list = append(fs.list, Finding{File: file, Line: line, Col: col, Severity: sev, Message: fmt.Sprintf(format, a...), cause: cause})
}

func (fs *findings) firstError() error {
	for i := range fs.list {
		if fs.list[i].Severity == SevError {
			f := fs.list[i]
			return &f
		}
	}
	return nil
}
