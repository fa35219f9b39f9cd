//go:build linux

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// earlyWriteback writes to a file and starts the file system's write-back of each megabyte
// written on another goroutine, so that block allocation overlaps with the rest of the
// writing instead of happening when the file is renamed over an existing one (ext4 flushes a
// file renamed over another: 3.7 ms of a compare's 3 MB JSON report, measured with strace,
// down to 1.3 ms). It changes nothing about what is written or its durability.
type earlyWriteback struct {
	f       *os.File
	written int64
	started int64 // bytes handed to the write-back goroutine
	ranges  chan [2]int64
	done    chan struct{}
}

// writebackChunk is how much is written before its write-back starts.
const writebackChunk = 1 << 20

func newEarlyWriteback(f *os.File) *earlyWriteback {
	w := &earlyWriteback{f: f, ranges: make(chan [2]int64, 64), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for r := range w.ranges {
			// Advisory: an error only means the write-back happens later.
			_ = unix.SyncFileRange(int(f.Fd()), r[0], r[1], unix.SYNC_FILE_RANGE_WRITE)
		}
	}()
	return w
}

func (w *earlyWriteback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.started >= writebackChunk {
		w.ranges <- [2]int64{w.started, w.written - w.started}
		w.started = w.written
	}
	return n, err
}

// wait starts the write-back of the rest and waits for the goroutine.
func (w *earlyWriteback) wait() {
	if w.written > w.started {
		w.ranges <- [2]int64{w.started, w.written - w.started}
	}
	close(w.ranges)
	<-w.done
}
