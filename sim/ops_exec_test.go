package sim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// opsSet is a 2-replica set whose pods mount an emptyDir at /cache.
func opsSet() *sts.StatefulSet {
	replicas := int32(2)
	labels := map[string]string{"app": "web"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "web"},
		Spec: sts.Spec{
			ServiceName: "nginx",
			Replicas:    &replicas,
			Selector:    &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{
				Containers: []api.Container{{Name: "nginx", Image: "nginx:1.27",
					Env:          []api.EnvVar{{Name: "ROLE", Value: "web"}},
					VolumeMounts: []api.VolumeMount{{Name: "cache", MountPath: "/cache"}}}},
				Volumes: []api.Volume{{Name: "cache", EmptyDir: true}},
			}},
		},
	}
}

// stableCluster returns a cluster running opsSet.
func stableCluster(t testing.TB) *sim.Cluster {
	t.Helper()
	c := sim.NewCluster(sim.Config{Seed: 1})
	if _, err := c.ApplyStatefulSet(opsSet()); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	return c
}

// sh runs a command in web's default container and fails the test on an
// API error.
func sh(t testing.TB, c *sim.Cluster, pod string, argv ...string) sim.ExecResult {
	t.Helper()
	r, err := c.Exec(pod, "", argv)
	if err != nil {
		t.Fatalf("exec %q: %v", argv, err)
	}
	return r
}

// TestExecFileLifetimes: a container's own files last as long as the
// container (a restart starts afresh); an emptyDir lasts as long as the
// pod incarnation; a new pod incarnation starts with nothing.
func TestExecFileLifetimes(t *testing.T) {
	c := stableCluster(t)
	sh(t, c, "web-0", "sh", "-c", "echo layer > /tmp/f; echo vol > /cache/f")
	if got := sh(t, c, "web-0", "cat", "/tmp/f", "/cache/f").Output; got != "layer\nvol\n" {
		t.Fatalf("written files read back as %q", got)
	}
	if got := sh(t, c, "web-1", "ls", "/cache").Output; got != "" {
		t.Errorf("web-1 sees web-0's volume: %q", got)
	}
	if err := c.KillPod("web-0"); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	if r := sh(t, c, "web-0", "cat", "/tmp/f"); r.ExitCode != 1 {
		t.Errorf("the restarted container kept /tmp/f: %+v", r)
	}
	if got := sh(t, c, "web-0", "cat", "/cache/f").Output; got != "vol\n" {
		t.Errorf("the emptyDir did not survive the container restart: %q", got)
	}
	if err := c.DeletePod("web-0", sim.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	if got := sh(t, c, "web-0", "ls", "/cache").Output; got != "" {
		t.Errorf("the new pod incarnation sees the old volume: %q", got)
	}
}

// TestExecCommands checks the stand-ins' output, worded as busybox's.
func TestExecCommands(t *testing.T) {
	c := stableCluster(t)
	for _, tc := range []struct {
		argv []string
		out  string
		code int
	}{
		{[]string{"hostname"}, "web-0\n", 0},
		{[]string{"/bin/hostname"}, "web-0\n", 0},
		{[]string{"cat", "/etc/hostname"}, "web-0\n", 0},
		{[]string{"sh", "-c", "grep x"}, "sh: grep: not found\n", 127},
		{[]string{"redis-cli", "ping"}, "OCI runtime exec failed: exec failed: unable to start container process: exec: \"redis-cli\": executable file not found in $PATH: unknown\n", 127},
		{[]string{"sh", "-c", "echo $HOSTNAME ${ROLE} '$HOME' \"$HOME\""}, "web-0 web $HOME /root\n", 0},
		{[]string{"sh", "-c", "echo a > /tmp/x && echo b >> /tmp/x; cat /tmp/x"}, "a\nb\n", 0},
		{[]string{"sh", "-c", "cat /nope || echo fallback"}, "cat: can't open '/nope': No such file or directory\nfallback\n", 0},
		{[]string{"sh", "-c", "false && echo no; exit 4"}, "", 4},
		{[]string{"sh", "-c", "echo x > /missing/dir/f"}, "sh: can't create /missing/dir/f: nonexistent directory\n", 1},
		{[]string{"sh", "-c", "echo x > /tmp"}, "sh: can't create /tmp: Is a directory\n", 1},
		{[]string{"sh", "-c", "echo 'open"}, "sh: syntax error: unterminated quoted string\n", 2},
		{[]string{"sh", "-c", "ls | wc"}, "sh: \"|\" is not simulated\n", 2},
		{[]string{"sh", "-c", "echo gone > /dev/null"}, "", 0},
		{[]string{"echo", "-n", "no newline"}, "no newline", 0},
		{[]string{"mkdir", "/a/b"}, "mkdir: can't create directory '/a/b': No such file or directory\n", 1},
		{[]string{"sh", "-c", "mkdir -p /a/b && echo f > /a/b/f && ls /a /a/b && rm -r /a && ls /a"},
			"/a:\nb\n\n/a/b:\nf\nls: /a: No such file or directory\n", 1},
		{[]string{"rm", "/nope"}, "rm: can't remove '/nope': No such file or directory\n", 1},
		{[]string{"rm", "-f", "/nope"}, "", 0},
		{[]string{"ls", "/"}, "bin\ncache\ndev\netc\nhome\nlib\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n", 0},
	} {
		r := sh(t, c, "web-0", tc.argv...)
		if r.Output != tc.out || r.ExitCode != tc.code {
			t.Errorf("%q: got %q exit %d, want %q exit %d", tc.argv, r.Output, r.ExitCode, tc.out, tc.code)
		}
	}
}

// TestExecEnv: PATH and HOSTNAME first, the container's env, the kubernetes
// service variables, HOME last.
func TestExecEnv(t *testing.T) {
	c := stableCluster(t)
	lines := strings.Split(strings.TrimSpace(sh(t, c, "web-1", "env").Output), "\n")
	if lines[0] != "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" || lines[1] != "HOSTNAME=web-1" ||
		lines[2] != "ROLE=web" || lines[3] != "KUBERNETES_SERVICE_HOST=10.96.0.1" || lines[len(lines)-1] != "HOME=/root" {
		t.Errorf("env:\n%s", strings.Join(lines, "\n"))
	}
}

// TestExecHosts: the kubelet's hosts file names the pod by its
// hostname.subdomain FQDN.
func TestExecHosts(t *testing.T) {
	c := stableCluster(t)
	p, _ := c.Pod("web-1")
	want := p.Status.PodIP + "\tweb-1.nginx.default.svc.cluster.local\tweb-1\n"
	if got := sh(t, c, "web-1", "cat", "/etc/hosts").Output; !strings.HasSuffix(got, want) {
		t.Errorf("hosts file:\n%s\nwant it to end with %q", got, want)
	}
}

// TestExecErrors checks the API server's and kubectl's refusals.
func TestExecErrors(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	if _, err := c.ApplyStatefulSet(opsSet()); err != nil {
		t.Fatal(err)
	}
	if err := c.RunFor(5e6); err != nil { // 5ms: web-0 exists, unscheduled
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pod, container string
		want           string
	}{
		{"web-9", "", `pods "web-9" not found`},
		{"web-0", "", "pod web-0 does not have a host assigned"},
		{"web-0", "side", "container side is not valid for pod web-0 out of: nginx"},
	} {
		_, err := c.Exec(tc.pod, tc.container, []string{"hostname"})
		if err == nil || err.Error() != tc.want {
			t.Errorf("exec %s/%s: %v, want %q", tc.pod, tc.container, err, tc.want)
		}
	}
	if err := c.RunFor(1e8); err != nil { // scheduled, not started yet
		t.Fatal(err)
	}
	if _, err := c.Exec("web-0", "", []string{"hostname"}); err == nil || err.Error() != `unable to upgrade connection: container not found ("nginx")` {
		t.Errorf("exec into a starting container: %v", err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	if err := c.FailPod("web-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec("web-1", "", []string{"hostname"}); err == nil || err.Error() != "cannot exec into a container in a completed pod; current phase is Failed" {
		t.Errorf("exec into a failed pod: %v", err)
	}
	var se *api.StatusError
	if _, err := c.Exec("web-9", "", []string{"hostname"}); !errors.As(err, &se) || !api.IsNotFound(err) {
		t.Errorf("a missing pod is not a NotFound status error: %v", err)
	}
}

// TestLogs: what the container writes to its standard output is its log;
// --previous reads the log of the container before a restart.
func TestLogs(t *testing.T) {
	c := stableCluster(t)
	if _, err := c.Logs("web-0", "", true); err == nil || err.Error() != `previous terminated container "nginx" in pod "web-0" not found` {
		t.Errorf("previous before a restart: %v", err)
	}
	sh(t, c, "web-0", "sh", "-c", "echo started > /proc/1/fd/1")
	if got, err := c.Logs("web-0", "", false); err != nil || got != "started\n" {
		t.Errorf("logs %q, %v", got, err)
	}
	if err := c.KillPod("web-0"); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	cur, err1 := c.Logs("web-0", "", false)
	prev, err2 := c.Logs("web-0", "nginx", true)
	if cur != "" || prev != "started\n" || err1 != nil || err2 != nil {
		t.Errorf("after a restart: current %q (%v), previous %q (%v)", cur, err1, prev, err2)
	}
	if _, err := c.Logs("web-0", "side", false); err == nil || err.Error() != "container side is not valid for pod web-0" {
		t.Errorf("unknown container: %v", err)
	}
}

// ExampleCluster_Exec runs commands in a pod of a simulated StatefulSet.
func ExampleCluster_Exec() {
	c := sim.NewCluster(sim.Config{})
	if _, err := c.ApplyStatefulSet(opsSet()); err != nil {
		panic(err)
	}
	_ = c.RunUntilStable()
	for _, argv := range [][]string{
		{"hostname"},
		{"sh", "-c", "echo hello > /cache/greeting && cat /cache/greeting"},
		{"nslookup-not-installed"},
	} {
		r, err := c.Exec("web-1", "", argv)
		fmt.Printf("%q exit %d err %v\n", r.Output, r.ExitCode, err)
	}
	// Output:
	// "web-1\n" exit 0 err <nil>
	// "hello\n" exit 0 err <nil>
	// "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nslookup-not-installed\": executable file not found in $PATH: unknown\n" exit 127 err <nil>
}
