package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// parkedDeadLetter parks a customer event in the customers read model and
// returns the dead letter's id, read by reader.
func parkedDeadLetter(t *testing.T, env *apptest.Env, reader string) int64 {
	t.Helper()
	poisonCustomers(t, env, "Poison Ltd")
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	r := env.Do(t, http.MethodPost, "/customers", rep, map[string]any{"number": "P-1", "name": "Poison Ltd",
		"address": "1 Harbour Road", "primary_contact": "Ms Lin", "phone": "021-5555", "source": "REFERRAL"})
	if r.Status != http.StatusCreated {
		t.Fatalf("register = %d %s, want 201", r.Status, r.Body)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		q := env.Do(t, http.MethodGet, "/admin/dead-letters", reader, nil)
		if q.Status != http.StatusOK {
			t.Fatalf("GET /admin/dead-letters = %d %s, want 200", q.Status, q.Body)
		}
		var parked struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(q.Body), &parked); err != nil {
			t.Fatalf("decode dead letters %s: %v", q.Body, err)
		}
		if len(parked.Items) > 0 {
			return parked.Items[0].ID
		}
		if time.Now().After(deadline) {
			t.Fatalf("no dead letter parked within 15s")
		}
	}
}

// Retrying and skipping a dead letter are writes: they change what a read
// model holds. The auditing roles read the dead letters but do not act on
// them (auditors see everything read-only); the GM does (OPS-dead-letters).
func TestDeadLetters_AuditorsReadButDoNotResolve(t *testing.T) {
	env := apptest.New(t, nil)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	id := parkedDeadLetter(t, env, auditor)
	body := map[string]any{"reason": "the constraint was a test fixture"}

	for _, tc := range []struct {
		name string
		role domain.Role
	}{
		{"auditor", domain.RoleAuditor}, {"supervisory board", domain.RoleSupervisorBoard},
		{"process supervision", domain.RoleProcessSupervisor}, {"leadership", domain.RoleLeadership}, {"board", domain.RoleBoard},
	} {
		tok := env.Token(t, "oversight-1", "AUDIT", tc.role)
		for _, action := range []string{"retry", "skip"} {
			path := fmt.Sprintf("/admin/dead-letters/%d/%s", id, action)
			if r := env.Do(t, http.MethodPost, path, tok, body); r.Status != http.StatusForbidden {
				t.Errorf("%s POST %s = %d %s, want 403", tc.name, path, r.Status, r.Body)
			}
		}
	}

	gm := env.Token(t, "emp-gm", "HQ", domain.RoleGM)
	if r := env.Do(t, http.MethodPost, fmt.Sprintf("/admin/dead-letters/%d/skip", id), gm, body); r.Status != http.StatusOK {
		t.Fatalf("GM skips the dead letter = %d %s, want 200", r.Status, r.Body)
	}
}
