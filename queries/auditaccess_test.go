package queries_test

import (
	"slices"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func TestAuditingRoles_ReadComplaintsAndReceivables(t *testing.T) {
	for _, role := range []domain.Role{domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor} {
		if !slices.Contains(queries.ComplaintReaders, role) {
			t.Errorf("%s cannot read complaints (A7 needs them)", role)
		}
		if _, all := (domain.Actor{EmployeeID: "a-1", Roles: []domain.Role{role}}).ActingAs(queries.ReceivableReaders...); !all {
			t.Errorf("%s does not read every receivable", role)
		}
		if !slices.Contains(queries.AuditReaders, role) || !slices.Contains(queries.AccessReaders, role) {
			t.Errorf("%s reads neither the audit trail nor the read-access log", role)
		}
	}
	for _, role := range []domain.Role{domain.RoleGM, domain.RoleLeadership, domain.RoleBoard, domain.RoleHR, domain.RoleDeptHead} {
		if slices.Contains(queries.AccessReaders, role) {
			t.Errorf("%s reads the read-access log; only the auditing roles do", role)
		}
	}
	// Reading is all they do: no personal data of customer files or
	// employee records comes with it.
	auditor := domain.Actor{EmployeeID: "a-1", OrgUnitID: "u1", Roles: []domain.Role{domain.RoleAuditor}}
	if queries.SeesPersonalData(auditor, queries.CustomerView{OrgUnitID: "u1", OwnerRepID: "rep-1"}) ||
		queries.MayReadEmployeeRecord(auditor, queries.EmployeeView{EmployeeID: "e1", OrgUnitID: "u1"}) {
		t.Errorf("an auditor sees personal data")
	}
}

func TestShowAuditAnswer_PersonalFactsFollowTheRecordRule(t *testing.T) {
	answer := func() *queries.AuditAnswer {
		return &queries.AuditAnswer{Question: "A17", Rows: []queries.AuditFinding{
			{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "amount": "CNY 5000.00", "approved_by": "gm-1 (GM)"}},
			{Subject: "employee-e2", Facts: map[string]string{"employee_id": "e2", "amount": "CNY 6000.00"}}}}
	}
	auditor := domain.Actor{EmployeeID: "a-1", Roles: []domain.Role{domain.RoleAuditor}}
	a := answer()
	if shown := queries.ShowAuditAnswer(auditor, a); len(shown) != 0 {
		t.Errorf("auditor: shown %+v, want nothing personal", shown)
	}
	if _, has := a.Rows[0].Facts["amount"]; has || a.Rows[0].Facts["approved_by"] != "gm-1 (GM)" {
		t.Errorf("auditor's row = %v, want the approvals without the amount", a.Rows[0].Facts)
	}
	gm := domain.Actor{EmployeeID: "gm-1", Roles: []domain.Role{domain.RoleGM}}
	a = answer()
	shown := queries.ShowAuditAnswer(gm, a)
	if len(shown) != 2 || shown[1].SubjectID != "e2" || shown[1].Category != queries.CategorySalary || a.Rows[1].Facts["amount"] != "CNY 6000.00" {
		t.Errorf("GM: shown %+v, rows %+v; want both salaries shown and logged", shown, a.Rows)
	}
	self := domain.Actor{EmployeeID: "e2", Roles: []domain.Role{domain.RoleAuditor}}
	a = answer()
	if shown := queries.ShowAuditAnswer(self, a); len(shown) != 1 || shown[0].SubjectID != "e2" {
		t.Errorf("an auditor reading their own salary: shown %+v, want their own only", shown)
	}
	other := &queries.AuditAnswer{Question: "A1", Rows: []queries.AuditFinding{{Facts: map[string]string{"amount": "x"}}}}
	if shown := queries.ShowAuditAnswer(auditor, other); shown != nil || other.Rows[0].Facts["amount"] != "x" {
		t.Errorf("A1 has no personal facts; got %+v", shown)
	}
}
