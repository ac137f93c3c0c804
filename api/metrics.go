package api

import "net/http"

// Metrics instrument the server. The composition root provides them as
// plain net/http values, so the api names no metrics library; the zero
// value measures nothing and serves no /metrics.
type Metrics struct {
	// Middleware observes every request. It runs inside the request log,
	// whose chi WrapResponseWriter it may reuse, so it can read the status
	// and the matched route after the handler ran.
	Middleware func(http.Handler) http.Handler
	// Handler serves /metrics.
	Handler http.Handler
}

func (m Metrics) middleware(next http.Handler) http.Handler {
	if m.Middleware == nil {
		return next
	}
	return m.Middleware(next)
}

func (m Metrics) handler() http.Handler {
	if m.Handler == nil {
		return http.NotFoundHandler()
	}
	return m.Handler
}
