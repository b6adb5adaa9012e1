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
