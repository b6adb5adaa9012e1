package script

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// flagSpec lists the flags a command takes by long name: those that take a
// value and the boolean ones.
type flagSpec struct {
	values []string
	bools  []string
}

// shorthands are kubectl's one-letter flags.
var shorthands = map[byte]string{
	'A': "all-namespaces", 'c': "container", 'f': "filename", 'i': "stdin", 'l': "selector",
	'L': "label-columns", 'n': "namespace", 'o': "output", 'p': "patch", 'q': "quiet", 't': "tty",
}

// input is a command's arguments with its flags parsed.
type input struct {
	args  []string // operands, in order
	vals  map[string]string
	bools map[string]bool
	rest  []string // the words after "--"
	dash  bool     // whether "--" was given
}

// flagError is cobra's complaint about a flag, with kubectl's hint.
type flagError struct{ cmd, msg string }

func (e flagError) Error() string {
	return fmt.Sprintf("%s\nSee 'kubectl %s --help' for usage.", e.msg, e.cmd)
}

// parseArgs separates the operands from the flags of spec, which may come
// anywhere, as `--name=value`, `--name value`, `-x value`, `-xvalue` or
// `-x=value`.
func parseArgs(cmd string, args []string, spec flagSpec) (*input, error) {
	in := &input{vals: map[string]string{}, bools: map[string]bool{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		var err error
		switch {
		case a == "--":
			in.rest, in.dash = args[i+1:], true
			return in, nil
		case strings.HasPrefix(a, "--"):
			i, err = in.long(spec, args, i)
		case len(a) > 1 && a[0] == '-':
			i, err = in.short(spec, args, i)
		default:
			in.args = append(in.args, a)
		}
		if err != nil {
			return nil, flagError{cmd, err.Error()}
		}
	}
	return in, nil
}

// long parses the flag args[i] in its long form.
func (in *input) long(spec flagSpec, args []string, i int) (int, error) {
	name, val, hasVal := strings.Cut(args[i][2:], "=")
	switch {
	case slices.Contains(spec.values, name):
		if !hasVal {
			if i+1 >= len(args) {
				return i, fmt.Errorf("flag needs an argument: --%s", name)
			}
			i++
			val = args[i]
		}
		in.vals[name] = val
	case slices.Contains(spec.bools, name):
		b := true
		if hasVal {
			var err error
			if b, err = strconv.ParseBool(val); err != nil {
				return i, fmt.Errorf("invalid argument %q for \"--%s\" flag: %v", val, name, err)
			}
		}
		in.bools[name] = b
	default:
		return i, fmt.Errorf("unknown flag: --%s", name)
	}
	return i, nil
}

// short parses the flag args[i] in its one-letter form.
func (in *input) short(spec flagSpec, args []string, i int) (int, error) {
	a := args[i]
	name, ok := shorthands[a[1]]
	if !ok || !slices.Contains(spec.values, name) && !slices.Contains(spec.bools, name) {
		return i, fmt.Errorf("unknown shorthand flag: '%c' in %s", a[1], a)
	}
	if slices.Contains(spec.bools, name) {
		return i, in.shortBools(spec, a)
	}
	val := strings.TrimPrefix(a[2:], "=")
	if len(a) == 2 {
		if i+1 >= len(args) {
			return i, fmt.Errorf("flag needs an argument: '%c' in %s", a[1], a)
		}
		i++
		val = args[i]
	}
	in.vals[name] = val
	return i, nil
}

// shortBools sets boolean shorthands given together, as in -it.
func (in *input) shortBools(spec flagSpec, a string) error {
	for j := 1; j < len(a); j++ {
		name, ok := shorthands[a[j]]
		if !ok || !slices.Contains(spec.bools, name) {
			return fmt.Errorf("unknown shorthand flag: '%c' in %s", a[j], a)
		}
		in.bools[name] = true
	}
	return nil
}

// has reports whether a flag was given.
func (in *input) has(name string) bool {
	_, v := in.vals[name]
	return v || in.bools[name]
}
