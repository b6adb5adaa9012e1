package script

import "fmt"

var logsFlags = flagSpec{values: []string{"container", "namespace"}, bools: []string{"previous"}}

// logs prints a container's log.
func (r *Runner) logs(args []string) error {
	in, err := parseArgs("logs", args, logsFlags)
	if err != nil {
		return err
	}
	if len(in.args) != 1 {
		return fmt.Errorf("expected POD_NAME or TYPE/NAME")
	}
	qname := qualify(r.namespaceOf(in), podName(in.args[0]))
	ct := in.vals["container"]
	if ct == "" {
		r.defaulted(qname)
	}
	out, err := r.cluster().Logs(qname, ct, in.bools["previous"])
	if err != nil {
		return err
	}
	r.printf("%s", out)
	return nil
}
