package sim

import (
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// sliceBatch is one sync of the endpointslice controller for a service: the
// slices it changes are copied on first change and written at the end, each
// with the list of its changes as the trace reason.
type sliceBatch struct {
	d       *dnsState
	st      *svcEndpoints
	svc     *dns.Service
	work    map[string]*dns.EndpointSlice
	created []string
	deleted map[string]bool
	notes   map[string][]string
}

func newSliceBatch(d *dnsState, st *svcEndpoints, svc *dns.Service) *sliceBatch {
	return &sliceBatch{d: d, st: st, svc: svc, work: map[string]*dns.EndpointSlice{},
		deleted: map[string]bool{}, notes: map[string][]string{}}
}

// current returns the slice as this batch sees it.
func (b *sliceBatch) current(name string) *dns.EndpointSlice {
	if sl := b.work[name]; sl != nil {
		return sl
	}
	return b.d.slices[key{b.svc.Namespace, name}]
}

// edit returns a copy of the slice that this batch may change.
func (b *sliceBatch) edit(name, note string) *dns.EndpointSlice {
	if note != "" && b.d.c.tracing() {
		b.notes[name] = append(b.notes[name], note)
	}
	if sl := b.work[name]; sl != nil {
		return sl
	}
	old := b.d.slices[key{b.svc.Namespace, name}]
	sl := *old
	sl.Labels = maps.Clone(old.Labels)
	sl.Endpoints = slices.Clone(old.Endpoints)
	b.work[name] = &sl
	return &sl
}

// reconcilePod brings the pod's endpoint up to date.
func (b *sliceBatch) reconcilePod(name string) {
	want := b.desired(name)
	have := b.st.eps[name]
	switch {
	case want == nil && have == nil:
	case want == nil:
		b.remove(name, have, "remove "+name)
		delete(b.st.eps, name)
	case have != nil && slices.Equal(have.ports, want.ports):
		if endpointEqual(&have.ep, &want.ep) {
			return
		}
		sl := b.edit(have.slice, name+" "+endpointState(&want.ep))
		sl.Endpoints[indexOf(sl, name)] = want.ep
		want.slice = have.slice
		b.st.eps[name] = want
	default:
		if have != nil {
			b.remove(name, have, "move "+name+" to a slice for its new ports")
		}
		b.place(name, want)
		b.st.eps[name] = want
	}
}

// desired is the pod's endpoint now, or nil when it is not listed.
func (b *sliceBatch) desired(name string) *podEndpoint {
	p := b.d.c.pod(key{b.svc.Namespace, name})
	if p == nil {
		return nil
	}
	ep, ok := dns.EndpointFor(p, b.svc)
	if !ok {
		return nil
	}
	return &podEndpoint{ep: ep, ports: dns.EndpointPortsFor(b.svc, p)}
}

// remove takes the pod's endpoint out of its slice.
func (b *sliceBatch) remove(name string, pe *podEndpoint, note string) {
	sl := b.edit(pe.slice, note)
	sl.Endpoints = slices.Delete(sl.Endpoints, indexOf(sl, name), indexOf(sl, name)+1)
}

// place adds the endpoint to the fullest slice with the same ports that
// has room (upstream: getSliceToFill), or to a new slice.
func (b *sliceBatch) place(name string, pe *podEndpoint) {
	best, size := "", -1
	for _, n := range b.sliceNames() {
		sl := b.current(n)
		if n := len(sl.Endpoints); slices.Equal(sl.Ports, pe.ports) && n < dns.MaxEndpointsPerSlice && n > size {
			best, size = sl.Name, n
		}
	}
	if best == "" {
		best = b.create(pe.ports)
	}
	sl := b.edit(best, "add "+name+" ("+pe.ep.Addresses[0]+", "+endpointState(&pe.ep)+")")
	sl.Endpoints = append(sl.Endpoints, pe.ep)
	pe.slice = best
}

// sliceNames returns the service's slices, in name order.
func (b *sliceBatch) sliceNames() []string {
	return slices.Sorted(maps.Keys(b.st.slices))
}

// create starts a new slice named <svc>-<5 random characters>.
func (b *sliceBatch) create(ports []dns.EndpointPort) string {
	name := b.d.sliceName(b.svc.Namespace, b.svc.Name)
	for b.work[name] != nil {
		name = b.d.sliceName(b.svc.Namespace, b.svc.Name)
	}
	sl := &dns.EndpointSlice{
		ObjectMeta: api.ObjectMeta{Name: name, Namespace: b.svc.Namespace, Labels: sliceLabels(b.svc),
			OwnerReferences: []api.OwnerReference{{APIVersion: "v1", Kind: "Service", Name: b.svc.Name, UID: b.svc.UID,
				Controller: true, BlockOwnerDeletion: true}}},
		AddressType: dns.AddressTypeIPv4,
		Endpoints:   []dns.Endpoint{},
		Ports:       slices.Clone(ports),
	}
	if sl.Ports == nil {
		sl.Ports = []dns.EndpointPort{}
	}
	b.work[name] = sl
	b.created = append(b.created, name)
	b.st.slices[name] = true
	return name
}

// finish deletes the slices left empty, keeps or creates the one empty
// placeholder of a service without endpoints, refreshes labels and writes.
func (b *sliceBatch) finish() {
	placeholder := false
	for _, name := range b.sliceNames() {
		sl := b.current(name)
		if len(sl.Endpoints) > 0 {
			continue
		}
		if len(b.st.eps) == 0 && !placeholder && len(sl.Ports) == 0 {
			placeholder = true
			continue
		}
		b.deleted[name] = true
		delete(b.st.slices, name)
	}
	if len(b.st.eps) == 0 && !placeholder {
		name := b.create(nil)
		b.edit(name, "no endpoints: placeholder slice")
	}
	want := sliceLabels(b.svc)
	for _, name := range b.sliceNames() {
		if !maps.Equal(b.current(name).Labels, want) {
			b.edit(name, "labels of service "+b.svc.Name+" changed").Labels = maps.Clone(want)
		}
	}
	b.write()
}

// write stores the batch's slices: created, then updated, then deleted.
func (b *sliceBatch) write() {
	reason := func(name string) string {
		if !b.d.c.tracing() {
			return ""
		}
		return "service " + b.svc.Name + ": " + strings.Join(b.notes[name], "; ")
	}
	isNew := map[string]bool{}
	for _, name := range b.created {
		isNew[name] = true
		if !b.deleted[name] {
			b.d.writeSlice(b.work[name], Event{Actor: ActorEndpointSlice, Verb: VerbCreate, Reason: reason(name)})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b.work)) {
		if !isNew[name] && !b.deleted[name] {
			b.d.writeSlice(b.work[name], Event{Actor: ActorEndpointSlice, Verb: VerbUpdate, Reason: reason(name)})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(b.deleted)) {
		if sl := b.d.slices[key{b.svc.Namespace, name}]; sl != nil {
			b.d.removeSlice(sl, ActorEndpointSlice, "service "+b.svc.Name+": slice has no endpoints left")
		}
	}
}
