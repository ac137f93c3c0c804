package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// expenseClaimView is the part of a claim the flow checks.
type expenseClaimView struct {
	Status     string   `json:"status"`
	Total      string   `json:"total"`
	Signatures []string `json:"signatures"`
	PaymentRef string   `json:"payment_ref"`
	Items      []struct {
		Kind string `json:"kind"`
	} `json:"items"`
}

// TestExpenses_EndToEnd walks a claim of phone calls, transport and
// business cards from its draft to its payment (§5.12): the cards need
// the company manager's approval in advance; the rep cannot sign or
// approve; submission before the approval, signing before submission,
// finance before two signatures, payment before finance are refused; the
// head cannot sign twice, nor the GM their own claim; the totals per
// person, department and month count the paid claim.
func TestExpenses_EndToEnd(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	env := apptest.New(t, func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, cst) })
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	head := env.Token(t, "head-1", "SALES", domain.RoleDeptHead)
	gm := env.Token(t, "gm-1", "GM", domain.RoleGM)
	finance := env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)
	other := env.Token(t, "rep-2", "SALES-SOUTH", domain.RoleSalesRep)
	rule := func(what string, resp apptest.Response, id string) {
		t.Helper()
		if p := customerExpectProblem(t, what, resp, http.StatusConflict, "rejected-by-rule"); p.Rule != id {
			t.Errorf("%s: refused under %q, want %s", what, p.Rule, id)
		}
	}

	draft := customerExpect(t, "draft", env.Do(t, "POST", "/expense-claims", rep, map[string]any{"purpose": "first visits to Ningbo Pumps",
		"items": []map[string]any{
			{"kind": "PHONE", "amount": "12.50", "incurred_on": "2026-11-20", "voucher_ref": "TEL-11"},
			{"kind": "TRANSPORT", "amount": "86.00", "incurred_on": "2026-11-20", "voucher_ref": "TAXI-7"},
			{"kind": "BUSINESS_CARDS", "amount": "120.00", "incurred_on": "2026-11-20", "voucher_ref": "PRINT-3"}}}), http.StatusCreated)
	claim := "/expense-claims/" + draft.ID
	rule("submission before the approval in advance", env.Do(t, "POST", claim+"/submission", rep, map[string]any{}), "§5.12-prior")
	rule("signing a draft", env.Do(t, "POST", claim+"/signatures", head, map[string]any{}), "§5.12-signatures")
	customerExpectProblem(t, "the rep approves in advance", env.Do(t, "POST", claim+"/prior-approval", rep, map[string]any{}), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "the department head approves in advance", env.Do(t, "POST", claim+"/prior-approval", head, map[string]any{}), http.StatusForbidden, "forbidden")
	customerExpect(t, "the GM approves in advance", env.Do(t, "POST", claim+"/prior-approval", gm, map[string]any{"comment": "cards for the new rep"}), http.StatusOK)
	customerExpectProblem(t, "another rep submits it", env.Do(t, "POST", claim+"/submission", other, map[string]any{}), http.StatusForbidden, "forbidden")
	customerExpect(t, "submit", env.Do(t, "POST", claim+"/submission", rep, map[string]any{}), http.StatusOK)

	customerExpectProblem(t, "the rep signs", env.Do(t, "POST", claim+"/signatures", rep, map[string]any{}), http.StatusForbidden, "forbidden")
	customerExpect(t, "the head signs", env.Do(t, "POST", claim+"/signatures", head, map[string]any{}), http.StatusOK)
	rule("the head signs twice", env.Do(t, "POST", claim+"/signatures", head, map[string]any{}), "§5.12-signatures")
	rule("finance approves with one signature only", env.Do(t, "POST", claim+"/finance-approval", finance, map[string]any{}), "§5.12-finance")
	customerExpectProblem(t, "the GM pays", env.Do(t, "POST", claim+"/payment", gm, map[string]any{"payment_ref": "X"}), http.StatusForbidden, "forbidden")
	customerExpect(t, "the GM signs second", env.Do(t, "POST", claim+"/signatures", gm, map[string]any{}), http.StatusOK)
	rule("payment before finance approval", env.Do(t, "POST", claim+"/payment", finance, map[string]any{"payment_ref": "REIMB-1"}), "§5.12-finance")
	customerExpect(t, "finance approves", env.Do(t, "POST", claim+"/finance-approval", finance, map[string]any{"comment": "vouchers in order"}), http.StatusOK)
	paid := customerExpect(t, "finance pays", env.Do(t, "POST", claim+"/payment", finance, map[string]any{"payment_ref": "REIMB-1"}), http.StatusOK)

	var v expenseClaimView
	customerRead(t, "the rep reads the claim", env.Do(t, "GET", claim+"?after="+paid.Position, rep, nil), &v)
	if v.Status != "PAID" || v.Total != "218.50" || len(v.Signatures) != 2 || v.PaymentRef != "REIMB-1" || len(v.Items) != 3 {
		t.Errorf("claim %+v, want PAID, 218.50, two signatures, REIMB-1 and three items", v)
	}
	customerExpectProblem(t, "another rep reads it", env.Do(t, "GET", claim+"?after="+paid.Position, other, nil), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "another rep asks for a claim that does not exist", env.Do(t, "GET", "/expense-claims/no-such-claim", other, nil), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "finance asks for a claim that does not exist", env.Do(t, "GET", "/expense-claims/no-such-claim", finance, nil), http.StatusNotFound, "not-found")
	var history struct {
		Items []struct {
			Type string `json:"event_type"`
		} `json:"items"`
	}
	customerRead(t, "the claim's history", env.Do(t, "GET", claim+"/history?order=oldest&after="+paid.Position, head, nil), &history)
	if len(history.Items) != 7 || history.Items[0].Type != "expense.drafted" || history.Items[6].Type != "expense.paid" {
		t.Errorf("history %+v, want the seven events from expense.drafted to expense.paid", history.Items)
	}
	customerExpectProblem(t, "another rep reads its history", env.Do(t, "GET", claim+"/history", other, nil), http.StatusForbidden, "forbidden")

	var totals struct {
		Items []struct {
			EmployeeID string `json:"employee_id"`
			OrgUnitID  string `json:"org_unit_id"`
			Month      string `json:"month"`
			Claimed    string `json:"claimed"`
			Paid       string `json:"paid"`
		} `json:"items"`
	}
	customerRead(t, "totals per person", env.Do(t, "GET", "/expense-totals?by=person&month=2026-11&after="+paid.Position, finance, nil), &totals)
	if len(totals.Items) != 1 || totals.Items[0].EmployeeID != "rep-1" || totals.Items[0].Paid != "218.50" || totals.Items[0].Claimed != "218.50" {
		t.Errorf("totals per person %+v, want rep-1 with 218.50 claimed and paid", totals.Items)
	}
	customerRead(t, "the head's department totals", env.Do(t, "GET", "/expense-totals?by=department&after="+paid.Position, head, nil), &totals)
	if len(totals.Items) != 1 || totals.Items[0].OrgUnitID != "SALES" || totals.Items[0].Month != "2026-11" {
		t.Errorf("totals per department %+v, want SALES in 2026-11", totals.Items)
	}
	customerExpectProblem(t, "the head reads another department", env.Do(t, "GET", "/expense-totals?org_unit_id=SALES-SOUTH", head, nil), http.StatusForbidden, "forbidden")
	customerRead(t, "another rep's totals hold only their own", env.Do(t, "GET", "/expense-totals?after="+paid.Position, other, nil), &totals)
	if len(totals.Items) != 0 {
		t.Errorf("another rep's totals %+v, want none", totals.Items)
	}

	gmClaim := customerExpect(t, "the GM drafts their own claim", env.Do(t, "POST", "/expense-claims", gm, map[string]any{"purpose": "dinner with a customer's CEO",
		"items": []map[string]any{{"kind": "TRANSPORT", "amount": "40.00", "incurred_on": "2026-11-19", "voucher_ref": "TAXI-9"}}}), http.StatusCreated)
	customerExpect(t, "the GM submits", env.Do(t, "POST", "/expense-claims/"+gmClaim.ID+"/submission", gm, map[string]any{}), http.StatusOK)
	rule("the GM signs their own claim", env.Do(t, "POST", "/expense-claims/"+gmClaim.ID+"/signatures", gm, map[string]any{}), "§5.12-signatures")
	customerExpectProblem(t, "a rejection without a reason", env.Do(t, "POST", "/expense-claims/"+gmClaim.ID+"/rejection", finance, map[string]any{}),
		http.StatusUnprocessableEntity, "invalid-field")
	customerExpect(t, "the head returns it", env.Do(t, "POST", "/expense-claims/"+gmClaim.ID+"/return", head, map[string]any{"reason": "voucher unreadable"}), http.StatusOK)
	rule("finance rejects a returned claim", env.Do(t, "POST", "/expense-claims/"+gmClaim.ID+"/rejection", finance, map[string]any{"reason": "late"}), "§5.12-refusal")
}
