package simtest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync/atomic"

	"pgregory.net/rapid"
)

// Find runs Check's search without failing a test and returns the shrunk
// failure, or nil if rapid's checks found none. It is for tests that
// expect a failure (a planted bug must be caught) and for examples; call
// it from a test binary. Rapid's own fail file is removed: the failure's
// script is the reproduction, and Failure.Rapid repeats the search.
func Find(o Options) *Failure {
	var last *Failure
	tb := &quietTB{name: fmt.Sprintf("simtest.Find.%d", finds.Add(1))}
	rapid.Check(tb, property(o, func(f *Failure) { last = f }))
	if !tb.failed || last == nil {
		return nil
	}
	if m := seedFlag.FindStringSubmatch(tb.msg); m != nil {
		last.Rapid = m[0]
	}
	if m := failFile.FindStringSubmatch(tb.msg); m != nil {
		removeFailFile(m[1])
	}
	return last
}

var (
	finds    atomic.Int64 // names each Find's rapid run, so fail files never cross
	seedFlag = regexp.MustCompile(`-rapid\.seed=\d+`)
	failFile = regexp.MustCompile(`-rapid\.failfile="([^"]+)"`)
)

// removeFailFile removes rapid's fail file and the directories it made,
// if they are left empty.
func removeFailFile(path string) {
	if os.Remove(path) != nil {
		return
	}
	for dir := filepath.Dir(path); dir != "." && filepath.Base(dir) != ".."; dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}

// quietTB is the rapid.TB of Find: it records the failure instead of
// failing a test.
type quietTB struct {
	name   string
	failed bool
	msg    string
}

func (*quietTB) Helper()              {}
func (tb *quietTB) Name() string      { return tb.name }
func (*quietTB) Logf(string, ...any)  {}
func (*quietTB) Log(...any)           {}
func (*quietTB) Skipf(string, ...any) {}
func (*quietTB) Skip(...any)          {}
func (*quietTB) SkipNow()             {}
func (tb *quietTB) Errorf(format string, args ...any) {
	tb.failed = true
	tb.msg += fmt.Sprintf(format, args...)
}
func (tb *quietTB) Error(args ...any)                 { tb.Errorf("%s", fmt.Sprint(args...)) }
func (tb *quietTB) Fatalf(format string, args ...any) { tb.Errorf(format, args...) }
func (tb *quietTB) Fatal(args ...any)                 { tb.Error(args...) }
func (tb *quietTB) FailNow()                          { tb.failed = true }
func (tb *quietTB) Fail()                             { tb.failed = true }
func (tb *quietTB) Failed() bool                      { return tb.failed }
