package sts

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
)

// sprintf writes what fmt.Sprintf writes, for the wait messages' verbs
// (mostly drawn to match their arguments, the fast path) and for anything
// else (which it hands to fmt).
func TestSprintf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var format strings.Builder
		var args []any
		for i := range rapid.IntRange(0, 4).Draw(t, "n") {
			format.WriteString(rapid.SampledFrom([]string{"", "waiting for ", " (", "%%", "%"}).Draw(t, fmt.Sprint("text", i)))
			var arg any
			verb := "%s"
			switch rapid.IntRange(0, 3).Draw(t, fmt.Sprint("kind", i)) {
			case 0:
				arg = rapid.String().Draw(t, fmt.Sprint("string", i))
			case 1:
				arg, verb = rapid.Int32().Draw(t, fmt.Sprint("int32", i)), "%d"
			case 2:
				arg, verb = rapid.Int().Draw(t, fmt.Sprint("int", i)), "%d"
			case 3:
				arg = rapid.Bool().Draw(t, fmt.Sprint("bool", i))
			}
			if rapid.IntRange(0, 4).Draw(t, fmt.Sprint("mismatch", i)) == 0 {
				verb = rapid.SampledFrom([]string{"%s", "%d", "%q", "%v"}).Draw(t, fmt.Sprint("verb", i))
			}
			format.WriteString(verb)
			if rapid.IntRange(0, 9).Draw(t, fmt.Sprint("missing", i)) > 0 {
				args = append(args, arg)
			}
		}
		f := format.String()
		if got, want := sprintf(f, args), fmt.Sprintf(f, args...); got != want {
			t.Fatalf("sprintf(%q, %v) = %q, want %q", f, args, got, want)
		}
	})
}

// TestWaitMemo: the memo gives fmt.Sprintf's message for any sequence of
// waits, repeated or not, and formats a repeated one no more.
func TestWaitMemo(t *testing.T) {
	formats := []string{"waiting for %s to terminate", "waiting for %s (%s) to be deleted", "%d of %s", "%v"}
	values := []any{"web-0", "web-1", int32(3), 3, api.PodFailed, true}
	rapid.Check(t, func(t *rapid.T) {
		var m waitMemo
		for i := range rapid.IntRange(1, 20).Draw(t, "waits") {
			f := rapid.SampledFrom(formats).Draw(t, fmt.Sprint("format", i))
			args := rapid.SliceOfN(rapid.SampledFrom(values), 0, 2).Draw(t, fmt.Sprint("args", i))
			if got, want := m.message(f, args), fmt.Sprintf(f, args...); got != want {
				t.Fatalf("message(%q, %v) = %q, want %q", f, args, got, want)
			}
		}
	})
	var m waitMemo
	args := []any{"web-7", int32(10)}
	m.message("waiting for %s to be available (minReadySeconds %d)", args)
	if allocs := testing.AllocsPerRun(100, func() {
		m.message("waiting for %s to be available (minReadySeconds %d)", args)
	}); allocs != 0 {
		t.Fatalf("%v allocations for a repeated wait", allocs)
	}
}
