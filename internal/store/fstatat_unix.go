//go:build (linux && !(amd64 || arm64 || riscv64)) || darwin || freebsd || netbsd || openbsd

package store

import "golang.org/x/sys/unix"

// fstatat is unix.Fstatat; on linux/amd64, arm64 and riscv64 it avoids an allocation.
func fstatat(dirfd int, name string, st *unix.Stat_t, flags int) error {
	return unix.Fstatat(dirfd, name, st, flags)
}
