package api_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// TestComplaints_pastTheTimeLimitEscalatedOnce runs §3.7-time-limit end to
// end on a live application with its scheduler: given a complaint routed
// to quality and received eight days ago (the default close timer is
// seven days; the time limit counts from when the complaint was received,
// so the application's clock is eight days behind while it is), when the
// scheduler derives its time limit and fires it, then the complaint is
// escalated by the system, caused by its receipt, once; a complaint
// received today is not.
func TestComplaints_pastTheTimeLimitEscalatedOnce(t *testing.T) {
	var behind atomic.Int64
	env := apptest.New(t, func() time.Time { return time.Now().Add(-time.Duration(behind.Load())) })
	team := complaintTeamOf(t, env)
	gm := env.Token(t, "emp-gm", "HQ", domain.RoleGM)
	customerID := orderCommand(t, env, "/customers", team.rep, map[string]any{
		"number": "C-CMP-LATE", "name": "Ningbo Pumps", "address": "1 Harbour Rd, Ningbo",
		"primary_contact": "Mr Li", "phone": "+86 574 5555 0101", "source": "ON_SITE"}).ID
	receive := func(tok string) string {
		return orderCommand(t, env, "/complaints", tok, map[string]any{"customer_id": customerID, "channel": "PHONE",
			"content": "the P-7 pump leaks", "contact": "Mr Li", "department_id": "ou-quality"}).ID
	}
	behind.Store(int64(8 * 24 * time.Hour))
	// a token of then: the server refuses one issued in its future
	late := receive(env.IssueOnly(t, domain.Actor{EmployeeID: "cs-1", OrgUnitID: "ou-service", Roles: []domain.Role{domain.RoleCustomerService}}))
	behind.Store(0)
	fresh := receive(team.service)

	var escalation queries.HistoryEntry
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if got := complaintEventsOf(t, env, gm, late, "complaint.escalated"); len(got) > 0 {
			escalation = got[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the complaint past its time limit was not escalated within 30 s")
		}
	}
	time.Sleep(time.Second) // a second firing, were there one, would land by now
	if got := complaintEventsOf(t, env, gm, late, "complaint.escalated"); len(got) != 1 {
		t.Errorf("escalations = %d, want 1", len(got))
	}
	received := complaintEventsOf(t, env, gm, late, "complaint.received")
	if escalation.ActorRole != string(domain.RoleSystem) || len(received) != 1 || escalation.CausationID != received[0].EventID {
		t.Errorf("escalation by %s caused by %s, want the system's, caused by the receipt %+v", escalation.ActorRole, escalation.CausationID, received)
	}
	if got := complaintEventsOf(t, env, gm, fresh, "complaint.escalated"); len(got) != 0 {
		t.Errorf("the complaint received today was escalated: %+v", got)
	}
}

// complaintEventsOf returns the events of type typ in a complaint's history.
func complaintEventsOf(t *testing.T, env *apptest.Env, tok, id, typ string) []queries.HistoryEntry {
	t.Helper()
	var page queries.Page[queries.HistoryEntry]
	orderCall(t, env, http.MethodGet, "/complaints/"+id+"/history?order=oldest", tok, nil, http.StatusOK).JSON(t, &page)
	var out []queries.HistoryEntry
	for _, e := range page.Items {
		if e.EventType == typ {
			out = append(out, e)
		}
	}
	return out
}
