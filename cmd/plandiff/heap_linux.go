//go:build linux

package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Page faults are the largest single cost of a large compare on Linux: the Civil Code's
// takes some 4,900 of them, one per 4 KiB page the heap touches for the first time, at
// 2-3 µs each on the machine the figures in the README come from. Where the kernel gives
// transparent huge pages only to memory that asks for them (its "madvise" mode), Go's heap
// never asks, so plandiff does before a large compare: see reserveHugePages.

// hugePageBytes is the size of a transparent huge page on the platforms Go supports.
const hugePageBytes = 2 << 20

// Sizing the reservation from the size hint, the bytes of parse cache a compare will read:
// the Civil Code's 3.3 MB of cache make a JSON compare allocate about 17.6 MB in all.
const (
	minHeapHint   = 1 << 20 // below this the reservation costs more than it saves
	heapPerHint   = 6       // bytes allocated per byte of hint, rounded up
	heapFloorPart = 3       // quarters of the heap goal's floor the reservation may take
)

// heapReservation returns how many bytes of heap to back with huge pages before a compare
// whose versions' size hint is hint, given the kernel's transparent huge page mode (the
// bracketed word of /sys/kernel/mm/transparent_hugepage/enabled) and the GC percentage
// (GOGC). 0 means none: the kernel gives huge pages on its own ("always") or never, the
// input is small, or the GC is tuned so that its scavenger would hand the reserved memory
// back to the kernel at once. The runtime keeps freed memory up to a little over its heap
// goal, whose floor is 4 MiB × GOGC/100; the reservation stays within three quarters of it.
func heapReservation(hint int64, thpMode string, gogc int64) int {
	if thpMode != "madvise" || hint < minHeapHint || gogc <= 0 {
		return 0
	}
	size := min(hint*heapPerHint, (4<<20)*gogc/100*heapFloorPart/4)
	size &^= hugePageBytes - 1
	if size < 2*hugePageBytes {
		return 0
	}
	return int(size)
}

// prepareHeap backs the heap a compare with size hint hint will use with huge pages, when
// heapReservation says so.
func prepareHeap(hint int64) {
	if n := heapReservation(hint, thpMode(), gcPercent()); n > 0 {
		reserveHugePages(n)
	}
}

// reserveHugePages makes the next n bytes the heap hands out come from transparent huge
// pages, in the kernel's "madvise" mode: it allocates n fresh bytes, which Go takes
// untouched from the kernel, asks for huge pages over them (madvise MADV_HUGEPAGE) and lets
// the garbage collector free them again; the runtime then allocates from those pages first,
// and the kernel backs each 2 MiB with one page as it is first written. The collection runs
// on one processor: the runtime's first writes to fresh pages of its own (spans set aside
// while sweeping) otherwise interrupt the other core to flush its TLB, ~35 µs each on a VM.
// Measured on the Civil Code compare: 4,900 -> 1,250 page faults, 3-5 ms less wall-clock
// time and ~6 ms less CPU; the reservation itself takes ~1.5 ms, hence minHeapHint.
func reserveHugePages(n int) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	// The heap hands out its lowest free pages first, and only whole, aligned huge pages can
	// be backed by one: what the block has below its first huge page boundary would be handed
	// out first, from 4 KiB pages (~250 faults on the Civil Code). So the block is made to
	// start on a boundary: a probe finds where the heap grows (large objects are placed there
	// while nothing has been freed), and a pad fills up to the next boundary. Both stay
	// allocated, untouched: they cost address space, no memory.
	probe := make([]byte, largeObjectBytes)
	frontier := uintptr(unsafe.Pointer(&probe[0])) + largeObjectBytes
	var pad []byte
	if gap := int(-frontier & (hugePageBytes - 1)); gap >= largeObjectBytes {
		pad = make([]byte, gap)
	}
	block := make([]byte, n)
	skip := int(-uintptr(unsafe.Pointer(&block[0])) & (hugePageBytes - 1)) // 0 when the pad did its work
	if whole := (n - skip) &^ (hugePageBytes - 1); whole > 0 {
		_ = unix.Madvise(block[skip:skip+whole], unix.MADV_HUGEPAGE) // only advice: no huge pages is fine
	}
	block = nil
	runtime.GC()
	runtime.KeepAlive(probe)
	runtime.KeepAlive(pad)
}

// largeObjectBytes is a size above Go's largest size class (32 KiB), whose objects get pages
// of their own from the heap, and above the 64 KiB the compiler may place on the stack.
const largeObjectBytes = 128 << 10

// thpMode returns the kernel's transparent huge page mode for anonymous memory: always,
// madvise or never, or "" when it cannot be read.
func thpMode() string {
	data, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	if i := bytes.IndexByte(data, '['); i >= 0 {
		if j := bytes.IndexByte(data[i:], ']'); j > 0 {
			return string(data[i+1 : i+j])
		}
	}
	return ""
}

// gcPercent returns the garbage collector's GOGC setting, negative when it is off. The
// runtime has no getter but runtime/metrics, whose package initialisation costs every run
// 0.1 ms; so the setting is read by turning the collector off and back, which starts none.
func gcPercent() int64 {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return int64(p)
}
