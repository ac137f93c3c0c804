package observability_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/observability"
)

// has asserts every line of want is in the scrape.
func has(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
}

// Given a server error and a success, when /metrics is scraped, then the
// code label is the numeric status, so code=~"5.." selects exactly the
// server error.
func TestMetrics_NumericCode(t *testing.T) {
	m := observability.NewMetrics(nil)
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/boom", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	r.Get("/fine", func(w http.ResponseWriter, r *http.Request) {})
	for _, path := range []string{"/boom", "/fine"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}

	got := scrape(t, m)

	serverErrors := regexp.MustCompile(`opsledger_http_request_duration_seconds_count\{code="5\d\d",[^}]*\} (\d+)`).FindAllStringSubmatch(got, -1)
	if len(serverErrors) != 1 || !strings.Contains(serverErrors[0][0], `route="/boom"`) || serverErrors[0][1] != "1" {
		t.Errorf(`code=~"5.." series = %q, want the one /boom request`, serverErrors)
	}
	has(t, got, `opsledger_http_request_duration_seconds_count{code="200",method="GET",route="/fine"} 1`)
}

// Given commands answered, a replay, appends that land and one that loses
// its race, and requests over a rate limit, when /metrics is scraped,
// then each counter moved by exactly what happened.
func TestMetrics_Counters(t *testing.T) {
	m := observability.NewMetrics(nil)
	m.CountCommand("createOrder", "ok")
	m.CountCommand("createOrder", "ok")
	m.CountCommand("createOrder", observability.OutcomeReplayed)
	m.CountCommand("confirmOrder", "rejected-by-rule")
	m.CountRateLimited("client")
	m.CountRateLimited("address")
	m.CountRateLimited("address")
	store := m.TimeAppends(memory.New())
	ctx := context.Background()
	two := []eventstore.EventData{{ID: "e-1", Type: "order.created", Data: []byte(`{}`)}, {ID: "e-2", Type: "order.confirmed", Data: []byte(`{}`)}}
	if _, err := store.Append(ctx, "order-o-1", eventstore.NoStream, two...); err != nil {
		t.Fatalf("Append() = %v", err)
	}
	if _, err := store.Append(ctx, "customer-c-1", eventstore.NoStream, two[0]); err != nil {
		t.Fatalf("Append() = %v", err)
	}
	if _, err := store.Append(ctx, "order-o-1", eventstore.NoStream, eventstore.EventData{ID: "e-3", Type: "order.changed", Data: []byte(`{}`)}); err == nil {
		t.Fatal("Append() at NoStream on an existing stream succeeded, want a conflict")
	}

	has(t, scrape(t, m),
		`opsledger_commands_total{command="createOrder",outcome="ok"} 2`,
		`opsledger_commands_total{command="createOrder",outcome="replayed"} 1`,
		`opsledger_commands_total{command="confirmOrder",outcome="rejected-by-rule"} 1`,
		`opsledger_idempotent_replays_total 1`,
		`opsledger_rate_limit_rejections_total{limit="client"} 1`,
		`opsledger_rate_limit_rejections_total{limit="address"} 2`,
		`opsledger_events_appended_total{category="order"} 2`,
		`opsledger_events_appended_total{category="customer"} 1`,
		`opsledger_eventstore_append_conflicts_total{category="order"} 1`,
		`opsledger_eventstore_append_duration_seconds_count 3`,
	)
}

// Given a pool reader, when /metrics is scraped, then the pool's gauges
// and counters are exposed as read; and the build and the current Go and
// process collectors are there.
func TestMetrics_PoolBuildAndRuntime(t *testing.T) {
	m := observability.NewMetricsWith(observability.Options{Pool: func() observability.PoolStats {
		return observability.PoolStats{Acquired: 3, Idle: 2, Total: 5, Max: 20, AcquireCount: 41, EmptyAcquireCount: 4, CanceledAcquireCount: 1, AcquireSeconds: 0.25}
	}})

	got := scrape(t, m)

	has(t, got,
		"opsledger_db_pool_acquired_connections 3", "opsledger_db_pool_idle_connections 2",
		"opsledger_db_pool_total_connections 5", "opsledger_db_pool_max_connections 20",
		"opsledger_db_pool_acquires_total 41", "opsledger_db_pool_empty_acquires_total 4",
		"opsledger_db_pool_canceled_acquires_total 1", "opsledger_db_pool_acquire_seconds_total 0.25",
		"go_goroutines ", "go_build_info{", "process_start_time_seconds ",
	)
	if !regexp.MustCompile(`(?m)^opsledger_build_info\{goversion="go[^"]+",modified="[^"]*",revision="[^"]+",version="[^"]+"\} 1$`).MatchString(got) {
		t.Errorf("/metrics lacks opsledger_build_info with goversion, modified, revision and version:\n%s", got)
	}
}

// Given a lag reader behind the default five-second cache, when /metrics
// is scraped twice within the five seconds, then the status queries run
// once; a scrape 4.999 s after the reading still uses it, and one at 5 s
// reads again.
func TestMetrics_LagCached(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	reads := 0
	m := observability.NewMetricsWith(observability.Options{
		Lags: func(context.Context) []observability.ProjectionLag {
			reads++
			return []observability.ProjectionLag{{Projection: "orders", Events: reads}}
		},
		Now: func() time.Time { return now },
	})

	scrape(t, m)
	now = now.Add(observability.DefaultLagTTL - time.Millisecond)
	second := scrape(t, m)
	if reads != 1 {
		t.Fatalf("status reads after two scrapes within the TTL = %d, want 1", reads)
	}
	has(t, second, `opsledger_projection_lag_events{projection="orders"} 1`)

	now = now.Add(time.Millisecond)
	third := scrape(t, m)
	if reads != 2 {
		t.Fatalf("status reads after a scrape at the TTL = %d, want 2", reads)
	}
	has(t, third, `opsledger_projection_lag_events{projection="orders"} 2`)
}
