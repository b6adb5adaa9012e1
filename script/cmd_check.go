package script

import "fmt"

// check runs every invariant now and prints "ok" or one violation per
// line; violations are the command's error.
func (r *Runner) check(args []string) error {
	if len(args) != 0 {
		return fmt.Errorf("usage: check")
	}
	c := r.cluster()
	v := append(r.checker.Violations(), r.checker.Check(c)...)
	for _, check := range r.opts.Checks {
		v = append(v, check(c)...)
	}
	if len(v) == 0 {
		r.printf("ok\n")
		return nil
	}
	for _, x := range v {
		r.printf("%s\n", x)
	}
	return reported{fmt.Errorf("%d invariant violations", len(v))}
}
