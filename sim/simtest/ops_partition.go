package simtest

import (
	"fmt"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// SetPartition sets rollingUpdate.partition. It prints as the merge patch
// that does it (`patch sts/web --type=merge -p
// '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'`) and
// applies as that patch would, without the JSON round trip of Patch.
type SetPartition struct {
	Set       string
	Partition int32
}

func (o SetPartition) patch() Patch {
	return Patch{Set: o.Set, Patch: fmt.Sprintf(`{"spec":{"updateStrategy":{"rollingUpdate":{"partition":%d}}}}`, o.Partition)}
}

func (o SetPartition) String() string { return o.patch().String() }

// Apply sets the partition when it differs, creating the rollingUpdate
// block if the set has none (the API server then refuses it for OnDelete).
func (o SetPartition) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	if !o.Disrupts(c) {
		return nil
	}
	return c.UpdateStatefulSet(o.Set, func(s *sts.StatefulSet) {
		ru := sts.RollingUpdateOptions{}
		if s.Spec.UpdateStrategy.RollingUpdate != nil {
			ru = *s.Spec.UpdateStrategy.RollingUpdate
		}
		ru.Partition = new(o.Partition)
		s.Spec.UpdateStrategy.RollingUpdate = &ru
	})
}

// Disrupts is true when the partition changes, as for Patch.
func (o SetPartition) Disrupts(c *sim.Cluster) bool {
	s, ok := c.StatefulSet(o.Set)
	if !ok {
		return false
	}
	ru := s.Spec.UpdateStrategy.RollingUpdate
	return ru == nil || ru.Partition == nil || *ru.Partition != o.Partition
}
