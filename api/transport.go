package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
	"github.com/go-chi/httprate"
	"github.com/klauspost/compress/gzhttp"
)

// The methods the API serves, in the order an Allow header lists them.
var servedMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// methodNotAllowed answers 405 with the Allow header RFC 9110 requires:
// the methods the path does serve. chi knows them but hands a custom
// handler none, so they are found by matching the path once per method;
// this runs only on the error path.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", strings.Join(s.allowedMethods(r.URL.Path), ", "))
	writeProblem(w, r, newProblem(http.StatusMethodNotAllowed, kindMethodMissing, "Method not allowed", r.Method+" is not allowed here"))
}

func (s *Server) allowedMethods(path string) []string {
	var allowed []string
	for _, m := range servedMethods {
		if s.router.Match(chi.NewRouteContext(), m, path) {
			allowed = append(allowed, m)
		}
	}
	// HEAD is served wherever GET is (middleware.GetHead).
	if slices.Contains(allowed, http.MethodGet) && !slices.Contains(allowed, http.MethodHead) {
		allowed = slices.Insert(allowed, 1, http.MethodHead)
	}
	return allowed
}

// corsHandler lets the browsers of the configured origins call the API
// (CORS). Without origins it adds nothing: a browser then allows only
// same-origin calls. Credentials are bearer tokens, never cookies, so
// the Authorization header is allowed and cookies are not.
func (s *Server) corsHandler() func(http.Handler) http.Handler {
	if len(s.CORSOrigins) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	return cors.Handler(cors.Options{
		AllowedOrigins: s.CORSOrigins,
		AllowedMethods: servedMethods,
		AllowedHeaders: []string{"Authorization", "Content-Type", "Idempotency-Key", "If-Match",
			headerCorrelationID, headerCausationID, PositionHeader},
		ExposedHeaders: []string{"ETag", "Location", "Retry-After", PositionHeader, headerReplayed,
			headerCorrelationID, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"},
		MaxAge: 600,
	})
}

// gzipped compresses answers of 1 KiB or more for clients that accept
// gzip (lists, the OpenAPI document, the docs page). Smaller answers,
// such as command results, go out as they are: compressing them costs
// more CPU than the bytes it saves.
func gzipped() func(http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(gzhttp.DefaultMinSize))
	if err != nil {
		panic("api: gzip wrapper: " + err.Error()) // constant options: cannot fail
	}
	return func(next http.Handler) http.Handler {
		zipped := wrap(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Most API clients ask for no compression: they skip the
			// wrapper's writer (and its header work) altogether.
			// The event stream is flushed message by message; a
			// compressor would hold small messages back.
			if r.URL.Path == streamPath || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				w.Header()["Vary"] = headerVaryEncoding
				next.ServeHTTP(w, r)
				return
			}
			zipped.ServeHTTP(w, r)
		})
	}
}

// headerVaryEncoding tells caches that the answer depends on
// Accept-Encoding, compressed or not.
var headerVaryEncoding = []string{"Accept-Encoding"}

// rateLimitHeaders names the quota headers of the IETF draft "RateLimit
// header fields for HTTP" (RateLimit-Limit, -Remaining) rather than the
// old X-RateLimit-* ones. Reset is left out here: httprate would send an
// absolute time where the draft wants seconds left; quotaHeaders sends
// it, with the policy.
var rateLimitHeaders = httprate.ResponseHeaders{
	Limit: "RateLimit-Limit", Remaining: "RateLimit-Remaining", RetryAfter: "Retry-After",
}

// quotaHeaders adds the policy (limit requests in a one-second window)
// and the seconds until the window resets (at most one) to every answer
// the per-client limit counts.
func quotaHeaders(limit int) func(http.Handler) http.Handler {
	policy := []string{strconv.Itoa(limit) + ";w=1"}
	reset := []string{"1"}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h["Ratelimit-Policy"] = policy
			h["Ratelimit-Reset"] = reset
			next.ServeHTTP(w, r)
		})
	}
}
