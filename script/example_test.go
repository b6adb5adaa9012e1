package script_test

import (
	"fmt"
	"os"

	"github.com/stsim/stsim/script"
)

// A script runs against a simulated cluster: here the seed article's
// redis-sts, without the trace.
func ExampleRunner() {
	src := `
apply <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis-sts
spec:
  serviceName: redis-svc
  replicas: 2
  selector:
    matchLabels: {app: redis-sts}
  template:
    metadata:
      labels: {app: redis-sts}
    spec:
      containers:
      - name: redis
        image: redis:5-alpine
EOF
run
get pods
exec redis-sts-1 -- hostname
get pods redis-sts-7
`
	r := script.New(os.Stdout, script.Options{Trace: script.TraceNone})
	if err := r.Run(script.Parse(src)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// statefulset.apps/redis-sts created
	// NAME          READY   STATUS    RESTARTS   AGE
	// redis-sts-0   1/1     Running   0          4s
	// redis-sts-1   1/1     Running   0          2s
	// redis-sts-1
	// Error from server (NotFound): pods "redis-sts-7" not found
}

// Parse splits a script into commands with their lines, heredoc bodies and
// syntax errors.
func ExampleParse() {
	for _, c := range script.Parse("# a comment\nexec web-0 -- sh -c 'echo hi > /tmp/x'\napply <<EOF\nkind: Pod\nEOF\necho 'oops\n") {
		fmt.Printf("line %d: %q body %q err %v\n", c.Line, c.Args, c.Body, c.Err)
	}
	// Output:
	// line 2: ["exec" "web-0" "--" "sh" "-c" "echo hi > /tmp/x"] body "" err <nil>
	// line 3: ["apply"] body "kind: Pod\n" err <nil>
	// line 6: ["echo"] body "" err line 6: unterminated single quote
}
