package sts

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
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
		want := fmt.Sprintf(f, args...)
		last := rapid.SampledFrom([]string{"", want, want + "x"}).Draw(t, "last")
		if got := sprintf(f, args, last); got != want {
			t.Fatalf("sprintf(%q, %v, %q) = %q, want %q", f, args, last, got, want)
		}
	})
}

// TestRepeatedWaitIsNotAllocatedAgain: most syncs of an OrderedReady
// rollout repeat the wait message of the one before; it is not built anew.
func TestRepeatedWaitIsNotAllocatedAgain(t *testing.T) {
	args := []any{"web-7", int32(10)}
	last := sprintf("waiting for %s to be available (minReadySeconds %d)", args, "")
	allocs := testing.AllocsPerRun(100, func() {
		if got := sprintf("waiting for %s to be available (minReadySeconds %d)", args, last); got != last {
			t.Fatalf("got %q", got)
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations for a repeated message", allocs)
	}
}
