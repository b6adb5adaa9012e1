package script

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// describePod is kubectl's pod description (upstream: describe.go
// describePod) for the fields the simulation models.
func (r *Runner) describePod(p *api.Pod) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", p.Name)
	d.line(0, "Namespace:\t%s", p.Namespace)
	d.line(0, "Priority:\t0")
	d.line(0, "Service Account:\tdefault")
	if p.Spec.NodeName == "" {
		d.line(0, "Node:\t<none>")
	} else {
		d.line(0, "Node:\t%s/%s", p.Spec.NodeName, p.Status.HostIP)
	}
	if p.Status.StartTime != nil {
		d.line(0, "Start Time:\t%s", timestamp(*p.Status.StartTime))
	}
	d.labels(0, "Labels", p.Labels)
	d.annotations(0, "Annotations", p.Annotations)
	r.podStatusLines(d, p)
	d.line(0, "IP:\t%s", p.Status.PodIP)
	if p.Status.PodIP == "" {
		d.line(0, "IPs:\t<none>")
	} else {
		d.line(0, "IPs:")
		d.line(1, "IP:\t%s", p.Status.PodIP)
	}
	if ref := p.ControllerRef(); ref != nil {
		d.line(0, "Controlled By:\t%s/%s", ref.Kind, ref.Name)
	}
	describeContainers(d, 0, p.Spec.Containers, p.Status.ContainerStatuses, p.Status.StartTime)
	describeConditions(d, p.Status.Conditions)
	describeVolumes(d, 0, p.Spec.Volumes)
	d.line(0, "QoS Class:\tBestEffort")
	d.labels(0, "Node-Selectors", p.Spec.NodeSelector)
	describeTolerations(d, 0, p.Spec.Tolerations)
	r.describeEvents(d, p.Namespace, "Pod", p.Name)
	return d.String()
}

// podStatusLines writes Status (or Terminating), Reason and Message.
func (r *Runner) podStatusLines(d *describer, p *api.Pod) {
	if p.Terminating() && p.Status.Phase != api.PodFailed && p.Status.Phase != api.PodSucceeded {
		d.line(0, "Status:\tTerminating (lasts %s)", age(r.c.Now(), *p.DeletionTimestamp))
		if g := p.DeletionGracePeriodSeconds; g != nil {
			d.line(0, "Termination Grace Period:\t%ds", *g)
		}
	} else {
		d.line(0, "Status:\t%s", p.Status.Phase)
	}
	if p.Status.Reason != "" {
		d.line(0, "Reason:\t%s", p.Status.Reason)
	}
	if p.Status.Message != "" {
		d.line(0, "Message:\t%s", p.Status.Message)
	}
}

// describeContainers writes the Containers section at a level (0 for a
// pod, 1 for a pod template, which has no statuses)
// (kubectl indents a template's section titles, and its container names by
// one space, but not the containers' fields.)
func describeContainers(d *describer, level int, cts []api.Container, statuses []api.ContainerStatus, started *time.Duration) {
	indent := ""
	if level > 0 {
		indent = " "
	}
	d.line(level, "Containers:")
	for _, ct := range cts {
		d.line(1, "%s%s:", indent, ct.Name)
		i := slices.IndexFunc(statuses, func(s api.ContainerStatus) bool { return s.Name == ct.Name })
		if i >= 0 {
			d.line(2, "Container ID:\t")
		}
		d.line(2, "Image:\t%s", ct.Image)
		if i >= 0 {
			d.line(2, "Image ID:\t")
		}
		describePorts(d, 2, ct.Ports)
		describeCommand(d, 2, ct)
		if i >= 0 {
			describeState(d, 2, statuses[i], started)
		}
		if pr := ct.ReadinessProbe; pr != nil {
			d.line(2, "Readiness:\t%s", probe(pr))
		}
		describeEnv(d, 2, ct.Env)
		describeMounts(d, 2, ct.VolumeMounts)
	}
}

// describePorts writes Port and Host Port.
func describePorts(d *describer, level int, ports []api.ContainerPort) {
	var cp, hp []string
	for _, p := range ports {
		proto := cmp.Or(p.Protocol, "TCP")
		suffix := ""
		if p.Name != "" {
			suffix = " (" + p.Name + ")"
		}
		cp = append(cp, fmt.Sprintf("%d/%s%s", p.ContainerPort, proto, suffix))
		hp = append(hp, fmt.Sprintf("0/%s%s", proto, suffix))
	}
	label := func(one, many string, cells []string) {
		if len(cells) > 1 {
			d.line(level, "%s:\t%s", many, strings.Join(cells, ", "))
			return
		}
		d.line(level, "%s:\t%s", one, orNone(strings.Join(cells, ", ")))
	}
	label("Port", "Ports", cp)
	label("Host Port", "Host Ports", hp)
}

// describeCommand writes Command and Args.
func describeCommand(d *describer, level int, ct api.Container) {
	for _, part := range []struct {
		title string
		words []string
	}{{"Command", ct.Command}, {"Args", ct.Args}} {
		if len(part.words) == 0 {
			continue
		}
		d.line(level, "%s:", part.title)
		for _, w := range part.words {
			for _, s := range strings.Split(w, "\n") {
				d.line(level+1, "%s", s)
			}
		}
	}
}

// describeState writes State, Ready and Restart Count.
func describeState(d *describer, level int, st api.ContainerStatus, started *time.Duration) {
	switch st.State {
	case "running":
		d.line(level, "State:\tRunning")
		if started != nil {
			d.line(level+1, "Started:\t%s", timestamp(*started))
		}
	case "terminated":
		d.line(level, "State:\tTerminated")
		if st.Reason != "" {
			d.line(level+1, "Reason:\t%s", st.Reason)
		}
		d.line(level+1, "Exit Code:\t%d", st.ExitCode)
	default:
		d.line(level, "State:\tWaiting")
		if st.Reason != "" {
			d.line(level+1, "Reason:\t%s", st.Reason)
		}
	}
	d.line(level, "Ready:\t%s", yesNo(st.Ready))
	d.line(level, "Restart Count:\t%d", st.RestartCount)
}

// probe renders a readiness probe as DescribeProbe does; the simulation
// does not model the probe's handler ("unknown" upstream).
func probe(p *api.Probe) string {
	period, success, failure := cmp.Or(p.PeriodSeconds, 10), cmp.Or(p.SuccessThreshold, 1), cmp.Or(p.FailureThreshold, 3)
	return fmt.Sprintf("unknown delay=%ds timeout=1s period=%ds #success=%d #failure=%d", p.InitialDelaySeconds, period, success, failure)
}

// describeEnv writes Environment.
func describeEnv(d *describer, level int, env []api.EnvVar) {
	if len(env) == 0 {
		d.line(level, "Environment:\t<none>")
		return
	}
	d.line(level, "Environment:")
	for _, e := range env {
		d.line(level+1, "%s:\t%s", e.Name, e.Value)
	}
}

// describeMounts writes Mounts, sorted by path.
func describeMounts(d *describer, level int, mounts []api.VolumeMount) {
	if len(mounts) == 0 {
		d.line(level, "Mounts:\t<none>")
		return
	}
	d.line(level, "Mounts:")
	sorted := slices.SortedFunc(slices.Values(mounts), func(a, b api.VolumeMount) int { return cmp.Compare(a.MountPath, b.MountPath) })
	for _, m := range sorted {
		mode := "rw"
		if m.ReadOnly {
			mode = "ro"
		}
		d.line(level+1, "%s from %s (%s)", m.MountPath, m.Name, mode)
	}
}

// describeConditions writes the pod's conditions.
func describeConditions(d *describer, conds []api.PodCondition) {
	if len(conds) == 0 {
		return
	}
	d.line(0, "Conditions:")
	d.line(1, "Type\tStatus")
	for _, c := range conds {
		d.line(1, "%s \t%s ", c.Type, c.Status)
	}
}

// describeVolumes writes the Volumes section.
func describeVolumes(d *describer, level int, vols []api.Volume) {
	if len(vols) == 0 {
		d.line(level, "Volumes:\t<none>")
		return
	}
	indent := ""
	if level > 0 {
		indent = " "
	}
	d.line(level, "Volumes:")
	for _, v := range vols {
		d.line(1, "%s%s:", indent, v.Name)
		switch {
		case v.ClaimName != "":
			d.line(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)")
			d.line(2, "ClaimName:\t%s", v.ClaimName)
			d.line(2, "ReadOnly:\t%v", v.ReadOnly)
		case v.EmptyDir:
			d.line(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)")
			d.line(2, "Medium:\t")
			d.line(2, "SizeLimit:\t<unset>")
		default:
			d.line(2, "<unknown>")
		}
	}
}

// describeTolerations writes Tolerations.
func describeTolerations(d *describer, level int, tols []api.Toleration) {
	indent := strings.Repeat("  ", level)
	if len(tols) == 0 {
		d.line(0, "%sTolerations:\t<none>", indent)
		return
	}
	for i, t := range tols {
		lead := indent + "Tolerations:"
		if i > 0 {
			lead = indent
		}
		d.line(0, "%s\t%s", lead, toleration(t))
	}
}

// toleration renders one toleration as kubectl does: key=value:effect op=Exists for 300s.
func toleration(t api.Toleration) string {
	s := t.Key
	if t.Value != "" {
		s += "=" + t.Value
	}
	if t.Effect != "" {
		s += ":" + t.Effect
	}
	if t.Operator == "Exists" && t.Value == "" {
		if s != "" {
			s += " "
		}
		s += "op=Exists"
	}
	if t.TolerationSeconds != nil {
		s += fmt.Sprintf(" for %ds", *t.TolerationSeconds)
	}
	return s
}
