package script

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/*.txt")

// TestGolden runs every testdata/*.txt script and compares its output, trace
// and errors included, with the .golden file beside it. A first line
// "# options: --trace=none --strict --seed=N" sets the runner's options.
// Run with -update to rewrite the goldens.
func TestGolden(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in testdata: %v", err)
	}
	for _, path := range scripts {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) { golden(t, path) })
	}
}

func golden(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := testOptions(string(src))
	if err != nil {
		t.Fatal(err)
	}
	opts.Dir, opts.Name = "testdata", path
	var out bytes.Buffer
	if err := New(&out, opts).Run(Parse(string(src))); err != nil {
		fmt.Fprintf(&out, "run error: %v\n", err)
	}
	goldenPath := strings.TrimSuffix(path, ".txt") + ".golden"
	if *update {
		if err := os.WriteFile(goldenPath, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("%s: output differs from %s (run with -update to accept):\n%s", path, goldenPath, firstDiff(string(want), got))
	}
}

// testOptions reads the "# options:" line of a test script.
func testOptions(src string) (Options, error) {
	var opts Options
	first, _, _ := strings.Cut(src, "\n")
	flags, ok := strings.CutPrefix(first, "# options:")
	if !ok {
		return opts, nil
	}
	for _, f := range strings.Fields(flags) {
		name, val, _ := strings.Cut(f, "=")
		switch name {
		case "--trace":
			opts.Trace = map[string]TraceMode{"text": TraceText, "json": TraceJSON, "none": TraceNone}[val]
		case "--strict":
			opts.Strict = true
		case "--check":
			opts.Check = true
		case "--seed":
			n, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				return opts, err
			}
			opts.Seed = n
		default:
			return opts, fmt.Errorf("unknown test option %q", f)
		}
	}
	return opts, nil
}

// firstDiff shows the first line where got differs from want.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, wl, gl)
		}
	}
	return "(no line differs: trailing newline?)"
}
