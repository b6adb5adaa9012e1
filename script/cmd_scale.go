package script

import (
	"fmt"
	"strconv"
)

var scaleFlags = flagSpec{values: []string{"replicas", "namespace"}}

// scale sets spec.replicas of a StatefulSet.
func (r *Runner) scale(args []string) error {
	in, err := parseArgs("scale", args, scaleFlags)
	if err != nil {
		return err
	}
	res, name, err := oneTarget(in.args)
	if err != nil {
		return err
	}
	v, ok := in.vals["replicas"]
	if !ok {
		return fmt.Errorf(`required flag(s) "replicas" not set`)
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 0 {
		return kubectlError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
	}
	if res.plural != "statefulsets" {
		return fmt.Errorf("no scaler has been implemented for {%q %q}", res.group, res.kind)
	}
	if err := r.cluster().Scale(qualify(r.namespaceOf(in), name), int32(n)); err != nil {
		return err
	}
	r.printf("statefulset.apps/%s scaled\n", name)
	return nil
}
