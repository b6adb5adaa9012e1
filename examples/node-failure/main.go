// Node-failure shows the StatefulSet's at-most-one-pod-per-identity
// guarantee when a node is lost, step by step, on a simulated cluster: the
// StatefulSet "web" (3 replicas, a claim per pod on nfs-client) runs on
// node-1, node-2 and node-3, and node-2, where web-1 runs, loses power.
//
// Why a StatefulSet does not simply replace web-1: a pod's name is its
// identity (hostname, DNS name, claim data-web-1), and the controller only
// creates web-1 when no pod object named web-1 exists. From the API's side a
// lost node and a node cut off by the network look the same, so if web-1's
// containers could still be running, a second web-1 would write to the same
// volume and answer to the same name. The control plane therefore waits:
//
//  1. The kubelet of node-2 stops renewing its lease. Once the 50 s
//     node-monitor grace period is over, the node-lifecycle-controller marks
//     node-2 Ready=Unknown (kubectl shows NotReady), sets web-1's Ready
//     condition to False (so it leaves the Service's endpoints) and taints
//     node-2 node.kubernetes.io/unreachable (NoSchedule, then NoExecute).
//  2. Every pod carries a 300 s toleration of that taint (added when it was
//     created). When it runs out, the taint eviction controller deletes
//     web-1: the pod gets a deletionTimestamp and shows Terminating.
//  3. A graceful delete completes only when the kubelet confirms the
//     containers stopped, and node-2's kubelet is gone. web-1 stays
//     Terminating — an hour later too — and the StatefulSet, which still
//     sees a pod named web-1, creates no replacement (kubernetes#74689).
//  4. Someone who knows node-2 is really down unblocks it, in one of three
//     ways: force-deleting the pod (kubectl delete pod web-1 --force
//     --grace-period=0), deleting the Node, or tainting the node
//     node.kubernetes.io/out-of-service=nodeshutdown:NoExecute. This example
//     uses the taint: pod GC force-deletes the terminating pods of such a
//     node at its next pass.
//  5. Only now does the controller create web-1 again: same name, same
//     claim and volume, on another node. Had node-2 only been cut off from
//     the network, the old containers would still run beside the new ones:
//     the three ways out are promises that they do not, which is why the
//     control plane never makes them on its own.
//
// The same scenario is the script node-failure.txt beside this file (run it
// with `stsim run examples/node-failure/node-failure.txt`).
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/stsim/stsim/api"
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

// web is the StatefulSet: nginx, 3 replicas, a 1Gi claim per pod on
// nfs-client (volumes any node can mount).
func web() *sts.StatefulSet {
	replicas := int32(3)
	labels := map[string]string{"app": "web"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "web"},
		Spec: sts.Spec{
			ServiceName: "web",
			Replicas:    &replicas,
			Selector:    &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{{
				Name: "nginx", Image: "nginx:1.27",
				VolumeMounts: []api.VolumeMount{{Name: "data", MountPath: "/usr/share/nginx/html"}},
			}}}},
			VolumeClaimTemplates: []storage.PersistentVolumeClaim{{
				ObjectMeta: api.ObjectMeta{Name: "data"},
				Spec: storage.ClaimSpec{StorageClassName: new("nfs-client"),
					AccessModes: []string{storage.ReadWriteOnce}, Storage: "1Gi"},
			}},
		},
	}
}

func run(w io.Writer) error {
	c := sim.NewCluster(sim.Config{Seed: 1})
	nfs := &storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"},
		Provisioner: sim.NFSSubdirProvisioner, Parameters: map[string]string{"archiveOnDelete": "false"}}
	if _, err := c.ApplyStorageClass(nfs); err != nil {
		return err
	}
	if _, err := c.ApplyStatefulSet(web()); err != nil {
		return err
	}
	if err := c.RunUntilStable(); err != nil {
		return err
	}
	p, _ := c.Pod("web-1")
	node := p.Spec.NodeName
	fmt.Fprintf(w, "# web runs; web-1 is on %s\n", node)
	printPods(w, c)
	mark := len(c.Trace())
	step := func(title string) {
		fmt.Fprintf(w, "\n# %s\n", title)
		for _, e := range c.Trace()[mark:] {
			fmt.Fprintln(w, e)
		}
		mark = len(c.Trace())
	}

	if err := c.Inject(sim.NodeDown{Node: node}); err != nil {
		return err
	}
	if err := c.RunFor(time.Minute); err != nil {
		return err
	}
	step("1. " + node + " loses power; after the grace period it is NotReady and web-1 not Ready")
	printNodes(w, c)
	printPods(w, c)

	if err := c.RunUntilStable(); err != nil {
		return err
	}
	step("2. the 300s toleration runs out: web-1 is evicted and Terminating")
	printPods(w, c)

	if err := c.RunFor(time.Hour); err != nil {
		return err
	}
	step("3. an hour later: web-1 is still Terminating, and not replaced")
	printPods(w, c)

	oos := api.Taint{Key: api.TaintNodeOutOfService, Value: "nodeshutdown", Effect: api.TaintEffectNoExecute}
	if err := c.TaintNode(node, oos); err != nil {
		return err
	}
	if err := c.RunUntilStable(); err != nil {
		return err
	}
	step("4-5. " + node + " is declared out of service: pod GC removes web-1, the controller creates it again")
	printPods(w, c)
	pvc, _ := c.Claim("data-web-1")
	fmt.Fprintf(w, "claim data-web-1: %s, volume %s\n", pvc.Status.Phase, pvc.Spec.VolumeName)
	return nil
}

// printPods prints a `kubectl get pods -o wide`-like table.
func printPods(w io.Writer, c *sim.Cluster) {
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tREADY\tNODE\tUID")
	for _, p := range c.Pods("default") {
		status := string(p.Status.Phase)
		if p.Terminating() {
			status = "Terminating"
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%s\n", p.Name, status, api.IsPodReady(p), p.Spec.NodeName, p.UID[:8])
	}
	_ = tw.Flush()
}

// printNodes prints a `kubectl get nodes`-like table with the taints.
func printNodes(w io.Writer, c *sim.Cluster) {
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tTAINTS")
	for _, n := range c.Nodes() {
		status := "Ready"
		if !n.Status.Ready {
			status = "NotReady"
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\n", n.Name, status, n.Spec.Taints)
	}
	_ = tw.Flush()
}
