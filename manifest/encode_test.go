package manifest

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readFile(t, path)
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

// runningSet is redis-pv-sts as the simulator holds it after a while.
func runningSet(t *testing.T) *sts.StatefulSet {
	objs, _ := decodeOK(t, string(readFile(t, "testdata/redis-pv-sts.yaml")))
	s := objs[0].(*sts.StatefulSet)
	s.Namespace = "default"
	s.UID = "6b2f2b1c-0000-4000-8000-000000000001"
	s.ResourceVersion = 1234
	s.Generation = 1
	s.CreationTimestamp = 12400 * time.Millisecond
	s.Spec.Template.Spec.Containers[0].Ports[0].Protocol = "TCP"
	s.Spec.VolumeClaimTemplates[0].Status.Phase = storage.ClaimPending
	s.Status = sts.Status{
		ObservedGeneration: 1, Replicas: 2, ReadyReplicas: 2, CurrentReplicas: 2, UpdatedReplicas: 2,
		AvailableReplicas: 2, CurrentRevision: "redis-pv-sts-5d8c9b7f4", UpdateRevision: "redis-pv-sts-5d8c9b7f4",
		CollisionCount: ptr[int32](0),
	}
	return s
}

// TestGoldenJSON pins `get sts redis-pv-sts -o json` byte for byte:
// kubectl's key order (sorted), four-space indent, HTML-safe escaping,
// the API server's apiVersion/kind on claim templates.
func TestGoldenJSON(t *testing.T) {
	b, err := JSON(runningSet(t))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "redis-pv-sts.golden.json", b)
}

func TestGoldenYAML(t *testing.T) {
	b, err := YAML(runningSet(t))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "redis-pv-sts.golden.yaml", b)
}

func TestList(t *testing.T) {
	empty, err := List(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := JSON(empty)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
	if string(b) != want {
		t.Errorf("empty list:\n%s\nwant\n%s", b, want)
	}
	ns := &api.Namespace{ObjectMeta: api.ObjectMeta{Name: "default", ResourceVersion: 7}, Phase: "Active"}
	l, err := List([]any{ns, &api.Namespace{ObjectMeta: api.ObjectMeta{Name: "kube-system"}}})
	if err != nil {
		t.Fatal(err)
	}
	y, err := YAML(l)
	if err != nil {
		t.Fatal(err)
	}
	wantYAML := `apiVersion: v1
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    creationTimestamp: "2025-01-01T00:00:00Z"
    name: default
    resourceVersion: "7"
  spec: {}
  status:
    phase: Active
- apiVersion: v1
  kind: Namespace
  metadata:
    creationTimestamp: "2025-01-01T00:00:00Z"
    name: kube-system
  spec: {}
  status: {}
kind: List
metadata:
  resourceVersion: ""
`
	if diff := cmp.Diff(wantYAML, string(y)); diff != "" {
		t.Errorf("list yaml (-want +got):\n%s", diff)
	}
	// The list decodes back into the same namespaces.
	objs, _ := decodeOK(t, string(y))
	if len(objs) != 2 || objs[0].(*api.Namespace).Phase != "Active" {
		t.Errorf("decoded list = %+v", objs)
	}
}

func TestEventJSON(t *testing.T) {
	ev := &api.Event{
		Namespace: "default", Kind: "StatefulSet", Name: "redis-sts", Type: "Normal",
		Reason: "SuccessfulCreate", Message: "create Pod redis-sts-0 in StatefulSet redis-sts successful",
		Source: "statefulset-controller", Count: 1, First: 1500 * time.Millisecond, Last: 2 * time.Second,
	}
	b, err := JSON(ev)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
    "apiVersion": "v1",
    "count": 1,
    "eventTime": null,
    "firstTimestamp": "2025-01-01T00:00:01Z",
    "involvedObject": {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "name": "redis-sts",
        "namespace": "default"
    },
    "kind": "Event",
    "lastTimestamp": "2025-01-01T00:00:02Z",
    "message": "create Pod redis-sts-0 in StatefulSet redis-sts successful",
    "metadata": {
        "creationTimestamp": "2025-01-01T00:00:01Z",
        "name": "redis-sts.1816687f19bf2f00",
        "namespace": "default"
    },
    "reason": "SuccessfulCreate",
    "reportingComponent": "statefulset-controller",
    "reportingInstance": "",
    "source": {
        "component": "statefulset-controller"
    },
    "type": "Normal"
}
`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
}

func TestControllerRevisionJSON(t *testing.T) {
	set := runningSet(t)
	set.UID = "uid-1"
	r := sts.NewRevision(set, sts.TemplateData(&set.Spec.Template), 1, 0)
	r.CreationTimestamp = 12400 * time.Millisecond
	y, err := YAML(r)
	if err != nil {
		t.Fatal(err)
	}
	got := string(y)
	for _, want := range []string{
		"apiVersion: apps/v1\n",
		"kind: ControllerRevision\n",
		"revision: 1\n",
		"data:\n  spec:\n    template:\n      $patch: replace\n      metadata:\n        labels:\n          app: redis-pv-sts\n",
		"  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: StatefulSet\n    name: redis-pv-sts\n    uid: uid-1\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("revision yaml lacks %q:\n%s", want, got)
		}
	}
}

func TestPodStatusOut(t *testing.T) {
	start := 10 * time.Second
	p := &api.Pod{
		ObjectMeta: api.ObjectMeta{Name: "web-0", Namespace: "default", DeletionTimestamp: ptr(30 * time.Second), DeletionGracePeriodSeconds: ptr[int64](30)},
		Spec:       api.PodSpec{Containers: []api.Container{{Name: "c", Image: "nginx"}}, NodeName: "node-1"},
		Status: api.PodStatus{
			Phase: api.PodRunning, HostIP: "172.18.0.2", PodIP: "10.244.1.3", StartTime: &start,
			Conditions: []api.PodCondition{{Type: api.PodReady, Status: api.ConditionTrue, LastTransitionTime: 12 * time.Second}},
			ContainerStatuses: []api.ContainerStatus{
				{Name: "c", Image: "nginx", Ready: true, Started: true, State: "running"},
				{Name: "d", Image: "x", State: "waiting", Reason: "CrashLoopBackOff", RestartCount: 3},
				{Name: "e", Image: "y", State: "terminated", Reason: "Error", ExitCode: 137},
			},
		},
	}
	y, err := YAML(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  deletionGracePeriodSeconds: 30\n  deletionTimestamp: \"2025-01-01T00:00:30Z\"\n",
		"  hostIP: 172.18.0.2\n  hostIPs:\n  - ip: 172.18.0.2\n",
		"  podIP: 10.244.1.3\n  podIPs:\n  - ip: 10.244.1.3\n  startTime: \"2025-01-01T00:00:10Z\"\n",
		"    state:\n      running:\n        startedAt: \"2025-01-01T00:00:10Z\"\n",
		"    state:\n      waiting:\n        reason: CrashLoopBackOff\n",
		"    state:\n      terminated:\n        exitCode: 137\n",
	} {
		if !strings.Contains(string(y), want) {
			t.Errorf("pod yaml lacks %q:\n%s", want, y)
		}
	}
	// Our pod survives the trip through its own rendering.
	objs, warnings := decodeOK(t, string(y))
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	if diff := cmp.Diff(p, objs[0]); diff != "" {
		t.Errorf("pod round trip (-want +got):\n%s", diff)
	}
}

func TestNodeRoundTrip(t *testing.T) {
	n := &api.Node{
		ObjectMeta: api.ObjectMeta{Name: "node-1", Labels: map[string]string{"kubernetes.io/hostname": "node-1"}},
		Spec:       api.NodeSpec{PodCIDR: "10.244.1.0/24", Taints: []api.Taint{{Key: "k", Effect: "NoSchedule"}}},
		Status:     api.NodeStatus{Ready: false, InternalIP: "172.18.0.3", Pods: 110},
	}
	y, err := YAML(n)
	if err != nil {
		t.Fatal(err)
	}
	objs, warnings := decodeOK(t, string(y))
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	if diff := cmp.Diff(n, objs[0]); diff != "" {
		t.Errorf("node round trip (-want +got):\n%s", diff)
	}
}

func TestToKubeErrors(t *testing.T) {
	if _, err := ToKube(&Unsupported{Kind: "Service"}); err == nil {
		t.Error("ToKube(*Unsupported) succeeded")
	}
	bad := &storage.PersistentVolumeClaim{Spec: storage.ClaimSpec{Storage: "lots"}}
	if _, err := JSON(bad); err == nil || !strings.Contains(err.Error(), `"lots"`) {
		t.Errorf("JSON(bad quantity) error = %v", err)
	}
	if _, err := YAML(&sts.ControllerRevision{Data: []byte("{")}); err == nil {
		t.Error("YAML(revision with bad data) succeeded")
	}
}
