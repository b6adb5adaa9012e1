package script

import "fmt"

// provisioner stops or starts a storage provisioner (an outage):
// `provisioner NAME stop|start`. Claims it should serve stay Pending while
// it is stopped; started again, it catches up.
func (r *Runner) provisioner(args []string) error {
	if len(args) != 2 || args[1] != "stop" && args[1] != "start" {
		return fmt.Errorf("usage: provisioner NAME stop|start")
	}
	c := r.cluster()
	if args[1] == "stop" {
		return c.StopProvisioner(args[0])
	}
	return c.StartProvisioner(args[0])
}
