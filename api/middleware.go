package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

func correlationID(r *http.Request) string {
	if c := r.Header.Get("X-Correlation-ID"); c != "" && len(c) <= 128 {
		return c
	}
	return middleware.GetReqID(r.Context())
}

// requestLog writes one JSON log line per request with its request and
// correlation ids.
func (s *Server) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		w.Header().Set("X-Correlation-ID", correlationID(r))
		next.ServeHTTP(ww, r)
		s.log.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "status", ww.Status(),
			"bytes", ww.BytesWritten(), "duration_ms", time.Since(start).Milliseconds(),
			"request_id", middleware.GetReqID(r.Context()), "correlation_id", correlationID(r))
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
				s.log.ErrorContext(r.Context(), "panic serving request", "path", r.URL.Path, "panic", v)
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
	return httprate.Limit(s.RateLimit, time.Second,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) {
			if a := actorFrom(r.Context()); a.EmployeeID != "" {
				return "emp:" + a.EmployeeID, nil
			}
			return httprate.KeyByIP(r)
		}),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			writeProblem(w, r, newProblem(http.StatusTooManyRequests, kindRateLimited, "Too many requests", "slow down and retry later"))
		}))
}
