package dns

import (
	"errors"
	"strings"

	"github.com/stsim/stsim/api"
)

// KubeDNSIP is the cluster DNS service's address (kubeadm's default
// clusterDNS: the tenth address of 10.96.0.0/12).
const KubeDNSIP = "10.96.0.10"

// Querier answers DNS questions; *Zone is one.
type Querier interface {
	Query(name string, t Type) Response
}

// ResolvConf is a pod's /etc/resolv.conf.
type ResolvConf struct {
	Nameservers []string
	Search      []string
	Ndots       int
}

// ClusterFirst is the resolv.conf the kubelet gives a pod with the default
// dnsPolicy ClusterFirst: the cluster DNS server, the search path
// <ns>.svc.<zone> svc.<zone> <zone> and ndots:5; the node's own search
// domains and options are not modelled (upstream:
// pkg/kubelet/network/dns/dns.go GetPodDNS,
// generateSearchesForDNSClusterFirst).
func ClusterFirst(namespace, zone, nameserver string) ResolvConf {
	return ResolvConf{
		Nameservers: []string{nameserver},
		Search:      []string{namespace + ".svc." + zone, "svc." + zone, zone},
		Ndots:       5,
	}
}

// String renders the file as the container runtime (containerd) writes it.
func (r ResolvConf) String() string {
	var b strings.Builder
	if len(r.Search) > 0 {
		b.WriteString("search " + strings.Join(r.Search, " ") + "\n")
	}
	for _, ns := range r.Nameservers {
		b.WriteString("nameserver " + ns + "\n")
	}
	if r.Ndots != 1 {
		b.WriteString("options ndots:" + itoa(r.Ndots) + "\n")
	}
	return b.String()
}

// Candidates returns the names the stub resolver asks for, in order (glibc
// res_search): a name with a trailing dot as is only; a name with at least
// ndots dots as is first, then with each search domain; otherwise with each
// search domain, then as is. The candidates carry no trailing dot.
func (r ResolvConf) Candidates(name string) []string {
	if strings.HasSuffix(name, ".") {
		return []string{trimDot(name)}
	}
	var out []string
	for _, d := range r.Search {
		out = append(out, name+"."+d)
	}
	if strings.Count(name, ".") >= r.Ndots {
		return append([]string{name}, out...)
	}
	return append(out, name)
}

// ErrNoSuchHost is wrapped by the error of a name that does not resolve.
var ErrNoSuchHost = errors.New("no such host")

// LookupError is the error of a failed lookup.
type LookupError struct{ Name string }

func (e *LookupError) Error() string { return "lookup " + e.Name + ": no such host" }

// Unwrap makes errors.Is(err, ErrNoSuchHost) true.
func (e *LookupError) Unwrap() error { return ErrNoSuchHost }

// Resolver resolves names as a program in a pod does through libc
// (getaddrinfo): /etc/hosts first, then DNS over the search list.
type Resolver struct {
	Conf   ResolvConf
	Hosts  []HostEntry
	Server Querier
}

// LookupHost returns the addresses of name: from /etc/hosts if listed
// there, else from the first candidate whose A or AAAA answer has records
// (NXDOMAIN and NODATA move on to the next candidate). A candidate whose
// answer is only a CNAME ends the search without addresses.
func (r Resolver) LookupHost(name string) ([]string, error) {
	if ips := lookupHosts(r.Hosts, name); len(ips) > 0 {
		return ips, nil
	}
	for _, c := range r.Conf.Candidates(name) {
		a, aaaa := r.Server.Query(c, TypeA), r.Server.Query(c, TypeAAAA)
		if len(a.Answer)+len(aaaa.Answer) == 0 {
			continue
		}
		ips := addresses(a.Answer, aaaa.Answer)
		if len(ips) == 0 {
			break
		}
		return ips, nil
	}
	return nil, &LookupError{Name: name}
}

func addresses(sets ...[]RR) []string {
	var out []string
	for _, rrs := range sets {
		for _, rr := range rrs {
			if rr.Type == TypeA || rr.Type == TypeAAAA {
				out = append(out, rr.IP)
			}
		}
	}
	return out
}

// HostEntry is one line of /etc/hosts.
type HostEntry struct {
	IP    string
	Names []string
	// Tabs separates the names with tabs instead of spaces, as the
	// kubelet writes the pod's own line.
	Tabs bool
}

// PodHosts is the kubelet-managed /etc/hosts of a pod (upstream:
// kubelet_pods.go managedHostsFileContent): localhost lines, then the pod
// IP with <hostname>.<subdomain>.<ns>.svc.<zone> and <hostname> when the
// pod has a subdomain, else with <hostname>. The hostname is spec.hostname,
// else the pod name truncated to 63 characters.
func PodHosts(p *api.Pod, zone string) []HostEntry {
	out := []HostEntry{
		{IP: "127.0.0.1", Names: []string{"localhost"}},
		{IP: "::1", Names: []string{"localhost", "ip6-localhost", "ip6-loopback"}},
		{IP: "fe00::0", Names: []string{"ip6-localnet"}},
		{IP: "fe00::0", Names: []string{"ip6-mcastprefix"}},
		{IP: "fe00::1", Names: []string{"ip6-allnodes"}},
		{IP: "fe00::2", Names: []string{"ip6-allrouters"}},
	}
	if p.Status.PodIP == "" {
		return out
	}
	host := PodHostname(p)
	if p.Spec.Subdomain != "" {
		fqdn := host + "." + p.Spec.Subdomain + "." + p.Namespace + ".svc." + zone
		return append(out, HostEntry{IP: p.Status.PodIP, Names: []string{fqdn, host}, Tabs: true})
	}
	return append(out, HostEntry{IP: p.Status.PodIP, Names: []string{host}, Tabs: true})
}

// PodHostname is the pod's hostname: spec.hostname, else its name cut to
// 63 characters without trailing '-' or '.' (upstream: kubelet
// GeneratePodHostNameAndDomain, truncatePodHostnameIfNeeded).
func PodHostname(p *api.Pod) string {
	if p.Spec.Hostname != "" {
		return p.Spec.Hostname
	}
	h := p.Name
	if len(h) > 63 {
		h = strings.TrimRight(h[:63], "-.")
	}
	return h
}

// HostsFile renders entries as the kubelet writes them.
func HostsFile(entries []HostEntry) string {
	var b strings.Builder
	b.WriteString("# Kubernetes-managed hosts file.\n")
	for _, e := range entries {
		sep := " "
		if e.Tabs {
			sep = "\t"
		}
		b.WriteString(e.IP + "\t" + strings.Join(e.Names, sep) + "\n")
	}
	return b.String()
}

// lookupHosts returns the addresses /etc/hosts gives name
// (case-insensitively).
func lookupHosts(entries []HostEntry, name string) []string {
	var out []string
	for _, e := range entries {
		for _, n := range e.Names {
			if strings.EqualFold(n, name) {
				out = append(out, e.IP)
				break
			}
		}
	}
	return out
}
