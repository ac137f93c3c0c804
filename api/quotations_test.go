package api_test

import (
	"net/http"
	"testing"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// quotationView is the part of a quotation read the tests check.
type quotationView struct {
	Status               string `json:"status"`
	Price                string `json:"price"`
	Margin               string `json:"margin"`
	Tier                 string `json:"tier"`
	ApproverRole         string `json:"approver_role"`
	RetroApprovalPending bool   `json:"retro_approval_pending"`
	Steps                []struct {
		Action  string `json:"action"`
		ActorID string `json:"actor_id"`
		Role    string `json:"role"`
		Retro   bool   `json:"retro"`
	} `json:"steps"`
}

// quotationDraft drafts a one-line quotation of the given type, unit price
// and unit cost for customerID and returns its id and the draft's
// position. A concrete quote is then costed at that unit cost by the
// business engineer, and a final one has its price approved by
// leadership (quotationCosted).
func quotationDraft(t *testing.T, env *apptest.Env, tok, customerID, typ, price, cost string) (id, position string) {
	t.Helper()
	lines := []map[string]any{{"product": "Pump P-40", "quantity": 1, "unit_price": price, "unit_cost": cost}}
	c := customerExpect(t, "draft quotation", env.Do(t, "POST", "/quotations", tok, map[string]any{
		"customer_id": customerID, "type": typ, "cost_basis_ref": "COST-2026-11", "demand_assessment": "40 pumps a year",
		"lines": lines,
	}), http.StatusCreated)
	if typ == "WRITTEN_SECOND" || typ == "WRITTEN_FINAL" {
		quotationCosted(t, env, c.ID, typ, lines)
	}
	return c.ID, c.Position
}

// quotationRead reads a quotation after position.
func quotationRead(t *testing.T, env *apptest.Env, tok, id, position string) quotationView {
	t.Helper()
	resp := env.Do(t, "GET", "/quotations/"+id+"?after="+position, tok, nil)
	var v quotationView
	customerRead(t, "read quotation", resp, &v)
	return v
}

func TestQuotations_MarginBelowTwentyPercentNeedsTheGM(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	head := env.Token(t, "head-1", "SALES", domain.RoleDeptHead)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	customerID, _ := customerRegister(t, env, rep, "Q-100")

	id, _ := quotationDraft(t, env, rep, customerID, "WRITTEN_FINAL", "1000.00", "850.00") // 15.00%
	sub := customerExpect(t, "submit", env.Do(t, "POST", "/quotations/"+id+"/submit", rep, map[string]any{}), http.StatusOK)
	if v := quotationRead(t, env, rep, id, sub.Position); v.Status != "PENDING_APPROVAL" || v.ApproverRole != "GM" || v.Margin != "15.00" {
		t.Fatalf("after submit %+v, want PENDING_APPROVAL for the GM at 15.00", v)
	}

	customerExpectProblem(t, "rep issues before approval", env.Do(t, "POST", "/quotations/"+id+"/issue", rep, nil),
		http.StatusConflict, "rejected-by-rule")
	resp := env.Do(t, "POST", "/quotations/"+id+"/approve", head, map[string]any{"comment": "fine by me"})
	switch resp.Status {
	case http.StatusConflict:
		if p := customerExpectProblem(t, "head approves", resp, http.StatusConflict, "rejected-by-rule"); p.Rule != "K7" {
			t.Errorf("head approval refused under rule %q, want K7", p.Rule)
		}
	case http.StatusForbidden:
		customerExpectProblem(t, "head approves", resp, http.StatusForbidden, "forbidden")
	default:
		t.Fatalf("department head approval of a 15%% margin: status %d, want 409 (K7) or 403; body %s", resp.Status, resp.Body)
	}

	customerExpect(t, "GM approves", env.Do(t, "POST", "/quotations/"+id+"/approve", gm, map[string]any{"comment": "strategic account"}), http.StatusOK)
	issued := customerExpect(t, "rep issues", env.Do(t, "POST", "/quotations/"+id+"/issue", rep, nil), http.StatusOK)

	v := quotationRead(t, env, rep, id, issued.Position)
	if v.Status != "ISSUED" || v.Tier != "GM" || v.RetroApprovalPending {
		t.Errorf("issued quote %+v, want ISSUED in tier GM with no approval pending", v)
	}
	if len(v.Steps) != 4 || v.Steps[0].Action != "COSTED" || v.Steps[1].Action != "PRICE_APPROVED" || v.Steps[2].Action != "REQUESTED" ||
		v.Steps[3].Action != "APPROVED" || v.Steps[3].ActorID != "gm-1" || v.Steps[3].Role != "GM" {
		t.Errorf("steps %+v, want COSTED, PRICE_APPROVED, REQUESTED then APPROVED by gm-1 as GM (the refused approval leaves no step)", v.Steps)
	}
}

func TestQuotations_RepAuthorityBoundary(t *testing.T) {
	env := apptest.New(t, nil)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	customerID, _ := customerRegister(t, env, rep, "Q-200")

	t.Run("at exactly 50.00% the rep issues at once and approval follows", func(t *testing.T) {
		id, _ := quotationDraft(t, env, rep, customerID, "WRITTEN_FINAL", "100.00", "50.00")
		issued := customerExpect(t, "rep issues", env.Do(t, "POST", "/quotations/"+id+"/issue", rep, nil), http.StatusOK)
		v := quotationRead(t, env, rep, id, issued.Position)
		if v.Status != "ISSUED" || v.Margin != "50.00" || v.Tier != "REP" || !v.RetroApprovalPending {
			t.Errorf("quote %+v, want ISSUED at 50.00 in tier REP with retro approval pending", v)
		}
	})
	t.Run("at 49.99% the rep must wait for approval", func(t *testing.T) {
		id, _ := quotationDraft(t, env, rep, customerID, "WRITTEN_FINAL", "100.00", "50.01")
		p := customerExpectProblem(t, "rep issues", env.Do(t, "POST", "/quotations/"+id+"/issue", rep, nil),
			http.StatusConflict, "rejected-by-rule")
		if p.Rule != "K7" {
			t.Errorf("refused under rule %q, want K7", p.Rule)
		}
	})
	t.Run("an amount with three decimals names the line field", func(t *testing.T) {
		p := customerExpectProblem(t, "bad amount", env.Do(t, "POST", "/quotations", rep, map[string]any{
			"customer_id": customerID, "type": "WRITTEN_FINAL",
			"lines": []map[string]any{{"product": "Pump", "quantity": 1, "unit_price": "10.005", "unit_cost": "5"}},
		}), http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) != 1 || p.Errors[0].Field != "lines[0].unit_price" {
			t.Errorf("errors %+v, want lines[0].unit_price", p.Errors)
		}
	})
	t.Run("another rep cannot read the quotation", func(t *testing.T) {
		id, pos := quotationDraft(t, env, rep, customerID, "ORAL", "10.00", "5.00")
		other := env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
		customerExpectProblem(t, "other rep reads", env.Do(t, "GET", "/quotations/"+id+"?after="+pos, other, nil), http.StatusForbidden, "forbidden")
	})
}
