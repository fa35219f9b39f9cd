package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// revisionSyntax says, in error messages, which revisions plandiff reads.
const revisionSyntax = "a revision is a commit hash (4 to 40 hex digits), HEAD, or a branch, tag or ref name, each optionally followed by ~N or ^N"

// maxRevisionStep is the largest N accepted in ~N and ^N.
const maxRevisionStep = 1<<31 - 1

// maxTagDepth is how many annotated tags pointing at tags are followed to reach a commit.
const maxTagDepth = 16

// revision is a parsed revision: what names the starting commit, then the steps that lead
// from there to the commit meant.
type revision struct {
	name  string
	steps []revisionStep
}

// revisionStep is one suffix of a revision: '~' with N (the N-th first-parent ancestor) or
// '^' with N (the N-th parent; 0 is the commit itself).
type revisionStep struct {
	op byte
	n  int
}

// errRevisionNotFound is the error of resolveRevision when a well-formed revision names no
// commit of the repository.
var errRevisionNotFound = errors.New("revision not found")

// parseRevision splits rev into a name and its ~N and ^N suffixes (N defaults to 1). The
// name must be a valid git reference name (which every hash is); forms plandiff does not
// read, such as @{...}, ^{...} or :path, are refused with an error saying so.
func parseRevision(rev string) (revision, error) {
	end := strings.IndexAny(rev, "~^")
	if end < 0 {
		end = len(rev)
	}
	p := revision{name: rev[:end]}
	if p.name == "" {
		return revision{}, errors.New("no name before the ~ or ^ (" + revisionSyntax + ")")
	}
	if err := checkRefName(p.name); err != nil {
		return revision{}, err
	}
	for i := end; i < len(rev); {
		op := rev[i]
		if op != '~' && op != '^' {
			return revision{}, fmt.Errorf("%q after a ~ or ^ suffix is not supported (%s)", rev[i:], revisionSyntax)
		}
		i++
		start := i
		for i < len(rev) && rev[i] >= '0' && rev[i] <= '9' {
			i++
		}
		n := 1
		if i > start {
			n = 0
			for _, d := range rev[start:i] {
				n = n*10 + int(d-'0')
				if n > maxRevisionStep {
					return revision{}, fmt.Errorf("%c%s: number too large", op, rev[start:i])
				}
			}
		}
		p.steps = append(p.steps, revisionStep{op: op, n: n})
	}
	return p, nil
}

// checkRefName returns an error unless name is a valid git reference name by the rules of
// git check-ref-format (one-level names allowed).
func checkRefName(name string) error {
	bad := func(why string) error {
		return fmt.Errorf("%s (%s)", why, revisionSyntax)
	}
	for _, c := range []string{":", "@{", "..", "//", "\\", "?", "*", "[", " "} {
		if strings.Contains(name, c) {
			return bad(fmt.Sprintf("%q is not supported in a name", c))
		}
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f {
			return bad(fmt.Sprintf("control character %U in a name", c))
		}
	}
	switch {
	case name == "@":
		return bad(`"@" alone is not supported`)
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
		return bad("a name cannot begin or end with /")
	case strings.HasSuffix(name, "."):
		return bad("a name cannot end with .")
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return bad("no part of a name can begin with . or end with .lock")
		}
	}
	return nil
}

// resolveRevision returns the commit that rev names, as git rev-parse would: a full hash;
// else a reference (HEAD and other names in capitals, then refs/NAME, refs/tags/NAME,
// refs/heads/NAME, refs/remotes/NAME, refs/remotes/NAME/HEAD); else an abbreviated hash
// of at least 4 digits that only one commit (or tag of a commit) starts with. Annotated
// tags are followed to their commit. Then ~N follows first parents N times and ^N takes
// the N-th parent. It returns errRevisionNotFound when a well-formed rev names nothing.
func (r *Repo) resolveRevision(rev string) (*object.Commit, error) {
	p, err := parseRevision(rev)
	if err != nil {
		return nil, err
	}
	c, err := r.resolveName(p.name)
	if err != nil {
		return nil, err
	}
	for _, s := range p.steps {
		if s.op == '~' {
			for range s.n {
				if c, err = r.parent(c, 1); err != nil {
					return nil, err
				}
			}
		} else if s.n > 0 {
			if c, err = r.parent(c, s.n); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// parent returns the n-th (1-based) parent of c.
func (r *Repo) parent(c *object.Commit, n int) (*object.Commit, error) {
	if n > len(c.ParentHashes) {
		return nil, errRevisionNotFound
	}
	p, err := r.commitObject(c.ParentHashes[n-1])
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", c.ParentHashes[n-1], err)
	}
	return p, nil
}

// resolveName returns the commit that the name part of a revision names.
func (r *Repo) resolveName(name string) (*object.Commit, error) {
	if len(name) == 2*len(plumbing.ZeroHash) && isHex(name) {
		return r.peelToCommit(plumbing.NewHash(strings.ToLower(name)))
	}
	// The patterns a name is tried with as a reference, in git's order.
	rules := [...]string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"}
	for i, rule := range rules {
		if i == 0 && !strings.HasPrefix(name, "refs/") && !isRootRefName(name) {
			continue
		}
		ref, err := storer.ResolveReference(r.store, plumbing.ReferenceName(fmt.Sprintf(rule, name)))
		if err == nil {
			return r.peelToCommit(ref.Hash())
		}
	}
	if len(name) < 4 || !isHex(name) {
		return nil, errRevisionNotFound
	}
	prefix := strings.ToLower(name)
	hashes, err := r.hashesWithPrefix(prefix)
	if err != nil {
		return nil, err
	}
	var found []*object.Commit
	for _, h := range hashes {
		if c, err := r.peelToCommit(h); err == nil {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return nil, errRevisionNotFound
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("the short hash is ambiguous: %d commits or tags start with %s (give more digits)", len(found), prefix)
}

// isRootRefName reports whether name is a reference git looks up at the top of the git
// directory: HEAD, FETCH_HEAD, ORIG_HEAD and the like (capitals and underscores).
func isRootRefName(name string) bool {
	for _, c := range name {
		if (c < 'A' || c > 'Z') && c != '_' {
			return false
		}
	}
	return name != ""
}

// isHex reports whether s is non-empty and made of hexadecimal digits.
func isHex(s string) bool {
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return s != ""
}

// peelToCommit returns the commit h names, following annotated tags. It returns
// errRevisionNotFound when there is no object h, and an error naming the type when the
// object is not a commit or a tag of one.
func (r *Repo) peelToCommit(h plumbing.Hash) (*object.Commit, error) {
	for range maxTagDepth {
		obj, err := r.store.EncodedObject(plumbing.AnyObject, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, errRevisionNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("read object %s: %w", h, err)
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			return object.DecodeCommit(r.store, obj)
		case plumbing.TagObject:
			tag, err := object.DecodeTag(r.store, obj)
			if err != nil {
				return nil, fmt.Errorf("read tag %s: %w", h, err)
			}
			h = tag.Target
		default:
			return nil, fmt.Errorf("it names a %s, not a commit", obj.Type())
		}
	}
	return nil, fmt.Errorf("more than %d tags of tags", maxTagDepth)
}

// hashesWithPrefix returns the hashes of the objects whose hexadecimal form starts with
// prefix (lowercase, at least 2 digits).
func (r *Repo) hashesWithPrefix(prefix string) ([]plumbing.Hash, error) {
	var hashes []plumbing.Hash
	keep := func(h plumbing.Hash) {
		if strings.HasPrefix(h.String(), prefix) {
			hashes = append(hashes, h)
		}
	}
	if st, ok := r.store.(*filesystem.Storage); ok {
		whole, err := hex.DecodeString(prefix[:len(prefix)&^1])
		if err != nil {
			return nil, fmt.Errorf("find objects starting with %s: %w", prefix, err)
		}
		found, err := st.HashesWithPrefix(whole)
		if err != nil {
			return nil, fmt.Errorf("find objects starting with %s: %w", prefix, err)
		}
		for _, h := range found {
			keep(h)
		}
		return hashes, nil
	}
	iter, err := r.store.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		return nil, fmt.Errorf("find objects starting with %s: %w", prefix, err)
	}
	err = iter.ForEach(func(o plumbing.EncodedObject) error {
		keep(o.Hash())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find objects starting with %s: %w", prefix, err)
	}
	return hashes, nil
}
