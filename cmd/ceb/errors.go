package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Exit codes (DESIGN §Exit codes).
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitValidation  = 3
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

// exitCode maps an error from a command to the process exit code: this is
// the only place that knows the codes.
func exitCode(err error) int {
	var fe *FlagError
	var ve *ValidationError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &fe), isCobraUsage(err):
		return exitUsage
	case errors.As(err, &ve):
		return exitValidation
	}
	return exitFailure
}

// isCobraUsage recognises the errors cobra itself raises for unknown
// commands and bad arguments, which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
