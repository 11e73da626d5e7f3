package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/report"
)

// Exit codes (docs/design.md, Exit codes).
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitValidation  = 3
	exitChanged     = 4
	exitInterrupted = 130
)

// FlagError is a usage error: a bad flag, argument or flag value. Exit 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// usageErrorf returns a FlagError.
func usageErrorf(format string, a ...any) error {
	return &FlagError{fmt.Errorf(format, a...)}
}

// ValidationError says that `ceb data validate` found errors; the findings
// were already written. Exit 3.
type ValidationError struct{ Errors, Warnings int }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("validation failed: %d error(s), %d warning(s)", e.Errors, e.Warnings)
}

// ChangedError says that `ceb diff --fail-on-change` found a press figure
// that changed; the changes were already written. Exit 4.
type ChangedError struct{}

func (e *ChangedError) Error() string { return "a press figure changed" }

// exitCode maps an error from a command to the process exit code: this is
// the only place that knows the codes.
func exitCode(err error) int {
	var fe *FlagError
	var oe *data.OptionError
	var qe *report.QueryError
	var ve *ValidationError
	var ce *ChangedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &fe), errors.As(err, &oe), errors.As(err, &qe):
		return exitUsage
	case errors.As(err, &ve):
		return exitValidation
	case errors.As(err, &ce):
		return exitChanged
	}
	return exitFailure
}

// flagHints words the remedies that library findings suggest in terms of
// ceb's own flags.
var flagHints = map[data.Hint]string{
	data.HintPath:        "check the path",
	data.HintSymlinkLoop: "point --data at the real file",
	data.HintMaxInput:    "split the file or raise --max-input",
	data.HintEncoding:    "if the file is GB18030 or GBK, pass --encoding gb18030",
	data.HintSaveUTF8:    "save the file as UTF-8 or pass --encoding gb18030",
	data.HintVintage:     "give its release date to ceb data import --vintage YYYY-MM-DD (data validate takes --vintage too) so revisions rank correctly",
	data.HintLayouts:     "see ceb data import --help",
	data.HintCoverage:    "see ceb data list",
	data.HintTo:          "pass --to",
	data.HintPeriod:      "pass --period",
	data.HintSpan:        "pass --from and --to",
	data.HintSpanOrFreq:  "pass --from and --to or another --freq",
	data.HintCompare:     "see ceb stats compare",
	data.HintFlow:        "import it with ceb data import FILE --flow export (or import)",
}

func flagHint(h data.Hint) string { return flagHints[h] }

// withFlagHints returns the findings with their hints worded as flags, for
// output.
func withFlagHints(fs []data.Finding) []data.Finding {
	out := make([]data.Finding, len(fs))
	for i, fd := range fs {
		fd.Message, fd.Hint = fd.Full(flagHint), data.NoHint
		out[i] = fd
	}
	return out
}

// errorText is the one line printed for err: library errors word their
// remedies and options in the library's terms, and here they get ceb's
// flags and commands.
func errorText(err error) string {
	msg := err.Error()
	var fd *data.Finding
	if errors.As(err, &fd) {
		msg = strings.Replace(msg, fd.Error(), fd.Text(flagHint), 1)
	}
	var oe *data.OptionError
	if errors.As(err, &oe) {
		msg = strings.Replace(msg, oe.Error(), "--"+oe.Error(), 1)
	}
	var me *data.MissingError
	if errors.As(err, &me) && len(me.Covered) == 0 {
		msg = strings.Replace(msg, me.Error(), me.Error()+" (see ceb data list)", 1)
	}
	return msg
}
