// Quickstart builds the seed article's redis-sts StatefulSet (2 replicas of
// redis:5-alpine behind the redis-svc service name), runs the simulated
// cluster until it is stable, and prints the trace and a `kubectl get pods`
// table: redis-sts-0 is created and becomes Ready before redis-sts-1 is
// created.
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// redisSTS is the seed article's StatefulSet.
func redisSTS() *sts.StatefulSet {
	replicas := int32(2)
	labels := map[string]string{"app": "redis-sts"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts"},
		Spec: sts.Spec{
			ServiceName: "redis-svc",
			Replicas:    &replicas,
			Selector:    &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{
				Labels: labels,
				Spec: api.PodSpec{Containers: []api.Container{{
					Name:  "redis",
					Image: "redis:5-alpine",
					Ports: []api.ContainerPort{{ContainerPort: 6379}},
				}}},
			},
		},
	}
}

func run(w io.Writer) error {
	c := sim.NewCluster(sim.Config{Seed: 1})
	if _, err := c.ApplyStatefulSet(redisSTS()); err != nil {
		return err
	}
	if err := c.RunUntilStable(); err != nil {
		return err
	}
	fmt.Fprintln(w, "# trace")
	for _, e := range c.Trace() {
		fmt.Fprintln(w, e)
	}
	fmt.Fprintln(w, "\n# kubectl get pods -o wide")
	return printPods(w, c)
}

// printPods prints a `kubectl get pods -o wide`-like table.
func printPods(w io.Writer, c *sim.Cluster) error {
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\tIP\tNODE")
	for _, p := range c.Pods("default") {
		ready := 0
		for _, s := range p.Status.ContainerStatuses {
			if s.Ready {
				ready++
			}
		}
		var restarts int32
		for _, s := range p.Status.ContainerStatuses {
			restarts += s.RestartCount
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%s\t%d\t%s\t%s\t%s\n", p.Name, ready, len(p.Spec.Containers),
			p.Status.Phase, restarts, age(c.Now()-p.CreationTimestamp), p.Status.PodIP, p.Spec.NodeName)
	}
	return tw.Flush()
}

// age prints a duration the way kubectl's AGE column does.
func age(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < 10*time.Minute:
		return fmt.Sprintf("%dm%ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 3*time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh", int(d.Hours()))
}
