package audit_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
)

func TestQuestionA9_DuesAndWhatFollowed(t *testing.T) {
	h := newHistory(t)
	sys := func(id string, e domain.Event) string { return h.add("employee-"+id, "system", domain.RoleSystem, e) }
	hr := func(id string, e domain.Event) string { return h.add("employee-"+id, "hr-1", domain.RoleHR, e) }
	e1 := []string{sys("e1", employee.DismissalDue{EmployeeID: "e1", AppraisalIDs: []string{"ap1", "ap2"}, RuleRef: "E7"}),
		hr("e1", employee.DepartureInitiated{EmployeeID: "e1", Type: employee.DepartureDismiss, Reason: "two failed cycles"}),
		hr("e1", employee.Departed{EmployeeID: "e1", Type: employee.DepartureDismiss})}
	e2 := []string{sys("e2", employee.AutoResignationDue{EmployeeID: "e2", RuleRef: "E8"})}
	e3 := []string{hr("e3", employee.DepartureInitiated{EmployeeID: "e3", Type: employee.DepartureDismiss, Reason: "no reason given"})}
	e4 := []string{sys("e4", employee.DismissalDue{EmployeeID: "e4", AppraisalIDs: []string{"ap7", "ap8"}}),
		hr("e4", employee.ImprovementPlanStarted{EmployeeID: "e4", AppraisalID: "ap8", Goals: "g"})}
	hr("e5", employee.DepartureInitiated{EmployeeID: "e5", Type: employee.DepartureResign, Reason: "moving"})
	q := h.queries()
	assertAnswer(t, q, "A9", queries.AuditQuestionFilter{},
		row{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "due": "dismissal (two failed appraisal cycles)",
			"failed_appraisals": "ap1, ap2", "followed_by": "departure DISMISS, departed"}, Flags: []string{}, Evidence: e1},
		row{Subject: "employee-e2", Facts: map[string]string{"employee_id": "e2", "due": "auto-resignation (two months without results)", "followed_by": ""},
			Flags: []string{"auto_resignation_due_not_acted_on"}, Evidence: e2},
		row{Subject: "employee-e3", Facts: map[string]string{"employee_id": "e3", "due": "", "followed_by": "departure DISMISS"},
			Flags: []string{"dismissed_without_due_or_basis"}, Evidence: e3},
		row{Subject: "employee-e4", Facts: map[string]string{"employee_id": "e4", "due": "dismissal (two failed appraisal cycles)",
			"failed_appraisals": "ap7, ap8", "followed_by": "1 improvement plan(s)"}, Flags: []string{"dismissal_due_not_acted_on"}, Evidence: e4})
}

func TestQuestionA11_ArchivingAndReassignmentBeforeExit(t *testing.T) {
	h := newHistory(t)
	hr := func(id string, e domain.Event) string { return h.add("employee-"+id, "hr-1", domain.RoleHR, e) }
	hr("e1", employee.CustomerAssigned{EmployeeID: "e1", CustomerID: "k1"})
	hr("e1", employee.CustomerAssigned{EmployeeID: "e1", CustomerID: "k2"})
	hr("e1", employee.CustomersOwnedRecorded{EmployeeID: "e1", CustomerIDs: []string{"k3"}})
	e1 := []string{hr("e1", employee.DepartureInitiated{EmployeeID: "e1", Type: employee.DepartureResign, Reason: "moving"}),
		hr("e1", employee.CustomerHandedOver{EmployeeID: "e1", CustomerID: "k1", ToEmployeeID: "e9"}),
		hr("e1", employee.FilesArchived{EmployeeID: "e1", Items: []string{"ledger"}}),
		hr("e1", employee.Departed{EmployeeID: "e1", Type: employee.DepartureResign})}
	late := hr("e1", employee.CustomerHandedOver{EmployeeID: "e1", CustomerID: "k2", ToEmployeeID: "e9"}) // after leaving: too late
	e2 := []string{hr("e2", employee.DepartureInitiated{EmployeeID: "e2", Type: employee.DepartureResign})}
	hr("e2", employee.CustomerAssigned{EmployeeID: "e2", CustomerID: "k5"})
	e2 = append(e2, hr("e2", employee.CustomerHandedOver{EmployeeID: "e2", CustomerID: "k5", ToEmployeeID: "e9"}),
		hr("e2", employee.Departed{EmployeeID: "e2", Type: employee.DepartureResign}))
	e3 := []string{hr("e3", employee.DepartureInitiated{EmployeeID: "e3", Type: employee.DepartureResign})}
	hr("e4", employee.CustomerAssigned{EmployeeID: "e4", CustomerID: "k6"})
	q := h.queries()
	assertAnswer(t, q, "A11", queries.AuditQuestionFilter{},
		row{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "departure": "RESIGN", "files_archived": "true", "departed": "true",
			"customers_not_reassigned": "k2, k3"}, Flags: []string{"departed_with_customers_not_reassigned"}, Evidence: append(e1, late)},
		row{Subject: "employee-e2", Facts: map[string]string{"employee_id": "e2", "departure": "RESIGN", "files_archived": "false", "departed": "true",
			"customers_not_reassigned": ""}, Flags: []string{"departed_without_archiving"}, Evidence: e2},
		row{Subject: "employee-e3", Facts: map[string]string{"employee_id": "e3", "departure": "RESIGN", "files_archived": "false", "departed": "false",
			"customers_not_reassigned": ""}, Flags: []string{}, Evidence: e3})
}

func TestQuestionA12_FinesAndPenaltiesAgainstTheSchedule(t *testing.T) {
	h := newHistory(t)
	ok := h.add("employee-e1", "head-1", domain.RoleDeptHead, employee.Fined{EmployeeID: "e1", FineID: "f1", Item: employee.FineSloppyReport,
		Amount: domain.Yuan(20), RuleRef: "E12", FinedBy: "head-1"})
	off := h.add("employee-e1", "head-1", domain.RoleDeptHead, employee.Fined{EmployeeID: "e1", FineID: "f2", Item: employee.FinePhoneUnreachable,
		Amount: domain.Yuan(30), RuleRef: "E13", FinedBy: "head-1"})
	penalty := h.add("employee-e2", "hr-1", domain.RoleHR, employee.Penalized{EmployeeID: "e2", PenaltyID: "p1", Type: "VERBAL_WARNING",
		RuleRef: "E9", DecidedBy: "hr-1", DeciderRole: domain.RoleHR})
	q := h.queries()
	fine := func(item, rule, amount string) map[string]string {
		return map[string]string{"employee_id": "e1", "kind": "fined", "item": item, "rule_ref": rule, "regulation_version": "employee/default",
			"decided_by": "head-1", "decider_role": "DEPT_HEAD", "amount": amount}
	}
	assertAnswer(t, q, "A12", queries.AuditQuestionFilter{},
		row{Subject: "employee-e1", Facts: fine("SLOPPY_REPORT", "E12", "CNY 20.00"), Flags: []string{}, Evidence: []string{ok}},
		row{Subject: "employee-e1", Facts: fine("PHONE_UNREACHABLE", "E13", "CNY 30.00"), Flags: []string{"amount_off_schedule"}, Evidence: []string{off}},
		row{Subject: "employee-e2", Facts: map[string]string{"employee_id": "e2", "kind": "penalized", "item": "VERBAL_WARNING", "rule_ref": "E9",
			"regulation_version": "employee/default", "decided_by": "hr-1", "decider_role": "HR"}, Flags: []string{}, Evidence: []string{penalty}})
}

func TestQuestionA13_UnsignedAndRetroactiveLeave(t *testing.T) {
	h := newHistory(t)
	past, future := day.AddDate(0, 0, -3), day.AddDate(5, 0, 0)
	request := func(emp, id string, from string) string {
		at := past
		if from == "future" {
			at = future
		}
		return h.add("employee-"+emp, emp, domain.RoleSalesRep, employee.LeaveRequested{EmployeeID: emp, LeaveID: id, From: at, To: at.AddDate(0, 0, 1), Reason: "ill"})
	}
	sign := func(emp, id string) string {
		return h.add("employee-"+emp, "head-1", domain.RoleDeptHead, employee.LeaveApproved{EmployeeID: emp, LeaveID: id, SignedBy: "head-1"})
	}
	request("e1", "L1", "past")
	sign("e1", "L1")
	l2 := request("e1", "L2", "past")
	l3 := []string{h.add("employee-e2", "e2", domain.RoleSalesRep, employee.LeaveRetroactivelyFiled{EmployeeID: "e2", LeaveID: "L3", From: past, To: past.AddDate(0, 0, 1)}),
		sign("e2", "L3")}
	request("e2", "L4", "future")
	q := h.queries()
	assertAnswer(t, q, "A13", queries.AuditQuestionFilter{},
		row{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "leave_id": "L2", "from": "2026-02-27T09:00:00Z", "to": "2026-02-28T09:00:00Z"},
			Flags: []string{"taken_without_manager_signature"}, Evidence: []string{l2}},
		row{Subject: "employee-e2", Facts: map[string]string{"employee_id": "e2", "leave_id": "L3", "from": "2026-02-27T09:00:00Z", "to": "2026-02-28T09:00:00Z",
			"signed_by": "head-1"}, Flags: []string{"filed_retroactively"}, Evidence: l3})
}

func TestQuestionA17_BaseSalaryNeedsTheManagerAndTheGM(t *testing.T) {
	h := newHistory(t)
	approve := func(by string, role domain.Role, yuan int64) string {
		return h.add("employee-e1", by, role, employee.BaseSalaryApproved{EmployeeID: "e1", Amount: domain.Yuan(yuan), ApproverID: by, ApproverRole: role})
	}
	set := func(yuan int64) string {
		return h.add("employee-e1", "gm-1", domain.RoleGM, employee.BaseSalarySet{EmployeeID: "e1", Amount: domain.Yuan(yuan), SetAt: day})
	}
	first := []string{approve("head-1", domain.RoleDeptHead, 5000), approve("gm-1", domain.RoleGM, 5000), set(5000)}
	second := []string{approve("gm-1", domain.RoleGM, 6000), set(6000)}
	q := h.queries()
	assertAnswer(t, q, "A17", queries.AuditQuestionFilter{Subject: "e1"},
		row{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "set_at": "2026-03-02T09:00:00Z", "amount": "CNY 5000.00",
			"approved_by": "head-1 (DEPT_HEAD), gm-1 (GM)"}, Flags: []string{}, Evidence: first},
		row{Subject: "employee-e1", Facts: map[string]string{"employee_id": "e1", "set_at": "2026-03-02T09:00:00Z", "amount": "CNY 6000.00",
			"approved_by": "gm-1 (GM)"}, Flags: []string{"set_without_department_manager_approval"}, Evidence: second})
}
