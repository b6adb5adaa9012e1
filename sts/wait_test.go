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
		if got, want := sprintf(f, args), fmt.Sprintf(f, args...); got != want {
			t.Fatalf("sprintf(%q, %v) = %q, want %q", f, args, got, want)
		}
	})
}
