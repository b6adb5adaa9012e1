package sim

import (
	"fmt"
	"time"
)

// Behaviour says how the containers of an image or of a pod behave once
// started. The zero value is a healthy container that is Ready as soon as it
// runs (or after its readiness probe's initial delay).
type Behaviour struct {
	kind  behaviourKind
	delay time.Duration
}

type behaviourKind uint8

const (
	healthy behaviourKind = iota
	readyAfter
	neverReady
	crashAfter
	pullFails
)

// Healthy is the default behaviour.
func Healthy() Behaviour { return Behaviour{} }

// ReadyAfter makes the readiness probe start succeeding d after the
// container starts.
func ReadyAfter(d time.Duration) Behaviour { return Behaviour{kind: readyAfter, delay: d} }

// NeverReady makes the readiness probe always fail.
func NeverReady() Behaviour { return Behaviour{kind: neverReady} }

// CrashAfter makes the container exit with code 1 d after every start; the
// kubelet restarts it with CrashLoopBackOff back-off.
func CrashAfter(d time.Duration) Behaviour { return Behaviour{kind: crashAfter, delay: d} }

// PullFails makes pulling the image fail (ErrImagePull, ImagePullBackOff).
func PullFails() Behaviour { return Behaviour{kind: pullFails} }

// String renders the behaviour in the script grammar.
func (b Behaviour) String() string {
	switch b.kind {
	case readyAfter:
		return fmt.Sprintf("ready-after %s", b.delay)
	case neverReady:
		return "never-ready"
	case crashAfter:
		return fmt.Sprintf("crash-after %s", b.delay)
	case pullFails:
		return "pull-fails"
	}
	return "healthy"
}

// ParseBehaviour reads a behaviour in the script grammar:
// "ready-after 10s", "never-ready", "crash-after 30s", "pull-fails", "healthy".
func ParseBehaviour(words ...string) (Behaviour, error) {
	if len(words) == 0 {
		return Behaviour{}, fmt.Errorf("behaviour missing: want ready-after DURATION, never-ready, crash-after DURATION, pull-fails or healthy")
	}
	needDur := func(k behaviourKind) (Behaviour, error) {
		if len(words) != 2 {
			return Behaviour{}, fmt.Errorf("%s needs a duration", words[0])
		}
		d, err := time.ParseDuration(words[1])
		if err != nil || d < 0 {
			return Behaviour{}, fmt.Errorf("%s: invalid duration %q", words[0], words[1])
		}
		return Behaviour{kind: k, delay: d}, nil
	}
	switch words[0] {
	case "ready-after":
		return needDur(readyAfter)
	case "crash-after":
		return needDur(crashAfter)
	case "never-ready", "pull-fails", "healthy":
		if len(words) != 1 {
			return Behaviour{}, fmt.Errorf("%s takes no argument", words[0])
		}
		return map[string]Behaviour{"never-ready": NeverReady(), "pull-fails": PullFails(), "healthy": Healthy()}[words[0]], nil
	}
	return Behaviour{}, fmt.Errorf("unknown behaviour %q: want ready-after DURATION, never-ready, crash-after DURATION, pull-fails or healthy", words[0])
}
