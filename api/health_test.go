package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// readiness is /readyz's answer.
type readiness struct {
	Status             string   `json:"status"`
	DegradedReadModels []string `json:"degraded_read_models"`
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
