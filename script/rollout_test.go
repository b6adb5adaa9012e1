package script

import (
	"testing"

	"github.com/stsim/stsim/sts"
)

// TestRolloutStatusOf: the messages of kubectl's StatefulSetStatusViewer
// (kubectl pkg/polymorphichelpers/rollout_status.go), rule by rule.
func TestRolloutStatusOf(t *testing.T) {
	i32 := func(n int32) *int32 { return &n }
	set := func(change func(s *sts.StatefulSet)) *sts.StatefulSet {
		s := &sts.StatefulSet{}
		s.Generation = 2
		s.Spec.Replicas = i32(3)
		s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{Partition: i32(0)}}
		s.Status = sts.Status{ObservedGeneration: 2, ReadyReplicas: 3, UpdatedReplicas: 3, CurrentReplicas: 3,
			CurrentRevision: "web-1", UpdateRevision: "web-1"}
		change(s)
		return s
	}
	tests := []struct {
		rule string
		set  *sts.StatefulSet
		want string
		done bool
		err  string
	}{
		{"OnDelete has no status", set(func(s *sts.StatefulSet) { s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete} }),
			"", true, "rollout status is only available for RollingUpdate strategy type"},
		{"never observed", set(func(s *sts.StatefulSet) { s.Status.ObservedGeneration = 0 }),
			"Waiting for statefulset spec update to be observed...\n", false, ""},
		{"generation not observed", set(func(s *sts.StatefulSet) { s.Generation = 3 }),
			"Waiting for statefulset spec update to be observed...\n", false, ""},
		{"pods not ready", set(func(s *sts.StatefulSet) { s.Status.ReadyReplicas = 1 }),
			"Waiting for 2 pods to be ready...\n", false, ""},
		{"partitioned, not all updated", set(func(s *sts.StatefulSet) {
			s.Spec.UpdateStrategy.RollingUpdate.Partition = i32(1)
			s.Status.UpdatedReplicas = 1
		}), "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n", false, ""},
		{"partitioned, done", set(func(s *sts.StatefulSet) {
			s.Spec.UpdateStrategy.RollingUpdate.Partition = i32(1)
			s.Status.UpdatedReplicas = 2
		}), "partitioned roll out complete: 2 new pods have been updated...\n", true, ""},
		{"the defaulted rollingUpdate block reports partitions", set(func(*sts.StatefulSet) {}),
			"partitioned roll out complete: 3 new pods have been updated...\n", true, ""},
		{"no rollingUpdate block, revisions differ", set(func(s *sts.StatefulSet) {
			s.Spec.UpdateStrategy.RollingUpdate = nil
			s.Status.UpdateRevision, s.Status.UpdatedReplicas = "web-2", 1
		}), "waiting for statefulset rolling update to complete 1 pods at revision web-2...\n", false, ""},
		{"no rollingUpdate block, done", set(func(s *sts.StatefulSet) { s.Spec.UpdateStrategy.RollingUpdate = nil }),
			"statefulset rolling update complete 3 pods at revision web-1...\n", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			msg, done, err := rolloutStatusOf(tt.set)
			if msg != tt.want || done != tt.done {
				t.Errorf("got %q, %v; want %q, %v", msg, done, tt.want, tt.done)
			}
			if (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err {
				t.Errorf("error %v, want %q", err, tt.err)
			}
		})
	}
}
