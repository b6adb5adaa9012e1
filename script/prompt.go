package script

import "strings"

// kubectlVerbs are the commands that are kubectl's own; the others (run,
// trace, provisioner, behave, ...) act on the simulator.
var kubectlVerbs = map[string]bool{
	"apply": true, "delete": true, "describe": true, "exec": true, "get": true, "label": true,
	"logs": true, "patch": true, "rollout": true, "scale": true, "set": true,
}

// Prompt renders a command as a terminal session would show it: a kubectl
// command as "$ kubectl get pods" (with its heredoc, if any), a command of
// the simulator's own as "[stsim] run 30s". An echo renders as nothing: it
// is narration.
func Prompt(cmd Command) string {
	if len(cmd.Args) == 0 || cmd.Args[0] == "echo" {
		return ""
	}
	if !kubectlVerbs[cmd.Args[0]] {
		return "[stsim] " + cmd.String() + "\n"
	}
	if !cmd.Heredoc {
		return "$ kubectl " + cmd.String() + "\n"
	}
	line := cmd.String()
	if !strings.Contains(" "+line+" ", " -f ") {
		line += " -f -"
	}
	return "$ kubectl " + line + " <<EOF\n" + cmd.Body + "EOF\n"
}

// prompt prints the command's prompt, or the blank line before an echo.
func (r *Runner) prompt(cmd Command, first bool) {
	if cmd.Err != nil {
		return
	}
	if len(cmd.Args) > 0 && cmd.Args[0] == "echo" {
		if !first {
			r.printf("\n")
		}
		return
	}
	r.printf("%s", Prompt(cmd))
}
