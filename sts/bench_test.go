package sts

import (
	"testing"

	"github.com/stsim/stsim/api"
)

// BenchmarkReconcileWait is the sync an OrderedReady scale-up makes most:
// 500 of 1,000 pods Running and Ready, the next one Pending, so the sync
// waits for it (the index is built once; a sync costs what changed).
func BenchmarkReconcileWait(b *testing.B) {
	rev := revisionOf(newSet("web", 1000), 1)
	set := newSet("web", 1000, currentRevision(rev.Name, 500))
	set.Status.UpdateRevision = rev.Name
	var pods []*api.Pod
	for k := range int32(500) {
		pods = append(pods, podAt(set, rev.Name, k))
	}
	pods = append(pods, podAt(set, rev.Name, 500, pending()))
	o := observe(set, []*ControllerRevision{rev}, pods...)
	o.RevisionNames = revisionNames{}
	if p := Reconcile(o); len(p.Actions) != 0 || p.Wait == "" {
		b.Fatalf("not a wait: %s", dump(p))
	}
	for b.Loop() {
		Reconcile(o)
	}
}
