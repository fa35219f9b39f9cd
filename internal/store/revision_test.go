package store

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// revHistory is a small repository for revision tests, made at the object level:
//
//	A - B - C - M - E      main (HEAD), M merges D2 into C
//	     \     /
//	      D1 - D2          feature
//
// with the lightweight tag v1 on B, the annotated tag v2 on M, refs/remotes/origin/main on C
// and the symbolic refs/remotes/origin/HEAD naming it. Built with extras, it also has: the
// octopus merge O of E, C and D1 (branch octopus), the annotated tag v2-again of the tag
// v2, a tag of a tree and a tag of a blob, a branch named like an abbreviation of A's hash
// (pointing at E), and two unreferenced commits whose hashes share their first 4 digits.
type revHistory struct {
	commits map[string]plumbing.Hash // by letter
	hexRef  string                   // the branch named like A's abbreviated hash (extras only)
	clash   string                   // 4 digits two commits start with (extras only)
}

// makeHistory writes the revHistory into r (an empty repository) and points HEAD at main.
func makeHistory(t testing.TB, r *Repo, extras bool) revHistory {
	t.Helper()
	h := revHistory{commits: map[string]plumbing.Hash{}}
	b := r.newBatch()
	tree, err := b.tree(nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	commit := func(name string, parents ...string) plumbing.Hash {
		t.Helper()
		n++
		sig := object.Signature{Name: "T", Email: "t@example.org", When: testClock.Add(time.Duration(n) * time.Minute)}
		c := &object.Commit{Author: sig, Committer: sig, Message: name + "\n", TreeHash: tree}
		for _, p := range parents {
			c.ParentHashes = append(c.ParentHashes, h.commits[p])
		}
		ch, err := b.commit(c)
		if err != nil {
			t.Fatal(err)
		}
		h.commits[name] = ch
		return ch
	}
	tag := func(name string, target plumbing.Hash, typ plumbing.ObjectType) plumbing.Hash {
		t.Helper()
		tg := &object.Tag{Name: name, Tagger: object.Signature{Name: "T", Email: "t@example.org", When: testClock},
			Message: name + "\n", TargetType: typ, Target: target}
		data, err := encodeObject(tg.Encode)
		if err != nil {
			t.Fatal(err)
		}
		return b.add(plumbing.TagObject, data)
	}
	commit("A")
	commit("B", "A")
	commit("C", "B")
	commit("D1", "B")
	commit("D2", "D1")
	commit("M", "C", "D2")
	commit("E", "M")
	refs := []*plumbing.Reference{
		plumbing.NewHashReference("refs/heads/main", h.commits["E"]),
		plumbing.NewHashReference("refs/heads/feature", h.commits["D2"]),
		plumbing.NewHashReference("refs/tags/v1", h.commits["B"]),
		plumbing.NewHashReference("refs/tags/v2", tag("v2", h.commits["M"], plumbing.CommitObject)),
		plumbing.NewHashReference("refs/remotes/origin/main", h.commits["C"]),
		plumbing.NewSymbolicReference("refs/remotes/origin/HEAD", "refs/remotes/origin/main"),
	}
	if extras {
		commit("O", "E", "C", "D1")
		blob := b.blob([]byte("a blob\n"))
		h.hexRef = h.commits["A"].String()[:7]
		refs = append(refs,
			plumbing.NewHashReference("refs/heads/octopus", h.commits["O"]),
			plumbing.NewHashReference("refs/tags/v2-again", tag("v2-again", tag("v2", h.commits["M"], plumbing.CommitObject), plumbing.TagObject)),
			plumbing.NewHashReference("refs/tags/tree-tag", tree),
			plumbing.NewHashReference("refs/tags/blob-tag", tag("blob-tag", blob, plumbing.BlobObject)),
			plumbing.NewHashReference(plumbing.NewBranchReferenceName(h.hexRef), h.commits["E"]),
		)
		seen := map[string]string{}
		for i := 0; h.clash == ""; i++ {
			name := "probe" + strconv.Itoa(i)
			p := commit(name).String()[:4]
			if other, ok := seen[p]; ok {
				h.clash = p
				h.commits["clash1"], h.commits["clash2"] = h.commits[other], h.commits[name]
			}
			seen[p] = name
		}
	}
	if err := b.flush(); err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if err := r.store.SetReference(ref); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// revisionCases are the revisions every resolver test runs, with the commit each names
// (a letter of the revHistory) or the error resolve returns. "@A7", "@A", "@AU", "@E7",
// "@clash" and "@hexref" in a revision stand for A's abbreviated, full and upper-case
// hash, E's abbreviated hash, the shared 4 digits and the hex-named branch.
var revisionCases = []struct {
	rev, want, err string
}{
	{rev: "HEAD", want: "E"},
	{rev: "main", want: "E"},
	{rev: "heads/main", want: "E"},
	{rev: "refs/heads/main", want: "E"},
	{rev: "feature", want: "D2"},
	{rev: "v1", want: "B"},
	{rev: "tags/v1", want: "B"},
	{rev: "refs/tags/v1", want: "B"},
	{rev: "v2", want: "M"},
	{rev: "refs/tags/v2", want: "M"},
	{rev: "v2-again", want: "M"},
	{rev: "origin/main", want: "C"},
	{rev: "remotes/origin/main", want: "C"},
	{rev: "refs/remotes/origin/main", want: "C"},
	{rev: "origin", want: "C"},
	{rev: "origin/HEAD", want: "C"},
	{rev: "@A", want: "A"},
	{rev: "@AU", want: "A"},
	{rev: "@E7", want: "E"},
	{rev: "@A8~0", want: "A"},
	{rev: "@hexref", want: "E"},
	{rev: "@A7", want: "E"}, // the branch named so, as in git
	{rev: "HEAD~", want: "M"},
	{rev: "HEAD~1", want: "M"},
	{rev: "HEAD~2", want: "C"},
	{rev: "HEAD~~", want: "C"},
	{rev: "HEAD~4", want: "A"},
	{rev: "HEAD~04", want: "A"},
	{rev: "HEAD~0", want: "E"},
	{rev: "HEAD^", want: "M"},
	{rev: "HEAD^0", want: "E"},
	{rev: "HEAD^1", want: "M"},
	{rev: "HEAD^^", want: "C"},
	{rev: "HEAD^^^", want: "B"},
	{rev: "HEAD^^2", want: "D2"},
	{rev: "main~1^2", want: "D2"},
	{rev: "main~1^2~1", want: "D1"},
	{rev: "main~1^2^", want: "D1"},
	{rev: "v2^2~2", want: "B"},
	{rev: "v2~1^", want: "B"},
	{rev: "feature~2", want: "B"},
	{rev: "octopus^3", want: "D1"},
	{rev: "octopus^2", want: "C"},
	{rev: "octopus~2", want: "M"},
	{rev: "HEAD~5", err: `unknown revision "HEAD~5"`},
	{rev: "HEAD^2", err: `unknown revision "HEAD^2"`},
	{rev: "octopus^4", err: `unknown revision "octopus^4"`},
	{rev: "v1^2", err: `unknown revision "v1^2"`},
	{rev: "nosuch", err: `unknown revision "nosuch"`},
	{rev: "nosuch~1", err: `unknown revision "nosuch~1"`},
	{rev: "deadbeef", err: `unknown revision "deadbeef"`},
	{rev: "0000000000000000000000000000000000000000", err: `unknown revision "0000000000000000000000000000000000000000"`},
	{rev: "abc", err: `unknown revision "abc"`},
	{rev: "refs/heads", err: `unknown revision "refs/heads"`},
	{rev: "heads", err: `unknown revision "heads"`},
	{rev: "tree-tag", err: `unknown revision "tree-tag": it names a tree, not a commit`},
	{rev: "blob-tag~1", err: `unknown revision "blob-tag~1": it names a blob, not a commit`},
	{rev: "@clash", err: `unknown revision "@clash": the short hash is ambiguous: 2 commits or tags start with @clash (give more digits)`},
	{rev: "@clash~1", err: `unknown revision "@clash~1": the short hash is ambiguous: 2 commits or tags start with @clash (give more digits)`},
	{rev: "HEAD@{1}", err: `unknown revision "HEAD@{1}": "@{" is not supported in a name (` + revisionSyntax + ")"},
	{rev: "@", err: `unknown revision "@": "@" alone is not supported (` + revisionSyntax + ")"},
	{rev: "HEAD:plans", err: `unknown revision "HEAD:plans": ":" is not supported in a name (` + revisionSyntax + ")"},
	{rev: "main..feature", err: `unknown revision "main..feature": ".." is not supported in a name (` + revisionSyntax + ")"},
	{rev: "HEAD^{commit}", err: `unknown revision "HEAD^{commit}": "{commit}" after a ~ or ^ suffix is not supported (` + revisionSyntax + ")"},
	{rev: "HEAD~1x", err: `unknown revision "HEAD~1x": "x" after a ~ or ^ suffix is not supported (` + revisionSyntax + ")"},
	{rev: "HEAD~-1", err: `unknown revision "HEAD~-1": "-1" after a ~ or ^ suffix is not supported (` + revisionSyntax + ")"},
	{rev: "~1", err: `unknown revision "~1": no name before the ~ or ^ (` + revisionSyntax + ")"},
	{rev: "^", err: `unknown revision "^": no name before the ~ or ^ (` + revisionSyntax + ")"},
	{rev: "HEAD~99999999999", err: `unknown revision "HEAD~99999999999": ~99999999999: number too large`},
	{rev: "/main", err: `unknown revision "/main": a name cannot begin or end with / (` + revisionSyntax + ")"},
	{rev: "main.", err: `unknown revision "main.": a name cannot end with . (` + revisionSyntax + ")"},
	{rev: "heads/.main", err: `unknown revision "heads/.main": no part of a name can begin with . or end with .lock (` + revisionSyntax + ")"},
	{rev: "main.lock", err: `unknown revision "main.lock": no part of a name can begin with . or end with .lock (` + revisionSyntax + ")"},
	{rev: "ma in", err: `unknown revision "ma in": " " is not supported in a name (` + revisionSyntax + ")"},
	{rev: "ma*", err: `unknown revision "ma*": "*" is not supported in a name (` + revisionSyntax + ")"},
}

// expand replaces the placeholders of revisionCases with the revHistory's hashes and names.
func (h revHistory) expand(s string) string {
	a := h.commits["A"].String()
	return strings.NewReplacer("@AU", strings.ToUpper(a), "@A7", a[:7], "@A8", a[:8], "@A", a, "@E7", h.commits["E"].String()[:7],
		"@clash", h.clash, "@hexref", h.hexRef).Replace(s)
}

// letter returns the name of commit c in the revHistory.
func (h revHistory) letter(c plumbing.Hash) string {
	for name, hc := range h.commits {
		if hc == c {
			return name
		}
	}
	return c.String()
}

func TestResolveRevision(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := b.open(t)
			h := makeHistory(t, r, true)
			for _, tc := range revisionCases {
				rev := h.expand(tc.rev)
				c, err := r.resolve(rev)
				switch {
				case err != nil && tc.err == "":
					t.Errorf("resolve(%s) error %v; want %s", tc.rev, err, tc.want)
				case err != nil && err.Error() != h.expand(tc.err):
					t.Errorf("resolve(%s) error\n%v; want\n%s", tc.rev, err, h.expand(tc.err))
				case err == nil && tc.err != "":
					t.Errorf("resolve(%s) = %s; want error %s", tc.rev, h.letter(c.Hash), h.expand(tc.err))
				case err == nil && c.Hash != h.commits[tc.want]:
					t.Errorf("resolve(%s) = %s; want %s", tc.rev, h.letter(c.Hash), tc.want)
				}
			}
		})
	}
}

// TestResolveRevisionGoGit checks the resolver against go-git's Repository.ResolveRevision,
// which plandiff used before, on every revision of revisionCases (but for the forms where
// go-git is known to differ) and every name with every suffix.
func TestResolveRevisionGoGit(t *testing.T) {
	// go-git differs on: a tag of a tag (it does not follow it), a ref named like a short
	// hash (it prefers the hash, git the ref), ambiguous short hashes (it takes one), ^N
	// for N > 2 (it refuses), and syntax plandiff refuses (go-git reads @ as HEAD, and
	// ignores @{...}, :PATH and ^{TYPE}, so that HEAD:plans is HEAD). Failures it reports
	// with other messages.
	differs := func(rev string, h revHistory) bool {
		_, err := parseRevision(rev)
		return err != nil || strings.Contains(rev, "v2-again") || strings.Contains(rev, h.hexRef) ||
			strings.HasPrefix(rev, h.clash) || strings.Contains(rev, "^3") || strings.Contains(rev, "^4")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := b.open(t)
			h := makeHistory(t, r, true)
			g := goGit(t, r)
			var revs []string
			for _, tc := range revisionCases {
				revs = append(revs, h.expand(tc.rev))
			}
			names := []string{"HEAD", "main", "feature", "octopus", "v1", "v2", "tags/v2", "refs/tags/v1", "heads/feature",
				"origin", "origin/main", "origin/HEAD", "remotes/origin/main", "tree-tag", "blob-tag", "nosuch"}
			for _, name := range []string{"A", "B", "M", "D2", "O"} {
				hash := h.commits[name].String()
				names = append(names, hash, hash[:4], hash[:5], hash[:12], strings.ToUpper(hash[:8]))
			}
			for _, name := range names {
				for _, suffix := range []string{"", "~", "~0", "~1", "~2", "~3", "~9", "^", "^0", "^1", "^2", "^^", "^^2", "~1^2", "^2~1", "~~", "^2^", "^0~1"} {
					revs = append(revs, name+suffix)
				}
			}
			compared := 0
			for _, rev := range revs {
				if differs(rev, h) {
					continue
				}
				compared++
				want, gerr := g.ResolveRevision(plumbing.Revision(rev))
				got, err := r.resolveRevision(rev)
				switch {
				case gerr != nil && err == nil:
					t.Errorf("%s: resolved to %s; go-git: %v", rev, h.letter(got.Hash), gerr)
				case gerr == nil && err != nil:
					t.Errorf("%s: %v; go-git resolves it to %s", rev, err, h.letter(*want))
				case err == nil && got.Hash != *want:
					t.Errorf("%s: resolved to %s; go-git to %s", rev, h.letter(got.Hash), h.letter(*want))
				}
			}
			if compared < 400 {
				t.Errorf("compared %d revisions; want at least 400", compared)
			}
		})
	}
}

// TestResolveRevisionGit checks the resolver against git rev-parse itself (skipped when git
// is not installed), on every revision of revisionCases that plandiff's syntax accepts,
// including those where go-git differs.
func TestResolveRevisionGit(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	r := backends[1].open(t)
	h := makeHistory(t, r, true)
	compared := 0
	for _, tc := range revisionCases {
		rev := h.expand(tc.rev)
		if _, err := parseRevision(rev); err != nil {
			continue
		}
		compared++
		cmd := exec.Command(gitBin, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
		cmd.Dir = r.Root()
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C")
		out, gerr := cmd.Output()
		got, err := r.resolveRevision(rev)
		switch {
		case gerr != nil && err == nil:
			t.Errorf("%s: resolved to %s; git rev-parse fails", tc.rev, h.letter(got.Hash))
		case gerr == nil && err != nil:
			t.Errorf("%s: %v; git rev-parse gives %s", tc.rev, err, out)
		case err == nil && got.Hash.String() != strings.TrimSpace(string(out)):
			t.Errorf("%s: resolved to %s; git rev-parse to %s", tc.rev, got.Hash, out)
		}
	}
	if compared < 50 {
		t.Errorf("compared %d revisions; want at least 50", compared)
	}
}

// FuzzResolveRevision resolves arbitrary revisions in a small revHistory: it must never
// panic, every error must name the revision, and wherever the resolver finds a commit,
// go-git's ResolveRevision must find the same (the revHistory has none of the cases where
// they are known to differ); where go-git finds one and the resolver accepts the syntax,
// the resolver must find it too unless go-git went by a hash prefix shorter than 4 digits.
func FuzzResolveRevision(f *testing.F) {
	for _, tc := range revisionCases {
		f.Add(tc.rev)
	}
	f.Add("HEAD~1^2~1")
	f.Add("refs/remotes/origin/HEAD")
	r, err := InitMemory()
	if err != nil {
		f.Fatal(err)
	}
	h := makeHistory(f, r, false)
	for _, c := range h.commits {
		f.Add(c.String()[:6] + "^2")
	}
	g := goGit(f, r)
	f.Fuzz(func(t *testing.T, rev string) {
		c, err := r.resolve(rev)
		if err != nil {
			if want := "unknown revision " + strconv.Quote(rev); !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error %q does not begin with %s", err, want)
			}
		}
		want, gerr := g.ResolveRevision(plumbing.Revision(rev))
		p, perr := parseRevision(rev)
		// go-git matches hex digits of an odd length in lower case only.
		oddUpper := len(p.name)%2 == 1 && isHex(p.name) && strings.ToLower(p.name) != p.name
		switch {
		case err == nil && gerr != nil && !oddUpper:
			t.Fatalf("%q resolves to %s; go-git: %v", rev, c.Hash, gerr)
		case err == nil && gerr == nil && c.Hash != *want:
			t.Fatalf("%q resolves to %s; go-git to %s", rev, c.Hash, want)
		case err != nil && gerr == nil && perr == nil && !(isHex(p.name) && len(p.name) < 4):
			t.Fatalf("%q: %v; go-git resolves it to %s", rev, err, want)
		}
	})
}
