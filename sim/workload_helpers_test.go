package sim_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

var updateWorkloadGolden = flag.Bool("update-workload-golden", false, "rewrite testdata/workload_*.golden")

// session drives a cluster as a script would and keeps a transcript of the
// commands and what they printed, for golden files.
type session struct {
	t *testing.T
	c *sim.Cluster
	b strings.Builder
}

func newSession(t *testing.T, c *sim.Cluster) *session { return &session{t: t, c: c} }

func (s *session) printf(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// exec runs a command in the pod's default container and returns its
// output (an error is printed as kubectl prints it).
func (s *session) exec(pod string, argv ...string) string {
	s.t.Helper()
	s.printf("$ kubectl exec %s -- %s\n", pod, strings.Join(argv, " "))
	r, err := s.c.Exec(pod, "", argv)
	if err != nil {
		s.printf("error: %v\n", err)
		return "error: " + err.Error()
	}
	s.b.WriteString(strings.ReplaceAll(r.Output, "\r\n", "\n"))
	if r.ExitCode != 0 {
		s.printf("command terminated with exit code %d\n", r.ExitCode)
	}
	return r.Output
}

// run runs until stable and notes the time.
func (s *session) run() {
	s.t.Helper()
	require.NoError(s.t, s.c.RunUntilStable(), "seed %d", s.c.Seed())
	s.printf("$ run   # t=%s\n", s.c.Now().Round(time.Millisecond))
}

// runFor advances time.
func (s *session) runFor(d time.Duration) {
	s.t.Helper()
	require.NoError(s.t, s.c.RunFor(d))
	s.printf("$ run %s   # t=%s\n", d, s.c.Now().Round(time.Millisecond))
}

// logs prints a container's log.
func (s *session) logs(pod string, previous bool) string {
	s.t.Helper()
	flagPrev := ""
	if previous {
		flagPrev = " --previous"
	}
	s.printf("$ kubectl logs %s%s\n", pod, flagPrev)
	out, err := s.c.Logs(pod, "", previous)
	require.NoError(s.t, err)
	s.b.WriteString(out)
	return out
}

// golden compares the transcript with testdata/workload_NAME.golden.
func (s *session) golden(name string) {
	s.t.Helper()
	path := "testdata/workload_" + name + ".golden"
	if *updateWorkloadGolden {
		require.NoError(s.t, os.WriteFile(path, []byte(s.b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(s.t, err, "run with -update-workload-golden to create it")
	require.Equal(s.t, string(want), s.b.String())
}

// headless is the seed's headless Service for a set's pods.
func headless(name, app string) *dns.Service {
	return &dns.Service{ObjectMeta: api.ObjectMeta{Name: name}, Spec: dns.ServiceSpec{ClusterIP: "None",
		Selector: map[string]string{"app": app}, Ports: []dns.ServicePort{{Name: "redis", Port: 6379}}}}
}

// redisSet is a StatefulSet of redis:5-alpine behind serviceName svc,
// with a claim template on class (none when class is "").
func redisSet(name, svc, class string, replicas int32) *sts.StatefulSet {
	labels := map[string]string{"app": name}
	ct := api.Container{Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}}}
	set := &sts.StatefulSet{ObjectMeta: api.ObjectMeta{Name: name}, Spec: sts.Spec{ServiceName: svc, Replicas: &replicas,
		Selector: &api.LabelSelector{MatchLabels: labels}}}
	if class != "" {
		set = redisPVSet(replicas)
		set.Name, set.Spec.ServiceName = name, svc
		set.Spec.Selector = &api.LabelSelector{MatchLabels: labels}
		set.Spec.VolumeClaimTemplates[0].Spec.StorageClassName = &class
		if class != "nfs-client" {
			set.Spec.VolumeClaimTemplates[0].Spec.AccessModes = []string{storage.ReadWriteOnce} // local-path
		}
		ct.VolumeMounts = []api.VolumeMount{{Name: "redis-100m-pvc", MountPath: "/data"}}
	}
	set.Spec.Template = api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{ct}}}
	return set
}

// mustApply applies objects to the cluster.
func mustApply(t *testing.T, c *sim.Cluster, objs ...any) {
	t.Helper()
	for _, o := range objs {
		var err error
		switch o := o.(type) {
		case *sts.StatefulSet:
			_, err = c.ApplyStatefulSet(o)
		case *dns.Service:
			_, err = c.ApplyService(o)
		case *storage.StorageClass:
			_, err = c.ApplyStorageClass(o)
		default:
			t.Fatalf("mustApply: %T", o)
		}
		require.NoError(t, err)
	}
}
