package sts

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// boxed returns args as fmt.Sprintf's arguments.
func boxed(args []string) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
	}
	return out
}

// sprintf writes what fmt.Sprintf writes, for the wait messages' verb %s
// (mostly, the fast path) and for anything else (which it hands to fmt):
// other verbs, missing and extra arguments, a trailing %.
func TestSprintf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var format strings.Builder
		var args []string
		for i := range rapid.IntRange(0, 4).Draw(t, "n") {
			format.WriteString(rapid.SampledFrom([]string{"", "waiting for ", " (", "%%", "%"}).Draw(t, fmt.Sprint("text", i)))
			verb := "%s"
			if rapid.IntRange(0, 4).Draw(t, fmt.Sprint("mismatch", i)) == 0 {
				verb = rapid.SampledFrom([]string{"%d", "%q", "%v", ""}).Draw(t, fmt.Sprint("verb", i))
			}
			format.WriteString(verb)
			if rapid.IntRange(0, 9).Draw(t, fmt.Sprint("missing", i)) > 0 {
				args = append(args, rapid.String().Draw(t, fmt.Sprint("arg", i)))
			}
		}
		f := format.String()
		if got, want := sprintf(f, args), fmt.Sprintf(f, boxed(args)...); got != want {
			t.Fatalf("sprintf(%q, %q) = %q, want %q", f, args, got, want)
		}
	})
}

// TestWaitMemo: the memo gives fmt.Sprintf's message for any sequence of
// waits, repeated or not, and a repeated one costs no allocation: neither
// the message nor its arguments (strings, not boxed).
func TestWaitMemo(t *testing.T) {
	formats := []string{"waiting for %s to terminate", "waiting for %s (%s) to be deleted", "%s of %s", "%d"}
	values := []string{"web-0", "web-1", "3", ""}
	rapid.Check(t, func(t *rapid.T) {
		var m waitMemo
		for i := range rapid.IntRange(1, 20).Draw(t, "waits") {
			f := rapid.SampledFrom(formats).Draw(t, fmt.Sprint("format", i))
			args := rapid.SliceOfN(rapid.SampledFrom(values), 0, 2).Draw(t, fmt.Sprint("args", i))
			if got, want := m.message(f, args), fmt.Sprintf(f, boxed(args)...); got != want {
				t.Fatalf("message(%q, %q) = %q, want %q", f, args, got, want)
			}
		}
	})
	var s sync
	s.Pods = NewIndex(newSet("web", 1))
	name := PodName("web", 7)
	s.wait("waiting for %s to be Running and Ready%s", name, "")
	if allocs := testing.AllocsPerRun(100, func() {
		s.wait("waiting for %s to be Running and Ready%s", name, "")
	}); allocs != 0 {
		t.Fatalf("%v allocations for a repeated wait", allocs)
	}
}
