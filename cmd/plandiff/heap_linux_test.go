//go:build linux

package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func TestHeapReservation(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		hint int64
		mode string
		gogc int64
		want int
	}{
		{3_270_000, "madvise", 800, 18 * mb}, // the Civil Code: 6 × 3.27 MB, whole huge pages
		{10 * mb, "madvise", 800, 24 * mb},   // capped at 3/4 of the heap goal's floor, 32 MiB
		{10 * mb, "madvise", 1600, 48 * mb},  // a higher GOGC raises the floor
		{10 * mb, "madvise", 100, 0},         // Go's default: 3 MiB of room, not worth it
		{10 * mb, "madvise", -1, 0},          // GC off: left alone
		{mb - 1, "madvise", 800, 0},          // a small compare
		{10 * mb, "always", 800, 0},          // the kernel gives huge pages unasked
		{10 * mb, "never", 800, 0},
		{10 * mb, "", 800, 0}, // no sysfs
	} {
		if got := heapReservation(tc.hint, tc.mode, tc.gogc); got != tc.want {
			t.Errorf("heapReservation(%d, %q, %d) = %d, want %d", tc.hint, tc.mode, tc.gogc, got, tc.want)
		}
	}
}

func TestGCPercent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(250))
	if got := gcPercent(); got != 250 {
		t.Errorf("gcPercent() = %d, want 250", got)
	}
	debug.SetGCPercent(-1)
	if got := gcPercent(); got >= 0 {
		t.Errorf("gcPercent() with the GC off = %d, want < 0", got)
	}
}

// TestReserveHugePages checks that after reserveHugePages, small objects allocated in
// quantity land on huge pages: the process's AnonHugePages grows as they are written. It
// first checks that the kernel gives huge pages to memory that asks, and skips if not.
// reserveHugePages is made for a fresh process, whose heap grows into new memory, as
// plandiff calls it once at the start of a compare: the check runs in a process of its own.
func TestReserveHugePages(t *testing.T) {
	if os.Getenv(hugePagesChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReserveHugePages$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), hugePagesChild+"=1")
		out, err := cmd.CombinedOutput()
		switch {
		case err != nil:
			t.Fatalf("%v\n%s", err, out)
		case bytes.Contains(out, []byte("--- SKIP")):
			t.Skipf("%s", out)
		case !bytes.Contains(out, []byte("--- PASS: TestReserveHugePages")):
			t.Fatalf("the check did not run:\n%s", out)
		}
		return
	}
	if thpMode() != "madvise" {
		t.Skipf("transparent huge pages are %q, not madvise", thpMode())
	}
	// The control: an aligned, advised mapping written page by page.
	region, err := unix.Mmap(-1, 0, 3*hugePageBytes, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(region)
	skip := int(-uintptr(unsafe.Pointer(&region[0])) & (hugePageBytes - 1))
	aligned := region[skip : skip+hugePageBytes]
	before := anonHugeBytes(t)
	if err := unix.Madvise(aligned, unix.MADV_HUGEPAGE); err != nil {
		t.Skipf("madvise: %v", err)
	}
	for i := 0; i < len(aligned); i += os.Getpagesize() {
		aligned[i] = 1
	}
	if anonHugeBytes(t) <= before {
		t.Skip("the kernel gave no huge page to an advised mapping (memory fragmented?)")
	}

	// No collection but the one reserveHugePages runs: it alone must free its block.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	before = anonHugeBytes(t)
	reserveHugePages(16 << 20)
	var keep [][]byte
	for range 8 << 20 / 512 {
		b := make([]byte, 512)
		b[0] = 1
		keep = append(keep, b)
	}
	grew := anonHugeBytes(t) - before
	runtime.KeepAlive(keep)
	if grew < hugePageBytes {
		t.Errorf("8 MiB of small objects after reserveHugePages: AnonHugePages grew by %d bytes, want at least one huge page", grew)
	}
}

// hugePagesChild is set in the environment of the process TestReserveHugePages runs in.
const hugePagesChild = "PLANDIFF_TEST_HUGE_PAGES"

// anonHugeBytes returns the bytes of the process's anonymous memory on transparent huge pages.
func anonHugeBytes(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skipf("no smaps_rollup: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if f := bytes.Fields(sc.Bytes()); len(f) == 3 && string(f[0]) == "AnonHugePages:" {
			kb, err := strconv.ParseInt(string(f[1]), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("smaps_rollup has no AnonHugePages")
	return 0
}
