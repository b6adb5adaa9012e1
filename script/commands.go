package script

import "strings"

// handler runs one command with its arguments (the words after its name).
type handler func(r *Runner, args []string) error

// handlers are the script commands, one small handler each.
var handlers = map[string]handler{
	"apply":        (*Runner).apply,
	"behave":       (*Runner).behave,
	"check":        (*Runner).check,
	"delete":       (*Runner).delete,
	"describe":     (*Runner).describe,
	"echo":         (*Runner).echo,
	"exec":         (*Runner).exec,
	"fail":         (*Runner).failPod,
	"feature-gate": (*Runner).featureGate,
	"get":          (*Runner).get,
	"kill":         (*Runner).kill,
	"label":        (*Runner).label,
	"logs":         (*Runner).logs,
	"namespace":    (*Runner).namespace,
	"node":         (*Runner).node,
	"patch":        (*Runner).patch,
	"provisioner":  (*Runner).provisioner,
	"readiness":    (*Runner).readiness,
	"rollout":      (*Runner).rollout,
	"run":          (*Runner).run,
	"scale":        (*Runner).scale,
	"seed":         (*Runner).seedCmd,
	"set":          (*Runner).set,
	"trace":        (*Runner).trace,
}

// takesHeredoc are the commands that read a heredoc.
var takesHeredoc = map[string]bool{"apply": true, "patch": true}

// namespaceOf is the namespace a command acts in: -n, else the current one.
func (r *Runner) namespaceOf(in *input) string {
	if ns := in.vals["namespace"]; ns != "" {
		return ns
	}
	return r.ns
}

// qualify makes the "NAMESPACE/NAME" form the cluster's calls take.
func qualify(ns, name string) string { return ns + "/" + name }

// splitQualified splits "NAMESPACE/NAME".
func splitQualified(q string) (ns, name string) {
	ns, name, _ = strings.Cut(q, "/")
	return ns, name
}
