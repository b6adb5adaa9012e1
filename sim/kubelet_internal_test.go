package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/stsim/stsim/api"
)

// Pod addresses: the node's 10.244.N.0/24 first (.2 to .254), then, past
// 253 pods on one node, 10.(100+N).x.y.
func TestPodIP(t *testing.T) {
	for _, tc := range []struct {
		node, i int
		want    string
	}{
		{0, 0, "10.244.0.2"},
		{2, 252, "10.244.2.254"},
		{1, 253, "10.101.0.1"},
		{1, 253 + 253, "10.101.0.254"},
		{1, 253 + 254, "10.101.1.1"},
		{12, 253 + 254*100 + 7, "10.112.100.8"},
	} {
		if got := podIP(tc.node, tc.i); got != tc.want {
			t.Errorf("podIP(%d, %d) = %s, want %s", tc.node, tc.i, got, tc.want)
		}
	}
}

// parsePodIP inverts podIP and refuses every other address.
func TestParsePodIP(t *testing.T) {
	for n := range 3 {
		for _, i := range []int{0, 1, 252, 253, 254, 253 + 253, 253 + 254, 253 + 254*200 + 17} {
			gn, gi, ok := parsePodIP(podIP(n, i))
			if !ok || gn != n || gi != i {
				t.Errorf("parsePodIP(podIP(%d, %d) = %s) = %d, %d, %v", n, i, podIP(n, i), gn, gi, ok)
			}
		}
	}
	for _, ip := range []string{"", "10.244.0", "10.244.0.1", "10.244.0.255", "10.96.0.10", "127.0.0.1", "10.244.0.02", "10.101.0.0", "10.101.0.255", "a.b.c.d"} {
		if n, i, ok := parsePodIP(ip); ok {
			t.Errorf("parsePodIP(%q) = %d, %d, true; want not a pod address", ip, n, i)
		}
	}
}

// Condition lists written at one instant with equal contents are one list;
// a list of another instant or with other contents is a new one.
func TestCondCache(t *testing.T) {
	var c condCache
	a := c.intern(setConditions(nil, time.Second, true, true), time.Second)
	b := c.intern(setConditions(nil, time.Second, true, true), time.Second)
	if &a[0] != &b[0] {
		t.Fatal("equal lists of one instant not shared")
	}
	if d := c.intern(setConditions(nil, time.Second, true, false), time.Second); &d[0] == &a[0] || d[1].Status != api.ConditionFalse {
		t.Fatal("a list with other contents shared")
	}
	if e := c.intern(setConditions(a, 2*time.Second, true, true), 2*time.Second); &e[0] == &a[0] || len(c.lists) != 1 {
		t.Fatal("the cache kept lists of an earlier instant")
	} else if e[0] != a[0] {
		t.Fatalf("unchanged condition lost its transition time: %+v, want %+v", e[0], a[0])
	}
}

// Container status lists with equal contents are one list, named after the
// pod's containers.
func TestStatusCache(t *testing.T) {
	var c statusCache
	cts := []api.Container{{Name: "app", Image: "nginx:1"}, {Name: "side", Image: "busybox"}}
	running := api.ContainerStatus{Ready: true, Started: true, State: "running"}
	a, b := c.intern(cts, running), c.intern(slices.Clone(cts), running)
	if &a[0] != &b[0] || a[1].Name != "side" || a[1].Image != "busybox" || !a[1].Ready {
		t.Fatalf("equal lists not shared or wrong: %+v", a)
	}
	waiting := running
	waiting.Ready, waiting.State, waiting.Reason = false, "waiting", "CrashLoopBackOff"
	if d := c.intern(cts, waiting); &d[0] == &a[0] || d[0].Reason != "CrashLoopBackOff" {
		t.Fatalf("other contents shared: %+v", d)
	}
	if e := c.intern(cts[:1], running); len(e) != 1 || &e[0] == &a[0] {
		t.Fatalf("a list for other containers shared: %+v", e)
	}
}

// allocIP hands out the node's /24 (.2 to .254) first, the first free
// address after the last one handed out, then overflow addresses, freed
// ones reused last-freed first; a full /24 takes addresses freed in it
// again.
func TestAllocIP(t *testing.T) {
	var k kubelet
	k.init(&Cluster{})
	k.addNode("n", 1)
	var idx []int32
	for range 253 + 3 {
		ip, i := k.allocIP("n")
		if ip != podIP(1, int(i)) {
			t.Fatalf("address %s for index %d", ip, i)
		}
		idx = append(idx, i)
	}
	if idx[0] != 0 || idx[252] != 252 || idx[253] != 253 || idx[255] != 255 {
		t.Fatalf("indexes %v…%v", idx[:3], idx[250:])
	}
	free := func(i int32) {
		rt := &container{node: "n", ip: podIP(1, int(i)), ipIndex: i, uid: "u"}
		k.pods["u"] = rt
		k.podRemoved(&api.Pod{ObjectMeta: api.ObjectMeta{UID: "u"}})
	}
	free(7)
	free(254)
	if _, i := k.allocIP("n"); i != 7 {
		t.Fatalf("got index %d, want the freed /24 address 7", i)
	}
	if _, i := k.allocIP("n"); i != 254 {
		t.Fatalf("got index %d, want the freed overflow address 254", i)
	}
	if _, i := k.allocIP("n"); i != 256 {
		t.Fatalf("got index %d, want a new overflow address 256", i)
	}
}
