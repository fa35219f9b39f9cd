package main

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/plandiff/plandiff/internal/store"
)

// tickingClock returns a clock that starts at start and moves on by step at every reading.
func tickingClock(start time.Time, step time.Duration) func() time.Time {
	t := start
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestStopwatch(t *testing.T) {
	start := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	durations := []time.Duration{1500 * time.Microsecond, 20 * time.Microsecond, 1234567 * time.Microsecond}
	now := start
	s := newStopwatch(func() time.Time { return now }, start)
	for i, d := range durations {
		now = now.Add(d)
		s.ended([]string{"read", "exact", "read again"}[i])
	}
	var out bytes.Buffer
	if err := s.write(&out); err != nil {
		t.Fatal(err)
	}
	want := "timings (wall clock, ms):\n" +
		"  read           1.50\n" +
		"  exact          0.02\n" +
		"  read again  1234.57\n" +
		"  total       1236.09\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	var none *stopwatch // --timings not given
	none.ended("read")
	if err := none.write(&out); err != nil || out.String() != want {
		t.Errorf("a nil stopwatch wrote %q, %v", out.String()[len(want):], err)
	}
}

// TestCompareTimings checks that compare --timings reports every step once, in order, after
// the report, and that the report is the one written without it.
func TestCompareTimings(t *testing.T) {
	start := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	var plain, timed, errOut bytes.Buffer
	env := &environment{stdout: &plain, stderr: &errOut, getenv: func(string) string { return "" }}
	opts := compareOptions{From: "us-28", To: "geneva-19", Format: "json"}
	if err := runCompare(store.Bundled(), env, opts); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() > 0 {
		t.Errorf("without --timings, stderr has %q", errOut.String())
	}
	env.stdout, env.now, env.start = &timed, tickingClock(start, time.Millisecond), start
	opts.Timings = true
	if err := runCompare(store.Bundled(), env, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(timed.Bytes(), plain.Bytes()) {
		t.Error("the report written with --timings differs from the one without")
	}
	want := "timings (wall clock, ms):\n"
	for _, step := range []string{"start-up", "read", "prepare", "declared", "exact", "normalise", "identical",
		"vectors", "similar", "splits", "merges", "labels", "classify", "words", "checked", "report"} {
		want += fmt.Sprintf("  %-10s %8s\n", step, "1.00") // the layout itself is TestStopwatch's
	}
	want += "  total         16.00\n"
	if errOut.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errOut.String(), want)
	}
}

// TestCompareTimingsAfterStaleCache checks the steps of a compare whose cached version turns
// out to be stale: after the file checks, the versions are read again and compared again.
func TestCompareTimingsAfterStaleCache(t *testing.T) {
	start := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	var out, errOut bytes.Buffer
	env := &environment{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
		now: tickingClock(start, time.Millisecond), start: start}
	opts := compareOptions{From: "us-28", To: "geneva-19", Format: "json", Timings: true}
	if err := runCompare(staleGeneva(t), env, opts); err != nil {
		t.Fatal(err)
	}
	compare := []string{"prepare", "declared", "exact", "normalise", "identical", "vectors", "similar",
		"splits", "merges", "labels", "classify", "words"}
	steps := append([]string{"start-up", "read"}, compare...)
	steps = append(append(append(steps, "checked", "read again"), compare...), "report")
	want := "timings (wall clock, ms):\n"
	for _, step := range steps {
		want += fmt.Sprintf("  %-10s %8s\n", step, "1.00")
	}
	want += fmt.Sprintf("  %-10s %8.2f\n", "total", float64(len(steps)))
	if errOut.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errOut.String(), want)
	}
}
