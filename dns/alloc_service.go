package dns

import (
	"fmt"

	"github.com/stsim/stsim/api"
)

// The allocation steps of the Service registry (upstream:
// pkg/registry/core/service/storage/alloc.go allocateCreate,
// allocateUpdate, allocIPs, txnUpdateNodePorts), with its error texts.

// AllocateService gives a new service its cluster IP and node ports, with
// the API server's errors; on error nothing stays allocated.
func (a *Allocator) AllocateService(s *Service) error {
	var ips []string
	var ports []int32
	err := a.allocateService(s, &ips, &ports)
	if err != nil {
		for _, ip := range ips {
			a.Release(ip)
		}
		for _, p := range ports {
			a.ReleasePort(p)
		}
	}
	return err
}

func (a *Allocator) allocateService(s *Service, ips *[]string, ports *[]int32) error {
	if s.Spec.Type != ServiceTypeExternalName && !s.IsHeadless() {
		if err := a.allocateClusterIP(s); err != nil {
			return err
		}
		*ips = append(*ips, s.Spec.ClusterIP)
	}
	if !needsNodePorts(s) {
		return nil
	}
	for i := range s.Spec.Ports {
		sp := &s.Spec.Ports[i]
		if err := a.allocateNodePort(s.Name, sp, i); err != nil {
			return err
		}
		*ports = append(*ports, sp.NodePort)
	}
	return nil
}

// allocateClusterIP reserves the requested IP, or a free one.
func (a *Allocator) allocateClusterIP(s *Service) error {
	if s.Spec.ClusterIP == "" {
		ip, err := a.AllocateNext()
		if err != nil {
			return api.NewInternalError(fmt.Errorf("failed to allocate a serviceIP for Service %q: %w", s.Name, err))
		}
		s.Spec.ClusterIP, s.Spec.ClusterIPs = ip, []string{ip}
		return nil
	}
	if err := a.Allocate(s.Spec.ClusterIP); err != nil {
		errs := api.ErrorList{api.Invalid(specPath.Child("clusterIPs"), s.Spec.ClusterIPs,
			fmt.Sprintf("failed to allocate IP %s: %v", s.Spec.ClusterIP, err))}
		return api.NewInvalid("Service", "", s.Name, errs)
	}
	return nil
}

// allocateNodePort reserves the requested node port, or a free one.
func (a *Allocator) allocateNodePort(name string, sp *ServicePort, i int) error {
	if sp.NodePort == 0 {
		p, err := a.AllocateNextPort()
		if err != nil {
			return api.NewInternalError(fmt.Errorf("failed to allocate a nodePort: %w", err))
		}
		sp.NodePort = p
		return nil
	}
	if err := a.AllocatePort(sp.NodePort); err != nil {
		errs := api.ErrorList{api.Invalid(specPath.Child("ports").Index(i).Child("nodePort"), sp.NodePort, err.Error())}
		return api.NewInvalid("Service", "", name, errs)
	}
	return nil
}

// ReleaseService frees what AllocateService reserved for s.
func (a *Allocator) ReleaseService(s *Service) {
	if s.HasClusterIP() {
		a.Release(s.Spec.ClusterIP)
	}
	for _, p := range s.Spec.Ports {
		if p.NodePort != 0 {
			a.ReleasePort(p.NodePort)
		}
	}
}

// UpdateService allocates what an update needs (a cluster IP for a service
// leaving ExternalName, node ports the new spec lacks) and releases what it
// no longer uses. On error nothing changes.
func (a *Allocator) UpdateService(s, old *Service) error {
	var ips []string
	var ports []int32
	err := a.updateService(s, old, &ips, &ports)
	if err != nil {
		for _, ip := range ips {
			a.Release(ip)
		}
		for _, p := range ports {
			a.ReleasePort(p)
		}
		return err
	}
	if old.HasClusterIP() && !s.HasClusterIP() {
		a.Release(old.Spec.ClusterIP)
	}
	kept := map[int32]bool{}
	for _, p := range s.Spec.Ports {
		kept[p.NodePort] = true
	}
	for _, p := range old.Spec.Ports {
		if p.NodePort != 0 && !kept[p.NodePort] {
			a.ReleasePort(p.NodePort)
		}
	}
	return nil
}

func (a *Allocator) updateService(s, old *Service, ips *[]string, ports *[]int32) error {
	if old.Spec.Type == ServiceTypeExternalName && s.Spec.Type != ServiceTypeExternalName && !s.IsHeadless() {
		if err := a.allocateClusterIP(s); err != nil {
			return err
		}
		*ips = append(*ips, s.Spec.ClusterIP)
	}
	if !needsNodePorts(s) {
		return nil
	}
	had := map[int32]bool{}
	for _, p := range old.Spec.Ports {
		had[p.NodePort] = p.NodePort != 0
	}
	for i := range s.Spec.Ports {
		sp := &s.Spec.Ports[i]
		if had[sp.NodePort] {
			continue
		}
		if err := a.allocateNodePort(s.Name, sp, i); err != nil {
			return err
		}
		*ports = append(*ports, sp.NodePort)
	}
	return nil
}
