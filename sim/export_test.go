package sim

import "github.com/stsim/stsim/sts"

// PlantRevision stores r as it is, as another client (or a deleted set the
// garbage collector has not caught up with) would have left it.
func (c *Cluster) PlantRevision(r *sts.ControllerRevision) {
	c.stamp(&r.ObjectMeta)
	c.writeRevision(r, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "planted by a test"})
}
