package sim

// Workloads: application code that runs inside simulated containers.
//
// A workload is bound to an image (or an image pattern such as "redis:*").
// When the kubelet starts a container of that image it creates a Process
// and calls the workload's Start; when the pod is deleted it calls
// Terminate (SIGTERM) and kills what is left when the stop time is over;
// a crash, `kill pod`, an eviction or a forced stop kills it at once
// (SIGKILL: no handler runs). Everything a workload does happens on the
// cluster's event loop, at virtual time, without goroutines: the same seed
// gives the same logs, files and replies.

// Workload is application logic running as a container's main process.
type Workload interface {
	// Start is called when the container starts. It sets the process up
	// through p (files, listeners, timers, exec commands, log lines) and
	// returns; the process then lives on in its callbacks.
	Start(p *Process)
	// Terminate is called on SIGTERM, when the pod is deleted. The
	// workload shuts down and calls p.Exit; if it is still running at
	// p.Deadline it is killed.
	Terminate(p *Process)
}

// ReadinessReporter is implemented by a workload that reports its own
// readiness, as an application behind a readiness probe does: its
// container starts not Ready and becomes Ready when the workload calls
// Process.SetReady(true).
type ReadinessReporter interface {
	Workload
	ReportsReadiness() bool
}

// WorkloadFactory returns the workload of one container start.
type WorkloadFactory func() Workload

// WorkloadFunc is a Workload made of its Start function. On SIGTERM it
// exits at once with code 143, as a process without a handler does.
type WorkloadFunc func(p *Process)

// Start calls f.
func (f WorkloadFunc) Start(p *Process) { f(p) }

// Terminate exits with 128+SIGTERM.
func (f WorkloadFunc) Terminate(p *Process) { p.Exit(143) }

// WorkloadBinding binds the images matching a pattern to a workload.
type WorkloadBinding struct {
	// Image is an image reference or a pattern where "*" matches any run
	// of characters and "?" one character: "redis:*" matches every tag of
	// redis. References are compared as Docker normalizes them:
	// docker.io/library/redis:7 is redis:7, and redis is redis:latest.
	Image string
	// New makes the workload of each container start. Nil binds the
	// images to no workload: their containers run without application
	// logic (e.g. to turn the built-in Redis off).
	New WorkloadFactory
}

// BuiltinWorkloads returns the bindings every cluster starts with: the
// Redis-like server (see RedisWorkload) for redis:* images.
func BuiltinWorkloads() []WorkloadBinding {
	return []WorkloadBinding{{Image: "redis:*", New: RedisWorkload}}
}

// RegisterWorkload binds the images matching pattern (see WorkloadBinding)
// to factory for containers started from now on. A later binding wins over
// an earlier one, and every binding registered here over Config.Workloads
// and the built-in ones; a nil factory unbinds the images.
func (c *Cluster) RegisterWorkload(pattern string, factory WorkloadFactory) {
	w := c.work()
	w.bindings = append(w.bindings, WorkloadBinding{Image: pattern, New: factory})
	clear(w.resolved)
}

// workloadFor returns the factory bound to image, or nil.
func (w *workloadState) workloadFor(image string) WorkloadFactory {
	if f, ok := w.resolved[image]; ok {
		return f
	}
	var f WorkloadFactory
	ref := normalizeImage(image)
	for i := len(w.bindings) - 1; i >= 0; i-- {
		b := w.bindings[i]
		if globMatch(normalizeImage(b.Image), ref) || globMatch(b.Image, image) {
			f = b.New
			break
		}
	}
	w.resolved[image] = f
	return f
}
