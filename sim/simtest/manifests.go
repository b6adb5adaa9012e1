package simtest

import (
	"cmp"
	"encoding/json"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// setDoc renders a StatefulSet as the manifest a user would write: the
// Kubernetes object without status and without empty fields.
func setDoc(s *sts.StatefulSet) (map[string]any, error) {
	kube, err := manifest.ToKube(s)
	if err != nil {
		return nil, err
	}
	return objectDoc(kube)
}

// serviceDoc renders a Service manifest (the kit's Services use only
// name, selector, clusterIP, one port and publishNotReadyAddresses).
func serviceDoc(s *dns.Service) (map[string]any, error) {
	out := &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: s.Namespace},
		Spec: corev1.ServiceSpec{
			Selector:                 s.Spec.Selector,
			ClusterIP:                s.Spec.ClusterIP,
			PublishNotReadyAddresses: s.Spec.PublishNotReadyAddresses,
		},
	}
	for _, p := range s.Spec.Ports {
		out.Spec.Ports = append(out.Spec.Ports, corev1.ServicePort{Name: p.Name, Port: p.Port,
			Protocol: corev1.Protocol(p.Protocol), TargetPort: intstr.FromInt32(p.TargetPort.Int)})
	}
	return objectDoc(out)
}

// objectDoc turns a Kubernetes object into its JSON map without status
// and null fields.
func objectDoc(obj any) (map[string]any, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	delete(m, "status")
	dropNulls(m)
	return m, nil
}

// dropNulls removes null values and creation timestamps, and the maps
// that held nothing else, at every depth; it returns nil for such a map.
func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		removed := false
		for k, e := range x {
			if k == "creationTimestamp" || dropNulls(e) == nil {
				delete(x, k)
				removed = true
			}
		}
		if removed && len(x) == 0 {
			return nil
		}
	case []any:
		for i := range x {
			x[i] = dropNulls(x[i])
		}
	}
	return v
}

// documents returns the scenario's objects as manifest documents,
// services first.
func (s Scenario) documents() ([]map[string]any, error) {
	var docs []map[string]any
	for _, svc := range s.Services {
		d, err := serviceDoc(svc)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	d, err := setDoc(s.Set)
	return append(docs, d), err
}

// manifests renders the scenario's objects as one multi-document YAML
// stream, as the script applies them.
func (s Scenario) manifests() (string, error) {
	docs, err := s.documents()
	if err != nil {
		return "", err
	}
	var out []string
	for _, d := range docs {
		y, err := yaml.Marshal(d)
		if err != nil {
			return "", err
		}
		out = append(out, string(y))
	}
	return strings.Join(out, "---\n"), nil
}

// apply applies the scenario's objects in the order of its manifests.
// It applies the Go values; the manifests decode to exactly them (tested
// for generated scenarios; CheckScript checks any scenario), which saves a
// strict decode per run.
func (s Scenario) apply(c *sim.Cluster) error {
	var err error
	for _, svc := range s.Services {
		_, serr := c.ApplyService(svc)
		err = cmp.Or(err, serr) // the script goes on past a failed object
	}
	_, serr := c.ApplyStatefulSet(s.Set)
	return cmp.Or(err, serr)
}
