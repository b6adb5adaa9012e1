package script

import (
	"bytes"
	"strings"
	"testing"
)

// TestEventsComeBeforeOutput: the trace events a command causes are
// printed before the command's own output.
func TestEventsComeBeforeOutput(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, Options{})
	src := "apply <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\nEOF\n"
	if err := r.Run(Parse(src)); err != nil {
		t.Fatal(err)
	}
	want := "   0.000s  user  create  pod/p  created\npod/p created\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// TestTraceOut sends the trace to its own writer.
func TestTraceOut(t *testing.T) {
	var out, trace bytes.Buffer
	r := New(&out, Options{Trace: TraceJSON, TraceOut: &trace})
	if err := r.Run(Parse("namespace shop\necho done\n")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "done\n" {
		t.Errorf("output %q", out.String())
	}
	if !strings.HasPrefix(trace.String(), `{"t":0,"actor":"user","verb":"create","kind":"Namespace","name":"shop"`) {
		t.Errorf("trace %q", trace.String())
	}
}

// TestStrict stops at the first error with its line.
func TestStrict(t *testing.T) {
	var out bytes.Buffer
	err := New(&out, Options{Strict: true, Trace: TraceNone}).Run(Parse("echo a\nbogus x\necho b\n"))
	if err == nil || err.Error() != "line 2: bogus x: stopped at the first error (--strict)" {
		t.Fatalf("err %v", err)
	}
	if out.String() != "a\nerror: unknown command \"bogus\"\n" {
		t.Errorf("output %q", out.String())
	}
}

// TestHeredocOnlyWhereAllowed: only apply and patch read a heredoc.
func TestHeredocOnlyWhereAllowed(t *testing.T) {
	var out bytes.Buffer
	_ = New(&out, Options{}).Run(Parse("echo <<EOF\nx\nEOF\n"))
	if out.String() != "error: echo does not take a heredoc\n" {
		t.Errorf("output %q", out.String())
	}
}
