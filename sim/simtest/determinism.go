package simtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
)

// CheckDeterminism plays the scenario twice, each time on a fresh cluster,
// and returns an error naming the first trace event at which the two JSON
// traces differ, or nil (DESIGN.md principle 1: same seed and inputs, same
// trace, byte for byte).
func CheckDeterminism(s Scenario) error {
	a, b := Trace(s), Trace(s)
	return firstDifference("first run", a, "second run", b)
}

// CheckScript plays the scenario with the kit and its Script with the
// script runner, and returns an error naming the first trace event at
// which they differ, or nil: the printed script is the scenario.
func CheckScript(s Scenario) error {
	var out bytes.Buffer
	r := script.New(&bytes.Buffer{}, script.Options{Trace: script.TraceJSON, TraceOut: &out})
	if err := r.Run(script.Parse(s.Script())); err != nil {
		return err
	}
	return firstDifference("kit", Trace(s), "script", out.String())
}

// Trace plays the scenario without invariants and returns its trace as
// JSON lines.
func Trace(s Scenario) string {
	c := sim.NewCluster(sim.Config{Seed: s.seed(), FeatureGates: s.Gates})
	_ = s.apply(c)
	for _, op := range s.Ops {
		_ = op.Apply(c, nil)
	}
	var b strings.Builder
	for _, e := range c.Trace() {
		j, err := json.Marshal(e)
		if err != nil {
			j = fmt.Appendf(nil, `{"error":%q}`, err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// firstDifference compares two traces line by line.
func firstDifference(an, a, bn, b string) error {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Errorf("traces differ at event %d:\n  %s: %s\n  %s: %s", i+1, an, al[i], bn, bl[i])
		}
	}
	if len(al) != len(bl) {
		return fmt.Errorf("traces differ in length: %s %d events, %s %d", an, len(al)-1, bn, len(bl)-1)
	}
	return nil
}
