package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// htmlAllowed are the elements and attributes the HTML templates write; anything else in a page
// was injected.
var (
	htmlAllowedTags = map[string]bool{
		"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "p": true, "div": true, "span": true, "section": true,
		"table": true, "tr": true, "th": true, "td": true, "ul": true, "li": true, "a": true, "del": true, "ins": true,
	}
	htmlAllowedAttrs = map[string]bool{
		"lang": true, "charset": true, "http-equiv": true, "content": true, "name": true,
		"class": true, "id": true, "href": true, "rel": true,
	}
)

const wantCSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

// checkHTML tokenizes a page as a browser would and reports any element, attribute or link
// the templates do not write themselves.
func checkHTML(page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	styles, csp := 0, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				return z.Err()
			}
			if styles != 1 {
				return fmt.Errorf("%d style elements, want 1", styles)
			}
			if !csp {
				return errors.New("no Content-Security-Policy")
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !htmlAllowedTags[tok.Data] {
				return fmt.Errorf("unexpected element <%s>", tok.Data)
			}
			if tok.Data == "style" {
				styles++
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case !htmlAllowedAttrs[key]:
					return fmt.Errorf("unexpected attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				case key == "href" && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://"):
					return fmt.Errorf("link to %q", a.Val)
				case key == "http-equiv" && a.Val != "Content-Security-Policy":
					return fmt.Errorf("http-equiv %q", a.Val)
				case key == "http-equiv":
					for _, b := range tok.Attr {
						if b.Key == "content" && b.Val == wantCSP {
							csp = true
						}
					}
				}
			}
		}
	}
}

func TestHTMLHostile(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, hostileComparison(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := checkHTML(b.String()); err != nil {
		t.Errorf("comparison: %v", err)
	}
	b.Reset()
	if err := MatrixHTML(&b, hostileMatrix()); err != nil {
		t.Fatal(err)
	}
	if err := checkHTML(b.String()); err != nil {
		t.Errorf("matrix: %v", err)
	}
}

func TestHTMLLinks(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, hostileComparison(), Options{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`<a href="https://example.com/a%20b%3Cc%3E%22%27%60?q=%3Cscript%3E" rel="noopener noreferrer nofollow">`,
		`javascript:window.pwned=1 (not a web link)`,
		`data:text/html,&lt;script&gt;window.pwned=1&lt;/script&gt; (not a web link)`,
		`missing&lt;script&gt; (not in the manifest)`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// hostileCase builds a one-change comparison with s in every place document text can go.
func hostileCase(s string) *Comparison {
	v := func(id string) *plan.Version {
		return &plan.Version{
			Manifest: plan.Manifest{ID: id, Title: s, Date: s, Parties: []string{s}, Status: s, Completeness: s, Note: s,
				Sources: []plan.Source{{Key: s, Outlet: s, Title: s, Date: s, URL: s, Note: s}}},
			Points: []plan.Point{{Label: s, Text: s + " old", Note: s, Fidelity: s,
				Sources: []plan.SourceRef{{Key: s, Locator: s, Note: s}, {Key: s + "x"}}}},
		}
	}
	from, to := v("a"), v("b")
	to.Points[0].Text = "new " + s
	half := len(s) / 2
	return &Comparison{
		From: Side{Version: from, Rev: s}, To: Side{Version: to},
		Result: diff.Result{Changes: []diff.Change{{
			Kind: diff.Kind(s), From: []int{0}, To: []int{0}, Basis: diff.Basis(s), TextChanged: true,
			Words: []diff.Edit{
				{Op: diff.Insert, Text: "new "}, {Op: diff.Equal, Text: s[:half]}, {Op: diff.Delete, Text: s[half:]},
				{Op: diff.Insert, Text: s[half:]}, {Op: diff.Delete, Text: " old"},
			},
			Figures: []diff.Figure{{Old: s, New: s}},
		}}},
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Add("</style><script>x</script>")
	f.Add("\xff\xfe<scr\x00ipt>")
	f.Fuzz(func(t *testing.T, s string) {
		c := hostileCase(s)
		var b bytes.Buffer
		if err := HTML(&b, c, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := checkHTML(b.String()); err != nil {
			t.Fatalf("comparison of %q: %v", s, err)
		}
		b.Reset()
		m := &Matrix{Versions: []Side{c.From, c.To}, Steps: []diff.Result{c.Result}}
		if err := MatrixHTML(&b, m); err != nil {
			t.Fatal(err)
		}
		if err := checkHTML(b.String()); err != nil {
			t.Fatalf("matrix of %q: %v", s, err)
		}
	})
}
