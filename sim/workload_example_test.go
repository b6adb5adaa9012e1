package sim_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// exampleSet is a StatefulSet of one image behind the headless service of
// the same name as serviceName, optionally with a claim per pod at /data.
func exampleSet(name, svc, image string, replicas int32, class string) *sts.StatefulSet {
	labels := map[string]string{"app": name}
	ct := api.Container{Name: "main", Image: image}
	set := &sts.StatefulSet{ObjectMeta: api.ObjectMeta{Name: name}, Spec: sts.Spec{ServiceName: svc, Replicas: &replicas,
		Selector: &api.LabelSelector{MatchLabels: labels}}}
	if class != "" {
		set.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"},
			Spec: storage.ClaimSpec{StorageClassName: &class, AccessModes: []string{storage.ReadWriteOnce}, Storage: "100Mi"}}}
		ct.VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/data"}}
	}
	set.Spec.Template = api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{ct}}}
	return set
}

func exampleService(name, app string) *dns.Service {
	return &dns.Service{ObjectMeta: api.ObjectMeta{Name: name}, Spec: dns.ServiceSpec{ClusterIP: "None",
		Selector: map[string]string{"app": app}, Ports: []dns.ServicePort{{Port: 6379}}}}
}

// A workload is application code bound to an image: it runs when a
// container of the image starts, sees what a process in the pod sees, logs
// into the container's log and can add its own exec commands.
func ExampleCluster_RegisterWorkload() {
	c := sim.NewCluster(sim.Config{Seed: 1})
	c.RegisterWorkload("example/hello:*", func() sim.Workload {
		return sim.WorkloadFunc(func(p *sim.Process) {
			p.Logf("hello from %s at %s", p.Hostname(), p.Time().Format(time.TimeOnly))
			p.Command("greet", func(args []string) sim.CommandOutput {
				return sim.CommandOutput{Stdout: "hello, " + strings.Join(args, " ") + "\n"}
			})
		})
	})
	_, _ = c.ApplyStatefulSet(exampleSet("web", "web", "example/hello:1", 2, ""))
	_ = c.RunUntilStable()
	for _, pod := range []string{"web-0", "web-1"} {
		log, _ := c.Logs(pod, "", false)
		fmt.Print(log)
	}
	r, _ := c.Exec("web-1", "", []string{"greet", "world"})
	fmt.Print(r.Output)
	// Output:
	// hello from web-0 at 00:00:02
	// hello from web-1 at 00:00:04
	// hello, world
}

// The built-in Redis keeps its data in the pod's claim: a deleted pod's
// final save on SIGTERM is loaded by the recreated pod (the seed
// article's walkthrough).
func ExampleRedisWorkload() {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, _ = c.ApplyService(exampleService("redis-svc", "redis"))
	_, _ = c.ApplyStatefulSet(exampleSet("redis", "redis-svc", "redis:5-alpine", 1, "standard"))
	_ = c.RunUntilStable()
	cli := func(args ...string) {
		r, _ := c.Exec("redis-0", "", append([]string{"redis-cli"}, args...))
		fmt.Print(r.Output)
	}
	cli("set", "a", "111")
	_ = c.DeletePod("redis-0", sim.DeleteOptions{})
	_ = c.RunUntilStable()
	cli("get", "a")
	cli("get", "b")
	cli("keys", "*")
	// Output:
	// OK
	// "111"
	// (nil)
	// 1) "a"
}

// The primary/replica workload picks its role from the hostname: ordinal
// 0 is the primary, the others replicate from <set>-0.<service>.
func ExampleUsePrimaryReplica() {
	c := sim.NewCluster(sim.Config{Seed: 1})
	sim.UsePrimaryReplica(c, "redis:*")
	_, _ = c.ApplyService(exampleService("redis-svc", "redis"))
	_, _ = c.ApplyStatefulSet(exampleSet("redis", "redis-svc", "redis:5-alpine", 2, "standard"))
	_ = c.RunUntilStable()
	r, _ := c.Exec("redis-1", "", []string{"redis-cli", "role"})
	fmt.Print(r.Output)
	// Output:
	// 1) "slave"
	// 2) "redis-0.redis-svc"
	// 3) (integer) 6379
	// 4) "connected"
	// 5) (integer) 0
}
