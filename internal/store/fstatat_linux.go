//go:build linux && (amd64 || arm64 || riscv64)

package store

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// fstatat is unix.Fstatat without its allocation: the NUL-terminated name is built in a
// buffer on the stack instead of on the heap. A compare stats every point file of both
// versions, ~5,000 calls on the Civil Code; the allocation was ~10% of each (0.1-0.3 us of
// ~2 us, measured on this machine). Names too long for the buffer, or holding a NUL, go
// through unix.Fstatat.
func fstatat(dirfd int, name string, st *unix.Stat_t, flags int) error {
	var buf [256]byte
	if len(name) >= len(buf) || containsNUL(name) {
		return unix.Fstatat(dirfd, name, st, flags)
	}
	copy(buf[:], name) // buf[len(name)] is 0
	_, _, errno := syscall.Syscall6(unix.SYS_NEWFSTATAT, uintptr(dirfd), uintptr(unsafe.Pointer(&buf[0])),
		uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
