package sim

import (
	"maps"
	"reflect"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// ApplyService creates the Service or updates it in place, as `kubectl
// apply` and the API server do: defaulting, the registry's preparation
// (values the server allocated and the manifest leaves out are kept, so
// removing `clusterIP: None` leaves the service headless), validation and
// cluster IP allocation from 10.96.0.0/12. It returns Created, Configured
// or Unchanged; errors are *api.StatusError, e.g. for adding
// `clusterIP: None` to a ClusterIP service:
//
//	The Service "redis-svc" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set
//
// (StatusError.Kubectl). On error nothing changes. The argument is not
// modified.
func (c *Cluster) ApplyService(in *dns.Service) (string, error) {
	s := in.DeepCopy()
	if s.Namespace == "" {
		s.Namespace = "default"
	}
	if _, ok := c.namespaces[s.Namespace]; !ok {
		return "", api.NewNotFound("namespaces", "", s.Namespace)
	}
	dns.Default(s)
	if old := c.dns.services[key{s.Namespace, s.Name}]; old != nil {
		return c.dns.updateService(s, old)
	}
	return c.dns.createService(s)
}

func (d *dnsState) createService(s *dns.Service) (string, error) {
	dns.PrepareForCreate(s)
	if errs := dns.InitIPFamilies(s, nil); len(errs) > 0 {
		return "", api.NewInvalid("Service", "", s.Name, errs)
	}
	if errs := dns.ValidateCreate(s); len(errs) > 0 {
		return "", api.NewInvalid("Service", "", s.Name, errs)
	}
	if err := d.alloc.AllocateService(s); err != nil {
		return "", err
	}
	d.stamp(s)
	s.DeletionTimestamp, s.Generation = nil, 1
	d.writeService(s, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
	return Created, nil
}

func (d *dnsState) updateService(s, old *dns.Service) (string, error) {
	dns.PrepareForUpdate(s, old)
	if errs := dns.InitIPFamilies(s, old); len(errs) > 0 {
		return "", api.NewInvalid("Service", "", s.Name, errs)
	}
	if errs := dns.ValidateUpdate(s, old); len(errs) > 0 {
		return "", api.NewInvalid("Service", "", s.Name, errs)
	}
	if reflect.DeepEqual(s.Spec, old.Spec) && maps.Equal(s.Labels, old.Labels) && maps.Equal(s.Annotations, old.Annotations) {
		return Unchanged, nil
	}
	if err := d.alloc.UpdateService(s, old); err != nil {
		return "", err
	}
	n := old.DeepCopy()
	if !reflect.DeepEqual(s.Spec, old.Spec) {
		n.Generation++
	}
	n.Labels, n.Annotations, n.Spec = s.Labels, s.Annotations, s.Spec
	d.writeService(n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	return Configured, nil
}

// DeleteService deletes the named service ("NAME" or "NAMESPACE/NAME"):
// it is gone at once, its cluster IP is released, the garbage collector
// then removes its EndpointSlices and CoreDNS forgets its names.
func (c *Cluster) DeleteService(name string) error {
	k := splitName(name)
	s := c.dns.services[k]
	if s == nil {
		return api.NewNotFound("services", "", k.name)
	}
	c.dns.removeService(s, ActorUser, "deleted")
	return nil
}

// Service returns the named service.
func (c *Cluster) Service(name string) (*dns.Service, bool) {
	s, ok := c.dns.services[splitName(name)]
	return s, ok
}

// Services returns the services of a namespace ("" for all), sorted by
// namespace and name.
func (c *Cluster) Services(namespace string) []*dns.Service {
	return sortedValues(c.dns.services, namespace)
}

// EndpointSlices returns the EndpointSlices of a namespace ("" for all),
// sorted by namespace and name. The built-in services have none: the API
// server and CoreDNS pods are not simulated.
func (c *Cluster) EndpointSlices(namespace string) []*dns.EndpointSlice {
	return sortedValues(c.dns.slices, namespace)
}

// writeService stores s (created or updated) and tells the watchers: the
// endpointslice controller after the watch latency, CoreDNS after its own.
func (d *dnsState) writeService(s *dns.Service, e Event) {
	k := key{s.Namespace, s.Name}
	if old := d.services[k]; old != nil && old.Spec.Selector != nil {
		d.selecting[s.Namespace]--
	}
	s.ResourceVersion = d.c.nextRV()
	d.services[k] = s
	if s.Spec.Selector != nil {
		d.selecting[s.Namespace]++
	}
	e.Kind, e.Name, e.Namespace = "Service", s.Name, s.Namespace
	d.c.record(e)
	d.ctrl.serviceChanged(s, false)
	d.propagate("service/", s.Name, func(z *dns.Zone) { z.SetService(s) })
}

// removeService deletes s from the store.
func (d *dnsState) removeService(s *dns.Service, actor, reason string) {
	k := key{s.Namespace, s.Name}
	delete(d.services, k)
	if s.Spec.Selector != nil {
		d.selecting[s.Namespace]--
	}
	d.alloc.ReleaseService(s)
	d.c.nextRV()
	d.c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "Service", Name: s.Name, Namespace: s.Namespace, Reason: reason})
	d.ctrl.serviceChanged(s, true)
	d.propagate("service/", s.Name, func(z *dns.Zone) { z.DeleteService(s.Namespace, s.Name) })
	d.c.eng.after(d.c.timing.WatchLatency, ActorGarbageCollector, "delete dependents of service/", s.Name, func() {
		d.collectSlices(s)
	})
}

// collectSlices is the garbage collector removing the EndpointSlices a
// deleted service owned.
func (d *dnsState) collectSlices(s *dns.Service) {
	for _, sl := range sortedValues(d.slices, s.Namespace) {
		if ref := sl.ControllerRef(); ref != nil && ref.UID == s.UID {
			d.removeSlice(sl, ActorGarbageCollector, "owner Service "+s.Name+" was deleted")
		}
	}
}
