package script

import (
	"fmt"
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
)

var killFlags = flagSpec{values: []string{"container", "namespace"}}

// kill SIGKILLs a pod's containers now: `kill pod NAME [-c CONTAINER]`.
func (r *Runner) kill(args []string) error {
	in, err := parseArgs("kill", args, killFlags)
	if err != nil {
		return err
	}
	qname, err := r.podArg("kill", in)
	if err != nil {
		return err
	}
	if ct := in.vals["container"]; ct != "" {
		if err := r.hasContainer(qname, ct); err != nil {
			return err
		}
	}
	r.disrupt()
	return r.cluster().KillPod(qname)
}

// fail makes a pod Failed now, as an eviction does: `fail pod NAME`.
func (r *Runner) failPod(args []string) error {
	in, err := parseArgs("fail", args, flagSpec{values: []string{"namespace"}})
	if err != nil {
		return err
	}
	qname, err := r.podArg("fail", in)
	if err != nil {
		return err
	}
	r.disrupt()
	return r.cluster().FailPod(qname)
}

// readiness makes a pod's readiness probe succeed or fail from now on:
// `readiness pod NAME true|false`.
func (r *Runner) readiness(args []string) error {
	in, err := parseArgs("readiness", args, flagSpec{values: []string{"namespace"}})
	if err != nil {
		return err
	}
	if len(in.args) != 3 || in.args[0] != "pod" {
		return fmt.Errorf("usage: readiness pod NAME true|false")
	}
	ready, err := strconv.ParseBool(in.args[2])
	if err != nil {
		return fmt.Errorf("usage: readiness pod NAME true|false")
	}
	if !ready {
		r.disrupt()
	}
	return r.cluster().SetReadiness(qualify(r.namespaceOf(in), in.args[1]), ready)
}

// behave sets how containers behave: `behave image IMAGE BEHAVIOUR` or
// `behave pod NAME BEHAVIOUR`.
func (r *Runner) behave(args []string) error {
	in, err := parseArgs("behave", args, flagSpec{values: []string{"namespace"}})
	if err != nil {
		return err
	}
	if len(in.args) < 3 || in.args[0] != "image" && in.args[0] != "pod" {
		return fmt.Errorf("usage: behave image|pod NAME BEHAVIOUR")
	}
	b, err := sim.ParseBehaviour(in.args[2:]...)
	if err != nil {
		return err
	}
	c := r.cluster()
	if in.args[0] == "image" {
		c.BehaveImage(in.args[1], b)
	} else {
		c.BehavePod(qualify(r.namespaceOf(in), in.args[1]), b)
	}
	r.disrupt()
	return nil
}

// podArg reads the `pod NAME` operands of a fault command.
func (r *Runner) podArg(cmd string, in *input) (string, error) {
	if len(in.args) != 2 || in.args[0] != "pod" {
		return "", fmt.Errorf("usage: %s pod NAME", cmd)
	}
	return qualify(r.namespaceOf(in), in.args[1]), nil
}

// hasContainer checks -c against the pod's containers.
func (r *Runner) hasContainer(qname, ct string) error {
	p, ok := r.cluster().Pod(qname)
	if !ok {
		_, name := splitQualified(qname)
		return api.NewNotFound("pods", "", name)
	}
	for _, c := range p.Spec.Containers {
		if c.Name == ct {
			return nil
		}
	}
	return fmt.Errorf("container %s is not valid for pod %s out of: %s", ct, p.Name, sim.ContainerNames(p))
}
