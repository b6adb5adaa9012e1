package script

import (
	"errors"
	"fmt"
	"strings"

	"github.com/stsim/stsim/api"
)

// CommandError is the error that stops a Strict run: the first command
// that failed.
type CommandError struct {
	Line    int
	Command string
	Err     error
}

// Error returns "line N: COMMAND: stopped at the first error".
func (e *CommandError) Error() string {
	return fmt.Sprintf("line %d: %s: stopped at the first error (--strict)", e.Line, e.Command)
}

// Unwrap returns the command's error.
func (e *CommandError) Unwrap() error { return e.Err }

// exitError is a command run by exec that exited non-zero; kubectl says
// so on its own line.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("command terminated with exit code %d", e.code) }

// reported is an error whose message the handler has printed already; it
// still counts as the command's error (for Strict).
type reported struct{ err error }

func (e reported) Error() string { return e.err.Error() }
func (e reported) Unwrap() error { return e.err }

// kubectlError is an error worded exactly as kubectl words it, capitals
// and final punctuation included.
type kubectlError string

func (e kubectlError) Error() string { return string(e) }

// usageError is kubectl's usage error: the message, then where to find
// help.
type usageError struct{ cmd, msg string }

func (e usageError) Error() string {
	return fmt.Sprintf("%s\nSee 'kubectl %s -h' for help and examples", e.msg, e.cmd)
}

// kubectl prints err as kubectl does: an API error as the API server's
// status, anything else after "error: ".
func kubectl(err error) string {
	var se *api.StatusError
	var ee exitError
	switch {
	case errors.As(err, &se):
		return se.Kubectl()
	case errors.As(err, &ee):
		return ee.Error() + "\n"
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "error: ") {
		msg = "error: " + msg
	}
	return strings.TrimSuffix(msg, "\n") + "\n"
}

// printErr prints a command's error unless its handler did.
func (r *Runner) printErr(err error) {
	var rep reported
	if errors.As(err, &rep) {
		return
	}
	r.printf("%s", kubectl(err))
}
