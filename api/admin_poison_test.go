package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/messaging"
)

// parkedMessages reads /admin/poison as tok.
func parkedMessages(t *testing.T, env *apptest.Env, tok, query string) []struct {
	ID       int64  `json:"id"`
	Reaction string `json:"reaction"`
	Status   string `json:"status"`
	Attempts int    `json:"attempts"`
} {
	t.Helper()
	r := env.Do(t, http.MethodGet, "/admin/poison"+query, tok, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /admin/poison%s = %d %s, want 200", query, r.Status, r.Body)
	}
	var page struct {
		Items []struct {
			ID       int64  `json:"id"`
			Reaction string `json:"reaction"`
			Status   string `json:"status"`
			Attempts int    `json:"attempts"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.Body), &page); err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// A message a reaction failed on is listed under /admin/poison for the
// oversight roles; only the GM retries or skips it, with a reason, and
// both are recorded (OPS-poison).
func TestAdminPoison_listedRetriedAndSkipped(t *testing.T) {
	env := apptest.New(t, nil)
	// Given a receipt message no reaction can read, parked as the router parks it
	bad := message.NewMessage("msg-bad-1", []byte(`{"complaint_id": 42`))
	bad.Metadata.Set(messaging.MetaEventType, "complaint.received")
	bad.Metadata.Set(messaging.MetaSchemaVersion, "1")
	bad.Metadata.Set(middleware.PoisonedTopicKey, messaging.Topic("complaint.received"))
	bad.Metadata.Set(middleware.PoisonedHandlerKey, "RouteComplaintAtReceipt")
	bad.Metadata.Set(middleware.ReasonForPoisonedKey, "malformed message: unexpected end of JSON input")
	if err := env.App.PoisonStore().Publish(messaging.PoisonTopic, bad); err != nil {
		t.Fatal(err)
	}
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	gm := env.Token(t, "emp-gm", "HQ", domain.RoleGM)

	// Then the auditor sees it parked
	parked := parkedMessages(t, env, auditor, "")
	if len(parked) != 1 || parked[0].Reaction != "RouteComplaintAtReceipt" || parked[0].Status != "PARKED" {
		t.Fatalf("parked = %+v, want the receipt message", parked)
	}
	id := parked[0].ID
	body := map[string]any{"reason": "the client sent garbage"}
	// And may not act on it; nobody acts without a reason or on a bad id
	for _, tc := range []struct {
		path, tok string
		body      map[string]any
		want      int
	}{
		{fmt.Sprintf("/admin/poison/%d/retry", id), auditor, body, http.StatusForbidden},
		{fmt.Sprintf("/admin/poison/%d/skip", id), auditor, body, http.StatusForbidden},
		{fmt.Sprintf("/admin/poison/%d/skip", id), gm, map[string]any{}, http.StatusUnprocessableEntity},
		{"/admin/poison/x/skip", gm, body, http.StatusUnprocessableEntity},
		{"/admin/poison/999999/skip", gm, body, http.StatusNotFound},
	} {
		if r := env.Do(t, http.MethodPost, tc.path, tc.tok, tc.body); r.Status != tc.want {
			t.Errorf("POST %s = %d %s, want %d", tc.path, r.Status, r.Body, tc.want)
		}
	}

	// When the GM retries it, the reaction fails on it again and parks it again
	if r := env.Do(t, http.MethodPost, fmt.Sprintf("/admin/poison/%d/retry", id), gm, body); r.Status != http.StatusOK {
		t.Fatalf("GM retries = %d %s, want 200", r.Status, r.Body)
	}
	if again := parkedMessages(t, env, auditor, ""); len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("after the retry parked = %+v, want it parked a second time", again)
	}
	// And when the GM skips it, it is resolved, and listed as skipped
	if r := env.Do(t, http.MethodPost, fmt.Sprintf("/admin/poison/%d/skip", id), gm, body); r.Status != http.StatusOK {
		t.Fatalf("GM skips = %d %s, want 200", r.Status, r.Body)
	}
	if open := parkedMessages(t, env, auditor, ""); len(open) != 0 {
		t.Errorf("open parked messages after the skip = %+v, want none", open)
	}
	if done := parkedMessages(t, env, auditor, "?open=false"); len(done) != 1 || done[0].Status != "SKIPPED" {
		t.Errorf("resolved = %+v, want it skipped", done)
	}
}

// A deadline whose last attempt failed is parked beside the messages; the
// GM's retry fires it again, through the command layer (OPS-poison,
// OPS-deadlines).
func TestAdminPoison_parkedDeadlineFiredAgain(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	gm := env.Token(t, "emp-gm", "HQ", domain.RoleGM)
	customerID, _ := customerRegister(t, env, rep, "PD-1")
	// Given last month's review deadline of the file, parked as the
	// scheduler parks one that kept failing
	month := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01")
	d := deadlines.Deadline{Kind: deadlines.FileReviewDue, Subject: customerID, Item: month, Due: time.Now().UTC()}
	payload, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	parked := message.NewMessage(d.Key(), payload)
	parked.Metadata.Set(middleware.PoisonedTopicKey, "deadlines")
	parked.Metadata.Set(middleware.PoisonedHandlerKey, "deadline file_review_due")
	parked.Metadata.Set(middleware.ReasonForPoisonedKey, "database unavailable")
	if err := env.App.PoisonStore().Publish(messaging.PoisonTopic, parked); err != nil {
		t.Fatal(err)
	}
	id := parkedMessages(t, env, gm, "")[0].ID

	// When the GM retries it
	if r := env.Do(t, http.MethodPost, fmt.Sprintf("/admin/poison/%d/retry", id), gm, map[string]any{"reason": "database back"}); r.Status != http.StatusOK {
		t.Fatalf("GM retries = %d %s, want 200", r.Status, r.Body)
	}

	// Then it fires: the missed review of that month is flagged on the file
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := env.Do(t, http.MethodGet, "/customers/"+customerID+"/history", gm, nil)
		if strings.Contains(string(r.Body), "customer.file_review_missed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("history = %d %s; want the missed review flagged", r.Status, r.Body)
		}
	}
}
