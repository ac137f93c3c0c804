package main

import (
	"bytes"
	"net/http"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func heavyFixture() *httpFixture {
	return &httpFixture{team: httpTeam{rep: "rep", head: "head", gm: "gm", engineer: "eng"}, customers: []string{"c1", "c2"}, orders: []string{"o1"},
		complaints: []string{"k1"}, employees: []string{"e1"}, employeeTokens: []string{"et"}}
}

func answered(r benchRequest, code uint16, body string) *vegeta.Result {
	return &vegeta.Result{Method: r.method, URL: "http://127.0.0.1:1" + r.path, Code: code, Body: []byte(body)}
}

func TestHeavyMix_AQuotationMovesOnOnlyAfterItsStepSucceeded(t *testing.T) {
	// Given a heavy mix with nothing under way.
	m := newHeavyMix(heavyFixture())
	// When the heavy slot sends, it drafts a quotation.
	draft := m.heavy()
	if draft.path != "/quotations" || draft.token != "rep" || !draft.command {
		t.Fatalf("first heavy request %+v; want a draft by the rep", draft)
	}
	// And a draft that failed queues nothing: the next is a draft again.
	m.observe(answered(draft, 409, `{}`))
	if r := m.heavy(); r.path != "/quotations" {
		t.Fatalf("after a failed draft: %s; want another draft", r.path)
	}
	// When the draft succeeded, the quotation is costed by the engineer,
	// its price approved by the GM, submitted by the rep, then approved by
	// the head, then a contract is drafted from it.
	m.observe(answered(draft, 201, `{"id":"q1","events":1}`))
	costing := m.heavy()
	if costing.path != "/quotations/q1/costing" || costing.token != "eng" {
		t.Fatalf("after the draft: %+v; want the engineer's costing", costing)
	}
	m.observe(answered(costing, 200, `{}`))
	price := m.heavy()
	if price.path != "/quotations/q1/price-approval" || price.token != "gm" {
		t.Fatalf("after the costing: %+v; want the GM's price approval", price)
	}
	m.observe(answered(price, 200, `{}`))
	submit := m.heavy()
	if submit.path != "/quotations/q1/submit" || submit.token != "rep" {
		t.Fatalf("after the price approval: %+v; want the submission", submit)
	}
	if r := m.heavy(); r.path != "/quotations" {
		t.Fatalf("while the submission is in flight: %s; want a new draft", r.path)
	}
	m.observe(answered(submit, 200, `{}`))
	approve := m.heavy()
	if approve.path != "/quotations/q1/approve" || approve.token != "head" {
		t.Fatalf("after the submission: %+v; want the head's approval", approve)
	}
	m.observe(answered(approve, 200, `{}`))
	contract := m.heavy()
	if contract.path != "/contracts" || !bytes.Contains(contract.body, []byte(`"quotation_id":"q1"`)) ||
		!bytes.Contains(contract.body, []byte(`"customer_id":"c1"`)) {
		t.Fatalf("after the approval: %s %s; want a contract drafted from q1 for c1", contract.path, contract.body)
	}
	// And a query's answer moves nothing.
	m.observe(&vegeta.Result{Method: http.MethodGet, URL: "http://127.0.0.1:1/quotations", Code: 200, Body: []byte(`{"id":"x"}`)})
	if r := m.heavy(); r.path != "/quotations" {
		t.Errorf("after a query: %s; want a draft", r.path)
	}
}

func TestHeavyMix_RegistrationNumbersDifferBetweenMixes(t *testing.T) {
	// Given two mixes of one run (registrations number customers by the
	// mix's worker id and sequence).
	a, b := newHeavyMix(heavyFixture()), newHeavyMix(heavyFixture())
	// Then their ids differ, so their numbers never collide.
	if a.w.id == b.w.id {
		t.Errorf("two mixes share worker id %d", a.w.id)
	}
}
