package dns

import (
	"fmt"
	"testing"
)

// BenchmarkPerPodLookup resolves per-pod names in a zone of 10,000 ready
// pods behind one headless service (100 slices of 100).
func BenchmarkPerPodLookup(b *testing.B) {
	z, _, _ := bigZone(10000)
	names := make([]string, 10000)
	for i := range names {
		names[i] = fmt.Sprintf("web-%d.web.app.svc.cluster.local", i)
	}
	i := 0
	for b.Loop() {
		if resp := z.Query(names[i%len(names)], TypeA); len(resp.Answer) != 1 {
			b.Fatal(resp)
		}
		i += 7919
	}
}

// BenchmarkOnePodChange replaces the slice holding one changed pod in a
// 10,000-pod zone: the cost is that of the slice (100 endpoints), not of
// the zone.
func BenchmarkOnePodChange(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			z, _, slices := bigZone(n)
			sl := slices[len(slices)/2]
			flipped := *sl
			flipped.Endpoints = append([]Endpoint(nil), sl.Endpoints...)
			flipped.Endpoints[7].Conditions.Ready = false
			for b.Loop() {
				z.SetSlice(&flipped)
				z.SetSlice(sl)
			}
		})
	}
}
