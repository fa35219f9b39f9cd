package store

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/plandiff/plandiff/internal/plan"
)

// lockFile is the file in the git directory that an import holds while it runs.
const lockFile = "plandiff.lock"

// headCommit returns the commit HEAD points to, nil when the branch has no commits yet.
func (r *Repo) headCommit() (*object.Commit, error) {
	ref, err := r.head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	c, err := r.commitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("read HEAD commit %s: %w", ref.Hash(), err)
	}
	return c, nil
}

// resolve returns the commit that revision rev names (see resolveRevision).
func (r *Repo) resolve(rev string) (*object.Commit, error) {
	c, err := r.resolveRevision(rev)
	if errors.Is(err, errRevisionNotFound) {
		if head, herr := r.headCommit(); herr == nil && head == nil {
			return nil, fmt.Errorf("%w %q: the repository has no commits yet", ErrUnknownRevision, rev)
		}
		return nil, fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrUnknownRevision, rev, err)
	}
	return c, nil
}

// revisionFS returns an fs.FS over the plans/ directory of the commit rev names,
// rooted at the repository root. File contents are read from the object store on
// first use.
func (r *Repo) revisionFS(rev string) (*memFS, plumbing.Hash, error) {
	c, err := r.resolve(rev)
	if err != nil {
		return nil, plumbing.ZeroHash, err
	}
	root, err := c.Tree()
	if err != nil {
		return nil, plumbing.ZeroHash, fmt.Errorf("read commit %s: %w", c.Hash, err)
	}
	fsys, err := r.treeFS(root)
	if err != nil {
		return nil, plumbing.ZeroHash, fmt.Errorf("read commit %s: %w", c.Hash, err)
	}
	return fsys, c.Hash, nil
}

// treeFS builds a memFS over the plans/ subtree of the root tree.
func (r *Repo) treeFS(root *object.Tree) (*memFS, error) {
	fsys := newMemFS()
	fsys.addDir(plan.RootDir)
	entry, err := root.FindEntry(plan.RootDir)
	if err == nil && entry.Mode == filemode.Dir {
		if err := r.addTree(fsys, plan.RootDir, entry.Hash); err != nil {
			return nil, err
		}
	}
	fsys.finish(func(p string) (*memNode, error) {
		e, err := root.FindEntry(p)
		if err != nil {
			return nil, fs.ErrNotExist
		}
		if e.Mode == filemode.Dir {
			return nil, errors.New("symbolic links to directories are not supported")
		}
		if !e.Mode.IsFile() || e.Mode == filemode.Symlink {
			return nil, errors.New("symbolic link to a symbolic link outside plans/ is not supported")
		}
		return &memNode{load: r.blobLoader(e.Hash)}, nil
	})
	return fsys, nil
}

// addTree adds the tree h to fsys at dir, recursively; blobs are loaded lazily,
// except symbolic link targets, which are read now.
func (r *Repo) addTree(fsys *memFS, dir string, h plumbing.Hash) error {
	t, err := r.treeObject(h)
	if err != nil {
		return fmt.Errorf("read tree %s: %w", dir, err)
	}
	fsys.addDir(dir)
	for _, e := range t.Entries {
		p := dir + "/" + e.Name
		switch e.Mode {
		case filemode.Dir:
			if err := r.addTree(fsys, p, e.Hash); err != nil {
				return err
			}
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			fsys.addLazyFile(p, r.blobLoader(e.Hash))
		case filemode.Symlink:
			target, err := r.blobLoader(e.Hash)()
			if err != nil {
				return fmt.Errorf("read %s: %w", p, err)
			}
			fsys.addLink(p, string(target))
		}
		// Submodules are not files of the plan repository; they are left out.
	}
	return nil
}

// blobLoader returns a function that reads the blob h.
func (r *Repo) blobLoader(h plumbing.Hash) func() ([]byte, error) {
	return func() ([]byte, error) { return r.readBlob(h) }
}

// readBlob returns the content of the blob h.
func (r *Repo) readBlob(h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(r.store, h)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	defer rd.Close()
	data := make([]byte, 0, b.Size)
	buf := bytes.NewBuffer(data)
	if _, err := io.Copy(buf, rd); err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	return buf.Bytes(), nil
}

// subtree returns the hash of the tree at dir (slash-separated, relative to the
// root tree h), or the zero hash when there is none.
func (r *Repo) subtree(h plumbing.Hash, dir string) (plumbing.Hash, error) {
	for _, name := range strings.Split(dir, "/") {
		if h.IsZero() {
			return h, nil
		}
		t, err := r.treeObject(h)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", h, err)
		}
		h = plumbing.ZeroHash
		for _, e := range t.Entries {
			if e.Name == name && e.Mode == filemode.Dir {
				h = e.Hash
				break
			}
		}
	}
	return h, nil
}

// treeEntries returns the entries of tree h, none for the zero hash.
func (r *Repo) treeEntries(h plumbing.Hash) ([]object.TreeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := r.treeObject(h)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	return t.Entries, nil
}

// packThreshold is the number of new objects from which an import stores them as one
// packfile rather than as loose objects (one file each).
const packThreshold = 64

// objectBatch collects the new objects of a commit in memory and then stores them in
// the repository at once: as one packfile when there are many and the repository is
// on disk, else one by one.
type objectBatch struct {
	r     *Repo
	known map[plumbing.Hash]bool // objects known to be in the repository already
	objs  []batchObject
}

// batchObject is one object of a batch: its type, content and hash.
type batchObject struct {
	typ  plumbing.ObjectType
	data []byte
	hash plumbing.Hash
}

// newBatch returns an empty batch of objects for r.
func (r *Repo) newBatch() *objectBatch {
	return &objectBatch{r: r, known: map[plumbing.Hash]bool{}}
}

// add puts an object in the batch unless it is known to the batch.
func (b *objectBatch) add(typ plumbing.ObjectType, data []byte) plumbing.Hash {
	h := plumbing.ComputeHash(typ, data)
	if !b.known[h] {
		b.known[h] = true
		b.objs = append(b.objs, batchObject{typ: typ, data: data, hash: h})
	}
	return h
}

// blob adds data as a blob.
func (b *objectBatch) blob(data []byte) plumbing.Hash {
	return b.add(plumbing.BlobObject, data)
}

// tree sorts entries in git's order and adds them as a tree.
func (b *objectBatch) tree(entries []object.TreeEntry) (plumbing.Hash, error) {
	slices.SortFunc(entries, func(a, b object.TreeEntry) int {
		return strings.Compare(treeSortName(a), treeSortName(b))
	})
	data, err := encodeObject((&object.Tree{Entries: entries}).Encode)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("encode tree: %w", err)
	}
	return b.add(plumbing.TreeObject, data), nil
}

// commit adds c as a commit.
func (b *objectBatch) commit(c *object.Commit) (plumbing.Hash, error) {
	data, err := encodeObject(c.Encode)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("encode commit: %w", err)
	}
	return b.add(plumbing.CommitObject, data), nil
}

// encodeObject returns the content that encode writes into an object.
func encodeObject(encode func(plumbing.EncodedObject) error) ([]byte, error) {
	var obj plumbing.MemoryObject
	if err := encode(&obj); err != nil {
		return nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(rd)
}

// flush stores the batch's objects in the repository. A packfile may repeat objects
// the repository has elsewhere (git allows that; checking would cost a file lookup per
// object); loose objects are written only when missing.
func (b *objectBatch) flush() error {
	if st, ok := b.r.store.(*filesystem.Storage); ok && len(b.objs) >= packThreshold {
		if err := writePack(st, b.objs); err != nil {
			return fmt.Errorf("write objects: %w", err)
		}
		return nil
	}
	for _, o := range b.objs {
		if b.r.store.HasEncodedObject(o.hash) == nil {
			continue
		}
		obj := b.r.store.NewEncodedObject()
		obj.SetType(o.typ)
		obj.SetSize(int64(len(o.data)))
		w, err := obj.Writer()
		if err == nil {
			_, err = w.Write(o.data)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		if err == nil {
			_, err = b.r.store.SetEncodedObject(obj)
		}
		if err != nil {
			return fmt.Errorf("write object %s: %w", o.hash, err)
		}
	}
	return nil
}

// packDir is the directory of a git directory that holds packfiles.
const packDir = "objects/pack"

// writePack stores objs in the repository as one packfile (version 2, no deltas) with
// its index, both written here: go-git's own packfile writer parses the pack again to
// index it, which costs as much as writing it. The pack is compressed for speed, as an
// import writes thousands of small objects; git gc packs them tighter later.
func writePack(st *filesystem.Storage, objs []batchObject) (err error) {
	gitDir := st.Filesystem()
	if err := gitDir.MkdirAll(packDir, 0o777); err != nil {
		return err
	}
	var temps []string
	defer func() {
		for _, t := range temps {
			gitDir.Remove(t)
		}
	}()
	pack, err := gitDir.TempFile(packDir, "tmp_pack_")
	if err != nil {
		return err
	}
	temps = append(temps, pack.Name())
	sum := sha1.New()
	pw := &countingWriter{w: bufio.NewWriterSize(io.MultiWriter(pack, sum), 64<<10), crc: crc32.NewIEEE()}
	var head [12]byte
	copy(head[:], "PACK")
	binary.BigEndian.PutUint32(head[4:], 2)
	binary.BigEndian.PutUint32(head[8:], uint32(len(objs)))
	pw.Write(head[:])
	var idx idxfile.Writer
	idx.OnHeader(uint32(len(objs)))
	zw, _ := zlib.NewWriterLevel(pw, zlib.BestSpeed)
	for _, o := range objs {
		pos := pw.n
		pw.crc.Reset()
		// The entry header holds the type and the size: 4 bits of the size in the
		// first byte, 7 in each further one.
		size := uint64(len(o.data))
		c := byte(o.typ)<<4 | byte(size&0x0f)
		var hdr []byte
		for size >>= 4; size > 0; size >>= 7 {
			hdr = append(hdr, c|0x80)
			c = byte(size & 0x7f)
		}
		pw.Write(append(hdr, c))
		zw.Reset(pw)
		zw.Write(o.data)
		zw.Close()
		idx.Add(o.hash, uint64(pos), pw.crc.Sum32())
	}
	if err := pw.flush(); err != nil {
		pack.Close()
		return err
	}
	var checksum plumbing.Hash
	copy(checksum[:], sum.Sum(nil))
	_, err = pack.Write(checksum[:])
	if cerr := pack.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := idx.OnFooter(checksum); err != nil {
		return err
	}
	index, err := idx.Index()
	if err != nil {
		return err
	}
	idxFile, err := gitDir.TempFile(packDir, "tmp_idx_")
	if err != nil {
		return err
	}
	temps = append(temps, idxFile.Name())
	bw := bufio.NewWriter(idxFile)
	_, err = idxfile.NewEncoder(bw).Encode(index)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := idxFile.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// git finds a pack by its index, so the index comes last.
	name := packDir + "/pack-" + checksum.String()
	if err := gitDir.Rename(temps[0], name+".pack"); err != nil {
		return err
	}
	temps = temps[1:]
	if err := gitDir.Rename(temps[0], name+".idx"); err != nil {
		gitDir.Remove(name + ".pack")
		return err
	}
	temps = nil
	st.Reindex()
	return nil
}

// countingWriter counts the bytes written through it and sums them with a CRC-32.
type countingWriter struct {
	w   *bufio.Writer
	n   int64
	crc hash.Hash32
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	c.crc.Write(p)
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

func (c *countingWriter) flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// treeSortName is the key git sorts tree entries by: directories sort as if their
// names ended in "/".
func treeSortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// replaceEntry returns entries with the entry called name replaced by a directory
// entry for tree h, added when absent, or removed when h is zero.
func replaceEntry(entries []object.TreeEntry, name string, h plumbing.Hash) []object.TreeEntry {
	out := make([]object.TreeEntry, 0, len(entries)+1)
	for _, e := range entries {
		if e.Name != name {
			out = append(out, e)
		}
	}
	if !h.IsZero() {
		out = append(out, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	return out
}

// advanceHead points the branch HEAD names (or HEAD itself when detached) at commit h,
// provided it still points at old (zero: the branch has no commits yet).
func (r *Repo) advanceHead(h, old plumbing.Hash) error {
	head, err := r.store.Reference(plumbing.HEAD)
	if err != nil {
		return fmt.Errorf("read HEAD: %w", err)
	}
	name := plumbing.HEAD
	if head.Type() == plumbing.SymbolicReference {
		name = head.Target()
	}
	var oldRef *plumbing.Reference
	if !old.IsZero() {
		oldRef = plumbing.NewHashReference(name, old)
	} else if _, err := r.store.Reference(name); err == nil {
		return fmt.Errorf("update %s: it changed while importing", name)
	}
	if err := r.store.CheckAndSetReference(plumbing.NewHashReference(name, h), oldRef); err != nil {
		return fmt.Errorf("update %s: %w", name, err)
	}
	return nil
}

// lock takes the repository's import lock; the returned function releases it.
func (r *Repo) lock() (func(), error) {
	f, err := r.gitDir.OpenFile(lockFile, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: another plandiff import is running (remove .git/%s if it is stale)", ErrBusy, lockFile)
	}
	if err != nil {
		return nil, fmt.Errorf("lock repository: %w", err)
	}
	_, werr := f.Write([]byte("plandiff import\n"))
	cerr := f.Close()
	if werr != nil || cerr != nil {
		r.gitDir.Remove(lockFile)
		return nil, fmt.Errorf("lock repository: %w", errors.Join(werr, cerr))
	}
	return func() { r.gitDir.Remove(lockFile) }, nil
}

// indexWriter writes the index the way git does on disk: it holds index.lock from
// lockIndex until commit or abort. In memory it stores the index directly.
type indexWriter struct {
	r    *Repo
	file billy.File // index.lock on disk; nil in memory
}

// lockIndex takes git's index lock (on disk) so that no git command changes the index
// while the import runs.
func (r *Repo) lockIndex() (*indexWriter, error) {
	if _, ok := r.store.(*filesystem.Storage); !ok {
		return &indexWriter{r: r}, nil
	}
	f, err := r.gitDir.OpenFile("index.lock", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: .git/index.lock exists: another git process seems to be running (remove the file if it is stale)", ErrBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	return &indexWriter{r: r, file: f}, nil
}

// commit replaces the index with idx and releases the lock.
func (w *indexWriter) commit(idx *index.Index) error {
	if w.file == nil {
		return w.r.store.SetIndex(idx)
	}
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(idx); err != nil {
		w.abort()
		return fmt.Errorf("encode index: %w", err)
	}
	_, err := w.file.Write(buf.Bytes())
	if cerr := w.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.r.gitDir.Rename("index.lock", "index")
	}
	if err != nil {
		w.r.gitDir.Remove("index.lock")
		return fmt.Errorf("write index: %w", err)
	}
	w.file = nil
	return nil
}

// abort releases the lock without changing the index; it is safe after commit.
func (w *indexWriter) abort() {
	if w.file != nil {
		w.file.Close()
		w.r.gitDir.Remove("index.lock")
		w.file = nil
	}
}

// billyFS copies the files under dir of a billy work tree into a memFS rooted at the
// repository root.
func billyFS(wt billy.Filesystem, dir string) (*memFS, error) {
	fsys := newMemFS()
	if err := addBilly(fsys, wt, dir); err != nil {
		return nil, err
	}
	fsys.finish(func(p string) (*memNode, error) {
		fi, err := wt.Lstat(p)
		if err != nil {
			return nil, fs.ErrNotExist
		}
		if !fi.Mode().IsRegular() {
			return nil, errors.New("symbolic link to a non-file outside the directory read is not supported")
		}
		data, err := readBillyFile(wt, p)
		if err != nil {
			return nil, err
		}
		return &memNode{data: data, loaded: true}, nil
	})
	return fsys, nil
}

// addBilly adds dir of wt and everything under it to fsys, reading file contents.
func addBilly(fsys *memFS, wt billy.Filesystem, dir string) error {
	infos, err := wt.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	fsys.addDir(dir)
	for _, fi := range infos {
		p := path.Join(dir, fi.Name())
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := wt.Readlink(p)
			if err != nil {
				return fmt.Errorf("read %s: %w", p, err)
			}
			fsys.addLink(p, target)
		case fi.IsDir():
			if err := addBilly(fsys, wt, p); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			data, err := readBillyFile(wt, p)
			if err != nil {
				return err
			}
			fsys.addFile(p, data)
		}
	}
	return nil
}

// readBillyFile returns the content of the file p of wt.
func readBillyFile(wt billy.Filesystem, p string) ([]byte, error) {
	f, err := wt.Open(p)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return data, nil
}
