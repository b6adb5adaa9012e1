package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplyRun applies the seed's StatefulSet, runs until stable and prints
// the tables of the kinds that hold objects: no claims, and no services
// beyond the built-in ones, so no pvc or svc table.
func TestApplyRun(t *testing.T) {
	code, out, errOut := stsim(t, env{}, "apply", "-f", "testdata/redis-sts.yaml", "--run")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := `statefulset.apps/redis-sts created

NAME        READY   AGE
redis-sts   2/2     4s

NAME          READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
redis-sts-0   1/1     Running   0          4s    10.244.1.2   node-1   <none>           <none>
redis-sts-1   1/1     Running   0          2s    10.244.2.2   node-2   <none>           <none>
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// TestApplyWithoutRun prints the tables at virtual time 0: the controllers
// have not acted yet, so there are no pods.
func TestApplyWithoutRun(t *testing.T) {
	code, out, _ := stsim(t, env{}, "apply", "-f", "testdata/redis-sts.yaml")
	want := "statefulset.apps/redis-sts created\n\nNAME        READY   AGE\nredis-sts   0/2     0s\n"
	if code != exitOK || out != want {
		t.Errorf("exit %d, got:\n%s\nwant:\n%s", code, out, want)
	}
}

// manifest is a StorageClass, a headless Service and a StatefulSet with a
// claim template, in namespace ns ("" for none given).
func manifest(ns string) string {
	meta := ""
	if ns != "" {
		meta = "\n  namespace: " + ns
	}
	return `apiVersion: v1
kind: Service
metadata:
  name: db` + meta + `
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db` + meta + `
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:17
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`
}

// TestApplyDirectory applies the manifests of a directory (files in name
// order, other files skipped) and prints all four tables.
func TestApplyDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "db.yaml"), manifest(""))
	write(t, filepath.Join(dir, "README.md"), "not a manifest")
	code, out, _ := stsim(t, env{}, "apply", "--run", "-f", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{
		"service/db created\nstatefulset.apps/db created\n",
		"\nNAME   READY   AGE\ndb     2/2 ",
		"\nNAME   READY   STATUS    RESTARTS   AGE   IP ",
		"\ndata-db-0   Bound ",
		"\ndata-db-1   Bound ",
		"\ndb           ClusterIP   None ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "NAMESPACE") {
		t.Errorf("one namespace: the tables should not be -A:\n%s", out)
	}
	_, again, _ := stsim(t, env{}, "apply", "--run", "-f", filepath.Join(dir, "db.yaml"))
	if again != out {
		t.Errorf("a directory and its one file give different output")
	}
}

// TestApplyNamespaces prints the tables of one namespace with -n and of
// several with -A; several -f flags, comma lists and operands all name
// files; --seed changes the generated names.
func TestApplyNamespaces(t *testing.T) {
	dir := t.TempDir()
	ns := "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
	write(t, filepath.Join(dir, "ns.yaml"), ns)
	write(t, filepath.Join(dir, "shop.yaml"), manifest("shop"))
	write(t, filepath.Join(dir, "default.yaml"), manifest(""))
	in := func(name string) string { return filepath.Join(dir, name) }

	_, one, _ := stsim(t, env{}, "apply", "-f", in("ns.yaml")+","+in("shop.yaml"), "--run")
	if strings.Contains(one, "NAMESPACE") || !strings.Contains(one, "\ndata-db-0   Bound") || !strings.Contains(one, "\ndb     2/2") {
		t.Errorf("one namespace other than default: want its tables, with -n shop:\n%s", one)
	}

	code, both, _ := stsim(t, env{}, "apply", "-f", in("ns.yaml"), "-f", in("shop.yaml"), in("default.yaml"), "--run")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, both)
	}
	for _, want := range []string{"\nshop        data-db-0 ", "\ndefault     data-db-0 ", "\nNAMESPACE   NAME "} {
		if !strings.Contains(both, want) {
			t.Errorf("output lacks %q:\n%s", want, both)
		}
	}

	_, seeded, _ := stsim(t, env{}, "apply", "-f", in("default.yaml"), "--run", "--seed", "7")
	_, plain, _ := stsim(t, env{}, "apply", "-f", in("default.yaml"), "--run")
	if seeded == plain {
		t.Error("--seed 7 gives the output of seed 1")
	}
}

// TestApplyErrors: a manifest the API server rejects is reported as kubectl
// reports it, the others are still applied and the exit code is 1; a
// missing file and a missing -f are errors before anything runs.
func TestApplyErrors(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(manifest(""), "replicas: 2", "replicas: -1", 1)
	write(t, filepath.Join(dir, "bad.yaml"), bad)
	code, out, _ := stsim(t, env{}, "apply", "-f", filepath.Join(dir, "bad.yaml"), "-f", "testdata/redis-sts.yaml")
	if code != exitFailed || !strings.Contains(out, `The StatefulSet "db" is invalid: spec.replicas`) ||
		!strings.Contains(out, "statefulset.apps/redis-sts created") {
		t.Errorf("exit %d:\n%s", code, out)
	}

	code, out, errOut := stsim(t, env{}, "apply", "-f", filepath.Join(dir, "missing.yaml"))
	if code != exitFailed || out != "" || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, args := range [][]string{{"apply"}, {"apply", "--run"}, {"apply", "--bogus", "-f", "x.yaml"}} {
		if code, _, _ := stsim(t, env{}, args...); code != exitUsage {
			t.Errorf("stsim %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestProgress: the status line shows the virtual time of the last event
// and the count, and is cleared at the end; nothing is shown on a writer
// that is not a terminal.
func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b}
	_, _ = p.Write([]byte("   0.005s  statefulset-controller  create  pod/web-0  x\n  12.400s  kubelet  status  pod/web-0  y\n"))
	p.done()
	want := "\r\033[Kstsim: virtual time 0.005s, 1 events\r\033[Kstsim: virtual time 12.400s, 2 events\r\033[K"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if isTerminal(&b) {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
	var nilProgress *progress
	nilProgress.done() // no terminal, no progress: done is a no-op
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
