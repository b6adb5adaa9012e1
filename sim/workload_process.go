package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// Process is a workload's view of its container: what a process in a pod
// sees (hostname, environment, files, DNS, the network) and what it can do
// (log, listen and dial, schedule work on virtual time, report readiness,
// exit, add exec commands). Its methods are to be called from the
// workload's own callbacks, on the event loop.
type Process struct {
	c      *Cluster
	w      Workload
	id     uint64
	key    key
	uid    string
	pod    *api.Pod // the pod as the container started
	ct     *api.Container
	rt     *container
	start  time.Duration // the container start (rt.started)
	ip     string
	state  procState
	killAt time.Duration // when terminating: SIGKILL time
	rng    *rand.Rand

	reportsReady, ready bool
	conns               []*Conn
	ports               []int
	cmds                map[string]CommandFunc
}

type procState uint8

const (
	procCreated     procState = iota // Start not called yet
	procRunning                      // started
	procTerminating                  // SIGTERM received
	procExited                       // exited or killed
)

// Alive reports whether the process is still running: started and not
// exited, killed, or past its termination deadline.
func (p *Process) Alive() bool {
	switch p.state {
	case procCreated, procRunning:
		rt := p.c.kubelet.pods[p.uid]
		return rt == p.rt && rt.running && rt.started == p.start
	case procTerminating:
		return p.c.eng.now < p.killAt
	}
	return false
}

// Terminating reports whether the process got SIGTERM and is shutting
// down.
func (p *Process) Terminating() bool { return p.state == procTerminating && p.Alive() }

// Deadline is when a terminating process is killed (SIGKILL).
func (p *Process) Deadline() time.Duration { return p.killAt }

// Workload returns the workload the process runs.
func (p *Process) Workload() Workload { return p.w }

// Pod returns the pod's name.
func (p *Process) Pod() string { return p.key.name }

// Namespace returns the pod's namespace.
func (p *Process) Namespace() string { return p.key.ns }

// Container returns the container's name.
func (p *Process) Container() string { return p.ct.Name }

// Image returns the container's image.
func (p *Process) Image() string { return p.ct.Image }

// Args returns the container's command and arguments (what the image's
// entrypoint receives).
func (p *Process) Args() []string { return slices.Concat(p.ct.Command, p.ct.Args) }

// Hostname returns the container's hostname (spec.hostname, else the pod
// name), as `hostname` prints it.
func (p *Process) Hostname() string { return hostname(p.pod) }

// Subdomain returns the pod's spec.subdomain (a StatefulSet's serviceName).
func (p *Process) Subdomain() string { return p.pod.Spec.Subdomain }

// IP returns the pod's IP address.
func (p *Process) IP() string { return p.ip }

// Env returns the environment as `env` prints it, NAME=VALUE.
func (p *Process) Env() []string { return (&shell{t: target{pod: p.pod, ct: p.ct}}).env() }

// Getenv returns an environment variable ("" when unset).
func (p *Process) Getenv(name string) string {
	for _, kv := range p.Env() {
		if k, v, _ := strings.Cut(kv, "="); k == name {
			return v
		}
	}
	return ""
}

// Now returns the virtual time since the simulation started.
func (p *Process) Now() time.Duration { return p.c.eng.now }

// Time returns the process's wall clock: the virtual time as a date, from
// api.Epoch (2025-01-01T00:00:00Z).
func (p *Process) Time() time.Time { return api.Epoch.Add(p.c.eng.now) }

// Rand returns the process's random source, seeded from the simulation's
// seed and the process's number (it draws nothing from the cluster's
// sources, so a workload does not change the cluster's timings).
func (p *Process) Rand() *rand.Rand { return p.rng }

// Log appends a line to the container's log (`logs POD`).
func (p *Process) Log(line string) {
	if p.state == procExited {
		return
	}
	p.c.appendLog(containerKey{uid: p.uid, container: p.ct.Name, started: int64(p.start)}, line+"\n")
}

// Logf formats and logs a line.
func (p *Process) Logf(format string, args ...any) { p.Log(fmt.Sprintf(format, args...)) }

// String names the process: "namespace/pod/container#n".
func (p *Process) String() string {
	return fmt.Sprintf("%s/%s/%s#%d", p.key.ns, p.key.name, p.ct.Name, p.id)
}
