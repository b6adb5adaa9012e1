package script

import (
	"fmt"
	"strconv"
)

// seedCmd sets the simulation's seed; it must come before the cluster
// exists. Options.Seed, when set, wins.
func (r *Runner) seedCmd(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: seed N")
	}
	n, err := strconv.ParseUint(args[0], 10, 64)
	if err != nil || n == 0 {
		return fmt.Errorf("seed: invalid seed %q: want a positive integer", args[0])
	}
	if r.c != nil {
		return errTooLate("seed")
	}
	r.seed = n
	return nil
}

// errTooLate is the error of a configuration command that comes after
// the cluster was created.
func errTooLate(cmd string) error {
	return fmt.Errorf("%s must come before the first command that uses the cluster (apply, run, get, ...)", cmd)
}
