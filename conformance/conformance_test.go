package conformance

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	utilfeature "k8s.io/apiserver/pkg/util/feature"
	featuregatetesting "k8s.io/component-base/featuregate/testing"
	"k8s.io/kubernetes/pkg/features"
)

func gateName(on bool) string {
	if on {
		return "MaxUnavailableStatefulSet=true"
	}
	return "MaxUnavailableStatefulSet=false"
}

// TestCorpus runs every script of testdata with the gate on and off and
// compares every controller sync with the real controller.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	// Random histories kept as regression scripts: they run as random mode
	// runs them, going on past commands that fail.
	random, err := filepath.Glob("testdata/random/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 || len(random) == 0 {
		t.Fatalf("%d scripts in testdata, %d in testdata/random", len(files), len(random))
	}
	files = append(files, random...)
	for _, gate := range []bool{true, false} {
		t.Run(gateName(gate), func(t *testing.T) {
			featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.MaxUnavailableStatefulSet, gate)
			for _, f := range files {
				name := strings.TrimSuffix(strings.TrimPrefix(f, "testdata/"), ".txt")
				t.Run(name, func(t *testing.T) {
					var res *Result
					var err error
					if strings.HasPrefix(name, "random/") {
						res, err = replayFile(f, gate)
					} else {
						res, err = RunScriptFile(context.Background(), f, gate)
					}
					if res != nil && res.Failure != nil {
						t.Fatal(res.Failure.Report(f))
					}
					if err != nil {
						t.Fatalf("%s: %v\n%s", f, err, res.Output)
					}
					if res.Syncs == 0 {
						t.Fatalf("%s: no controller sync", f)
					}
					t.Logf("%d syncs agree", res.Syncs)
				})
			}
		})
	}
}

// TestReplay runs the script named by CONFORMANCE_REPLAY (a random
// history saved from a failure report) as random mode runs it: commands
// that fail do not stop it. It is skipped without the variable.
func TestReplay(t *testing.T) {
	path := os.Getenv("CONFORMANCE_REPLAY")
	if path == "" {
		t.Skip("set CONFORMANCE_REPLAY=FILE to replay a script")
	}
	for _, gate := range []bool{true, false} {
		t.Run(gateName(gate), func(t *testing.T) {
			featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.MaxUnavailableStatefulSet, gate)
			res, err := replayFile(path, gate)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failure != nil {
				t.Fatal(res.Failure.Report(path))
			}
			t.Logf("%d syncs agree", res.Syncs)
		})
	}
}

// replayFile runs a script as random mode runs it: commands that fail do
// not stop it.
func replayFile(path string, gate bool) (*Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return RunScript(context.Background(), path, filepath.Dir(path), string(src), gate, false)
}
