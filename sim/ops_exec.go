package sim

import (
	"fmt"
	"strings"

	"github.com/stsim/stsim/api"
)

// ExecResult is what a command run by Exec printed (its standard output and
// error, interleaved as a terminal shows them) and its exit code.
type ExecResult struct {
	Output   string
	ExitCode int
}

// DefaultContainerAnnotation names the container kubectl exec and logs pick
// when none is given (upstream: kubectl.kubernetes.io/default-container).
const DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

// Exec runs argv in a container of the named pod ("" container: the default
// one) and returns what it printed. The container runs a small,
// deterministic stand-in for a shell's userland: hostname, env, cat, ls,
// rm, mkdir, echo and `sh -c` with `>`/`>>` redirections, `;`, `&&`, `||`
// and $VAR expansion. Files live in memory: a container's root filesystem
// lasts as long as the container (a restart starts afresh), a volume as
// long as the pod incarnation. Writing to /proc/1/fd/1 appends to the
// container's log. An unknown command fails as a real container does (exit
// code 127).
//
// The error cases are the API server's and kubectl's: an unknown pod, a
// completed pod, an unknown container, a pod with no node yet, a container
// that is not running.
func (c *Cluster) Exec(pod, container string, argv []string) (ExecResult, error) {
	if len(argv) == 0 {
		return ExecResult{}, fmt.Errorf("you must specify at least one command for the container")
	}
	t, err := c.execTarget(pod, container)
	if err != nil {
		return ExecResult{}, err
	}
	sh := &shell{c: c, t: t, fs: c.containerFS(t)}
	out, code := sh.exec(argv, true)
	return ExecResult{Output: out, ExitCode: code}, nil
}

// target is one running container of one pod incarnation.
type target struct {
	pod *api.Pod
	ct  *api.Container
	rt  *container
}

// key names the container's current start.
func (t target) key() containerKey {
	return containerKey{uid: t.pod.UID, container: t.ct.Name, started: int64(t.rt.started)}
}

// execTarget finds a running container, with kubectl's and the API
// server's errors.
func (c *Cluster) execTarget(pod, name string) (target, error) {
	k := splitName(pod)
	p := c.pod(k)
	if p == nil {
		return target{}, api.NewNotFound("pods", "", k.name)
	}
	if p.Status.Phase == api.PodSucceeded || p.Status.Phase == api.PodFailed {
		return target{}, fmt.Errorf("cannot exec into a container in a completed pod; current phase is %s", p.Status.Phase)
	}
	ct, err := findContainer(p, name)
	if err != nil {
		return target{}, err
	}
	if p.Spec.NodeName == "" {
		return target{}, api.NewBadRequest(fmt.Sprintf("pod %s does not have a host assigned", p.Name))
	}
	if err := c.kubeletUnreachable(p.Spec.NodeName); err != nil {
		return target{}, err // nodes.go: a node that is down or gone
	}
	rt := c.kubelet.pods[p.UID]
	if rt == nil || !rt.running {
		return target{}, fmt.Errorf("unable to upgrade connection: container not found (%q)", ct.Name)
	}
	return target{pod: p, ct: ct, rt: rt}, nil
}

// findContainer returns the named container, or the default one.
func findContainer(p *api.Pod, name string) (*api.Container, error) {
	if name == "" {
		name = DefaultContainer(p)
	}
	for i := range p.Spec.Containers {
		if p.Spec.Containers[i].Name == name {
			return &p.Spec.Containers[i], nil
		}
	}
	return nil, fmt.Errorf("container %s is not valid for pod %s out of: %s", name, p.Name, ContainerNames(p))
}

// DefaultContainer returns the container kubectl picks when none is given:
// the one the default-container annotation names, else the first.
func DefaultContainer(p *api.Pod) string {
	if n := p.Annotations[DefaultContainerAnnotation]; n != "" {
		return n
	}
	if len(p.Spec.Containers) == 0 {
		return ""
	}
	return p.Spec.Containers[0].Name
}

// ContainerNames lists the pod's containers as kubectl's messages do:
// "a, b, setup (init)" (upstream: podcmd.AllContainerNames).
func ContainerNames(p *api.Pod) string {
	var names []string
	for _, ct := range p.Spec.Containers {
		names = append(names, ct.Name)
	}
	for _, ct := range p.Spec.InitContainers {
		names = append(names, ct.Name+" (init)")
	}
	return strings.Join(names, ", ")
}
