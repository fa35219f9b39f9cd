package store

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/plandiff/plandiff/internal/plan"
)

// The parse cache keeps each version read from an on-disk work tree, parsed, in
// .git/plandiff/cache/<id>.bin, together with what stat says of the version's directory and
// of every file in it: size, modification and change times, inode. A later read that finds
// the directory and each file stat for stat as they were decodes the cache instead of opening
// and parsing thousands of point files. The directory's own times change whenever a file is
// added, removed or renamed in it, so only the remembered files need a stat (by name,
// relative to the open directory). As git does with "racily clean" index entries, a file or
// directory whose times are not older than the cache file's own is not trusted: it may have
// changed in the same clock tick. Only directories holding nothing but regular files are
// cached. Any mismatch or damage means a normal read, which then rewrites the cache. The
// cache is an optimisation only: failing to write it is not an error.
//
// The format is binary: the magic line, the format number, the stamps and the version, with
// unsigned varints for counts, lengths and numbers (signed ones zig-zag encoded) and strings
// as length and bytes. A slice is stored as its length plus one, 0 standing for nil, so that a
// decoded version equals the parsed one exactly. The section paths, which thousands of points
// of a statute share, are stored once in a table before the points, which refer to them by
// position plus one (0 for nil); points with the same path share one slice when decoded.
// Decoding takes every string as a substring of the file's content: one allocation for all the
// texts. The file ends with a CRC-32 (IEEE) of everything before it, checked before anything is
// decoded: a damaged cache (a flipped bit in a text would decode as well as any) is never
// used. So a decoded version holds exactly the strings of the parsed one it was written from,
// which the parser had checked for valid UTF-8.

// cacheMagic starts every cache file; cacheFormat follows it and changes whenever Version,
// the parser's results or the encoding change shape.
const (
	cacheMagic  = "plandiff parse cache\n"
	cacheFormat = 5
)

// The cache's checksum is the IEEE CRC-32: hash/crc32 computes it with carry-less multiplication
// where the CPU has it (~0.04 ms per MB here), and its tables cost ~0.02 ms when first used.
// CRC-32C, with tables built when the package starts, cost 0.15 ms of every run's start-up.

// sealCache appends the checksum of a cache file's content to it.
func sealCache(buf []byte) []byte {
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
}

// unsealCache returns the content of a cache file without its checksum, and whether the
// checksum holds.
func unsealCache(file string) (string, bool) {
	if len(file) < 4 {
		return "", false
	}
	body, sum := file[:len(file)-4], file[len(file)-4:]
	return body, crc32.ChecksumIEEE(unsafe.Slice(unsafe.StringData(body), len(body))) == binary.LittleEndian.Uint32([]byte(sum))
}

// cacheSuffix is the extension of cache files.
const cacheSuffix = ".bin"

// fileStamp identifies a file's content, or a directory's list of entries, by what stat
// says of it.
type fileStamp struct {
	Name       string
	Size       int64
	ModTime    int64 // nanoseconds since the epoch
	ChangeTime int64 // nanoseconds since the epoch; 0 where unknown
	Inode      uint64
}

// before reports whether the file's times are older than t: only then do they vouch for
// its content.
func (s fileStamp) before(t int64) bool { return s.ModTime < t && s.ChangeTime < t }

// dirStamps is what the cache remembers of a version directory.
type dirStamps struct {
	Dir   fileStamp
	Files []fileStamp // sorted by name
}

func (d dirStamps) equal(e dirStamps) bool {
	return d.Dir == e.Dir && slices.Equal(d.Files, e.Files)
}

// stampDir stamps the directory dir and every entry in it, and reports false when the
// directory cannot be read or holds anything but regular files, which ReadVersion must then
// judge itself.
func stampDir(dir string) (dirStamps, bool) {
	d, err := openDirStater(dir)
	if err != nil {
		return dirStamps{}, false
	}
	defer d.Close()
	self, ok := d.self()
	if !ok {
		return dirStamps{}, false
	}
	f, err := os.Open(dir)
	if err != nil {
		return dirStamps{}, false
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return dirStamps{}, false
	}
	slices.Sort(names)
	files := make([]fileStamp, len(names))
	if !statAll(d, names, files) {
		return dirStamps{}, false
	}
	return dirStamps{Dir: self, Files: files}, true
}

// statAll stamps the entries names of d into out, on all cores for a large directory, and
// reports whether all of them are regular files.
func statAll(d *dirStater, names []string, out []fileStamp) bool {
	workers := 1
	if len(names) >= 512 {
		workers = runtime.GOMAXPROCS(0)
	}
	ok := make([]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok[w] = true
			for k := w * len(names) / workers; k < (w+1)*len(names)/workers; k++ {
				if out[k], ok[w] = d.stat(names[k]); !ok[w] {
					return
				}
			}
		}()
	}
	wg.Wait()
	return !slices.Contains(ok, false)
}

// checkDirStamp checks the directory's own stamp and the age of every stamp: one stat.
func checkDirStamp(dir string, want dirStamps, cacheTime int64) bool {
	if !want.Dir.before(cacheTime) {
		return false
	}
	for _, f := range want.Files {
		if !f.before(cacheTime) {
			return false
		}
	}
	d, err := openDirStater(dir)
	if err != nil {
		return false
	}
	defer d.Close()
	self, ok := d.self()
	return ok && self == want.Dir
}

// checkFileStamps checks the stamp of every file of dir, one stat each, and stops at the first
// that differs. It runs on one goroutine: it is meant to run beside other work (a compare
// aligns the versions meanwhile), which a stat on every core would only slow down (measured
// on the Civil Code: a compare 1.2-1.4 ms faster than with two goroutines per version).
func checkFileStamps(dir string, want []fileStamp) bool {
	d, err := openDirStater(dir)
	if err != nil {
		return false
	}
	defer d.Close()
	for _, f := range want {
		if got, ok := d.stat(f.Name); !ok || got != f {
			return false
		}
	}
	return true
}

// cacheFileName is where the cache of version id of a repository with git directory gitDir lives.
func cacheFileName(gitDir, id string) string {
	return filepath.Join(gitDir, "plandiff", "cache", id+cacheSuffix)
}

// uncheckedVersion returns the cached version for the directory dir, or nil, having checked
// the directory itself but not yet its files, and a function that checks the files (one
// stat each) and reports whether the version holds for them.
func uncheckedVersion(cacheFile, dir string) (*plan.Version, func() bool) {
	file, cacheTime, err := readCacheFile(cacheFile)
	if err != nil {
		return nil, nil
	}
	content, ok := unsealCache(file)
	if !ok {
		return nil, nil
	}
	d := cacheDecoder{data: content}
	stamps := d.header()
	if d.failed || !checkDirStamp(dir, stamps, cacheTime) {
		return nil, nil
	}
	v := d.version()
	if d.failed || d.pos != len(d.data) {
		return nil, nil
	}
	v.UTF8Checked = true // the parser checked every string before the cache was written
	return v, func() bool { return checkFileStamps(dir, stamps.Files) }
}

// readCacheFile returns a cache file's content and modification time.
func readCacheFile(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	if !info.Mode().IsRegular() || info.Size() > maxCacheBytes {
		return "", 0, errors.New("not a cache file")
	}
	// Read in one piece and taken as a string without a copy: nothing writes to data after.
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return "", 0, err
	}
	if len(data) == 0 {
		return "", 0, errors.New("empty cache file")
	}
	return unsafe.String(&data[0], len(data)), info.ModTime().UnixNano(), nil
}

// maxCacheBytes bounds the cache files plandiff reads.
const maxCacheBytes = 1 << 30

// writeVersionCache stores v, read from a directory with the given stamps, atomically.
func writeVersionCache(cacheFile string, stamps dirStamps, v *plan.Version) error {
	var e cacheEncoder
	e.header(stamps)
	e.version(v)
	dir := filepath.Dir(cacheFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(sealCache(e.buf))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), cacheFile); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// The first cache format (gob) lived beside it under another name.
	os.Remove(strings.TrimSuffix(cacheFile, cacheSuffix) + ".gob")
	return nil
}

// UncheckedVersion returns version id of the work tree as its parse cache has it, when the
// version's directory is as it was then, with a function that stats the version's files and
// reports whether they are too. The version must not be trusted before verify has said so;
// until then the caller may compute with it, so that the stats run alongside. When there is
// no cache that may hold, rev is not "" (the work tree), or the repository is not on disk,
// v is nil and Version must be used.
func (r *Repo) UncheckedVersion(id, rev string) (v *plan.Version, verify func() bool) {
	if rev != "" || r.root == "" || plan.ValidateID(id) != nil {
		return nil, nil
	}
	dir := filepath.Join(r.root, plan.RootDir, id)
	// A cached version's directory holds regular files only, as it did when it was cached:
	// no link to check, as long as the directory itself is not one.
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() {
		return nil, nil
	}
	return uncheckedVersion(cacheFileName(r.gitDir.Root(), id), dir)
}

// SizeHint returns roughly how many bytes reading version id of the work tree (rev "") will
// load: the size of its parse cache, or 0 when it has none, for another revision, or in
// memory. It costs one stat, and is meant for sizing memory ahead of a large read.
func (r *Repo) SizeHint(id, rev string) int64 {
	if rev != "" || r.root == "" || plan.ValidateID(id) != nil {
		return 0
	}
	info, err := os.Stat(cacheFileName(r.gitDir.Root(), id))
	if err != nil || !info.Mode().IsRegular() {
		return 0
	}
	return info.Size()
}

// readVersionCached reads version id from the on-disk work tree through the cache.
func (r *Repo) readVersionCached(id string) (*plan.Version, error) {
	if v, verify := r.UncheckedVersion(id, ""); v != nil && verify() {
		return v, nil
	}
	dir := filepath.Join(r.root, plan.RootDir, id)
	cacheFile := cacheFileName(r.gitDir.Root(), id)
	if err := checkDiskLinks(r.root, plan.RootDir+"/"+id); err != nil {
		return nil, err
	}
	before, stampsOK := stampDir(dir)
	v, err := plan.ReadVersion(os.DirFS(r.root), id)
	if err != nil {
		return nil, err
	}
	// Only a directory that did not change while it was read is worth remembering.
	if after, ok := stampDir(dir); stampsOK && ok && before.equal(after) {
		_ = writeVersionCache(cacheFile, before, v)
	}
	return v, nil
}

// cacheEncoder appends the cache encoding of values to buf.
type cacheEncoder struct {
	buf []byte
}

func (e *cacheEncoder) uint(u uint64) {
	for u >= 0x80 {
		e.buf = append(e.buf, byte(u)|0x80)
		u >>= 7
	}
	e.buf = append(e.buf, byte(u))
}

func (e *cacheEncoder) int(i int64) { e.uint(uint64(i<<1) ^ uint64(i>>63)) }

func (e *cacheEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// count writes a slice's length, telling nil from empty.
func (e *cacheEncoder) count(n int, isNil bool) {
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (e *cacheEncoder) strs(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *cacheEncoder) stamp(s fileStamp) {
	e.str(s.Name)
	e.int(s.Size)
	e.int(s.ModTime)
	e.int(s.ChangeTime)
	e.uint(s.Inode)
}

func (e *cacheEncoder) header(s dirStamps) {
	e.buf = append(e.buf, cacheMagic...)
	e.uint(cacheFormat)
	e.stamp(s.Dir)
	e.count(len(s.Files), false)
	for _, f := range s.Files {
		e.stamp(f)
	}
}

func (e *cacheEncoder) version(v *plan.Version) {
	m := &v.Manifest
	e.str(m.ID)
	e.str(m.Title)
	e.str(m.Date)
	e.strs(m.Parties)
	e.str(m.Status)
	e.int(int64(m.DeclaredPoints))
	e.str(m.Completeness)
	e.strs(m.DerivedFrom)
	e.str(m.Note)
	e.count(len(m.Sources), m.Sources == nil)
	for _, s := range m.Sources {
		e.str(s.Key)
		e.str(s.Outlet)
		e.str(s.Title)
		e.str(s.Date)
		e.str(s.URL)
		e.str(s.Note)
	}
	e.str(v.Dir)
	// The table of distinct section paths, in order of first use.
	sections := make(map[string]int)
	var table [][]string
	refs := make([]int, len(v.Points))
	for k, p := range v.Points {
		if p.Section == nil {
			continue
		}
		key := strings.Join(p.Section, "\x00") + "\x00" // an empty path differs from [""]
		n, ok := sections[key]
		if !ok {
			n = len(table)
			sections[key] = n
			table = append(table, p.Section)
		}
		refs[k] = n + 1
	}
	e.count(len(table), false)
	for _, path := range table {
		e.strs(path)
	}
	e.count(len(v.Points), v.Points == nil)
	for k := range v.Points {
		p := &v.Points[k]
		e.str(p.File)
		e.str(p.Label)
		e.str(p.Title)
		e.strs(p.Topics)
		e.uint(uint64(refs[k]))
		e.str(p.Fidelity)
		e.str(p.Status)
		e.count(len(p.Sources), p.Sources == nil)
		for _, s := range p.Sources {
			e.str(s.Key)
			e.str(s.Locator)
			e.str(s.Note)
		}
		e.count(len(p.Lineage), p.Lineage == nil)
		for _, l := range p.Lineage {
			e.str(l.Version)
			e.str(l.Label)
			e.str(l.Relation)
		}
		e.str(p.Note)
		e.str(p.Text)
		e.int(int64(p.BodyLine))
	}
}

// The least number of bytes an encoded stamp and an encoded point take: one per field.
const (
	stampBytes = 5
	pointBytes = 12
)

// cacheDecoder reads values back from a cache file's content. Damage sets failed, after
// which every read returns a zero value; nothing in the data can make it panic or allocate
// more than the data's size in elements.
type cacheDecoder struct {
	data   string
	pos    int
	failed bool
}

func (d *cacheDecoder) uint() uint64 {
	var u uint64
	for shift := uint(0); ; shift += 7 {
		if d.failed || d.pos >= len(d.data) || shift > 63 {
			d.failed = true
			return 0
		}
		b := d.data[d.pos]
		d.pos++
		if shift == 63 && b > 1 {
			d.failed = true
			return 0
		}
		u |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return u
		}
	}
}

func (d *cacheDecoder) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1)
}

// small decodes a signed number that must fit an int32, such as a count in the model.
func (d *cacheDecoder) small() int {
	i := d.int()
	if i < -1<<31 || i >= 1<<31 {
		d.failed = true
		return 0
	}
	return int(i)
}

func (d *cacheDecoder) str() string {
	n := d.uint()
	if d.failed || n > uint64(len(d.data)-d.pos) {
		d.failed = true
		return ""
	}
	s := d.data[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s
}

// count reads a slice's length; nil is -1. Each element takes at least size bytes, so a
// count beyond what the bytes left can hold is damage.
func (d *cacheDecoder) count(size int) int {
	n := d.uint()
	if d.failed || n > uint64((len(d.data)-d.pos)/size)+1 {
		d.failed = true
		return -1
	}
	return int(n) - 1
}

func (d *cacheDecoder) strs() []string {
	n := d.count(1)
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for k := range ss {
		ss[k] = d.str()
	}
	return ss
}

func (d *cacheDecoder) stamp() fileStamp {
	return fileStamp{Name: d.str(), Size: d.int(), ModTime: d.int(), ChangeTime: d.int(), Inode: d.uint()}
}

func (d *cacheDecoder) header() dirStamps {
	if !strings.HasPrefix(d.data, cacheMagic) {
		d.failed = true
		return dirStamps{}
	}
	d.pos = len(cacheMagic)
	if d.uint() != cacheFormat {
		d.failed = true
		return dirStamps{}
	}
	s := dirStamps{Dir: d.stamp()}
	n := d.count(stampBytes)
	if n < 0 {
		d.failed = true
		return dirStamps{}
	}
	s.Files = make([]fileStamp, n)
	for k := range s.Files {
		s.Files[k] = d.stamp()
	}
	return s
}

func (d *cacheDecoder) version() *plan.Version {
	v := &plan.Version{}
	m := &v.Manifest
	m.ID = d.str()
	m.Title = d.str()
	m.Date = d.str()
	m.Parties = d.strs()
	m.Status = d.str()
	m.DeclaredPoints = d.small()
	m.Completeness = d.str()
	m.DerivedFrom = d.strs()
	m.Note = d.str()
	if n := d.count(6); n >= 0 {
		m.Sources = make([]plan.Source, n)
		for k := range m.Sources {
			m.Sources[k] = plan.Source{Key: d.str(), Outlet: d.str(), Title: d.str(), Date: d.str(), URL: d.str(), Note: d.str()}
		}
	}
	v.Dir = d.str()
	n := d.count(1)
	if n < 0 {
		d.failed = true
		return nil
	}
	sections := make([][]string, n)
	for k := range sections {
		if sections[k] = d.strs(); sections[k] == nil {
			d.failed = true // a table entry is never nil
		}
		sections[k] = sections[k][:len(sections[k]):len(sections[k])]
	}
	if n := d.count(pointBytes); n >= 0 {
		v.Points = make([]plan.Point, n)
		for k := range v.Points {
			if d.failed {
				return nil
			}
			d.point(&v.Points[k], sections)
		}
	}
	if d.failed {
		return nil
	}
	return v
}

func (d *cacheDecoder) point(p *plan.Point, sections [][]string) {
	p.File = d.str()
	p.Label = d.str()
	p.Title = d.str()
	p.Topics = d.strs()
	if ref := d.uint(); ref > uint64(len(sections)) {
		d.failed = true
	} else if ref > 0 {
		p.Section = sections[ref-1]
	}
	p.Fidelity = d.str()
	p.Status = d.str()
	if n := d.count(3); n >= 0 {
		p.Sources = make([]plan.SourceRef, n)
		for k := range p.Sources {
			p.Sources[k] = plan.SourceRef{Key: d.str(), Locator: d.str(), Note: d.str()}
		}
	}
	if n := d.count(3); n >= 0 {
		p.Lineage = make([]plan.Lineage, n)
		for k := range p.Lineage {
			p.Lineage[k] = plan.Lineage{Version: d.str(), Label: d.str(), Relation: d.str()}
		}
	}
	p.Note = d.str()
	p.Text = d.str()
	p.BodyLine = d.small()
}
