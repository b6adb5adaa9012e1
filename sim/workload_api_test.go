package sim_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// echoServer answers every message with itself on port 7; it reports its
// own readiness, 3s after it starts.
type echoServer struct{}

func (echoServer) ReportsReadiness() bool { return true }

func (echoServer) Start(p *sim.Process) {
	p.Logf("echo on %s (%s) env GREETING=%s", p.Hostname(), p.IP(), p.Getenv("GREETING"))
	if err := p.Listen(7, sim.Listener{
		Accept: func(*sim.Conn) sim.ConnHandler {
			return sim.ConnHandler{Message: func(c *sim.Conn, m any) { c.Send(m) }}
		},
		Query: func(from string, req any) any { return fmt.Sprintf("echo %v", req) },
	}); err != nil {
		p.Logf("listen: %v", err)
	}
	p.Command("echo-status", func(args []string) sim.CommandOutput {
		return sim.CommandOutput{Stdout: "serving " + strings.Join(args, " ") + "\n"}
	})
	p.After(3*time.Second, func() { p.SetReady(true) })
}

func (echoServer) Terminate(p *sim.Process) {
	p.Log("echo: SIGTERM, bye")
	p.Exit(0)
}

// apiCluster runs echo-0 (image example/echo) behind the headless
// service echo, and one pod of the given image.
func apiCluster(t *testing.T, image string, w sim.WorkloadFactory) *sim.Cluster {
	c := sim.NewCluster(sim.Config{Seed: 4, Workloads: []sim.WorkloadBinding{{Image: "example/echo:*", New: func() sim.Workload { return echoServer{} }}}})
	if w != nil {
		c.RegisterWorkload(image, w)
	}
	mk := func(name, image string) *sts.StatefulSet {
		one := int32(1)
		labels := map[string]string{"app": name}
		return &sts.StatefulSet{ObjectMeta: api.ObjectMeta{Name: name}, Spec: sts.Spec{ServiceName: name, Replicas: &one,
			Selector: &api.LabelSelector{MatchLabels: labels}, Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{
				Containers: []api.Container{{Name: "main", Image: image, Env: []api.EnvVar{{Name: "GREETING", Value: "hi"}}}}}}}}
	}
	svc := &dns.Service{ObjectMeta: api.ObjectMeta{Name: "echo"}, Spec: dns.ServiceSpec{ClusterIP: "None",
		Selector: map[string]string{"app": "echo"}, Ports: []dns.ServicePort{{Port: 7}}}}
	mustApply(t, c, svc, mk("echo", "example/echo:1"), mk("client", image))
	require.NoError(t, c.RunUntilStable())
	return c
}

// TestWorkloadReportsReadiness: a ReadinessReporter's container starts
// not Ready; its SetReady(true) is the readiness probe succeeding, and the
// StatefulSet waits for it (OrderedReady).
func TestWorkloadReportsReadiness(t *testing.T) {
	c := apiCluster(t, "busybox", nil)
	var started, ready time.Duration
	for _, e := range c.Trace() {
		if e.Kind == "Pod" && e.Name == "echo-0" && e.Verb == sim.VerbStatus {
			switch e.Reason {
			case "containers started":
				started = e.T
			case "readiness probe succeeded":
				ready = e.T
			}
		}
	}
	require.NotZero(t, started)
	assert.Equal(t, 3*time.Second, ready-started)
	log, err := c.Logs("echo-0", "", false)
	require.NoError(t, err)
	assert.Regexp(t, `^echo on echo-0 \(10\.244\.\d+\.\d+\) env GREETING=hi\n$`, log)
	r, err := c.Exec("echo-0", "", []string{"echo-status", "ok"})
	require.NoError(t, err)
	assert.Equal(t, "serving ok\n", r.Output)
}

// recorder is a client workload driven by the test through its process.
type recorder struct {
	p   *sim.Process
	got []string
}

func (r *recorder) Start(p *sim.Process)     { r.p = p }
func (r *recorder) Terminate(p *sim.Process) { p.Exit(0) }

func (r *recorder) handler() sim.ConnHandler {
	return sim.ConnHandler{
		Open:    func(c *sim.Conn) { r.got = append(r.got, "open "+c.RemoteAddr()) },
		Message: func(_ *sim.Conn, m any) { r.got = append(r.got, fmt.Sprint("message ", m)) },
		Close:   func(_ *sim.Conn, err error) { r.got = append(r.got, fmt.Sprint("close ", err)) },
	}
}

func clientProcess(t *testing.T) (*sim.Cluster, *recorder) {
	rec := &recorder{}
	c := apiCluster(t, "example/client", func() sim.Workload { return rec })
	p, ok := c.Process("client-0", "")
	require.True(t, ok)
	require.Same(t, rec, p.Workload())
	return c, rec
}

// TestWorkloadNetwork: a connection by DNS name, messages in order with a
// latency, the peer's death seen as a close, and refused and unreachable
// connections.
func TestWorkloadNetwork(t *testing.T) {
	c, rec := clientProcess(t)
	cn, err := rec.p.Dial("echo-0.echo", 7, rec.handler())
	require.NoError(t, err)
	cn.Send("one")
	cn.Send("two")
	require.NoError(t, c.RunUntilStable())
	echo, _ := c.Pod("echo-0")
	assert.Equal(t, []string{"open " + echo.Status.PodIP + ":7", "message one", "message two"}, rec.got)
	assert.Greater(t, c.Now(), time.Duration(0))

	rec.got = nil
	require.NoError(t, c.KillPod("echo-0"))
	assert.True(t, cn.Send("lost"), "the message leaves")
	require.NoError(t, c.RunFor(time.Millisecond))
	assert.Equal(t, []string{"close EOF"}, rec.got, "the killed peer's connection closes, the message is lost")
	assert.False(t, cn.Open())

	rec.got = nil
	_, err = rec.p.Dial("echo-0.echo", 8, rec.handler())
	require.NoError(t, err)
	_, err = rec.p.Dial("10.244.9.9", 7, rec.handler())
	require.NoError(t, err)
	_, err = rec.p.Dial("nowhere", 7, rec.handler())
	assert.ErrorIs(t, err, dns.ErrNoSuchHost)
	require.NoError(t, c.RunFor(5*time.Second))
	assert.Equal(t, []string{"close " + sim.ErrConnRefused.Error(), "close " + sim.ErrHostUnreachable.Error()}, rec.got)

	v, err := rec.p.Query("echo-0.echo", 7, "ping")
	require.NoError(t, err)
	assert.Equal(t, "echo ping", v)
	_, err = rec.p.Query("localhost", 7, "ping")
	assert.ErrorIs(t, err, sim.ErrConnRefused)
}

// TestWorkloadFilesTimersAndExit: files in the container's filesystem,
// timers that die with the process, and an exit code the kubelet turns
// into a restart.
func TestWorkloadFilesTimersAndExit(t *testing.T) {
	c, rec := clientProcess(t)
	p := rec.p
	require.NoError(t, p.WriteFile("/tmp/state", []byte("x")))
	b, err := p.ReadFile("/tmp/state")
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))
	r, _ := c.Exec("client-0", "", []string{"cat", "/tmp/state"})
	assert.Equal(t, "x", r.Output, "exec sees the process's files")
	_, err = p.ReadFile("/nope")
	assert.ErrorIs(t, err, fs.ErrNotExist)

	fired := 0
	p.Every(time.Second, func() { fired++ })
	require.True(t, c.Stable(), "Every runs in the background")
	p.After(time.Second, func() { fired++ })
	require.False(t, c.Stable(), "After is pending work")
	require.NoError(t, c.RunFor(2500*time.Millisecond))
	assert.Equal(t, 3, fired)

	p.Exit(3)
	require.NoError(t, c.RunFor(5*time.Second))
	assert.Equal(t, 3, fired, "the timers died with the process")
	assert.False(t, p.Alive())
	pod, _ := c.Pod("client-0")
	assert.Equal(t, int32(1), pod.Status.ContainerStatuses[0].RestartCount)
	last := ""
	for _, e := range c.Trace() {
		if e.Name == "client-0" && strings.Contains(e.Reason, "exited") {
			last = e.Reason
		}
	}
	assert.Equal(t, "container exited with code 3 (Error); restart in 0s", last)
	q, ok := c.Process("client-0", "")
	require.True(t, ok, "the restarted container runs a new process")
	assert.NotSame(t, p, q)
}

// stubborn ignores SIGTERM.
type stubborn struct{}

func (stubborn) Start(p *sim.Process)     {}
func (stubborn) Terminate(p *sim.Process) { p.Log("ignoring SIGTERM until " + p.Deadline().String()) }

// TestWorkloadKilledAtDeadline: a process that does not exit on SIGTERM
// is killed when the stop time is over; a forced delete gives it 2s.
func TestWorkloadKilledAtDeadline(t *testing.T) {
	c := apiCluster(t, "example/stubborn", func() sim.Workload { return stubborn{} })
	p, ok := c.Process("client-0", "")
	require.True(t, ok)
	require.NoError(t, c.DeletePod("client-0", sim.DeleteOptions{Force: true}))
	assert.True(t, p.Terminating())
	assert.Equal(t, c.Now()+2*time.Second, p.Deadline())
	require.NoError(t, c.RunFor(1999*time.Millisecond))
	assert.True(t, p.Alive())
	require.NoError(t, c.RunFor(time.Millisecond))
	assert.False(t, p.Alive())
}

// TestWorkloadServiceClusterIP: a connection to a Service's cluster IP
// reaches one of its Ready endpoints on the target port, as kube-proxy
// routes it.
func TestWorkloadServiceClusterIP(t *testing.T) {
	c, rec := clientProcess(t)
	svc := &dns.Service{ObjectMeta: api.ObjectMeta{Name: "echo-lb"}, Spec: dns.ServiceSpec{
		Selector: map[string]string{"app": "echo"}, Ports: []dns.ServicePort{{Port: 80, TargetPort: dns.FromInt(7)}}}}
	mustApply(t, c, svc)
	require.NoError(t, c.RunUntilStable())
	ips, err := rec.p.Resolve("echo-lb")
	require.NoError(t, err)
	s, _ := c.Service("echo-lb")
	require.Equal(t, []string{s.Spec.ClusterIP}, ips)
	v, err := rec.p.Query("echo-lb", 80, "via the service")
	require.NoError(t, err)
	assert.Equal(t, "echo via the service", v)
	_, err = rec.p.Query("echo-lb", 81, "no such port")
	assert.ErrorIs(t, err, sim.ErrHostUnreachable, "kube-proxy has no rule for it and no pod has the address")
}
