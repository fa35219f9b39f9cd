//go:build !race

package store

// raceEnabled says whether the tests run under the race detector, which makes the
// code several times slower and bigger: time- and memory-bound tests do less.
const raceEnabled = false
