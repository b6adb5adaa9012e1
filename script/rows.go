package script

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// kubeletVersion is the version nodes report.
const kubeletVersion = "v1.37.2"

// podRow is kubectl's pod row (upstream: printers.go printPod) for the
// fields the simulation models.
func podRow(c *sim.Cluster, obj any, wide bool) []string {
	p := obj.(*api.Pod)
	ready, restarts, status := podState(p)
	row := []string{p.Name, fmt.Sprintf("%d/%d", ready, len(p.Spec.Containers)), status,
		strconv.Itoa(int(restarts)), age(c.Now(), p.CreationTimestamp)}
	if wide {
		row = append(row, orNone(p.Status.PodIP), orNone(p.Spec.NodeName), "<none>", "<none>")
	}
	return row
}

// podState returns the ready containers, the restarts and the STATUS
// column of a pod.
func podState(p *api.Pod) (ready int, restarts int32, status string) {
	status = string(p.Status.Phase)
	if p.Status.Reason != "" {
		status = p.Status.Reason
	}
	for i := len(p.Status.ContainerStatuses) - 1; i >= 0; i-- {
		cs := p.Status.ContainerStatuses[i]
		restarts += cs.RestartCount
		switch {
		case cs.State == "waiting" && cs.Reason != "":
			status = cs.Reason
		case cs.State == "terminated" && cs.Reason != "":
			status = cs.Reason
		case cs.State == "terminated":
			status = fmt.Sprintf("ExitCode:%d", cs.ExitCode)
		case cs.Ready && cs.State == "running":
			ready++
		}
	}
	if p.Terminating() && p.Status.Phase != api.PodSucceeded && p.Status.Phase != api.PodFailed {
		status = "Terminating"
	}
	return ready, restarts, status
}

// setRow is kubectl's StatefulSet row.
func setRow(c *sim.Cluster, obj any, wide bool) []string {
	s := obj.(*sts.StatefulSet)
	var desired int32
	if s.Spec.Replicas != nil {
		desired = *s.Spec.Replicas
	}
	row := []string{s.Name, fmt.Sprintf("%d/%d", s.Status.ReadyReplicas, desired), age(c.Now(), s.CreationTimestamp)}
	if wide {
		names, images := containerCells(s.Spec.Template.Spec.Containers)
		row = append(row, names, images)
	}
	return row
}

// containerCells joins container names and images as kubectl's wide
// columns do.
func containerCells(cts []api.Container) (string, string) {
	var names, images []string
	for _, ct := range cts {
		names = append(names, ct.Name)
		images = append(images, ct.Image)
	}
	return strings.Join(names, ","), strings.Join(images, ",")
}

// revisionRow is kubectl's ControllerRevision row.
func revisionRow(c *sim.Cluster, obj any, _ bool) []string {
	r := obj.(*sts.ControllerRevision)
	owner := "<none>"
	if ref := r.ControllerRef(); ref != nil {
		group, _, _ := strings.Cut(ref.APIVersion, "/")
		owner = strings.ToLower(ref.Kind) + "." + group + "/" + ref.Name
	}
	return []string{r.Name, owner, strconv.FormatInt(r.Revision, 10), age(c.Now(), r.CreationTimestamp)}
}

// eventRow is kubectl's Event row.
func eventRow(c *sim.Cluster, obj any, _ bool) []string {
	e := obj.(*api.Event)
	return []string{age(c.Now(), e.Last), e.Type, e.Reason, strings.ToLower(e.Kind) + "/" + e.Name, strings.TrimSpace(e.Message)}
}

// nodeRow is kubectl's Node row.
func nodeRow(c *sim.Cluster, obj any, wide bool) []string {
	n := obj.(*api.Node)
	status := "NotReady"
	if n.Status.Ready {
		status = "Ready"
	}
	if n.Spec.Unschedulable {
		status += ",SchedulingDisabled"
	}
	row := []string{n.Name, status, nodeRoles(n), age(c.Now(), n.CreationTimestamp), kubeletVersion}
	if wide {
		row = append(row, orNone(n.Status.InternalIP), "<none>", "<unknown>", "<unknown>", "<unknown>")
	}
	return row
}

// nodeRoles are the node-role.kubernetes.io/ROLE labels.
func nodeRoles(n *api.Node) string {
	var roles []string
	for k := range n.Labels {
		if role, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok && role != "" {
			roles = append(roles, role)
		}
	}
	slices.Sort(roles)
	return orNone(strings.Join(roles, ","))
}

// namespaceRow is kubectl's Namespace row.
func namespaceRow(c *sim.Cluster, obj any, _ bool) []string {
	ns := obj.(*api.Namespace)
	return []string{ns.Name, ns.Phase, age(c.Now(), ns.CreationTimestamp)}
}
