package observability_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/observability"
)

// scrape is the text /metrics serves.
func scrape(t *testing.T, m *observability.Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(w.Body)
	return string(body)
}

func TestMetrics(t *testing.T) {
	lags := func(context.Context) []observability.ProjectionLag {
		return []observability.ProjectionLag{{Projection: "orders", Events: 3, Seconds: 1.5, Parked: 1}}
	}
	m := observability.NewMetrics(lags)
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/orders/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) })
	for _, path := range []string{"/orders/o-1", "/orders/o-2", "/nowhere"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	store := m.TimeAppends(memory.New())
	if _, err := store.Append(context.Background(), "order-o-1", eventstore.NoStream, eventstore.EventData{ID: "e-1", Type: "order.placed", Data: []byte(`{}`)}); err != nil {
		t.Fatalf("Append() = %v", err)
	}
	got := scrape(t, m)
	for _, want := range []string{
		`opsledger_http_request_duration_seconds_count{code="202",method="GET",route="/orders/{id}"} 2`,
		`opsledger_http_request_duration_seconds_count{code="404",method="GET",route="unmatched"} 1`,
		`opsledger_eventstore_append_duration_seconds_count 1`,
		`opsledger_events_appended_total{category="order"} 1`,
		`opsledger_projection_lag_events{projection="orders"} 3`,
		`opsledger_projection_lag_seconds{projection="orders"} 1.5`,
		`opsledger_projection_parked_events{projection="orders"} 1`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// Given a store with an atomic multi-stream append, when its appends are
// timed, then the timed store keeps the port: the command side's joint
// decisions stay atomic behind the metrics.
func TestTimeAppends_keepsMultiStreamAppend(t *testing.T) {
	timed := observability.NewMetrics(nil).TimeAppends(memory.New())

	if _, ok := timed.(eventstore.MultiStreamAppender); !ok {
		t.Fatal("TimeAppends hid the store's MultiStreamAppender")
	}
}
