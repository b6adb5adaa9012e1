package sim

// Observe attaches observers to a cluster that another package created (a
// script.Runner, say): onEvent is called with every trace event after
// Config.OnEvent, and onSync after every StatefulSet controller sync after
// Config.OnSync. Either may be nil. The conformance module uses it to run
// the real controller beside every sync of a scripted simulation.
func (c *Cluster) Observe(onEvent func(Event), onSync func(Sync)) {
	if onEvent != nil {
		prev := c.cfg.OnEvent
		c.cfg.OnEvent = func(e Event) {
			if prev != nil {
				prev(e)
			}
			onEvent(e)
		}
	}
	if onSync != nil {
		prev := c.cfg.OnSync
		c.cfg.OnSync = func(s Sync) {
			if prev != nil {
				prev(s)
			}
			onSync(s)
		}
	}
}
