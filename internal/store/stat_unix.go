//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// dirStater stats the entries of one open directory by name, relative to the directory's
// descriptor: no path is resolved again for each of thousands of files.
type dirStater struct {
	dir *os.File
	fd  int
}

func openDirStater(dir string) (*dirStater, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	return &dirStater{dir: f, fd: int(f.Fd())}, nil
}

func (d *dirStater) Close() error { return d.dir.Close() }

// self stamps the directory itself.
func (d *dirStater) self() (fileStamp, bool) {
	var st unix.Stat_t
	if err := unix.Fstat(d.fd, &st); err != nil || uint32(st.Mode)&unix.S_IFMT != unix.S_IFDIR {
		return fileStamp{}, false
	}
	return stampOf("", &st), true
}

// stat stamps entry name, which must be a regular file (a link is not followed).
func (d *dirStater) stat(name string) (fileStamp, bool) {
	var st unix.Stat_t
	if err := fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || uint32(st.Mode)&unix.S_IFMT != unix.S_IFREG {
		return fileStamp{}, false
	}
	return stampOf(name, &st), true
}

func stampOf(name string, st *unix.Stat_t) fileStamp {
	return fileStamp{
		Name:       name,
		Size:       st.Size,
		ModTime:    st.Mtim.Nano(),
		ChangeTime: st.Ctim.Nano(),
		Inode:      uint64(st.Ino),
	}
}
