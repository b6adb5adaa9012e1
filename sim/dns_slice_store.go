package sim

import (
	"slices"

	"github.com/stsim/stsim/dns"
)

// sliceChars is apimachinery's rand.String alphabet, from which generated
// name suffixes are drawn.
const sliceChars = "bcdfghjklmnpqrstvwxz2456789"

// sliceName returns a free name <svc>-<5 characters> in the namespace (the
// API server's generateName; a taken name is redrawn).
func (d *dnsState) sliceName(ns, svc string) string {
	for {
		b := []byte(dns.SlicePrefix(svc))
		for range 5 {
			b = append(b, sliceChars[d.rnd.IntN(len(sliceChars))])
		}
		if _, taken := d.slices[key{ns, string(b)}]; !taken {
			return string(b)
		}
	}
}

// sliceLabels are a service's slice labels: the service's own, plus the
// reserved ones (upstream: setEndpointSliceLabels).
func sliceLabels(s *dns.Service) map[string]string {
	out := map[string]string{}
	for k, v := range s.Labels {
		if k != dns.LabelServiceName && k != dns.LabelManagedBy && k != dns.LabelHeadless {
			out[k] = v
		}
	}
	if !s.HasClusterIP() {
		out[dns.LabelHeadless] = ""
	}
	out[dns.LabelServiceName] = s.Name
	out[dns.LabelManagedBy] = dns.ManagedByController
	return out
}

// writeSlice stores an EndpointSlice (created or updated); CoreDNS sees it
// after its watch delay.
func (d *dnsState) writeSlice(sl *dns.EndpointSlice, e Event) {
	k := key{sl.Namespace, sl.Name}
	if old := d.slices[k]; old == nil {
		sl.UID = d.uid()
		sl.CreationTimestamp = d.c.eng.now
		sl.Generation = 1
	} else {
		sl.Generation = old.Generation + 1
	}
	sl.ResourceVersion = d.c.nextRV()
	d.slices[k] = sl
	e.Kind, e.Name, e.Namespace = "EndpointSlice", sl.Name, sl.Namespace
	if d.c.tracing() {
		e.Detail = sliceDetail(sl)
	}
	d.c.record(e)
	d.propagate("endpointslice/", sl.Name, func(z *dns.Zone) { z.SetSlice(sl) })
}

// removeSlice deletes an EndpointSlice.
func (d *dnsState) removeSlice(sl *dns.EndpointSlice, actor, reason string) {
	k := key{sl.Namespace, sl.Name}
	if d.slices[k] != sl {
		return
	}
	delete(d.slices, k)
	d.c.nextRV()
	d.c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "EndpointSlice", Name: sl.Name, Namespace: sl.Namespace, Reason: reason})
	d.propagate("endpointslice/", sl.Name, func(z *dns.Zone) { z.DeleteSlice(sl.Namespace, sl.Name) })
}

// sliceDetailJSON is the trace detail of a slice write.
type sliceDetailJSON struct {
	Endpoints int `json:"endpoints"`
	Ready     int `json:"ready"`
}

func sliceDetail(sl *dns.EndpointSlice) *sliceDetailJSON {
	out := &sliceDetailJSON{Endpoints: len(sl.Endpoints)}
	for _, ep := range sl.Endpoints {
		if ep.Conditions.Ready {
			out.Ready++
		}
	}
	return out
}

// indexOf returns the index of the pod's endpoint in the slice.
func indexOf(sl *dns.EndpointSlice, pod string) int {
	return slices.IndexFunc(sl.Endpoints, func(ep dns.Endpoint) bool { return ep.TargetRef != nil && ep.TargetRef.Name == pod })
}

// endpointEqual compares two endpoints of one pod.
func endpointEqual(a, b *dns.Endpoint) bool {
	return slices.Equal(a.Addresses, b.Addresses) && a.Conditions == b.Conditions && a.Hostname == b.Hostname &&
		a.NodeName == b.NodeName && *a.TargetRef == *b.TargetRef
}

// endpointState describes an endpoint's conditions for the trace.
func endpointState(ep *dns.Endpoint) string {
	switch c := ep.Conditions; {
	case c.Terminating && c.Ready:
		return "terminating, ready (publishNotReadyAddresses)"
	case c.Terminating:
		return "terminating, not ready"
	case c.Ready && !c.Serving:
		return "not Ready, ready (publishNotReadyAddresses)"
	case c.Ready:
		return "ready"
	}
	return "not ready"
}
