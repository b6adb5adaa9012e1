// Package dns models Kubernetes Services, their EndpointSlices and the
// cluster DNS zone as CoreDNS's kubernetes plugin serves it with kubeadm's
// Corefile (Kubernetes v1.37, CoreDNS 1.14), plus what a pod sees: its
// resolv.conf and /etc/hosts, libc's search-list expansion, and the output
// of busybox's nslookup and ping. It is pure: no clock, no randomness but the
// source a caller passes to the Allocator; package sim wires it to the
// simulated API server, endpoint controller and CoreDNS watch.
//
// What is modelled:
//
//   - Service defaulting, the registry's preparation (patchAllocatedValues,
//     normalizeClusterIPs, IP families of a single-stack IPv4 cluster) and
//     validation with the API server's messages, including the cluster IP
//     immutability that rejects turning a ClusterIP service headless
//     (`spec.clusterIPs[0]: Invalid value: ["None"]: may not change once
//     set`) and makes removing `clusterIP: None` a silent no-op.
//   - Cluster IP allocation from a service CIDR (upper band first, random
//     start from the caller's source) and node ports from 30000-32767.
//   - Endpoints: which pods are listed (selected, not terminal, with an IP),
//     ready/serving/terminating, hostname only when the pod's subdomain is
//     the service's name, ports resolved from named target ports.
//   - The zone: A records of ClusterIP services (whatever their endpoints)
//     and of headless services (ready endpoints; none is NXDOMAIN),
//     per-endpoint names <hostname-or-dashed-ip>.<svc>.<ns>.svc.<zone> under
//     any service type, SRV with CoreDNS's targets and weights, PTR for cluster
//     IPs and ready endpoints, pod A records in `pods insecure` mode,
//     ExternalName CNAMEs, the dns-version TXT, SOA and NS at the apex,
//     NXDOMAIN versus NODATA exactly as the spec's response-code table, TTL 30.
//   - A pod's resolver: ClusterFirst resolv.conf (search <ns>.svc.<zone>
//     svc.<zone> <zone>, ndots:5, nameserver 10.96.0.10), /etc/hosts first,
//     then glibc's candidate order.
//
// What is simplified:
//
//   - One cluster domain; IPv4 only (AAAA questions are NODATA for existing
//     names); no upstream resolver: names outside the zone, and PTR
//     questions for addresses the zone does not know, are NXDOMAIN.
//   - Answers are not shuffled (the loadbalance plugin would) and are not
//     cached; CoreDNS never answers SERVFAIL (its caches are always synced).
//   - The resolver follows glibc's rules for every pod; musl (Alpine)
//     differs only in corner cases (it stops at a NODATA candidate and does
//     not retry a name with ≥ ndots dots through the search list).
//   - Not modelled: endpoint_pod_names, the zonal grammar, multicluster,
//     externalIPs, load balancer status, session affinity config, topology,
//     selector-less services with hand-made slices, dual stack.
//   - Validation runs before allocation, so when a request has both a
//     validation error and an allocation conflict the validation error is
//     reported (the API server allocates first).
package dns
