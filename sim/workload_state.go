package sim

import "math/rand/v2"

// workloadState is the cluster's workload model: the image bindings, the
// processes of every pod incarnation and the simulated network's
// listeners.
type workloadState struct {
	// bindings are searched from the end: built-in ones, then
	// Config.Workloads, then RegisterWorkload's.
	bindings []WorkloadBinding
	// resolved caches the factory bound to each image seen.
	resolved map[string]WorkloadFactory
	// procs are the processes of each pod incarnation, by pod UID, in
	// start order.
	procs map[string][]*Process
	// listeners are the open ports, by address.
	listeners map[endpoint]*listener
	// serial numbers processes; nextPort hands out ephemeral ports.
	serial   uint64
	nextPort int
}

// actorWorkload names workload events in "still pending" reports.
const actorWorkload = "workload"

// work returns the cluster's workload state, creating it on first use.
func (c *Cluster) work() *workloadState {
	if c.workloads == nil {
		w := &workloadState{resolved: map[string]WorkloadFactory{}, procs: map[string][]*Process{}, listeners: map[endpoint]*listener{}, nextPort: ephemeralLow}
		w.bindings = append(BuiltinWorkloads(), c.cfg.Workloads...)
		c.workloads = w
	}
	return c.workloads
}

// The Linux default ephemeral port range (net.ipv4.ip_local_port_range).
const (
	ephemeralLow  = 32768
	ephemeralHigh = 60999
)

// ephemeralPort returns the next ephemeral port, deterministically.
func (w *workloadState) ephemeralPort() int {
	port := w.nextPort
	w.nextPort++
	if w.nextPort > ephemeralHigh {
		w.nextPort = ephemeralLow
	}
	return port
}

// processRand returns the random source of process number n: derived from
// the seed, so that it draws nothing from the cluster's own sources.
func (c *Cluster) processRand(n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.cfg.Seed, 0x3a7e<<32|n))
}
