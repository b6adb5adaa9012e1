package script

import (
	"slices"
	"testing"
)

// TestParseArgs checks kubectl's flag forms: --name=value, --name value,
// -x value, -xvalue, -x=value, booleans, flags among operands, and "--".
func TestParseArgs(t *testing.T) {
	spec := flagSpec{values: []string{"namespace", "output", "container"}, bools: []string{"all-namespaces", "force"}}
	in, err := parseArgs("get", []string{"pods", "-n", "ns1", "web", "-owide", "--force", "-c=box", "-A", "--", "sh", "-c", "x"}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in.args, []string{"pods", "web"}) || !slices.Equal(in.rest, []string{"sh", "-c", "x"}) || !in.dash {
		t.Errorf("operands %q rest %q", in.args, in.rest)
	}
	if in.vals["namespace"] != "ns1" || in.vals["output"] != "wide" || in.vals["container"] != "box" {
		t.Errorf("values %v", in.vals)
	}
	if !in.bools["force"] || !in.bools["all-namespaces"] || !in.has("force") || in.has("overwrite") {
		t.Errorf("bools %v", in.bools)
	}
	in, err = parseArgs("exec", []string{"-it", "p"}, flagSpec{bools: []string{"stdin", "tty"}})
	if err != nil || !in.bools["stdin"] || !in.bools["tty"] || !slices.Equal(in.args, []string{"p"}) {
		t.Errorf("-it: %v %v %v", in.bools, in.args, err)
	}
	in, err = parseArgs("get", []string{"--namespace=x", "--output", "json", "--force=false"}, spec)
	if err != nil || in.vals["namespace"] != "x" || in.vals["output"] != "json" || in.bools["force"] {
		t.Errorf("long forms: %v %v %v", in.vals, in.bools, err)
	}
}

// TestParseArgsErrors checks cobra's messages with kubectl's hint.
func TestParseArgsErrors(t *testing.T) {
	spec := flagSpec{values: []string{"namespace"}, bools: []string{"force"}}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag: --bogus\nSee 'kubectl get --help' for usage."},
		{[]string{"-z"}, "unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."},
		{[]string{"-o", "wide"}, "unknown shorthand flag: 'o' in -o\nSee 'kubectl get --help' for usage."},
		{[]string{"--namespace"}, "flag needs an argument: --namespace\nSee 'kubectl get --help' for usage."},
		{[]string{"-n"}, "flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage."},
		{[]string{"--force=maybe"}, `invalid argument "maybe" for "--force" flag: strconv.ParseBool: parsing "maybe": invalid syntax` + "\nSee 'kubectl get --help' for usage."},
	} {
		_, err := parseArgs("get", tc.args, spec)
		if err == nil || err.Error() != tc.want {
			t.Errorf("parseArgs(%q) = %v, want %q", tc.args, err, tc.want)
		}
	}
}
