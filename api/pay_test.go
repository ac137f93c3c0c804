package api_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// payStatementView is the part of a pay statement the flow checks.
type payStatementView struct {
	EmployeeID         string   `json:"employee_id"`
	Month              string   `json:"month"`
	Collected          string   `json:"collected"`
	Commission         string   `json:"commission"`
	Allowance          string   `json:"allowance"`
	TopPerformerAward  string   `json:"top_performer_award"`
	Net                string   `json:"net"`
	RegulationVersions []string `json:"regulation_versions"`
}

// TestPay_EndToEnd: a rep's contract collects 300.00 in November; finance
// cannot issue November's statement before the month is over, a rep
// cannot issue it at all; on 1 December finance issues it from the
// recorded facts (no commission below 1万, the 50.00 allowance and, as
// the month's only collector, the 50.00 top-performer award) under the
// versions in force, once; the rep, their department head and the
// auditor read it, another rep does not; the monthly results the
// no-results rule reads are the collected 300.00.
func TestPay_EndToEnd(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	var now atomic.Pointer[time.Time]
	set := func(t time.Time) { now.Store(&t) }
	set(time.Date(2026, 11, 20, 10, 0, 0, 0, cst))
	env := apptest.New(t, func() time.Time { return *now.Load() })
	team := contractTeamOf(t, env)
	finance := env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)
	id, _ := contractSigned(t, env, team, "PAY-1")
	customerExpect(t, "plan", env.Do(t, "POST", "/contracts/"+id+"/collection-plan", team.rep, map[string]any{
		"instalments": []map[string]any{{"id": "i1", "due_date": "2026-12-31T00:00:00Z", "amount": "700.00"}}}), http.StatusOK)
	payment := customerExpect(t, "payment", env.Do(t, "POST", "/contracts/"+id+"/payments", finance,
		map[string]any{"instalment_id": "i1", "amount": "300.00", "reference": "BANK-1"}), http.StatusOK)

	statements := "/employees/rep-1/pay-statements"
	if p := customerExpectProblem(t, "issue before the month is over", env.Do(t, "POST", statements, finance, map[string]any{"month": "2026-11"}),
		http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.4-statement" {
		t.Errorf("refused under %q, want §3.4-statement", p.Rule)
	}
	customerExpectProblem(t, "a rep issues pay", env.Do(t, "POST", statements, team.rep, map[string]any{"month": "2026-11"}), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "a month written wrong", env.Do(t, "POST", statements, finance, map[string]any{"month": "November"}), http.StatusUnprocessableEntity, "invalid-field")

	set(time.Date(2026, 12, 1, 9, 0, 0, 0, cst))
	finance = env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	head := env.Token(t, "head-1", "SALES", domain.RoleDeptHead)
	other := env.Token(t, "rep-2", "SALES-SOUTH", domain.RoleSalesRep)
	auditor := env.Token(t, "aud-1", "AUDIT", domain.RoleAuditor)
	issued := customerExpect(t, "issue", env.Do(t, "POST", statements, finance, map[string]any{"month": "2026-11", "after": payment.Position}), http.StatusOK)
	customerExpectProblem(t, "issue twice", env.Do(t, "POST", statements, finance, map[string]any{"month": "2026-11"}), http.StatusConflict, "conflict")

	path := statements + "/2026-11?after=" + issued.Position
	var v payStatementView
	customerRead(t, "the rep reads their statement", env.Do(t, "GET", path, rep, nil), &v)
	if v.Collected != "300.00" || v.Commission != "0.00" || v.Allowance != "50.00" || v.TopPerformerAward != "50.00" || v.Net != "100.00" ||
		len(v.RegulationVersions) != 2 || v.RegulationVersions[0] != "salesplan/default" || v.RegulationVersions[1] != "pay/default" {
		t.Errorf("statement %+v, want 300.00 collected, no commission, 50.00 allowance and award, net 100.00 under the default versions", v)
	}
	customerRead(t, "the department head reads it", env.Do(t, "GET", path, head, nil), &v)
	customerRead(t, "the auditor reads it", env.Do(t, "GET", path, auditor, nil), &v)
	customerExpectProblem(t, "another rep reads it", env.Do(t, "GET", path, other, nil), http.StatusForbidden, "forbidden")

	var results struct {
		Collected string `json:"collected"`
	}
	customerRead(t, "monthly results", env.Do(t, "GET", "/employees/rep-1/monthly-results?month=2026-11&after="+issued.Position, head, nil), &results)
	if results.Collected != "300.00" {
		t.Errorf("monthly results %+v, want 300.00", results)
	}
	customerExpectProblem(t, "another rep's results", env.Do(t, "GET", "/employees/rep-1/monthly-results?month=2026-11", other, nil), http.StatusForbidden, "forbidden")

	var commissions struct {
		Items []struct {
			EmployeeID string `json:"employee_id"`
		} `json:"items"`
	}
	customerRead(t, "a rep lists commissions", env.Do(t, "GET", "/pay/commissions?month=2026-11&after="+issued.Position, rep, nil), &commissions)
	if len(commissions.Items) != 1 || commissions.Items[0].EmployeeID != "rep-1" {
		t.Errorf("a rep's commission list %+v, want only their own row", commissions.Items)
	}
	customerExpectProblem(t, "commissions of a month written wrong", env.Do(t, "GET", "/pay/commissions?month=2026-13", finance, nil), http.StatusBadRequest, "malformed-request")
	var own struct {
		Items []payStatementView `json:"items"`
	}
	customerRead(t, "the rep lists their statements", env.Do(t, "GET", statements+"?after="+issued.Position, rep, nil), &own)
	if len(own.Items) != 1 || own.Items[0].Month != "2026-11" {
		t.Errorf("the rep's statements %+v, want November's", own.Items)
	}
	customerExpectProblem(t, "another rep lists them", env.Do(t, "GET", statements, other, nil), http.StatusForbidden, "forbidden")
}
