package api_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// metricsText scrapes /metrics.
func metricsText(t *testing.T, env *apptest.Env) string {
	t.Helper()
	r := env.Do(t, http.MethodGet, "/metrics", "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /metrics = %d, want 200", r.Status)
	}
	return string(r.Body)
}

// metricValue is the value of one series in a scrape (0 when absent).
func metricValue(t *testing.T, text, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("series %s value %q: %v", series, m[1], err)
	}
	return v
}

// TestMetrics_CommandsCodesAndCounters: given a running instance on
// PostgreSQL, when a customer is registered, the same request is repeated
// under its Idempotency-Key and a warehouse keeper is refused, then
// /metrics shows each request under its numeric code, the command under
// each outcome, the idempotent replay, the customer events appended, the
// connection pool and the build, each counter moved by what happened.
func TestMetrics_CommandsCodesAndCounters(t *testing.T) {
	env := apptest.New(t, nil)
	before := metricsText(t, env)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	keeper := env.Token(t, "wh-1", "WH", domain.RoleWarehouse)
	customer := map[string]any{"number": "M-1", "name": "Metrics Ltd", "address": "1 Harbour Road",
		"primary_contact": "Ms Lin", "phone": "021-5555", "source": "REFERRAL"}
	for range 2 {
		if r := env.Do(t, http.MethodPost, "/customers", rep, customer, "Idempotency-Key", "metrics-1"); r.Status != http.StatusCreated {
			t.Fatalf("register = %d %s, want 201", r.Status, r.Body)
		}
	}
	if r := env.Do(t, http.MethodPost, "/customers", keeper, customer); r.Status != http.StatusForbidden {
		t.Fatalf("register by a warehouse keeper = %d, want 403", r.Status)
	}

	after := metricsText(t, env)

	moved := func(series string) float64 { return metricValue(t, after, series) - metricValue(t, before, series) }
	for series, want := range map[string]float64{
		`opsledger_http_request_duration_seconds_count{code="201",method="POST",route="/customers"}`: 2,
		`opsledger_http_request_duration_seconds_count{code="403",method="POST",route="/customers"}`: 1,
		`opsledger_commands_total{command="registerTargetCustomer",outcome="ok"}`:                    1,
		`opsledger_commands_total{command="registerTargetCustomer",outcome="replayed"}`:              1,
		`opsledger_commands_total{command="registerTargetCustomer",outcome="forbidden"}`:             1,
		`opsledger_idempotent_replays_total`:                                                         1,
	} {
		if got := moved(series); got != want {
			t.Errorf("%s moved by %v, want %v", series, got, want)
		}
	}
	if moved(`opsledger_events_appended_total{category="customer"}`) < 1 {
		t.Error(`opsledger_events_appended_total{category="customer"} did not move with a registration`)
	}
	if metricValue(t, after, "opsledger_db_pool_max_connections") != float64(app.PoolConnsNeeded()) || metricValue(t, after, "opsledger_db_pool_acquires_total") < 1 {
		t.Errorf("pool metrics: max %v, acquires %v; want the test pool's %d and at least one acquire",
			metricValue(t, after, "opsledger_db_pool_max_connections"), metricValue(t, after, "opsledger_db_pool_acquires_total"), app.PoolConnsNeeded())
	}
	if !regexp.MustCompile(`(?m)^opsledger_build_info\{[^}]*revision="[^"]+"[^}]*\} 1$`).MatchString(after) {
		t.Error("/metrics lacks opsledger_build_info")
	}
	if regexp.MustCompile(`status="`).MatchString(after) {
		t.Error(`/metrics still labels requests with status="<reason phrase>"`)
	}
}
