package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
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

// Given a quotation drafted at 09:30 Shanghai time for 1000.00, when an
// auditor reads its audit trail, then the event body shows the amounts as
// decimal strings beside their currency and the time in UTC, as every
// other body does, and the row's own times are in UTC.
func TestAudit_BodiesShowMoneyAsDecimalStringsAndTimesInUTC(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	env := apptest.New(t, func() time.Time { return time.Date(2026, 11, 2, 9, 30, 0, 0, shanghai) })
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	customerID, _ := customerRegister(t, env, rep, "AU-1")
	id, position := quotationDraft(t, env, rep, customerID, "WRITTEN_FINAL", "1000.00", "650.00")

	resp := env.Do(t, http.MethodGet, "/audit?aggregate_type=quotation&aggregate_id="+id+"&after="+position, auditor, nil)
	var page struct {
		Items []struct {
			EventType  string `json:"event_type"`
			RecordedAt string `json:"recorded_at"`
			Data       struct {
				Price     map[string]any `json:"price"`
				Cost      map[string]any `json:"cost"`
				DraftedAt string         `json:"drafted_at"`
			} `json:"data"`
		} `json:"items"`
	}
	customerRead(t, "audit trail", resp, &page)
	if len(page.Items) == 0 || page.Items[0].EventType != "quotation.drafted" {
		t.Fatalf("audit trail %s, want the quotation.drafted event first", resp.Body)
	}
	e := page.Items[0]
	wantPrice := map[string]any{"amount": "1000.00", "currency": "CNY"}
	wantCost := map[string]any{"amount": "650.00", "currency": "CNY"}
	if !reflect.DeepEqual(e.Data.Price, wantPrice) || !reflect.DeepEqual(e.Data.Cost, wantCost) {
		t.Errorf("price %v cost %v, want %v and %v", e.Data.Price, e.Data.Cost, wantPrice, wantCost)
	}
	if e.Data.DraftedAt != "2026-11-02T01:30:00Z" {
		t.Errorf("drafted_at %q, want 2026-11-02T01:30:00Z (09:30 in Shanghai, in UTC)", e.Data.DraftedAt)
	}
	if !strings.HasSuffix(e.RecordedAt, "Z") {
		t.Errorf("recorded_at %q, want a UTC time", e.RecordedAt)
	}
}
