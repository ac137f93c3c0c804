package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// Header names in their canonical form, so that Header.Get and Set find
// them without converting (and allocating) on every request. The wire
// form is the same: Go canonicalizes header names anyway.
const (
	headerETag          = "Etag"
	headerCorrelationID = "X-Correlation-Id"
	headerCausationID   = "X-Causation-Id"
)

// correlationID is the request's correlation id: the client's
// X-Correlation-Id, else its request id (see requestID).
func correlationID(r *http.Request) string {
	if n := noteFrom(r.Context()); n != nil {
		return n.correlationID
	}
	if c := r.Header.Get(headerCorrelationID); c != "" && len(c) <= 128 {
		return c
	}
	return middleware.GetReqID(r.Context())
}

// requestIDPrefix starts the request ids of this process: host name and
// ten random characters, as chi's middleware.RequestID makes them.
var requestIDPrefix = func() string {
	host, err := os.Hostname()
	if host == "" || err != nil {
		host = "localhost"
	}
	var random string
	for len(random) < 10 {
		var b [12]byte
		rand.Read(b[:]) //nolint:errcheck // never fails
		random = strings.NewReplacer("+", "", "/", "").Replace(base64.StdEncoding.EncodeToString(b[:]))
	}
	return host + "/" + random[:10] + "-"
}()

var requestSeq atomic.Uint64

// requestID is chi's middleware.RequestID (an X-Request-Id from the
// client, else prefix-000042) without its fmt.Sprintf per request; the id
// goes under chi's context key, so middleware.GetReqID reads it.
// It also starts the request's note (requestNote) with both ids.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(middleware.RequestIDHeader)
		if id == "" || len(id) > 128 {
			id = newRequestID(requestSeq.Add(1))
		}
		note := &requestNote{requestID: id, correlationID: id}
		if c := r.Header.Get(headerCorrelationID); c != "" && len(c) <= 128 {
			note.correlationID = c
		}
		ctx := context.WithValue(r.Context(), middleware.RequestIDKey, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, requestNoteKey{}, note)))
	})
}

// newRequestID is requestIDPrefix and seq, zero-padded to six digits.
func newRequestID(seq uint64) string {
	var d [20]byte
	digits := strconv.AppendUint(d[:0], seq, 10)
	var buf [96]byte
	b := append(buf[:0], requestIDPrefix...)
	for range 6 - len(digits) {
		b = append(b, '0')
	}
	return string(append(b, digits...))
}

// requestLog writes one JSON log line per request; the logger adds its
// request and correlation ids and its actor (requestContextHandler). A
// refused request's line says why: the problem kind and its detail. The
// response writer it wraps is reused by the metrics middleware.
func (s *Server) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		note := noteFrom(r.Context())
		w.Header().Set(headerCorrelationID, note.correlationID)
		next.ServeHTTP(ww, r)
		// LogAttrs: typed attributes box nothing.
		attrs := [...]slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", ww.Status()), slog.Int("bytes", ww.BytesWritten()), slog.Int64("duration_ms", time.Since(start).Milliseconds()),
			slog.String("problem", note.problem), slog.String("detail", note.detail)}
		n := len(attrs)
		if note.problem == "" {
			n -= 2
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs[:n]...)
	})
}

// recoverer turns a panic into a logged 500 problem instead of a dropped
// connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, r, newProblem(http.StatusInternalServerError, kindInternal, "Internal error", "the server could not complete the request"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// rateLimit answers 429 with Retry-After to a client (by employee, else by
// address) over its per-second budget.
func (s *Server) rateLimit() func(http.Handler) http.Handler {
	if s.RateLimit <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	limit := httprate.LimitBy(s.RateLimit, time.Second,
		func(r *http.Request) (string, error) {
			if a := actorFrom(r.Context()); a.EmployeeID != "" {
				return "emp:" + a.EmployeeID, nil
			}
			return clientAddress(r)
		},
		httprate.WithResponseHeaders(rateLimitHeaders),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.Metrics.rateLimited("client")
			writeProblem(w, r, newProblem(http.StatusTooManyRequests, kindRateLimited, "Too many requests", "slow down and retry later"))
		}))
	quota := quotaHeaders(s.RateLimit)
	return func(next http.Handler) http.Handler { return quota(limit(next)) }
}

// Header values shared by every response. Assigning a shared slice costs
// no allocation where Header.Set would make one per response; the slices
// are full (len == cap), so an Add by a later handler copies rather than
// writes into them.
var (
	headerNoSniff = []string{"nosniff"}
	headerNoStore = []string{"no-store"}
)

// noSniff forbids browsers to guess a content type on every response,
// whatever wrote it (JSON, problem, HTML, metrics text).
func noSniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = headerNoSniff
		next.ServeHTTP(w, r)
	})
}

// noStore keeps authenticated responses out of every cache: they may hold
// personal data (customer contacts, employee files).
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = headerNoStore
		next.ServeHTTP(w, r)
	})
}

// ipRateLimit answers 429 with Retry-After to an address over its
// per-second budget, before authentication: requests without a valid
// token (guessing, flooding) are limited too. The address is the
// connection's peer: behind a proxy every client shares the proxy's, so
// the limit must be raised or turned off (0) there.
func (s *Server) ipRateLimit() func(http.Handler) http.Handler {
	if s.IPRateLimit <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	// Only Retry-After: the quota headers describe the client's own
	// (per-employee) budget, which rateLimit reports.
	return httprate.LimitBy(s.IPRateLimit, time.Second, clientAddress,
		httprate.WithResponseHeaders(httprate.ResponseHeaders{RetryAfter: "Retry-After"}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.Metrics.rateLimited("address")
			writeProblem(w, r, newProblem(http.StatusTooManyRequests, kindRateLimited, "Too many requests", "too many requests from your address; retry later"))
		}))
}

// clientAddress keys a limit by the connection's peer address (IPv6 by
// its /64, as one host usually holds the whole prefix).
func clientAddress(r *http.Request) (string, error) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + httprate.CanonicalizeIP(host), nil
}
