package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stsim/stsim/script"
)

// runFlags are the flags of `stsim run`.
type runFlags struct {
	seed      uint64
	trace     string
	traceFile string
	strict    bool
	check     bool
	timeline  string
	script    string
}

// parseRun parses run's flags, which may come before or after SCRIPT.
func parseRun(args []string, stderr io.Writer) (*runFlags, error) {
	f := &runFlags{}
	fs := flag.NewFlagSet("stsim run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.Uint64Var(&f.seed, "seed", 0, "the random seed")
	fs.StringVar(&f.trace, "trace", "text", "text, json or none")
	fs.StringVar(&f.traceFile, "trace-file", "", "write the trace to this file")
	fs.BoolVar(&f.strict, "strict", false, "stop at the first error")
	fs.BoolVar(&f.check, "check", false, "run every invariant after every event")
	fs.StringVar(&f.timeline, "timeline", "", "write an SVG timeline of the pods to this file")
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(operands) != 1 {
		return nil, fmt.Errorf("run takes one SCRIPT, got %d", len(operands))
	}
	f.script = operands[0]
	return f, nil
}

// traceMode maps --trace to the runner's mode.
func traceMode(s string) (script.TraceMode, error) {
	switch s {
	case "text":
		return script.TraceText, nil
	case "json":
		return script.TraceJSON, nil
	case "none":
		return script.TraceNone, nil
	}
	return 0, fmt.Errorf("--trace must be text, json or none, not %q", s)
}

// runScript is `stsim run`.
func runScript(args []string, stdout, stderr io.Writer, e env) int {
	f, err := parseRun(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "stsim: %v\n", err)
		return exitUsage
	}
	mode, err := traceMode(f.trace)
	if err != nil {
		fmt.Fprintf(stderr, "stsim: %v\n", err)
		return exitUsage
	}
	opts := script.Options{Seed: f.seed, Trace: mode, Strict: f.strict, Check: f.check, Checks: e.checks}
	if f.traceFile != "" {
		tf, err := os.Create(f.traceFile)
		if err != nil {
			fmt.Fprintf(stderr, "stsim: %v\n", err)
			return exitFailed
		}
		defer tf.Close()
		opts.TraceOut = tf
	}
	var tl *timelineTrace
	if f.timeline != "" {
		tl = withTimeline(&opts, stdout)
	}
	code := finish(script.RunFile(f.script, stdout, opts), stderr)
	if tl != nil {
		if err := tl.write(f.timeline, f.script); err != nil {
			fmt.Fprintf(stderr, "stsim: %v\n", err)
			return exitFailed
		}
	}
	return code
}

// finish turns the run's error into the exit code.
func finish(err error, stderr io.Writer) int {
	var ce *script.CheckError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return exitFailed // the runner printed the report
	}
	fmt.Fprintf(stderr, "stsim: %v\n", err)
	return exitFailed
}
