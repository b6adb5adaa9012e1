package script

import "fmt"

// trace prints the trace so far in text form, or with --since-last what
// happened since the previous `trace` command.
func (r *Runner) trace(args []string) error {
	in, err := parseArgs("trace", args, flagSpec{bools: []string{"since-last"}})
	if err != nil {
		return err
	}
	if len(in.args) != 0 {
		return fmt.Errorf("usage: trace [--since-last]")
	}
	tr := r.cluster().Trace()
	from := 0
	if in.bools["since-last"] {
		from = min(r.traceMark, len(tr))
	}
	for _, e := range tr[from:] {
		r.printf("%s\n", e)
	}
	r.traceMark = len(tr)
	return nil
}
