package data

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// Severity of a Finding.
type Severity string

// Severities: an error makes the input unusable; a warning is a consistency
// problem worth a look (an error when validation is strict).
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Hint names the remedy a finding suggests, so that a caller can word it in
// its own terms: a command line names its flag, a library user its option.
// String gives a wording that names neither.
type Hint int

// The remedies findings suggest.
const (
	NoHint          Hint = iota
	HintPath             // the input path is wrong
	HintSymlinkLoop      // the path is a symbolic link loop
	HintMaxInput         // the input is larger than the size limit
	HintEncoding         // the text is not UTF-8; it may be GB18030
	HintSaveUTF8         // a field is not UTF-8
	HintVintage          // a table has no release date
	HintLayouts          // a file is in no layout ceb knows
	HintCoverage         // the data has nothing for what was asked
	HintTo               // no later period could be chosen for a span
	HintPeriod           // no period of the kind could be chosen
	HintSpan             // no span could be chosen
	HintSpanOrFreq       // no span of the frequency could be chosen
	HintCompare          // two series have no period in common
	HintFlow             // a table does not say which flow it holds
)

var hintText = [...]string{
	HintPath:        "check the path",
	HintSymlinkLoop: "point at the real file",
	HintMaxInput:    "split the file or raise the input limit",
	HintEncoding:    "if the file is GB18030 or GBK, read it as gb18030",
	HintSaveUTF8:    "save the file as UTF-8 or read it as gb18030",
	HintVintage:     "give the release date so revisions rank correctly",
	HintLayouts:     "the layouts are listed in the documentation",
	HintCoverage:    "list what the data covers",
	HintTo:          "name the later period",
	HintPeriod:      "name the period",
	HintSpan:        "name the first and last period",
	HintSpanOrFreq:  "name the first and last period or another frequency",
	HintCompare:     "compare the two series period by period",
	HintFlow:        "say whether the file holds exports or imports",
}

func (h Hint) String() string {
	if h <= NoHint || int(h) >= len(hintText) {
		return ""
	}
	return hintText[h]
}

// Finding is one problem in an input, located by file, line and column where
// they are known (0 when not), or a selection the data cannot serve (no
// file). It is also the error type of the loaders, so
// its text is the one-line message users see:
//
//	h1.csv:14:4: column value: "1,2x" is not a number: misplaced thousands separator
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Hint is the remedy, worded by the caller (see Hint); Message does not
	// include it.
	Hint Hint `json:"-"`
	// Check names the consistency check that found it, for validation.
	Check string `json:"check,omitempty"`
	cause error
}

func (f *Finding) Error() string { return f.Text(Hint.String) }

// Text is the finding's one line, with the hint worded by word.
func (f *Finding) Text(word func(Hint) string) string {
	var b strings.Builder
	b.WriteString(QuoteName(f.File))
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d", f.Line)
		if f.Col > 0 {
			fmt.Fprintf(&b, ":%d", f.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(f.Full(word))
	return b.String()
}

// QuoteName returns a file name as it can be shown on one line of a
// terminal: unchanged when every character is printable (spaces and Chinese
// included), else Go-quoted ("a\nb.csv"), so that a newline, a carriage
// return or an escape sequence in a name can neither split a finding nor
// drive the terminal.
func QuoteName(name string) string {
	if !utf8.ValidString(name) {
		return strconv.Quote(name)
	}
	for _, r := range name {
		if !strconv.IsPrint(r) {
			return strconv.Quote(name)
		}
	}
	return name
}

// Full is the message followed by the hint as word puts it.
func (f *Finding) Full(word func(Hint) string) string {
	if h := word(f.Hint); f.Hint != NoHint && h != "" {
		return f.Message + "; " + h
	}
	return f.Message
}

// Unwrap returns the sentinel cause (ErrNumber, ErrPeriod, ErrUnit, …) when
// there is one.
func (f *Finding) Unwrap() error { return f.cause }

// Findings collects problems while an input is read.
type Findings struct {
	List []Finding
}

// Add records a finding.
func (fs *Findings) Add(sev Severity, file string, line, col int, cause error, format string, a ...any) {
	fs.List = append(fs.List, Finding{File: file, Line: line, Col: col, Severity: sev, Message: fmt.Sprintf(format, a...), cause: cause})
}

// AddHint records a finding with a remedy.
func (fs *Findings) AddHint(sev Severity, file string, line int, h Hint, format string, a ...any) {
	fs.List = append(fs.List, Finding{File: file, Line: line, Severity: sev, Message: fmt.Sprintf(format, a...), Hint: h})
}

// FirstError returns the first error-severity finding, or nil.
func (fs *Findings) FirstError() error {
	for i := range fs.List {
		if fs.List[i].Severity == SevError {
			f := fs.List[i]
			return &f
		}
	}
	return nil
}

// Fail returns a *Finding for a problem that stops reading an input.
func Fail(file string, line int, format string, a ...any) error {
	return &Finding{File: file, Line: line, Severity: SevError, Message: fmt.Sprintf(format, a...)}
}

// FailHint is Fail with a remedy.
func FailHint(file string, line int, h Hint, format string, a ...any) error {
	return &Finding{File: file, Line: line, Severity: SevError, Message: fmt.Sprintf(format, a...), Hint: h}
}

// FileError turns an error opening or reading path into a *Finding that
// says what to do.
func FileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var f *Finding
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f = &Finding{File: path, Severity: SevError, Message: "no such file or directory", Hint: HintPath}
	case errors.Is(err, fs.ErrPermission):
		f = &Finding{File: path, Severity: SevError, Message: "permission denied; make the file readable"}
	case errors.Is(err, syscall.ELOOP):
		f = &Finding{File: path, Severity: SevError, Message: "a symbolic link loop", Hint: HintSymlinkLoop}
	default:
		f = &Finding{File: path, Severity: SevError, Message: err.Error()}
	}
	f.cause = err // errors.Is(err, fs.ErrNotExist) and the like still hold
	return f
}

// IsIO reports whether err says that an input could not be read at all (a
// missing file, a permission, a link loop), as against bad content.
func IsIO(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.ELOOP)
}

// OptionError is an invalid option value given to a library function. The
// caller names the option in its own terms (a command line, its flag).
type OptionError struct {
	Option string // the option's name, e.g. "dims"
	Value  string // the value given, when one is to blame
	Err    error
}

func (e *OptionError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("%s %q: %v", e.Option, e.Value, e.Err)
	}
	return e.Option + ": " + e.Err.Error()
}
func (e *OptionError) Unwrap() error { return e.Err }

// ControlChar returns the first control character of s (C0, DEL or C1),
// if any, passing over tabs and line breaks when breaks is set (free text:
// a source, a note). A name or code holding one would make another series
// or partner in silence, or drive a terminal; the readers refuse it.
func ControlChar(s string, breaks bool) (rune, bool) {
	for _, r := range s {
		if !unicode.IsControl(r) || breaks && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		return r, true
	}
	return 0, false
}

// EscapeControl writes each control character of s as its Go escape
// (\x1b, \n, \u0085), so that text from the data can be shown on a
// terminal or a page without acting on it; other text is unchanged.
func EscapeControl(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
