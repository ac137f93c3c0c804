package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// quotationCosted has the business engineer cost quotation id's lines at
// the unit costs they list and, for a final quote, leadership approve its
// price, so that the margin authority can decide on it (K7-costing,
// K7-price). It returns the position of the last step.
func quotationCosted(t *testing.T, env *apptest.Env, id, typ string, lines []map[string]any) string {
	t.Helper()
	engineer := env.Token(t, "eng-1", "ENGINEERING", domain.RoleBusinessEngineer)
	costs := make([]map[string]any, len(lines))
	for i, l := range lines {
		costs[i] = map[string]any{"product": l["product"], "unit_cost": l["unit_cost"]}
	}
	c := customerExpect(t, "cost quotation", env.Do(t, http.MethodPost, "/quotations/"+id+"/costing", engineer,
		map[string]any{"costing_ref": "COST-" + id, "unit_costs": costs}), http.StatusOK)
	if typ != "WRITTEN_FINAL" {
		return c.Position
	}
	leader := env.Token(t, "lead-1", "HQ", domain.RoleLeadership)
	c = customerExpect(t, "approve price", env.Do(t, http.MethodPost, "/quotations/"+id+"/price-approval", leader,
		map[string]any{"comment": "approved price"}), http.StatusOK)
	return c.Position
}

// TestQuotationCosting_EndToEnd walks a final quote from the rep's draft
// through the engineer's costing and leadership's price to the approver
// that costing's margin needs, with the refusals on the way: the rep's own
// low cost does not make it theirs to issue (K7-costing), wrong roles are
// forbidden, and the steps keep their order (K7-price).
func TestQuotationCosting_EndToEnd(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	head := env.Token(t, "head-1", "SALES", domain.RoleDeptHead)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	engineer := env.Token(t, "eng-1", "ENGINEERING", domain.RoleBusinessEngineer)
	leader := env.Token(t, "lead-1", "HQ", domain.RoleLeadership)
	customerID, _ := customerRegister(t, env, rep, "QC-1")
	post := func(path, tok string, body map[string]any) apptest.Response {
		return env.Do(t, http.MethodPost, path, tok, body)
	}

	// the rep types a cost that would make the margin 60%, theirs to issue
	draft := customerExpect(t, "draft", post("/quotations", rep, map[string]any{
		"customer_id": customerID, "type": "WRITTEN_FINAL", "demand_assessment": "40 pumps a year",
		"lines": []map[string]any{{"product": "Pump P-40", "quantity": 2, "unit_price": "1000.00", "unit_cost": "400.00"}}}), http.StatusCreated)
	q := "/quotations/" + draft.ID
	if p := customerExpectProblem(t, "rep issues on their own cost", post(q+"/issue", rep, nil), http.StatusConflict, "rejected-by-rule"); p.Rule != "K7-costing" {
		t.Errorf("issue refused under %q, want K7-costing", p.Rule)
	}
	customerExpectProblem(t, "rep submits uncosted", post(q+"/submit", rep, nil), http.StatusConflict, "rejected-by-rule")
	customerExpectProblem(t, "leadership prices before the costing", post(q+"/price-approval", leader, nil), http.StatusConflict, "rejected-by-rule")
	costing := map[string]any{"costing_ref": "CB-QC-1", "unit_costs": []map[string]any{{"product": "Pump P-40", "unit_cost": "850.00"}}}
	customerExpectProblem(t, "the rep costs", post(q+"/costing", rep, costing), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "a head costs", post(q+"/costing", head, costing), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "an uncosted product", post(q+"/costing", engineer, map[string]any{"costing_ref": "CB-QC-1",
		"unit_costs": []map[string]any{{"product": "Pump P-7", "unit_cost": "850.00"}}}), http.StatusUnprocessableEntity, "invalid-field")

	// the engineer's cost makes it 15%: the GM's tier
	customerExpect(t, "costing", post(q+"/costing", engineer, costing), http.StatusOK)
	if p := customerExpectProblem(t, "submit before the price", post(q+"/submit", rep, nil), http.StatusConflict, "rejected-by-rule"); p.Rule != "K7-price" {
		t.Errorf("submit refused under %q, want K7-price", p.Rule)
	}
	customerExpectProblem(t, "a head approves the price", post(q+"/price-approval", head, nil), http.StatusForbidden, "forbidden")
	customerExpect(t, "price approval", post(q+"/price-approval", leader, map[string]any{"comment": "准价"}), http.StatusOK)
	sub := customerExpect(t, "submit", post(q+"/submit", rep, nil), http.StatusOK)
	if v := quotationRead(t, env, rep, draft.ID, sub.Position); v.Status != "PENDING_APPROVAL" || v.ApproverRole != "GM" || v.Margin != "15.00" {
		t.Fatalf("after submit %+v, want PENDING_APPROVAL for the GM at 15.00 (the engineer's cost)", v)
	}
	customerExpectProblem(t, "engineer costs a submitted quote", post(q+"/costing", engineer, costing), http.StatusConflict, "rejected-by-rule")
	resp := post(q+"/approve", head, map[string]any{"comment": "fine"})
	if resp.Status != http.StatusConflict && resp.Status != http.StatusForbidden {
		t.Fatalf("head approves a 15%% margin: %d, want 409 or 403", resp.Status)
	}
	customerExpect(t, "GM approves", post(q+"/approve", gm, map[string]any{"comment": "ok"}), http.StatusOK)
	customerExpect(t, "rep issues", post(q+"/issue", rep, nil), http.StatusOK)
}
