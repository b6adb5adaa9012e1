package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// stsim runs the command line and returns its exit code and outputs.
func stsim(t *testing.T, e env, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut, e)
	return code, out.String(), errOut.String()
}

// TestJSONTraceIsDeterministic checks the contract's "the same seed and
// script give the same output, byte for byte" for --trace=json, and that
// every trace line is one JSON object whose first key is t, with the
// contract's keys.
func TestJSONTraceIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs, traces [2]string
	for i := range 2 {
		tf := filepath.Join(dir, fmt.Sprintf("trace%d.jsonl", i))
		code, out, errOut := stsim(t, env{}, "run", "--trace=json", "--trace-file", tf, "--seed", "3", "testdata/walkthrough.txt")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(tf)
		if err != nil {
			t.Fatal(err)
		}
		outs[i], traces[i] = out, string(b)
	}
	if outs[0] != outs[1] || traces[0] != traces[1] {
		t.Fatal("two runs of one script and seed differ")
	}
	if strings.Contains(outs[0], `{"t":`) {
		t.Error("--trace-file: trace events leaked onto stdout")
	}
	n := checkJSONLines(t, traces[0])
	if n < 20 {
		t.Errorf("only %d trace events", n)
	}
}

// TestJSONTraceOnStdout checks that with --trace=json and no trace file the
// events are JSON lines among the command output, and deterministic.
func TestJSONTraceOnStdout(t *testing.T) {
	_, a, _ := stsim(t, env{}, "run", "--trace=json", "testdata/walkthrough.txt")
	_, b, _ := stsim(t, env{}, "run", "--trace=json", "testdata/walkthrough.txt")
	if a != b {
		t.Fatal("two runs differ")
	}
	var events strings.Builder
	for line := range strings.Lines(a) {
		if strings.HasPrefix(line, "{") {
			events.WriteString(line)
		}
	}
	checkJSONLines(t, events.String())
}

// checkJSONLines parses every line and returns how many there were.
func checkJSONLines(t *testing.T, s string) int {
	t.Helper()
	n := 0
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		n++
		line := sc.Text()
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", n, err, line)
		}
		if !strings.HasPrefix(line, `{"t":`) {
			t.Errorf("line %d: first key is not t: %s", n, line)
		}
		for _, k := range []string{"t", "actor", "verb", "kind", "name", "namespace", "reason"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d lacks %q: %s", n, k, line)
			}
		}
	}
	return n
}

// plantedCheck is a faulty invariant that fails as soon as a pod exists.
func plantedCheck(c *sim.Cluster) []invariants.Violation {
	if len(c.Pods("")) == 0 {
		return nil
	}
	return []invariants.Violation{{Invariant: "planted", T: c.Now(), Message: "a pod exists"}}
}

// TestCheckStopsAtPlantedViolation checks that --check runs the invariants
// after every event and stops at the first violation with the seed and the
// last trace lines.
func TestCheckStopsAtPlantedViolation(t *testing.T) {
	code, out, _ := stsim(t, env{checks: []script.Check{plantedCheck}}, "run", "--check", "--seed", "5", "testdata/walkthrough.txt")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{
		"check failed: planted at t=0.005s: a pod exists\n",
		"  at line 3: run\n",
		"  seed 5; reproduce with: stsim run --check --seed 5 testdata/walkthrough.txt\n",
		"  last trace events:\n",
		"create  pod/redis-sts-0  ordinal 0 has no pod (replicas 2)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "redis-sts-1") || strings.Contains(out, "NAME") {
		t.Errorf("the run went on after the violation:\n%s", out)
	}
	report := out[strings.Index(out, "  last trace events:\n"):]
	if last := strings.TrimSpace(report[strings.LastIndex(strings.TrimSpace(report), "\n"):]); !strings.Contains(last, "pod/redis-sts-0") {
		t.Errorf("the violating event is not the last one reported: %q", last)
	}
}

// TestCheckPassesOnAGoodRun runs every real invariant after every event.
func TestCheckPassesOnAGoodRun(t *testing.T) {
	code, out, errOut := stsim(t, env{}, "run", "--check", "--trace=none", "testdata/walkthrough.txt")
	if code != exitOK || strings.Contains(out, "check failed") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
}

// TestSeedFlagOverridesScript checks that --seed wins over the script's
// seed command.
func TestSeedFlagOverridesScript(t *testing.T) {
	dir := t.TempDir()
	write := func(name, seed string) string {
		p := filepath.Join(dir, name)
		src := seed + "\napply -f " + filepath.Join(mustAbs(t, "testdata"), "redis-sts.yaml") + "\nrun\nget pods -o json\n"
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, flagged, _ := stsim(t, env{}, "run", "--seed", "7", write("a.txt", "seed 3"))
	_, seven, _ := stsim(t, env{}, "run", write("b.txt", "seed 7"))
	_, three, _ := stsim(t, env{}, "run", write("c.txt", "seed 3"))
	if flagged != seven {
		t.Error("--seed 7 does not give the run of seed 7")
	}
	if flagged == three {
		t.Error("seeds 3 and 7 give the same run: the test proves nothing")
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestStrictStopsAtFirstError checks --strict's exit code and that the
// script stops.
func TestStrictStopsAtFirstError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.txt")
	if err := os.WriteFile(p, []byte("echo one\nget pods nope\necho two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := stsim(t, env{}, "run", "--strict", p)
	if code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	if out != "one\nError from server (NotFound): pods \"nope\" not found\n" {
		t.Errorf("stdout %q", out)
	}
	if !strings.Contains(errOut, "line 2: get pods nope: stopped at the first error (--strict)") {
		t.Errorf("stderr %q", errOut)
	}
	code, out, _ = stsim(t, env{}, "run", p)
	if code != exitOK || !strings.HasSuffix(out, "two\n") {
		t.Errorf("without --strict: exit %d, %q", code, out)
	}
}

// TestUsage checks the exit codes of usage errors, help and version.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{nil, exitUsage, ""},
		{[]string{"frobnicate"}, exitUsage, ""},
		{[]string{"run"}, exitUsage, ""},
		{[]string{"run", "a.txt", "b.txt"}, exitUsage, ""},
		{[]string{"run", "--trace=xml", "testdata/walkthrough.txt"}, exitUsage, ""},
		{[]string{"run", "--bogus", "testdata/walkthrough.txt"}, exitUsage, ""},
		{[]string{"run", "testdata/missing.txt"}, exitFailed, ""},
		{[]string{"version"}, exitOK, "simulates Kubernetes v1.37.2"},
		{[]string{"help"}, exitOK, "stsim run [--seed N]"},
	} {
		code, out, _ := stsim(t, env{}, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("stsim %v: exit %d, want %d; output %q", tc.args, code, tc.code, out)
		}
	}
}

// TestFlagsAfterScript accepts flags on either side of SCRIPT.
func TestFlagsAfterScript(t *testing.T) {
	_, a, _ := stsim(t, env{}, "run", "--trace=none", "--seed=2", "testdata/walkthrough.txt")
	_, b, _ := stsim(t, env{}, "run", "testdata/walkthrough.txt", "--trace=none", "--seed=2")
	if a != b || strings.Contains(a, "statefulset-controller") {
		t.Errorf("flags after SCRIPT are not honoured:\n%s\n---\n%s", a, b)
	}
}
