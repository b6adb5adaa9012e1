package script

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// TestPrompt renders kubectl commands, heredocs and the simulator's own
// commands as a terminal session shows them.
func TestPrompt(t *testing.T) {
	for src, want := range map[string]string{
		"get pods -o wide\n":                 "$ kubectl get pods -o wide\n",
		"exec web-0 -- sh -c 'echo a > f'\n": "$ kubectl exec web-0 -- sh -c 'echo a > f'\n",
		"run 30s\n":                          "[stsim] run 30s\n",
		"echo hello\n":                       "",
		"apply <<EOF\nkind: X\nEOF\n":        "$ kubectl apply -f - <<EOF\nkind: X\nEOF\n",
		"apply -f - <<END\nkind: X\nEND\n":   "$ kubectl apply -f - <<EOF\nkind: X\nEOF\n",
	} {
		if got := Prompt(Parse(src)[0]); got != want {
			t.Errorf("Prompt(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestPromptsOption prints each command before its output and sets off
// echoes after the first command with a blank line.
func TestPromptsOption(t *testing.T) {
	var out bytes.Buffer
	src := "echo one\nnamespace shop\necho two\nget ns shop -o name\n"
	if err := New(&out, Options{Trace: TraceNone, Prompts: true}).Run(Parse(src)); err != nil {
		t.Fatal(err)
	}
	want := "one\n[stsim] namespace shop\n\ntwo\n$ kubectl get ns shop -o name\nnamespace/shop\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// TestApplyFromFS reads `apply -f` files and directories from Options.FS,
// relative to Options.Dir.
func TestApplyFromFS(t *testing.T) {
	ns := func(name string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n")}
	}
	fsys := fstest.MapFS{
		"ex/a.yaml":         ns("a"),
		"ex/more/b.yml":     ns("b"),
		"ex/more/c.json":    {Data: []byte(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"c"}}`)},
		"ex/more/notes.txt": {Data: []byte("not a manifest")},
	}
	var out bytes.Buffer
	src := "apply -f a.yaml\napply -f more\napply -f missing.yaml\napply -f /etc/passwd\napply -f ../ex/a.yaml\n"
	if err := New(&out, Options{Trace: TraceNone, FS: fsys, Dir: "ex"}).Run(Parse(src)); err != nil {
		t.Fatal(err)
	}
	want := "namespace/a created\nnamespace/b created\nnamespace/c created\n" +
		"error: the path \"missing.yaml\" does not exist\n" +
		"error: the path \"/etc/passwd\" does not exist\n" +
		"namespace/a unchanged\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
