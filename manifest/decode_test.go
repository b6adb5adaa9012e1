package manifest

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeOK decodes data that must decode without error.
func decodeOK(t *testing.T, data string) ([]Object, []string) {
	t.Helper()
	objs, warnings, err := Decode([]byte(data))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return objs, warnings
}

// docErrors decodes data that must fail and returns its errors.
func docErrors(t *testing.T, data string) ([]Object, Errors) {
	t.Helper()
	objs, _, err := Decode([]byte(data))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Decode error = %v, want Errors", err)
	}
	return objs, es
}

func ptr[T any](v T) *T { return &v }

// TestSeedManifests decodes the seed article's three manifests exactly as
// the article prints them (testdata/*.yaml).
func TestSeedManifests(t *testing.T) {
	var all []byte
	for _, f := range []string{"redis-sts.yaml", "redis-svc.yaml", "redis-pv-sts.yaml"} {
		all = append(all, "---\n"...)
		all = append(all, readFile(t, "testdata/"+f)...)
	}
	objs, warnings := decodeOK(t, string(all))
	if len(warnings) != 0 {
		t.Errorf("warnings = %q, want none", warnings)
	}
	if len(objs) != 3 {
		t.Fatalf("got %d objects, want 3", len(objs))
	}

	redis := []api.Container{{Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}}}}
	want := &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts"},
		Spec: sts.Spec{
			ServiceName: "redis-svc",
			Replicas:    ptr[int32](2),
			Selector:    &api.LabelSelector{MatchLabels: map[string]string{"app": "redis-sts"}},
			Template: api.PodTemplateSpec{
				Labels: map[string]string{"app": "redis-sts"},
				Spec:   api.PodSpec{Containers: redis},
			},
		},
	}
	if diff := cmp.Diff(want, objs[0]); diff != "" {
		t.Errorf("redis-sts (-want +got):\n%s", diff)
	}

	wantSvc := &dns.Service{
		ObjectMeta: api.ObjectMeta{Name: "redis-svc"},
		Spec: dns.ServiceSpec{
			Selector: map[string]string{"app": "redis-sts"},
			Ports:    []dns.ServicePort{{Protocol: dns.ProtocolTCP, Port: 6379, TargetPort: dns.FromInt(6379)}},
		},
	}
	if diff := cmp.Diff(wantSvc, objs[1]); diff != "" {
		t.Errorf("redis-svc (-want +got):\n%s", diff)
	}

	pvRedis := []api.Container{{
		Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}},
		VolumeMounts: []api.VolumeMount{{Name: "redis-100m-pvc", MountPath: "/data"}},
	}}
	wantPV := &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-pv-sts"},
		Spec: sts.Spec{
			ServiceName: "redis-pv-svc",
			Replicas:    ptr[int32](2),
			Selector:    &api.LabelSelector{MatchLabels: map[string]string{"app": "redis-pv-sts"}},
			Template: api.PodTemplateSpec{
				Labels: map[string]string{"app": "redis-pv-sts"},
				Spec:   api.PodSpec{Containers: pvRedis},
			},
			VolumeClaimTemplates: []storage.PersistentVolumeClaim{{
				ObjectMeta: api.ObjectMeta{Name: "redis-100m-pvc"},
				Spec: storage.ClaimSpec{
					StorageClassName: ptr("nfs-client"),
					AccessModes:      []string{"ReadWriteMany"},
					Storage:          "100Mi",
				},
			}},
		},
	}
	if diff := cmp.Diff(wantPV, objs[2]); diff != "" {
		t.Errorf("redis-pv-sts (-want +got):\n%s", diff)
	}
}

// TestUnsupportedRaw checks that an object only controllers write (here
// Endpoints) is handed over as kubectl would send it: keys sorted, nothing
// dropped.
func TestUnsupportedRaw(t *testing.T) {
	objs, _ := decodeOK(t, "kind: Endpoints\napiVersion: v1\nmetadata: {name: redis-svc}\n"+
		"subsets:\n- ports: [{port: 6379}]\n  addresses: [{ip: 10.244.1.2}]\n")
	u, ok := objs[0].(*Unsupported)
	if !ok || u.APIVersion != "v1" || u.Kind != "Endpoints" || u.Name != "redis-svc" || u.Namespace != "" {
		t.Fatalf("got %#v", objs[0])
	}
	got := strings.TrimSpace(string(u.Raw))
	want := `{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"redis-svc"},` +
		`"subsets":[{"addresses":[{"ip":"10.244.1.2"}],"ports":[{"port":6379}]}]}`
	if got != want {
		t.Errorf("Raw = %s\nwant  %s", got, want)
	}
}

func TestDecodeStreams(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		names []string
	}{
		{"empty", "", nil},
		{"only separators and comments", "---\n# nothing\n---\n\n---\n", nil},
		{"leading separator and empty docs", "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n", []string{"a", "b"}},
		{"json stream", `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}} {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"}}`, []string{"a", "b"}},
		{"list", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: b}\n", []string{"a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs, _ := decodeOK(t, tc.in)
			var names []string
			for _, o := range objs {
				switch o := o.(type) {
				case *api.Namespace:
					names = append(names, o.Name)
				case *api.Node:
					names = append(names, o.Name)
				}
			}
			if diff := cmp.Diff(tc.names, names); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeErrors pins the messages to what kubectl v1.37 prints with
// --validate=strict (the default): the short cause, and the full line for a
// command whose only error this is.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		cause   string
		kubectl string
		server  bool
	}{{
		name:    "unknown field",
		in:      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replica: 2\n",
		cause:   `strict decoding error: unknown field "spec.replica"`,
		kubectl: `Error from server (BadRequest): error when creating "web.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"` + "\n",
		server:  true,
	}, {
		name:    "several unknown fields, reported in key order",
		in:      "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imagee: x\n  replica: 2\nmetadata:\n  name: web\n  labelz: {}\n",
		cause:   `strict decoding error: unknown field "metadata.labelz", unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"`,
		kubectl: `Error from server (BadRequest): error when creating "web.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "metadata.labelz", unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"` + "\n",
		server:  true,
	}, {
		name:    "field names are case sensitive",
		in:      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  Containers: []\n",
		cause:   `strict decoding error: unknown field "spec.Containers"`,
		kubectl: `Error from server (BadRequest): error when creating "web.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.Containers"` + "\n",
		server:  true,
	}, {
		name:    "wrong type",
		in:      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: two\n",
		cause:   `json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32`,
		kubectl: `Error from server (BadRequest): error when creating "web.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32` + "\n",
		server:  true,
	}, {
		name:    "bad quantity",
		in:      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  resources:\n    requests:\n      storage: 100MB\n",
		cause:   `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
		kubectl: `Error from server (BadRequest): error when creating "web.yaml": PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` + "\n",
		server:  true,
	}, {
		name:    "unknown kind",
		in:      "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n",
		cause:   `no matches for kind "Foo" in version "v1"`,
		kubectl: "error: resource mapping not found for name: \"x\" namespace: \"\" from \"web.yaml\": no matches for kind \"Foo\" in version \"v1\"\nensure CRDs are installed first\n",
	}, {
		name:    "kind in the wrong group",
		in:      "apiVersion: v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: prod\n",
		cause:   `no matches for kind "StatefulSet" in version "v1"`,
		kubectl: "error: resource mapping not found for name: \"web\" namespace: \"prod\" from \"web.yaml\": no matches for kind \"StatefulSet\" in version \"v1\"\nensure CRDs are installed first\n",
	}, {
		name:    "kind the simulator does not serve",
		in:      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n",
		cause:   `no matches for kind "Deployment" in version "apps/v1"`,
		kubectl: "error: resource mapping not found for name: \"d\" namespace: \"\" from \"web.yaml\": no matches for kind \"Deployment\" in version \"apps/v1\"\nensure CRDs are installed first\n",
	}, {
		name:    "no apiVersion",
		in:      "kind: Pod\nmetadata:\n  name: p\n",
		cause:   "apiVersion not set",
		kubectl: "error: error validating \"web.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n",
	}, {
		name:    "no apiVersion nor kind",
		in:      "metadata:\n  name: p\n",
		cause:   "[apiVersion not set, kind not set]",
		kubectl: "error: error validating \"web.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n",
	}, {
		name:    "not an object",
		in:      "- a\n- b\n",
		cause:   "invalid object to validate",
		kubectl: "error: error validating \"web.yaml\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n",
	}, {
		name:    "empty kind",
		in:      "apiVersion: v1\nkind: \"\"\n",
		cause:   `Object 'Kind' is missing in '{"apiVersion":"v1","kind":""}'`,
		kubectl: `error: unable to decode "web.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","kind":""}'` + "\n",
	}, {
		name:    "yaml syntax",
		in:      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [p\n",
		cause:   "error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'",
		kubectl: "error: error parsing web.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'\n",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs, es := docErrors(t, tc.in)
			if len(objs) != 0 || len(es) != 1 {
				t.Fatalf("got %d objects, %d errors; want 0, 1", len(objs), len(es))
			}
			e := es[0]
			if e.Error() != tc.cause {
				t.Errorf("cause:\n got %s\nwant %s", e.Error(), tc.cause)
			}
			if got := e.Kubectl("web.yaml"); got != tc.kubectl {
				t.Errorf("kubectl:\n got %q\nwant %q", got, tc.kubectl)
			}
			if (e.Status != nil) != tc.server {
				t.Errorf("Status = %v, want server error %v", e.Status, tc.server)
			}
			if e.Status != nil && !api.IsBadRequest(e.Status) {
				t.Errorf("Status reason = %s, want BadRequest", e.Status.Reason)
			}
			if want := strings.TrimPrefix(strings.TrimSuffix(tc.kubectl, "\n"), "error: "); e.Message("web.yaml") != want {
				t.Errorf("Message:\n got %q\nwant %q", e.Message("web.yaml"), want)
			}
		})
	}
}

// TestDecodeErrorIdentity checks what a failed document still tells.
func TestDecodeErrorIdentity(t *testing.T) {
	_, es := docErrors(t, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replica: 2\n")
	e := es[0]
	if e.APIVersion != "apps/v1" || e.Kind != "StatefulSet" || e.Name != "web" || e.Namespace != "prod" {
		t.Errorf("identity = %s %s %s/%s", e.APIVersion, e.Kind, e.Namespace, e.Name)
	}
	if e.Status.Message != `StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"` {
		t.Errorf("Status.Message = %s", e.Status.Message)
	}
}

// TestDecodeContinues checks that, as in kubectl, a document that fails
// mapping or server decoding does not stop the others, while a syntax or
// validation error ends the stream.
func TestDecodeContinues(t *testing.T) {
	ns := func(n string) string { return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + n + "\n" }
	in := ns("a") + "---\napiVersion: v1\nkind: Foo\n---\n" + ns("b") +
		"---\napiVersion: v1\nkind: Namespace\nspec:\n  bogus: 1\n---\n" + ns("c") +
		"---\nkind: Namespace\n---\n" + ns("d")
	objs, es := docErrors(t, in)
	var names []string
	for _, o := range objs {
		names = append(names, o.(*api.Namespace).Name)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, names); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	want := "no matches for kind \"Foo\" in version \"v1\"\n" +
		"strict decoding error: unknown field \"spec.bogus\"\n" +
		"apiVersion not set"
	if es.Error() != want {
		t.Errorf("errors:\n%s\nwant\n%s", es.Error(), want)
	}
}

// TestDuplicateKeys: kubectl converts YAML to JSON before sending it, and
// a repeated key keeps its last value without an error.
func TestDuplicateKeys(t *testing.T) {
	objs, _ := decodeOK(t, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  replicas: 3\n")
	if r := objs[0].(*sts.StatefulSet).Spec.Replicas; r == nil || *r != 3 {
		t.Errorf("replicas = %v, want 3", r)
	}
}

// TestConvertFields covers the fields whose conversion is not a plain copy.
func TestConvertFields(t *testing.T) {
	in := `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: prod
  uid: u-1
  resourceVersion: "42"
  generation: 3
  creationTimestamp: "2025-01-01T00:01:40Z"
  ownerReferences:
  - apiVersion: v1
    kind: Thing
    name: t
    uid: u-0
    controller: true
    blockOwnerDeletion: false
spec:
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 50%
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Delete
  ordinals:
    start: 5
  template:
    spec:
      terminationGracePeriodSeconds: 0
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: shared
          readOnly: true
      - name: scratch
        emptyDir: {}
      containers:
      - name: c
        readinessProbe:
          initialDelaySeconds: 5
          periodSeconds: 2
          failureThreshold: 4
          successThreshold: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web2
spec:
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 2
      partition: 0
  volumeClaimTemplates:
  - metadata:
      name: d
    spec:
      storageClassName: ""
      resources:
        requests:
          storage: 1.5Gi
`
	objs, warnings := decodeOK(t, in)
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	s := objs[0].(*sts.StatefulSet)
	wantMeta := api.ObjectMeta{
		Name: "web", Namespace: "prod", UID: "u-1", ResourceVersion: 42, Generation: 3,
		CreationTimestamp: 100e9,
		OwnerReferences:   []api.OwnerReference{{APIVersion: "v1", Kind: "Thing", Name: "t", UID: "u-0", Controller: true}},
	}
	if diff := cmp.Diff(wantMeta, s.ObjectMeta); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if s.Spec.Replicas != nil || s.Spec.RevisionHistoryLimit != nil || s.Spec.Selector != nil {
		t.Errorf("absent pointers not nil: %v %v %v", s.Spec.Replicas, s.Spec.RevisionHistoryLimit, s.Spec.Selector)
	}
	wantStrategy := sts.UpdateStrategy{Type: "RollingUpdate", RollingUpdate: &sts.RollingUpdateOptions{
		MaxUnavailable: &sts.IntOrString{IsString: true, Str: "50%"},
	}}
	if diff := cmp.Diff(wantStrategy, s.Spec.UpdateStrategy); diff != "" {
		t.Errorf("updateStrategy (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&sts.RetentionPolicy{WhenDeleted: "Delete"}, s.Spec.PersistentVolumeClaimRetentionPolicy); diff != "" {
		t.Errorf("retention (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&sts.Ordinals{Start: 5}, s.Spec.Ordinals); diff != "" {
		t.Errorf("ordinals (-want +got):\n%s", diff)
	}
	wantPod := api.PodSpec{
		TerminationGracePeriodSeconds: ptr[int64](0),
		Volumes:                       []api.Volume{{Name: "data", ClaimName: "shared", ReadOnly: true}, {Name: "scratch", EmptyDir: true}},
		Containers: []api.Container{{Name: "c", ReadinessProbe: &api.Probe{
			InitialDelaySeconds: 5, PeriodSeconds: 2, FailureThreshold: 4, SuccessThreshold: 1,
		}}},
	}
	if diff := cmp.Diff(wantPod, s.Spec.Template.Spec); diff != "" {
		t.Errorf("pod spec (-want +got):\n%s", diff)
	}

	s2 := objs[1].(*sts.StatefulSet)
	wantRU := &sts.RollingUpdateOptions{Partition: ptr[int32](0), MaxUnavailable: &sts.IntOrString{Int: 2}}
	if diff := cmp.Diff(wantRU, s2.Spec.UpdateStrategy.RollingUpdate); diff != "" {
		t.Errorf("rollingUpdate (-want +got):\n%s", diff)
	}
	c := s2.Spec.VolumeClaimTemplates[0].Spec
	if c.StorageClassName == nil || *c.StorageClassName != "" || c.Storage != "1536Mi" {
		t.Errorf("claim spec = class %v storage %q; want \"\" and the API server's canonical 1536Mi", c.StorageClassName, c.Storage)
	}
}

// TestWarnings: fields Kubernetes accepts but stsim ignores are reported
// once per path per call, in order of first appearance, paths sorted
// within an object.
func TestWarnings(t *testing.T) {
	set := func(name string) string {
		return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ` + name + `
  managedFields: []
spec:
  template:
    spec:
      affinity:
        podAntiAffinity: {}
      securityContext:
        runAsUser: 1000
      volumes:
      - name: conf
        configMap:
          name: conf
      - name: tmp
        emptyDir:
          medium: Memory
      containers:
      - name: a
        imagePullPolicy: Always
        resources:
          limits:
            memory: 1Gi
        env:
        - name: POD
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        readinessProbe:
          exec:
            command: [redis-cli, ping]
          periodSeconds: 3
          timeoutSeconds: 2
        livenessProbe:
          tcpSocket:
            port: 6379
      - name: b
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            cpu: "1"
status:
  replicas: 7
  observedGeneration: 2
`
	}
	objs, warnings := decodeOK(t, set("a")+"---\n"+set("b"))
	if len(objs) != 2 {
		t.Fatalf("got %d objects", len(objs))
	}
	want := []string{
		"spec.template.spec.affinity: not simulated (ignored)",
		"spec.template.spec.containers.env.valueFrom: not simulated (ignored)",
		"spec.template.spec.containers.imagePullPolicy: not simulated (ignored)",
		"spec.template.spec.containers.livenessProbe: not simulated (ignored)",
		"spec.template.spec.containers.readinessProbe.exec: not simulated (ignored)",
		"spec.template.spec.containers.readinessProbe.timeoutSeconds: not simulated (ignored)",
		"spec.template.spec.containers.resources.limits: not simulated (ignored)",
		"spec.template.spec.securityContext: not simulated (ignored)",
		"spec.template.spec.volumes.configMap: not simulated (ignored)",
		"spec.template.spec.volumes.emptyDir.medium: not simulated (ignored)",
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// The simulated parts are still there.
	s := objs[1].(*sts.StatefulSet)
	if p := s.Spec.Template.Spec.Containers[0].ReadinessProbe; p == nil || p.PeriodSeconds != 3 {
		t.Errorf("readinessProbe = %+v", p)
	}
	if s.Status.Replicas != 7 || s.Status.ObservedGeneration != 2 {
		t.Errorf("status = %+v", s.Status)
	}
	if v := s.Spec.Template.Spec.Volumes; len(v) != 2 || v[0].Name != "conf" || !v[1].EmptyDir {
		t.Errorf("volumes = %+v", v)
	}
}

// TestWarningsOtherKinds covers warnings outside StatefulSets.
func TestWarningsOtherKinds(t *testing.T) {
	in := `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: c
  resourceVersion: abc
spec:
  accessModes: [ReadWriteOnce]
  dataSource:
    kind: PersistentVolumeClaim
    name: other
  resources:
    requests:
      storage: 1Gi
      cpu: "1"
---
apiVersion: v1
kind: Node
metadata:
  name: node-9
spec:
  podCIDR: 10.0.0.0/24
  taints:
  - key: k
    effect: NoSchedule
    timeAdded: "2025-01-01T00:00:00Z"
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
spec:
  finalizers: [kubernetes]
`
	_, warnings := decodeOK(t, in)
	want := []string{
		"metadata.resourceVersion: not simulated (ignored)",
		"spec.dataSource: not simulated (ignored)",
		"spec.resources.requests.cpu: not simulated (ignored)",
		"spec.taints.timeAdded: not simulated (ignored)",
		"spec.finalizers: not simulated (ignored)",
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestWarningsAreFresh: the once-per-path rule holds within one call only.
func TestWarningsAreFresh(t *testing.T) {
	in := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers: []\n"
	for range 2 {
		_, w := decodeOK(t, in)
		if diff := cmp.Diff([]string{"spec.hostNetwork: not simulated (ignored)"}, w); diff != "" {
			t.Errorf("warnings (-want +got):\n%s", diff)
		}
	}
}

func TestDecodePodNodeNamespace(t *testing.T) {
	in := `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  nodeName: node-1
  hostname: p
  subdomain: svc
  restartPolicy: Always
  nodeSelector: {disk: ssd}
  tolerations:
  - key: node.kubernetes.io/not-ready
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 300
  initContainers:
  - name: init
    image: busybox
    command: [sh, -c]
    args: [echo]
  containers:
  - name: c
    image: redis
    env:
    - name: A
      value: "1"
status:
  phase: Running
  podIP: 10.0.0.5
  startTime: "2025-01-01T00:00:10Z"
  conditions:
  - type: Ready
    status: "True"
    lastTransitionTime: "2025-01-01T00:00:12Z"
  containerStatuses:
  - name: c
    image: redis
    imageID: sha
    ready: true
    started: true
    restartCount: 1
    state:
      running:
        startedAt: "2025-01-01T00:00:11Z"
---
apiVersion: v1
kind: Node
metadata:
  name: node-1
spec:
  unschedulable: true
  taints:
  - key: node.kubernetes.io/out-of-service
    value: nodeshutdown
    effect: NoExecute
status:
  conditions:
  - type: Ready
    status: "True"
  addresses:
  - type: InternalIP
    address: 172.18.0.2
  allocatable:
    pods: "110"
---
apiVersion: v1
kind: Namespace
metadata:
  name: prod
status:
  phase: Active
`
	objs, warnings := decodeOK(t, in)
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	p := objs[0].(*api.Pod)
	wantSpec := api.PodSpec{
		NodeName: "node-1", Hostname: "p", Subdomain: "svc", RestartPolicy: "Always",
		NodeSelector: map[string]string{"disk": "ssd"},
		Tolerations: []api.Toleration{{
			Key: "node.kubernetes.io/not-ready", Operator: "Exists", Effect: "NoExecute", TolerationSeconds: ptr[int64](300),
		}},
		InitContainers: []api.Container{{Name: "init", Image: "busybox", Command: []string{"sh", "-c"}, Args: []string{"echo"}}},
		Containers:     []api.Container{{Name: "c", Image: "redis", Env: []api.EnvVar{{Name: "A", Value: "1"}}}},
	}
	if diff := cmp.Diff(wantSpec, p.Spec); diff != "" {
		t.Errorf("pod spec (-want +got):\n%s", diff)
	}
	wantStatus := api.PodStatus{
		Phase: api.PodRunning, PodIP: "10.0.0.5", StartTime: ptr(10 * time.Second),
		Conditions: []api.PodCondition{{Type: "Ready", Status: "True", LastTransitionTime: 12e9}},
		ContainerStatuses: []api.ContainerStatus{{
			Name: "c", Image: "redis", Ready: true, Started: true, RestartCount: 1, State: "running",
		}},
	}
	if diff := cmp.Diff(wantStatus, p.Status); diff != "" {
		t.Errorf("pod status (-want +got):\n%s", diff)
	}
	n := objs[1].(*api.Node)
	wantNode := &api.Node{
		ObjectMeta: api.ObjectMeta{Name: "node-1"},
		Spec: api.NodeSpec{Unschedulable: true, Taints: []api.Taint{{
			Key: "node.kubernetes.io/out-of-service", Value: "nodeshutdown", Effect: "NoExecute",
		}}},
		Status: api.NodeStatus{Ready: true, InternalIP: "172.18.0.2", Pods: 110},
	}
	if diff := cmp.Diff(wantNode, n); diff != "" {
		t.Errorf("node (-want +got):\n%s", diff)
	}
	if ns := objs[2].(*api.Namespace); ns.Name != "prod" || ns.Phase != "Active" {
		t.Errorf("namespace = %+v", ns)
	}
}

// TestNonBreakingSpaces: the seed article's HTML indents its manifests with
// &nbsp;. Pasted with those U+00A0 characters kept, the YAML has no nesting
// and the keys carry the character, so the server rejects the object, as a
// real cluster would; browsers usually copy them as plain spaces.
func TestNonBreakingSpaces(t *testing.T) {
	in := strings.ReplaceAll(string(readFile(t, "testdata/redis-svc.yaml")), "\n  ", "\n\u00a0 ")
	_, es := docErrors(t, in)
	if len(es) != 1 || es[0].Status == nil || !strings.Contains(es[0].Error(), `unknown field "\u00a0 name"`) {
		t.Errorf("errors = %v", es)
	}
}
