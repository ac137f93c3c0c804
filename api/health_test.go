package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// readiness is /readyz's answer.
type readiness struct {
	Status             string          `json:"status"`
	DegradedReadModels []string        `json:"degraded_read_models"`
	Components         []api.Component `json:"components"`
}

// component returns the component called name, or fails.
func (r readiness) component(t *testing.T, name string) api.Component {
	t.Helper()
	for _, c := range r.Components {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("/readyz components %+v lack %s", r.Components, name)
	return api.Component{}
}

func readyz(t *testing.T, env *apptest.Env) (int, readiness) {
	t.Helper()
	r := env.Do(t, http.MethodGet, "/readyz", "", nil)
	var body readiness
	if r.Status == http.StatusOK {
		r.JSON(t, &body)
	}
	return r.Status, body
}

// TestReadyz_ParkedEventDegrades (rule OPS-degraded): given a running
// instance whose customers read model refuses one customer (a check
// constraint its projection cannot satisfy, so the engine parks the
// event and the read model stops), when /readyz is asked, then it answers
// 200 "degraded" naming customers alone, and another read model still
// answers its queries.
func TestReadyz_ParkedEventDegrades(t *testing.T) {
	env := apptest.New(t, nil)
	if status, body := readyz(t, env); status != http.StatusOK || body.Status != "ready" {
		t.Fatalf("before: /readyz %d %+v, want 200 ready", status, body)
	}
	poisonCustomers(t, env, "Poison Ltd")
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	r := env.Do(t, http.MethodPost, "/customers", rep, map[string]any{"number": "P-1", "name": "Poison Ltd",
		"address": "1 Harbour Road", "primary_contact": "Ms Lin", "phone": "021-5555", "source": "REFERRAL"})
	if r.Status != http.StatusCreated {
		t.Fatalf("register = %d %s, want 201", r.Status, r.Body)
	}

	var body readiness
	deadline := time.Now().Add(15 * time.Second)
	for {
		var status int
		status, body = readyz(t, env)
		if status != http.StatusOK {
			t.Fatalf("/readyz = %d, want 200 while only a read model is stopped", status)
		}
		if body.Status == "degraded" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if body.Status != "degraded" || !slices.Equal(body.DegradedReadModels, []string{"customers"}) {
		t.Fatalf("/readyz body %+v, want degraded naming customers alone", body)
	}

	gm := env.Token(t, "emp-gm", "HQ", domain.RoleGM)
	if q := env.Do(t, http.MethodGet, "/contracts", gm, nil); q.Status != http.StatusOK {
		t.Errorf("GET /contracts while customers is stopped = %d %s, want 200", q.Status, q.Body)
	}
}

// poisonCustomers makes the customers read model's table refuse a
// customer called name, so that its projection fails on that event.
func poisonCustomers(t *testing.T, env *apptest.Env, name string) {
	t.Helper()
	ctx := context.Background()
	var schema string
	err := env.App.Pool.QueryRow(ctx, `SELECT table_schema FROM information_schema.tables
		WHERE table_name = 'customers' AND table_type = 'BASE TABLE' AND table_schema LIKE $1 || '%'`,
		string(env.App.Config.ReadNamespace)).Scan(&schema)
	if err != nil {
		t.Fatalf("find the customers table: %v", err)
	}
	table := pgx.Identifier{schema, "customers"}.Sanitize()
	if _, err := env.App.Pool.Exec(ctx, "ALTER TABLE "+table+" ADD CONSTRAINT poison CHECK (name <> '"+name+"') NOT VALID"); err != nil {
		t.Fatalf("poison the customers table: %v", err)
	}
}

// TestReadyz_ListsEveryComponent: given a running instance, when /readyz
// is asked, then it answers ready and lists the database, the event store
// and every read model the API serves, each ok.
func TestReadyz_ListsEveryComponent(t *testing.T) {
	env := apptest.New(t, nil)

	status, body := readyz(t, env)

	if status != http.StatusOK || body.Status != "ready" {
		t.Fatalf("/readyz %d %+v, want 200 ready", status, body)
	}
	want := []api.Component{
		{Name: "database", Kind: api.KindDatabase, Status: api.ComponentOK},
		{Name: "event store", Kind: api.KindEventStore, Status: api.ComponentOK},
		{Name: "catch-up after start", Kind: api.KindStartup, Status: api.ComponentOK},
	}
	for _, p := range app.AllProjections() {
		want = append(want, api.Component{Name: p.Name(), Kind: api.KindReadModel, Status: api.ComponentOK})
	}
	if !slices.Equal(body.Components, want) {
		t.Errorf("components = %+v, want %+v", body.Components, want)
	}
}

// TestReadyz_DroppedViewDegrades (rule OPS-degraded): given a running
// instance whose orders read model lost one of the views its queries read,
// when /readyz is asked, then it no longer says ready: it answers 200
// "degraded" naming orders alone, the orders component says which view is
// missing, and the other components stay ok.
func TestReadyz_DroppedViewDegrades(t *testing.T) {
	env := apptest.New(t, nil)
	view := pgx.Identifier{string(env.App.Config.ReadNamespace), "orders"}.Sanitize()
	if _, err := env.App.Pool.Exec(context.Background(), "DROP VIEW "+view); err != nil {
		t.Fatalf("drop the orders view: %v", err)
	}

	status, body := readyz(t, env)

	if status != http.StatusOK || body.Status != "degraded" || !slices.Equal(body.DegradedReadModels, []string{"orders"}) {
		t.Fatalf("/readyz %d %+v, want 200 degraded naming orders alone", status, body)
	}
	if c := body.component(t, "orders"); c.Status != api.ComponentDegraded || c.Reason != "view orders missing" {
		t.Errorf("orders component = %+v, want degraded with the view orders missing", c)
	}
	for _, c := range body.Components {
		if c.Name != "orders" && c.Status != api.ComponentOK {
			t.Errorf("component %+v, want ok: only orders lost a view", c)
		}
	}
}
