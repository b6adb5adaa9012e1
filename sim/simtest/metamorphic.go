package simtest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Converging are the kinds whose outcome, once the cluster is stable,
// does not depend on the pod management policy or on
// MaxUnavailableStatefulSet: with every pod able to become Ready, the
// controller ends with the same pods, claims and DNS records whichever way
// it got there. Left out: faults that keep pods from becoming Ready
// (readiness, behaviours, outages), which make OrderedReady stop where
// Parallel goes on; partition changes, since raising the partition
// mid-rollout keeps whichever pods were not yet updated, which depends on
// the rollout's speed; and fail pod, because two Failed condemned pods
// stall an OrderedReady scale-down for ever (upstream processCondemned,
// pain point #57865) where Parallel deletes them. (This check also found
// that a pod failed while it terminated was never removed; the kubelet now
// finishes such a pod.)
var Converging = []Kind{KindScale, KindImage, KindDelete, KindForceDelete, KindKill, KindRun}

// CheckConvergence plays the scenario, then lets the cluster settle,
// under both pod management policies and both settings of
// MaxUnavailableStatefulSet, and returns an error describing the first
// difference between the pods (phase, readiness, revision, claims and
// their phase) and DNS records (with pod IPs replaced by pod names) they
// end with, or nil (STYLE.md practice 6: OrderedReady and Parallel
// converge to the same pods and claims). Claims that a scale-down left
// behind are not compared: which pods ever existed, and so made claims,
// depends on the policy. Draw its scenarios with Kinds: Converging and Strategies:
// Rolling; under OnDelete, or RollingUpdate without a rollingUpdate block,
// which revision a pod ends at depends on when it was created. A partition
// is cleared first: a pod below it is recreated at whichever revision is
// current at that moment, and a scale to 0 promotes the update revision as
// soon as the last pod is gone, which happens sooner under Parallel.
func CheckConvergence(s Scenario) error {
	s = s.WithoutPartition()
	var first []string
	var firstName string
	for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
		for _, gate := range []bool{true, false} {
			v := s.WithPolicy(policy).WithGate(GateMaxUnavailable, gate)
			name := fmt.Sprintf("%s, %s=%t", policy, GateMaxUnavailable, gate)
			end, err := endState(v)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if first == nil {
				first, firstName = end, name
				continue
			}
			if err := compareStates(firstName, first, name, end); err != nil {
				return err
			}
		}
	}
	return nil
}

// backOffs is how long a settling cluster runs past stability: restarts
// after a kill wait out a back-off of up to 5 minutes, and background
// timers do not keep the cluster from being stable.
const backOffs = 10 * time.Minute

// endState plays s, lets it settle and describes what it ends with.
func endState(s Scenario) ([]string, error) {
	c := sim.NewCluster(sim.Config{Seed: s.seed(), FeatureGates: s.Gates, NoTrace: true})
	_ = s.apply(c)
	for _, op := range s.Ops {
		_ = op.Apply(c, nil)
	}
	for _, run := range []func() error{c.RunUntilStable, func() error { return c.RunFor(backOffs) }, c.RunUntilStable} {
		if err := run(); err != nil {
			return nil, err
		}
	}
	return describeEnd(c), nil
}

// describeEnd lists the pods with their claims, and the DNS records of
// c, sorted.
func describeEnd(c *sim.Cluster) []string {
	var out []string
	names := map[string]string{} // pod IP → pod name
	for _, p := range c.Pods("") {
		names[p.Status.PodIP] = p.Name
		var claims []string
		for _, v := range p.Spec.Volumes {
			if pvc, ok := c.Claim(p.Namespace + "/" + v.ClaimName); ok {
				claims = append(claims, pvc.Name+":"+pvc.Status.Phase)
			}
		}
		out = append(out, fmt.Sprintf("pod %s %s ready=%t terminating=%t revision=%s claims=%v", p.Name,
			p.Status.Phase, api.IsPodReady(p), p.Terminating(), p.Labels[sts.RevisionLabel], claims))
	}
	for _, rr := range c.DNSRecords() {
		out = append(out, "dns "+normalRecord(rr, names))
	}
	slices.Sort(out)
	return out
}

// normalRecord renders a record with pod IPs replaced by pod names (as
// addresses and as the dashed first label of a name), PTR names by their
// targets, and the SOA serial (a change counter) left out: which pod gets
// which IP depends on the order of creation.
func normalRecord(rr dns.RR, names map[string]string) string {
	if n, ok := names[rr.IP]; ok && rr.IP != "" {
		rr.IP = "<" + n + ">"
	}
	rr.Name, rr.Target = normalName(rr.Name, names), normalName(rr.Target, names)
	if rr.Type == dns.TypePTR {
		rr.Name = "<reverse of " + rr.Target + ">"
	}
	if rr.SOA != nil {
		soa := *rr.SOA
		soa.Serial = 0
		rr.SOA = &soa
	}
	return rr.String()
}

// normalName replaces a dashed pod IP as the first label of name.
func normalName(name string, names map[string]string) string {
	if first, rest, ok := strings.Cut(name, "."); ok {
		if n, ok := names[strings.ReplaceAll(first, "-", ".")]; ok {
			return "<" + n + ">." + rest
		}
	}
	return name
}

// compareStates names the first line in which two end states differ.
func compareStates(an string, a []string, bn string, b []string) error {
	for i := range max(len(a), len(b)) {
		x, y := "(nothing)", "(nothing)"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Errorf("end states differ:\n  %s: %s\n  %s: %s", an, x, bn, y)
		}
	}
	return nil
}
