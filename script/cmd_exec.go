package script

import (
	"fmt"
	"strings"

	"github.com/stsim/stsim/sim"
)

var execFlags = flagSpec{values: []string{"container", "namespace"}, bools: []string{"stdin", "tty", "quiet"}}

// exec runs a command in a container with the simulation's stand-ins and
// prints what it printed; a non-zero exit is reported as kubectl does.
func (r *Runner) exec(args []string) error {
	in, err := parseArgs("exec", args, execFlags)
	if err != nil {
		return err
	}
	if !in.dash {
		return usageError{"exec", "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead"}
	}
	if len(in.args) != 1 {
		return fmt.Errorf("pod, type/name or --filename must be specified")
	}
	if len(in.rest) == 0 {
		return fmt.Errorf("you must specify at least one command for the container")
	}
	qname := qualify(r.namespaceOf(in), podName(in.args[0]))
	ct := in.vals["container"]
	if ct == "" && !in.bools["quiet"] {
		r.defaulted(qname)
	}
	res, err := r.cluster().Exec(qname, ct, in.rest)
	if err != nil {
		return err
	}
	r.printf("%s", res.Output)
	if res.ExitCode != 0 {
		return exitError{res.ExitCode}
	}
	return nil
}

// podName accepts NAME, pod/NAME and po/NAME.
func podName(s string) string {
	for _, prefix := range []string{"pod/", "pods/", "po/"} {
		if name, ok := strings.CutPrefix(s, prefix); ok {
			return name
		}
	}
	return s
}

// defaulted prints kubectl's note when it picks one of several
// containers.
func (r *Runner) defaulted(qname string) {
	p, ok := r.cluster().Pod(qname)
	if !ok || p.Annotations[sim.DefaultContainerAnnotation] != "" || len(p.Spec.Containers) < 2 && len(p.Spec.InitContainers) == 0 {
		return
	}
	r.printf("Defaulted container %q out of: %s\n", p.Spec.Containers[0].Name, sim.ContainerNames(p))
}
