package script

import "fmt"

// namespace switches the current namespace, creating it if missing.
func (r *Runner) namespace(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: namespace NAME")
	}
	if err := r.cluster().CreateNamespace(args[0]); err != nil {
		return err
	}
	r.ns = args[0]
	return nil
}
