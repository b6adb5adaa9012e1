package dns

import (
	"net/netip"
	"strings"
)

// All DNS naming rules of the cluster zone live in this file (upstream:
// kubernetes/dns docs/specification.md; CoreDNS plugin/kubernetes).

// DefaultZone is the cluster domain (kubelet --cluster-domain).
const DefaultZone = "cluster.local"

// ServiceFQDN is <svc>.<ns>.svc.<zone>, without the trailing dot.
func ServiceFQDN(svc, ns, zone string) string {
	return svc + "." + ns + ".svc." + zone
}

// EndpointFQDN is <endpoint>.<svc>.<ns>.svc.<zone>: a pod's per-endpoint
// name, e.g. redis-sts-0.redis-svc.default.svc.cluster.local.
func EndpointFQDN(endpoint, svc, ns, zone string) string {
	return endpoint + "." + ServiceFQDN(svc, ns, zone)
}

// SRVName is _<port>._<proto>.<svc>.<ns>.svc.<zone>; proto is lowercased
// as the spec writes it (CoreDNS matches it case-insensitively).
func SRVName(port string, proto Protocol, svc, ns, zone string) string {
	return "_" + port + "._" + strings.ToLower(string(proto)) + "." + ServiceFQDN(svc, ns, zone)
}

// PodFQDN is <a-b-c-d>.<ns>.pod.<zone>, the pod A record name that
// CoreDNS's `pods insecure` mode answers.
func PodFQDN(ip, ns, zone string) string {
	return DashedIP(ip) + "." + ns + ".pod." + zone
}

// DashedIP is an IP with '.' (or ':') replaced by '-'; an IPv6 result
// ending in '-' gets a trailing '0' (upstream: CoreDNS kubernetes.go
// endpointHostname).
func DashedIP(ip string) string {
	if strings.Contains(ip, ".") {
		return strings.ReplaceAll(ip, ".", "-")
	}
	s := strings.ReplaceAll(ip, ":", "-")
	if strings.HasSuffix(s, "-") {
		s += "0"
	}
	return s
}

// undashIP reverses DashedIP for a pod-zone label: exactly three dashes
// and no "--" is IPv4, anything else is tried as IPv6 (upstream: CoreDNS
// kubernetes.go findPods).
func undashIP(label string) (string, bool) {
	var s string
	if strings.Count(label, "-") == 3 && !strings.Contains(label, "--") {
		s = strings.ReplaceAll(label, "-", ".")
	} else {
		s = strings.ReplaceAll(label, "-", ":")
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return "", false
	}
	return a.String(), true
}

// EndpointName is the label an endpoint answers to under its service: its
// hostname if set, else its dashed IP (CoreDNS's endpoint_pod_names
// option, off by default, is not modelled).
func EndpointName(ep *Endpoint, ip string) string {
	if ep.Hostname != "" {
		return ep.Hostname
	}
	return DashedIP(ip)
}

// ReverseName is the in-addr.arpa name of an IPv4 address:
// 10.244.1.5 → 5.1.244.10.in-addr.arpa.
func ReverseName(ip string) string {
	parts := strings.Split(ip, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".") + ".in-addr.arpa"
}

// parseReverse returns the IPv4 address of a full in-addr.arpa name.
func parseReverse(name string) (string, bool) {
	rest, ok := strings.CutSuffix(strings.ToLower(name), ".in-addr.arpa")
	if !ok {
		return "", false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 4 {
		return "", false
	}
	for i, j := 0, 3; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	a, err := netip.ParseAddr(strings.Join(parts, "."))
	if err != nil || !a.Is4() {
		return "", false
	}
	return a.String(), true
}

// SlicePrefix is the generateName of a service's EndpointSlices:
// "<svc>-" (upstream: getEndpointSlicePrefix, which drops the dash only
// when the name would be too long).
func SlicePrefix(svc string) string {
	if len(svc)+1 > 253 {
		return svc
	}
	return svc + "-"
}

// trimDot removes one trailing dot.
func trimDot(name string) string { return strings.TrimSuffix(name, ".") }

// labels splits a name (without trailing dot) into its labels.
func labels(name string) []string {
	if name == "" {
		return nil
	}
	return strings.Split(name, ".")
}
