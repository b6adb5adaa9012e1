package script

import "strings"

// echo prints its words: narration in examples, markers in tests.
func (r *Runner) echo(args []string) error {
	r.printf("%s\n", strings.Join(args, " "))
	return nil
}
