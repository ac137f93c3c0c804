//go:build !race

// Allocation counts mean nothing under the race detector: it makes
// sync.Pool drop a random share of what is put back, so chi's pooled
// route context is sometimes allocated afresh and the counts wander
// (CI once saw 6 against 5). `make test` runs this file a second time
// without -race.

package observability_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/opsledger/opsledger/observability"
)

// TestMetrics_MiddlewareAllocations keeps the request timing free of
// allocations once a route's labels exist, behind a writer the request
// log already wrapped: a timed route costs what an untimed one does.
func TestMetrics_MiddlewareAllocations(t *testing.T) {
	m := observability.NewMetrics(nil)
	allocs := func(timed bool) float64 {
		r := chi.NewRouter()
		if timed {
			r.Use(m.Middleware)
		}
		r.Get("/orders/{id}", func(w http.ResponseWriter, r *http.Request) {})
		req := httptest.NewRequest(http.MethodGet, "/orders/o-1", nil)
		w := middleware.NewWrapResponseWriter(httptest.NewRecorder(), 1)
		r.ServeHTTP(w, req)
		return testing.AllocsPerRun(100, func() { r.ServeHTTP(w, req) })
	}
	if timed, untimed := allocs(true), allocs(false); timed > untimed {
		t.Errorf("a timed request allocates %.0f times, an untimed one %.0f: want no more", timed, untimed)
	}
}
