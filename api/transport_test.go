package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// transportTestServer is a server mounted as in production with a token
// table, the given per-employee limit and CORS origins.
func transportTestServer(t *testing.T, rateLimit int, origins ...string) *Server {
	t.Helper()
	return NewServer(Deps{Commands: &commands.Handler{},
		Auth: tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleGM}}}, Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor: func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler),
		RateLimit: rateLimit, CORSOrigins: origins})
}

func transportDo(s *Server, method, path string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestServer_MethodNotAllowedSaysAllow: given a path served for some
// methods, when another method is used, then the 405 lists the served
// ones in Allow (RFC 9110 §15.5.6), HEAD included wherever GET is.
func TestServer_MethodNotAllowedSaysAllow(t *testing.T) {
	s := transportTestServer(t, 0)
	cases := []struct {
		method, path, allow string
	}{
		{http.MethodDelete, "/healthz", "GET, HEAD"},
		{http.MethodPost, "/openapi.json", "GET, HEAD"},
		{http.MethodPut, "/customers", "GET, HEAD, POST"},
		{http.MethodGet, "/customers/c-1/park", "POST"},
	}
	for _, c := range cases {
		w := transportDo(s, c.method, c.path, "Authorization", "Bearer good")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != c.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", c.method, c.path, w.Code, w.Header().Get("Allow"), c.allow)
		}
	}
}

// TestServer_HEADServesGETWithoutBody: given a GET route, when it is
// asked with HEAD, then the status and headers are GET's and the body is
// empty.
func TestServer_HEADServesGETWithoutBody(t *testing.T) {
	s := transportTestServer(t, 0)
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, path := range []string{"/healthz", "/openapi.json"} {
		get, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		head, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode != get.StatusCode || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") || len(body) != 0 {
			t.Errorf("HEAD %s: %d %q with %d body bytes, want %d %q and no body", path, head.StatusCode,
				head.Header.Get("Content-Type"), len(body), get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
}

// TestServer_CORS: given configured origins, when a browser of one of
// them asks (preflight or call), then it is allowed with the headers the
// API uses; another origin gets no allowance; without configuration no
// origin does.
func TestServer_CORS(t *testing.T) {
	s := transportTestServer(t, 0, "https://app.example.com")
	t.Run("a preflight from an allowed origin names it and allows the API's headers", func(t *testing.T) {
		w := transportDo(s, http.MethodOptions, "/customers", "Origin", "https://app.example.com",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Authorization, Idempotency-Key, If-Match")
		if w.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" {
			t.Fatalf("preflight: %d, Allow-Origin %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
		allowed := strings.ToLower(w.Header().Get("Access-Control-Allow-Headers"))
		for _, h := range []string{"authorization", "idempotency-key", "if-match"} {
			if !strings.Contains(allowed, h) {
				t.Errorf("Allow-Headers %q lacks %s", allowed, h)
			}
		}
	})
	t.Run("a call from an allowed origin exposes ETag and Location", func(t *testing.T) {
		w := transportDo(s, http.MethodGet, "/healthz", "Origin", "https://app.example.com")
		exposed := strings.ToLower(w.Header().Get("Access-Control-Expose-Headers"))
		if w.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" || !strings.Contains(exposed, "etag") || !strings.Contains(exposed, "location") {
			t.Errorf("call: Allow-Origin %q, Expose-Headers %q", w.Header().Get("Access-Control-Allow-Origin"), exposed)
		}
	})
	t.Run("another origin is not allowed", func(t *testing.T) {
		w := transportDo(s, http.MethodGet, "/healthz", "Origin", "https://evil.example.com")
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Allow-Origin %q for a foreign origin", got)
		}
	})
	t.Run("without configured origins no origin is allowed", func(t *testing.T) {
		w := transportDo(transportTestServer(t, 0), http.MethodGet, "/healthz", "Origin", "https://app.example.com")
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Allow-Origin %q without configuration", got)
		}
	})
}

// TestServer_Gzip: given a client that accepts gzip, when the answer is
// 1 KiB or more, then it is compressed and decompresses to the plain
// answer; a small answer and a client that does not accept gzip get it
// plain.
func TestServer_Gzip(t *testing.T) {
	s := transportTestServer(t, 0)
	plain := transportDo(s, http.MethodGet, "/openapi.json")
	zipped := transportDo(s, http.MethodGet, "/openapi.json", "Accept-Encoding", "gzip")
	if plain.Header().Get("Content-Encoding") != "" || zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding plain %q, gzip %q", plain.Header().Get("Content-Encoding"), zipped.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Errorf("the gzipped document does not decompress to the plain one (%v)", err)
	}
	if small := transportDo(s, http.MethodGet, "/healthz", "Accept-Encoding", "gzip"); small.Header().Get("Content-Encoding") != "" {
		t.Errorf("a small answer was compressed")
	}
}

// TestServer_RateLimitHeaders: given a per-employee limit, when a client
// calls, then the standard RateLimit-* headers (not X-RateLimit-*) say
// its quota, and over it the 429 carries Retry-After.
func TestServer_RateLimitHeaders(t *testing.T) {
	s := transportTestServer(t, 3)
	w := transportDo(s, http.MethodGet, "/customers", "Authorization", "Bearer good")
	want := map[string]string{"RateLimit-Limit": "3", "RateLimit-Remaining": "2", "RateLimit-Policy": "3;w=1", "RateLimit-Reset": "1"}
	for h, v := range want {
		if got := w.Header().Get(h); got != v {
			t.Errorf("%s = %q, want %q", h, got, v)
		}
	}
	if got := w.Header().Get("X-RateLimit-Limit"); got != "" {
		t.Errorf("the old X-RateLimit-Limit header is still sent (%q)", got)
	}
	var last *httptest.ResponseRecorder
	for range 5 {
		last = transportDo(s, http.MethodGet, "/customers", "Authorization", "Bearer good")
	}
	if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") == "" || last.Header().Get("RateLimit-Remaining") != "0" {
		t.Errorf("over the limit: %d, Retry-After %q, Remaining %q", last.Code, last.Header().Get("Retry-After"), last.Header().Get("RateLimit-Remaining"))
	}
}

// TestServer_UnknownQueryParameter: given a list route, when the query
// names a parameter the route does not take (a misspelt filter), then
// the answer is a 400 naming it and the ones the route takes, never the
// unfiltered list.
func TestServer_UnknownQueryParameter(t *testing.T) {
	s := transportTestServer(t, 0)
	w := transportDo(s, http.MethodGet, "/customers?satus=ACTIVE", "Authorization", "Bearer good")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `\"satus\"`) || !strings.Contains(w.Body.String(), "owner_rep_id") {
		t.Errorf("misspelt filter: %d %s, want a 400 naming satus and the parameters taken", w.Code, w.Body)
	}
	w = transportDo(s, http.MethodGet, "/openapi.json?x=1")
	if w.Code != http.StatusOK {
		t.Errorf("a route outside the API's lists is not checked here: %d", w.Code)
	}
}
