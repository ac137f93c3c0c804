package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// crudPool connects to TEST_POSTGRES_URL and (re)creates the plain
// service's table; with CI=true a missing database fails the test.
func crudPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv("TEST_POSTGRES_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_POSTGRES_URL not set")
		}
		t.Skip("TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL: %v", err)
		}
		t.Skipf("PostgreSQL: %v", err)
	}
	t.Cleanup(pool.Close)
	if err := setUpCRUDSchema(ctx, pool); err != nil {
		t.Fatal(err)
	}
	return pool
}

func crudToken(t *testing.T) string {
	t.Helper()
	j, err := auth.NewJWT([]byte(httpSecret), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := j.Issue(domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-sales"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func crudPost(t *testing.T, h http.Handler, token, key, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/customers/c-1/contact-log", strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func crudRows(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM `+crudSchema+`.contact_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCRUDService_LogContactInsertsOneRowPerKey(t *testing.T) {
	// Given the plain service on an empty table.
	pool := crudPool(t)
	svc, err := newCRUDService(pool)
	if err != nil {
		t.Fatal(err)
	}
	h, tok := svc.routes(), crudToken(t)
	// When a contact is logged with the load's body.
	rec := crudPost(t, h, tok, "k-1", string(contactLogBody))
	// Then it answers 201 JSON with an id, and the table has the row.
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"id"`) {
		t.Fatalf("status %d body %s; want 201 with an id", rec.Code, rec.Body)
	}
	var customer, employee, channel string
	err = pool.QueryRow(context.Background(), `SELECT customer_id, employee_id, channel FROM `+crudSchema+`.contact_log`).Scan(&customer, &employee, &channel)
	if err != nil || customer != "c-1" || employee != "rep-1" || channel != "PHONE" {
		t.Errorf("row (%q, %q, %q), %v; want (c-1, rep-1, PHONE)", customer, employee, channel, err)
	}
	// When the same key is sent again, no second row is written.
	crudPost(t, h, tok, "k-1", string(contactLogBody))
	if n := crudRows(t, pool); n != 1 {
		t.Errorf("%d rows after a retried key; want 1", n)
	}
	// And a new key is a new row.
	crudPost(t, h, tok, "k-2", string(contactLogBody))
	if n := crudRows(t, pool); n != 2 {
		t.Errorf("%d rows after a second key; want 2", n)
	}
}

func TestCRUDService_BadRequestsAreRefusedWithoutARow(t *testing.T) {
	pool := crudPool(t)
	svc, err := newCRUDService(pool)
	if err != nil {
		t.Fatal(err)
	}
	h, tok := svc.routes(), crudToken(t)
	for name, c := range map[string]struct {
		token, body string
		want        int
	}{
		"no token":       {"", string(contactLogBody), http.StatusUnauthorized},
		"bad token":      {"not-a-jwt", string(contactLogBody), http.StatusUnauthorized},
		"malformed JSON": {tok, `{"contact_id":`, http.StatusBadRequest},
		"unknown field":  {tok, `{"contact_id":"k1","channel":"PHONE","outcome":"ok","extra":1}`, http.StatusBadRequest},
		"no outcome":     {tok, `{"contact_id":"k1","channel":"PHONE"}`, http.StatusUnprocessableEntity},
	} {
		if rec := crudPost(t, h, c.token, "", c.body); rec.Code != c.want {
			t.Errorf("%s: status %d; want %d", name, rec.Code, c.want)
		}
	}
	if n := crudRows(t, pool); n != 0 {
		t.Errorf("%d rows after refused requests; want 0", n)
	}
}
