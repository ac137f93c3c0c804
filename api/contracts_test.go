package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// contractStep is one review-chain step as the contract read shows it.
type contractStep struct {
	Step    string    `json:"step"`
	ActorID string    `json:"actor_id"`
	Role    string    `json:"role"`
	At      time.Time `json:"at"`
}

// contractTeam holds a token per party of the review chain.
type contractTeam struct {
	rep, head, legal, gm, auditor string
}

func contractTeamOf(t *testing.T, env *apptest.Env) contractTeam {
	return contractTeam{
		rep:     env.Token(t, "rep-1", "SALES", domain.RoleSalesRep),
		head:    env.Token(t, "head-1", "SALES", domain.RoleDeptHead),
		legal:   env.Token(t, "legal-1", "LEGAL", domain.RoleLegal),
		gm:      env.Token(t, "gm-1", "HQ", domain.RoleGM),
		auditor: env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor),
	}
}

// contractApprovedQuote registers a customer and has an approved final
// quotation of 1000.00 at a 35% margin (department head tier) for it.
func contractApprovedQuote(t *testing.T, env *apptest.Env, team contractTeam, number string) (customerID, quotationID string) {
	t.Helper()
	customerID, _ = customerRegister(t, env, team.rep, number)
	quotationID, _ = quotationDraft(t, env, team.rep, customerID, "WRITTEN_FINAL", "1000.00", "650.00")
	customerExpect(t, "submit quote", env.Do(t, "POST", "/quotations/"+quotationID+"/submit", team.rep, nil), http.StatusOK)
	customerExpect(t, "approve quote", env.Do(t, "POST", "/quotations/"+quotationID+"/approve", team.head, nil), http.StatusOK)
	return customerID, quotationID
}

// contractTerms are complete terms at price.
func contractTerms(price string) map[string]any {
	return map[string]any{
		"rights_obligations": "as agreed", "scope": "40 pumps P-40", "price": price,
		"delivery_date": "2027-03-01T00:00:00Z", "payment_terms": "30% deposit, rest on delivery",
		"returns_clause": "30 days", "compensation_clause": "per law", "late_delivery_clause": "0.1% a day",
	}
}

const contractHash = "sha256:5f2c0c9e"

func TestContracts_ReviewChainToSigned(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	customerID, quotationID := contractApprovedQuote(t, env, team, "K-100")

	t.Run("a draft without its scope clause names the field", func(t *testing.T) {
		terms := contractTerms("1000.00")
		delete(terms, "scope")
		p := customerExpectProblem(t, "draft without scope", env.Do(t, "POST", "/contracts", team.rep, map[string]any{
			"customer_id": customerID, "quotation_id": quotationID, "terms": terms,
		}), http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "scope" {
			t.Errorf("errors %+v, want the field scope", p.Errors)
		}
	})

	id := customerExpect(t, "draft", env.Do(t, "POST", "/contracts", team.rep, map[string]any{
		"customer_id": customerID, "quotation_id": quotationID, "terms": contractTerms("1000.00"), "deposit_required": "300.00",
	}), http.StatusCreated).ID
	path := "/contracts/" + id
	customerExpect(t, "register", env.Do(t, "POST", path+"/register", team.rep, map[string]any{"document_hash": contractHash}), http.StatusOK)

	customerExpectProblem(t, "rep approves as head", env.Do(t, "POST", path+"/dept-head-approval", team.rep, nil),
		http.StatusForbidden, "forbidden")
	customerExpect(t, "head approves", env.Do(t, "POST", path+"/dept-head-approval", team.head, map[string]any{"comment": "ok"}), http.StatusOK)

	sign := map[string]any{"place": "COMPANY", "customer_signatory": "Mr Zhao", "document_hash": contractHash}
	if p := customerExpectProblem(t, "sign before legal review", env.Do(t, "POST", path+"/sign", team.head, sign),
		http.StatusConflict, "rejected-by-rule"); p.Rule != "K1" {
		t.Errorf("early signature refused under rule %q, want K1", p.Rule)
	}

	legal := contractIdempotency(t, env, team, path)

	stale := env.Do(t, "POST", path+"/gm-approval", team.gm, map[string]any{"comment": "go"}, "If-Match", `"1"`)
	customerExpectProblem(t, "GM approves a stale version", stale, http.StatusPreconditionFailed, "stale-version")
	if got, want := stale.Header.Get("ETag"), legal.Header.Get("ETag"); got != want {
		t.Errorf("the 412 carries ETag %q, want the current version's %q", got, want)
	}
	customerExpect(t, "GM approves", env.Do(t, "POST", path+"/gm-approval", team.gm, map[string]any{"comment": "go"},
		"If-Match", legal.Header.Get("ETag")), http.StatusOK)
	signed := customerExpect(t, "head signs", env.Do(t, "POST", path+"/sign", team.head, sign), http.StatusOK)

	contractCheckChain(t, env, team, id, signed.Position)
	contractCheckAudit(t, env, team, id, signed.Position)
}

// contractIdempotency passes legal review under an idempotency key, then
// replays it and reuses the key for another body. It returns the first
// answer.
func contractIdempotency(t *testing.T, env *apptest.Env, team contractTeam, path string) apptest.Response {
	t.Helper()
	first := env.Do(t, "POST", path+"/legal-review", team.legal, map[string]any{"comment": "lawful"}, "Idempotency-Key", "legal-ok")
	if c := customerExpect(t, "legal passes", first, http.StatusOK); c.Events != 1 {
		t.Errorf("legal review recorded %d events, want 1", c.Events)
	}
	again := env.Do(t, "POST", path+"/legal-review", team.legal, map[string]any{"comment": "lawful"}, "Idempotency-Key", "legal-ok")
	customerExpect(t, "replayed legal review", again, http.StatusOK)
	apitest.CheckReplay(t, first, again)
	if again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Errorf("replayed ETag %q, want %q", again.Header.Get("ETag"), first.Header.Get("ETag"))
	}
	customerExpectProblem(t, "same key, other body", env.Do(t, "POST", path+"/legal-review", team.legal,
		map[string]any{"comment": "lawful, with notes"}, "Idempotency-Key", "legal-ok"),
		http.StatusUnprocessableEntity, "idempotency-key-reused")
	return first
}

// contractCheckChain reads the contract back and checks its steps in
// order, each with who, role and when (one legal step: the replay wrote
// nothing).
func contractCheckChain(t *testing.T, env *apptest.Env, team contractTeam, id, position string) {
	t.Helper()
	resp := env.Do(t, "GET", "/contracts/"+id+"?after="+position, team.rep, nil)
	var v struct {
		Status   string         `json:"status"`
		Value    string         `json:"value"`
		SignerID string         `json:"signer_id"`
		Steps    []contractStep `json:"steps"`
	}
	customerRead(t, "read contract", resp, &v)
	if v.Status != "SIGNED" || v.Value != "1000.00" || v.SignerID != "head-1" {
		t.Errorf("contract status %q value %q signer %q, want SIGNED 1000.00 head-1", v.Status, v.Value, v.SignerID)
	}
	want := []contractStep{
		{Step: "REGISTRATION", ActorID: "rep-1", Role: "SALES_REP"},
		{Step: "DEPT_HEAD", ActorID: "head-1", Role: "DEPT_HEAD"},
		{Step: "LEGAL", ActorID: "legal-1", Role: "LEGAL"},
		{Step: "GM", ActorID: "gm-1", Role: "GM"},
		{Step: "SIGNATURE", ActorID: "head-1", Role: "DEPT_HEAD"},
	}
	got := make([]contractStep, len(v.Steps))
	for i, s := range v.Steps {
		got[i] = contractStep{Step: s.Step, ActorID: s.ActorID, Role: s.Role}
		if s.At.IsZero() || (i > 0 && s.At.Before(v.Steps[i-1].At)) {
			t.Errorf("step %d (%s) at %v: want a time not before the previous step's", i, s.Step, s.At)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("review chain (-want +got):\n%s", diff)
	}
}

// contractCheckAudit reads the contract's audit trail as an auditor.
func contractCheckAudit(t *testing.T, env *apptest.Env, team contractTeam, id, position string) {
	t.Helper()
	url := "/audit?aggregate_type=contract&aggregate_id=" + id + "&after=" + position
	customerExpectProblem(t, "rep reads the audit trail", env.Do(t, "GET", url, team.rep, nil), http.StatusForbidden, "forbidden")
	resp := env.Do(t, "GET", url, team.auditor, nil)
	type entry struct {
		EventType string `json:"event_type"`
		ActorID   string `json:"actor_id"`
		ActorRole string `json:"actor_role"`
	}
	var page struct {
		Items []entry `json:"items"`
	}
	customerRead(t, "audit trail", resp, &page)
	want := []entry{
		{"contract.drafted", "rep-1", "SALES_REP"},
		{"contract.registered", "rep-1", "SALES_REP"},
		{"contract.dept_head_approved", "head-1", "DEPT_HEAD"},
		{"contract.legal_review_passed", "legal-1", "LEGAL"},
		{"contract.approved_by_gm", "gm-1", "GM"},
		{"contract.signed", "head-1", "DEPT_HEAD"},
	}
	if diff := cmp.Diff(want, page.Items); diff != "" {
		t.Errorf("audit trail of the contract (-want +got):\n%s", diff)
	}
}

// Given a contract drafted for delivery on 2027-03-01 (sent as a bare
// date or as midnight UTC), when it is read, then delivery_date is the
// bare date: a date-only field reads back as it is written.
func TestContracts_DeliveryDateReadsAsABareDate(t *testing.T) {
	env := apptest.New(t, nil)
	team := contractTeamOf(t, env)
	for i, sent := range []string{"2027-03-01", "2027-03-01T00:00:00Z"} {
		customerID, quotationID := contractApprovedQuote(t, env, team, fmt.Sprintf("DD-%d", i))
		terms := contractTerms("1000.00")
		terms["delivery_date"] = sent
		c := customerExpect(t, "draft", env.Do(t, "POST", "/contracts", team.rep, map[string]any{
			"customer_id": customerID, "quotation_id": quotationID, "terms": terms,
		}), http.StatusCreated)
		var v struct {
			DeliveryDate string `json:"delivery_date"`
		}
		customerRead(t, "contract", env.Do(t, "GET", "/contracts/"+c.ID+"?after="+c.Position, team.rep, nil), &v)
		if v.DeliveryDate != "2027-03-01" {
			t.Errorf("sent %s: delivery_date reads %q, want 2027-03-01", sent, v.DeliveryDate)
		}
	}
}
