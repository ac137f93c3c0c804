package api

import (
	"net/http"
	"reflect"
	"runtime"
	"strings"
)

// Metrics instrument the server. The composition root provides them as
// plain net/http values and functions, so the api names no metrics
// library; the zero value measures nothing and serves no /metrics.
type Metrics struct {
	// Middleware observes every request. It runs inside the request log,
	// whose chi WrapResponseWriter it may reuse, so it can read the status
	// and the matched route after the handler ran.
	Middleware func(http.Handler) http.Handler
	// Handler serves /metrics.
	Handler http.Handler
	// Command counts one answered command: its name (the handler's, e.g.
	// "createOrder") and its outcome: "ok", "replayed" (an idempotent
	// replay, by the API's key store or the command layer) or the kind of
	// the problem it was answered with ("rejected-by-rule", "conflict",
	// "invalid-field", ...).
	Command func(name, outcome string)
	// RateLimited counts one request refused with 429, by limit: "client"
	// (per employee) or "address" (per IP, before authentication).
	RateLimited func(limit string)
}

// The outcomes of a command that did not fail.
const (
	outcomeOK       = "ok"
	outcomeReplayed = "replayed"
)

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

func (m Metrics) command(name, outcome string) {
	if m.Command != nil {
		m.Command(name, outcome)
	}
}

func (m Metrics) rateLimited(limit string) {
	if m.RateLimited != nil {
		m.RateLimited(limit)
	}
}

// commandFailed answers err as its problem and returns the problem's kind,
// the outcome of the command.
func (s *Server) commandFailed(w http.ResponseWriter, r *http.Request, err error) string {
	p := classify(err)
	s.writeProblemOf(w, r, err, p)
	return strings.TrimPrefix(p.Type, problemBase)
}

// commandName names a command by the method that runs it: s.createOrder
// is "createOrder". The name is read once, when the route is registered.
func commandName(run any) string {
	fn := runtime.FuncForPC(reflect.ValueOf(run).Pointer())
	if fn == nil {
		return "unknown"
	}
	name := fn.Name() // ".../api.(*Server).createOrder-fm"
	name = name[strings.LastIndex(name, ".")+1:]
	return strings.TrimSuffix(name, "-fm")
}
