//go:build !race

package simtest_test

// raceDetector reports whether the race detector is on; the slowest tests
// do less under it.
const raceDetector = false
