package store

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plandiff/plandiff/internal/plan"
)

// errLinkOutside is the error for a symbolic link whose target lies outside the repository.
var errLinkOutside = errors.New("symbolic link points outside the repository")

// maxLinkHops bounds how many symbolic links are followed to reach a file.
const maxLinkHops = 8

// memFS is a read-only fs.FS over a tree of files held in memory: a git tree read
// from the object store, the embedded dataset, or files about to be written. File
// contents are either given or loaded on first use; loads are serialised because
// the git object store is not safe for concurrent use, so callers that parse in
// parallel should preload what they need.
type memFS struct {
	mu    sync.Mutex
	nodes map[string]*memNode // by path; "." is the root
}

// memNode is one directory, file or symbolic link of a memFS.
type memNode struct {
	name     string
	dir      bool
	children []string // sorted child names, for a directory
	link     string   // target of a symbolic link, as stored
	data     []byte   // file content once known
	loaded   bool
	load     func() ([]byte, error) // reads the content when not yet loaded
	err      error                  // set for a link that cannot be followed
}

func newMemFS() *memFS {
	return &memFS{nodes: map[string]*memNode{".": {name: ".", dir: true}}}
}

// addDir adds the directory p and its parents.
func (m *memFS) addDir(p string) {
	if _, ok := m.nodes[p]; ok || p == "." {
		return
	}
	parent := path.Dir(p)
	m.addDir(parent)
	m.nodes[p] = &memNode{name: path.Base(p), dir: true}
	pn := m.nodes[parent]
	pn.children = append(pn.children, path.Base(p))
}

// addNode adds a file or link node at p, creating its parent directories.
func (m *memFS) addNode(p string, n *memNode) {
	parent := path.Dir(p)
	m.addDir(parent)
	n.name = path.Base(p)
	if _, ok := m.nodes[p]; !ok {
		pn := m.nodes[parent]
		pn.children = append(pn.children, n.name)
	}
	m.nodes[p] = n
}

// addFile adds a regular file with known content.
func (m *memFS) addFile(p string, data []byte) {
	m.addNode(p, &memNode{data: data, loaded: true})
}

// addLazyFile adds a regular file whose content load reads on first use.
func (m *memFS) addLazyFile(p string, load func() ([]byte, error)) {
	m.addNode(p, &memNode{load: load})
}

// addLink adds a symbolic link to target (relative to the link's directory, as git stores it).
func (m *memFS) addLink(p, target string) {
	m.addNode(p, &memNode{link: target})
}

// finish sorts directory listings and resolves symbolic links. outside is asked
// for link targets that are inside the repository but not in m (it may be nil);
// it returns the target file's node or an error.
func (m *memFS) finish(outside func(p string) (*memNode, error)) {
	for _, n := range m.nodes {
		if n.dir {
			slices.Sort(n.children)
		}
	}
	for p, n := range m.nodes {
		if n.link == "" {
			continue
		}
		target, err := m.resolve(p, outside)
		if err != nil {
			n.err = err
			continue
		}
		n.load = target.content
	}
}

// resolve follows the link at p to a regular file.
func (m *memFS) resolve(p string, outside func(string) (*memNode, error)) (*memNode, error) {
	cur := p
	for range maxLinkHops {
		n := m.nodes[cur]
		if n == nil {
			if outside == nil {
				return nil, fs.ErrNotExist
			}
			return outside(cur)
		}
		if n.link == "" {
			if n.dir {
				return nil, errors.New("symbolic links to directories are not supported")
			}
			return n, nil
		}
		if path.IsAbs(n.link) {
			return nil, errLinkOutside
		}
		next := path.Join(path.Dir(cur), n.link)
		if next == ".." || strings.HasPrefix(next, "../") {
			return nil, errLinkOutside
		}
		cur = next
	}
	return nil, errors.New("too many levels of symbolic links")
}

// content returns a file node's content, loading it if needed. The caller holds no lock.
func (n *memNode) content() ([]byte, error) {
	if n.loaded {
		return n.data, nil
	}
	if n.err != nil {
		return nil, n.err
	}
	if n.load == nil {
		return nil, fs.ErrNotExist
	}
	data, err := n.load()
	if err != nil {
		return nil, err
	}
	n.data, n.loaded = data, true
	return data, nil
}

// preload loads the content of every file under dir, sequentially.
func (m *memFS) preload(dir string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	prefix := dir + "/"
	for p, n := range m.nodes {
		if n.dir || !strings.HasPrefix(p, prefix) {
			continue
		}
		if _, err := n.content(); err != nil {
			return &plan.FileError{File: p, Err: err}
		}
	}
	return nil
}

// checkLinks returns an error naming the first file under dir (in path order) that is
// a symbolic link pointing outside the repository.
func (m *memFS) checkLinks(dir string) error {
	var bad []string
	prefix := dir + "/"
	for p, n := range m.nodes {
		if strings.HasPrefix(p, prefix) && errors.Is(n.err, errLinkOutside) {
			bad = append(bad, p)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return &plan.FileError{File: bad[0], Err: errLinkOutside}
}

func (m *memFS) lookup(op, name string) (*memNode, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	n, ok := m.nodes[name]
	if !ok {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return n, nil
}

// Open implements fs.FS.
func (m *memFS) Open(name string) (fs.File, error) {
	n, err := m.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if n.dir {
		return &memDir{fsys: m, dir: name, node: n}, nil
	}
	data, err := m.content(n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &memFile{info: memInfo{name: n.name, size: int64(len(data))}, r: bytes.NewReader(data)}, nil
}

// ReadFile implements fs.ReadFileFS.
func (m *memFS) ReadFile(name string) ([]byte, error) {
	n, err := m.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if n.dir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	data, err := m.content(n)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return bytes.Clone(data), nil
}

// ReadDir implements fs.ReadDirFS.
func (m *memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	n, err := m.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if !n.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return m.entries(name, n), nil
}

// Stat implements fs.StatFS.
func (m *memFS) Stat(name string) (fs.FileInfo, error) {
	n, err := m.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	return m.info(n)
}

// ReadLink implements fs.ReadLinkFS.
func (m *memFS) ReadLink(name string) (string, error) {
	n, err := m.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if n.link == "" {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return n.link, nil
}

// Lstat implements fs.ReadLinkFS: it describes a symbolic link itself.
func (m *memFS) Lstat(name string) (fs.FileInfo, error) {
	n, err := m.lookup("lstat", name)
	if err != nil {
		return nil, err
	}
	if n.link != "" {
		return memInfo{name: n.name, size: int64(len(n.link)), link: true}, nil
	}
	return m.info(n)
}

func (m *memFS) content(n *memNode) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return n.content()
}

func (m *memFS) info(n *memNode) (fs.FileInfo, error) {
	if n.dir {
		return memInfo{name: n.name, dir: true}, nil
	}
	data, err := m.content(n)
	if err != nil {
		return nil, err
	}
	return memInfo{name: n.name, size: int64(len(data))}, nil
}

func (m *memFS) entries(dir string, n *memNode) []fs.DirEntry {
	out := make([]fs.DirEntry, len(n.children))
	for i, c := range n.children {
		out[i] = memEntry{fsys: m, node: m.nodes[path.Join(dir, c)]}
	}
	return out
}

// memInfo is the fs.FileInfo of a memFS node. Files are read-only and have no time.
type memInfo struct {
	name string
	size int64
	dir  bool
	link bool // the info of a symbolic link itself, as in a directory listing
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	switch {
	case i.dir:
		return fs.ModeDir | 0o555
	case i.link:
		return fs.ModeSymlink | 0o777
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

// memEntry is the fs.DirEntry of a memFS node.
type memEntry struct {
	fsys *memFS
	node *memNode
}

func (e memEntry) Name() string { return e.node.name }
func (e memEntry) IsDir() bool  { return e.node.dir }
func (e memEntry) Type() fs.FileMode {
	switch {
	case e.node.dir:
		return fs.ModeDir
	case e.node.link != "":
		return fs.ModeSymlink
	}
	return 0
}
func (e memEntry) Info() (fs.FileInfo, error) {
	if e.node.link != "" {
		return memInfo{name: e.node.name, size: int64(len(e.node.link)), link: true}, nil
	}
	return e.fsys.info(e.node)
}

var _ fs.ReadLinkFS = (*memFS)(nil)

// memFile is an open memFS file.
type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

// memDir is an open memFS directory.
type memDir struct {
	fsys *memFS
	dir  string
	node *memNode
	next int // index of the next entry ReadDir returns
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: d.node.name, dir: true}, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.dir, Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *memDir) ReadDir(count int) ([]fs.DirEntry, error) {
	all := d.fsys.entries(d.dir, d.node)
	rest := all[d.next:]
	if count <= 0 {
		d.next = len(all)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if count > len(rest) {
		count = len(rest)
	}
	d.next += count
	return rest[:count], nil
}
