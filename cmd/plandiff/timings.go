package main

import (
	"fmt"
	"io"
	"time"
)

// stopwatch records how long each step of a command took, for compare --timings.
// A nil stopwatch records nothing.
type stopwatch struct {
	now   func() time.Time
	start time.Time // when the command started
	last  time.Time // when the last step ended
	laps  []lap
}

// lap is one step and its wall-clock time.
type lap struct {
	step string
	took time.Duration
}

// newStopwatch starts timing steps at start, reading the time from now.
func newStopwatch(now func() time.Time, start time.Time) *stopwatch {
	return &stopwatch{now: now, start: start, last: start}
}

// ended records the end of step.
func (s *stopwatch) ended(step string) {
	if s == nil {
		return
	}
	t := s.now()
	s.laps = append(s.laps, lap{step, t.Sub(s.last)})
	s.last = t
}

// write prints the steps and their total, in milliseconds, one per line.
func (s *stopwatch) write(w io.Writer) error {
	if s == nil {
		return nil
	}
	out := []byte("timings (wall clock, ms):\n")
	for _, l := range s.laps {
		out = fmt.Appendf(out, "  %-10s %8.2f\n", l.step, ms(l.took))
	}
	out = fmt.Appendf(out, "  %-10s %8.2f\n", "total", ms(s.last.Sub(s.start)))
	_, err := w.Write(out)
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
