package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimeline checks --timeline: it writes an SVG with a row per pod, and
// the trace and command output are the same as without it, in each trace
// mode.
func TestTimeline(t *testing.T) {
	dir := t.TempDir()
	for _, mode := range []string{"text", "json", "none"} {
		t.Run(mode, func(t *testing.T) {
			svg := filepath.Join(dir, mode+".svg")
			code, out, errOut := stsim(t, env{}, "run", "--trace="+mode, "--timeline", svg, "testdata/walkthrough.txt")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			_, plain, _ := stsim(t, env{}, "run", "--trace="+mode, "testdata/walkthrough.txt")
			if out != plain {
				t.Errorf("--timeline changed the output")
			}
			tf := [2]string{filepath.Join(dir, mode+"-a.trace"), filepath.Join(dir, mode+"-b.trace")}
			stsim(t, env{}, "run", "--trace="+mode, "--trace-file", tf[0], "--timeline", filepath.Join(dir, "x.svg"), "testdata/walkthrough.txt")
			stsim(t, env{}, "run", "--trace="+mode, "--trace-file", tf[1], "testdata/walkthrough.txt")
			a, err := os.ReadFile(tf[0])
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(tf[1])
			if err != nil {
				t.Fatal(err)
			}
			if string(a) != string(b) {
				t.Errorf("--timeline changed the trace file")
			}
			data, err := os.ReadFile(svg)
			if err != nil {
				t.Fatal(err)
			}
			var root struct {
				XMLName xml.Name
				ViewBox string `xml:"viewBox,attr"`
			}
			if err := xml.Unmarshal(data, &root); err != nil || root.XMLName.Local != "svg" || root.ViewBox == "" {
				t.Fatalf("not an SVG with a viewBox (%v): %.200s", err, data)
			}
			for _, pod := range []string{`data-pod="default/redis-sts-0"`, `data-pod="default/redis-sts-1"`} {
				if !strings.Contains(string(data), pod) {
					t.Errorf("no row for %s", pod)
				}
			}
		})
	}
	code, _, errOut := stsim(t, env{}, "run", "--trace=none", "--timeline", filepath.Join(dir, "no", "such", "dir.svg"), "testdata/walkthrough.txt")
	if code != exitFailed || !strings.Contains(errOut, "dir.svg") {
		t.Errorf("unwritable --timeline: exit %d, stderr %q", code, errOut)
	}
}
