package sim

import "testing"

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
