package script

import (
	"fmt"
	"strconv"
	"strings"
)

// modelledGates are the Kubernetes feature gates the simulator models.
var modelledGates = map[string]bool{"MaxUnavailableStatefulSet": true}

// featureGate sets a feature gate; it must come before the cluster
// exists.
func (r *Runner) featureGate(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: feature-gate NAME=true|false")
	}
	name, val, ok := strings.Cut(args[0], "=")
	if !ok {
		return fmt.Errorf("missing bool value for %s", name)
	}
	b, err := strconv.ParseBool(val)
	if err != nil {
		return fmt.Errorf("invalid value of %s=%s, err: %v", name, val, err)
	}
	if !modelledGates[name] {
		return fmt.Errorf("unrecognized feature gate: %s", name)
	}
	if r.c != nil {
		return errTooLate("feature-gate")
	}
	if r.gates == nil {
		r.gates = map[string]bool{}
	}
	r.gates[name] = b
	return nil
}
