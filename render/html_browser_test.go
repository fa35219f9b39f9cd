package render

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("PLANDIFF_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// pageFacts is what the browser reports about a loaded page.
type pageFacts struct {
	Title     string   `json:"title"`
	Pwned     bool     `json:"pwned"`
	Scripts   int      `json:"scripts"`
	OnAttrs   []string `json:"onAttrs"`
	BadLinks  []string `json:"badLinks"`
	Tags      []string `json:"tags"`
	Text      string   `json:"text"`
	CSP       string   `json:"csp"`
	Sections  int      `json:"sections"`
	MatrixTDs int      `json:"matrixTDs"`
}

// inspect runs in the page after it loaded and collects pageFacts.
const inspect = `(() => {
	const all = Array.from(document.querySelectorAll("*"));
	const onAttrs = [];
	for (const el of all) {
		for (const a of el.attributes) {
			if (a.name.toLowerCase().startsWith("on")) onAttrs.push(el.tagName + " " + a.name);
		}
	}
	const badLinks = Array.from(document.querySelectorAll("[href], [src], [action], [formaction]"))
		.map(el => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action") || el.getAttribute("formaction"))
		.filter(u => !/^https?:\/\//.test(u));
	const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
	return {
		title: document.title,
		pwned: typeof window.pwned !== "undefined",
		scripts: document.querySelectorAll("script").length,
		onAttrs: onAttrs,
		badLinks: badLinks,
		tags: Array.from(new Set(all.map(el => el.tagName.toLowerCase()))).sort(),
		text: document.body.innerText,
		csp: csp ? csp.content : "",
		sections: document.querySelectorAll("section").length,
		matrixTDs: document.querySelectorAll("table.matrix td").length,
	};
})()`

// TestHTMLInBrowser loads reports of hostile documents in headless Chromium and checks that no
// script ran, no element carries an event handler or a non-web link, and the text shows as text.
func TestHTMLInBrowser(t *testing.T) {
	exe := findChromium()
	if exe == "" {
		msg := "no chromium found: install chromium (apt-get install chromium) or set PLANDIFF_CHROMIUM"
		if os.Getenv("PLANDIFF_REQUIRE_BROWSER") != "" {
			t.Fatal(msg + " (PLANDIFF_REQUIRE_BROWSER is set, as in CI)")
		}
		t.Skip(msg)
	}
	c := hostileComparison()
	var report, matrix bytes.Buffer
	if err := HTML(&report, c, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := MatrixHTML(&matrix, hostileMatrix()); err != nil {
		t.Fatal(err)
	}
	// The control page puts the hostile text in unescaped, without a policy: the checks must see it.
	control := "<!DOCTYPE html><html><head><title>control</title></head><body>" +
		hostileTexts[0] + hostileTexts[1] + "</body></html>"
	pages := map[string][]byte{"/report.html": report.Bytes(), "/matrix.html": matrix.Bytes(), "/control.html": []byte(control)}
	var (
		mu    sync.Mutex
		extra []string // requests for anything but the pages: a page loading something
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Path]
		if !ok {
			if r.URL.Path != "/favicon.ico" { // the browser's own request
				mu.Lock()
				extra = append(extra, r.URL.Path)
				mu.Unlock()
			}
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	wantTitles := map[string]string{
		"/report.html": sanitize(c.From.Name() + " → " + c.To.Name()),
		"/matrix.html": sanitize(c.From.Name() + " → " + c.To.Name()),
	}
	load := func(t *testing.T, path string) (pageFacts, []string) {
		t.Helper()
		mu.Lock()
		extra = nil
		mu.Unlock()
		err := chromedp.Do(browser,
			chromedp.Navigate(srv.URL+path),
			chromedp.Sleep(300*time.Millisecond), // time for any handler that might fire late
		)
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
		f, err := chromedp.Run(browser, chromedp.Evaluate[pageFacts](inspect))
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		return f, extra
	}
	t.Run("control", func(t *testing.T) {
		f, requests := load(t, "/control.html")
		if !f.Pwned || f.Scripts == 0 || len(f.OnAttrs) == 0 || f.Title != "pwned" || len(requests) == 0 {
			t.Fatalf("the checks missed an unescaped page: %+v, requests %v", f, requests)
		}
	})
	for _, path := range []string{"/report.html", "/matrix.html"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			f, requests := load(t, path)
			if len(requests) > 0 {
				t.Errorf("the page loaded %v", requests)
			}
			if f.Title != wantTitles[path] {
				t.Errorf("title %q, want %q", f.Title, wantTitles[path])
			}
			if f.Pwned {
				t.Error("a hostile script ran: window.pwned is set")
			}
			if f.Scripts != 0 {
				t.Errorf("%d script elements", f.Scripts)
			}
			if len(f.OnAttrs) > 0 {
				t.Errorf("event handler attributes: %v", f.OnAttrs)
			}
			if len(f.BadLinks) > 0 {
				t.Errorf("links that are not http or https: %q", f.BadLinks)
			}
			for _, tag := range f.Tags {
				if !htmlAllowedTags[tag] && tag != "tbody" {
					t.Errorf("unexpected element <%s> in the page", tag)
				}
			}
			if f.CSP != wantCSP {
				t.Errorf("Content-Security-Policy %q, want %q", f.CSP, wantCSP)
			}
			for _, s := range []string{hostileTexts[0], hostileTexts[1], hostileTexts[3], "[click](javascript:window.pwned=1)"} {
				if !strings.Contains(f.Text, s) {
					t.Errorf("page text lacks %q", s)
				}
			}
			switch path {
			case "/report.html":
				if f.Sections != len(c.Result.Changes) {
					t.Errorf("%d sections, want %d: markup in the text broke the structure", f.Sections, len(c.Result.Changes))
				}
			case "/matrix.html":
				rows := len(hostileMatrix().rows())
				if f.MatrixTDs != 2*rows {
					t.Errorf("%d matrix cells, want %d: markup in the text broke the table", f.MatrixTDs, 2*rows)
				}
			}
		})
	}
}
