// Primary-replica answers the seed article's homework in code: Redis in a
// StatefulSet where each pod picks its role from its hostname's ordinal.
// redis-sts-0 is the primary; every other pod starts as a replica of
// redis-sts-0.redis-svc, the primary's stable DNS name under the headless
// Service redis-svc (sim.UsePrimaryReplica binds redis:* images to that
// workload). The program writes a key on the primary, scales the set to 3
// and shows that the replicas follow the primary (ROLE) and serve its data
// read-only; then it deletes the primary pod: it comes back under the same
// name with a new IP, reloads its data from its claim (Redis saved it on
// SIGTERM), and the replicas find it again through DNS and resync. Run it
// with `go run ./examples/primary-replica`.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// redisSvc is the headless Service that gives each pod its DNS name.
func redisSvc() *dns.Service {
	return &dns.Service{ObjectMeta: api.ObjectMeta{Name: "redis-svc"}, Spec: dns.ServiceSpec{ClusterIP: "None",
		Selector: map[string]string{"app": "redis-sts"}, Ports: []dns.ServicePort{{Name: "redis", Port: 6379}}}}
}

// redisSTS is one pod of redis:5-alpine with a claim mounted at /data.
func redisSTS() *sts.StatefulSet {
	one, class := int32(1), "standard"
	labels := map[string]string{"app": "redis-sts"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts"},
		Spec: sts.Spec{
			ServiceName: "redis-svc",
			Replicas:    &one,
			Selector:    &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{{
				Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}},
				VolumeMounts: []api.VolumeMount{{Name: "data", MountPath: "/data"}},
			}}}},
			VolumeClaimTemplates: []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"},
				Spec: storage.ClaimSpec{StorageClassName: &class, AccessModes: []string{storage.ReadWriteOnce}, Storage: "100Mi"}}},
		},
	}
}

// demo runs commands against the cluster and prints them as a terminal
// session would.
type demo struct {
	w   io.Writer
	c   *sim.Cluster
	err error
}

func (d *demo) say(format string, args ...any) { fmt.Fprintf(d.w, "\n# "+format+"\n", args...) }

func (d *demo) exec(pod string, argv ...string) {
	fmt.Fprintf(d.w, "$ kubectl exec %s -- %s\n", pod, strings.Join(argv, " "))
	r, err := d.c.Exec(pod, "", argv)
	if err != nil && d.err == nil {
		d.err = err
	}
	fmt.Fprint(d.w, r.Output)
}

func (d *demo) run() {
	if err := d.c.RunUntilStable(); err != nil && d.err == nil {
		d.err = err
	}
}

func run(w io.Writer) error {
	c := sim.NewCluster(sim.Config{Seed: 1})
	sim.UsePrimaryReplica(c, "redis:*")
	if _, err := c.ApplyService(redisSvc()); err != nil {
		return err
	}
	if _, err := c.ApplyStatefulSet(redisSTS()); err != nil {
		return err
	}
	d := &demo{w: w, c: c}
	d.run()
	d.say("the primary, alone")
	d.exec("redis-sts-0", "redis-cli", "set", "a", "111")
	d.exec("redis-sts-0", "redis-cli", "role")

	d.say("scale to 3: redis-sts-1 and -2 start as replicas of redis-sts-0.redis-svc")
	if err := c.Scale("redis-sts", 3); err != nil {
		return err
	}
	d.run()
	d.exec("redis-sts-1", "redis-cli", "role")
	d.exec("redis-sts-2", "redis-cli", "get", "a")
	d.exec("redis-sts-2", "redis-cli", "set", "b", "1")
	d.exec("redis-sts-0", "redis-cli", "set", "b", "222")
	d.run()
	d.exec("redis-sts-2", "redis-cli", "get", "b")
	printPods(w, c)

	d.say("delete the primary: same name, new IP, same data; the replicas reconnect through DNS")
	if err := c.DeletePod("redis-sts-0", sim.DeleteOptions{}); err != nil {
		return err
	}
	d.run()
	printPods(w, c)
	d.exec("redis-sts-1", "redis-cli", "role")
	d.exec("redis-sts-1", "redis-cli", "mget", "a", "b")
	d.exec("redis-sts-0", "redis-cli", "role")
	return d.err
}

// printPods prints a `kubectl get pods -o wide`-like table.
func printPods(w io.Writer, c *sim.Cluster) {
	fmt.Fprintln(w, "$ kubectl get pods -o wide")
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tIP\tNODE")
	for _, p := range c.Pods("default") {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, p.Status.Phase, p.Status.PodIP, p.Spec.NodeName)
	}
	_ = tw.Flush()
}
