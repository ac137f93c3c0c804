package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

func state(h []domain.Event, more ...domain.Event) employee.Employee {
	return domain.Fold(employee.Employee.Evolve, given(h, more...)...)
}

// Given an employee at the stage each decision needs, when one text input
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused naming the field as the API names it, for every caller
// (§2.5-text). A catalogue value (a check-in slot, a fine item, a reward
// or penalty type) is taken at its longest when the regulation lists it.
func TestEmployee_textLimits(t *testing.T) {
	work := state(atWork)
	hire := func(change func(*employee.Hiring, string)) func(string) error {
		return func(s string) error {
			h := employee.Hiring{Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1"}
			change(&h, s)
			return decided(state([]domain.Event{checked}).Hire(h, "hr-1", reg, "employee/default", t0))
		}
	}
	confirm := func(change func(*employee.Assessment, string)) func(string) error {
		return func(s string) error {
			a := assessed
			change(&a, s)
			return decided(state(onProbation).ConfirmRegular("gm-1", domain.RoleGM, a, reg, tLate))
		}
	}
	failProbation := func(change func(*employee.Assessment, string)) func(string) error {
		return func(s string) error {
			a := assessed
			change(&a, s)
			return decided(state(onProbation).FailProbation("gm-1", domain.RoleGM, a, tLate))
		}
	}
	leave := employee.LeaveRequest{LeaveID: "l-1", From: t0.AddDate(0, 0, 1), To: t0.AddDate(0, 0, 1).Add(8 * time.Hour), Reason: "family"}
	behind := employee.LeaveRequest{LeaveID: "l-2", From: t0.AddDate(0, 0, -1), To: t0.AddDate(0, 0, -1).Add(8 * time.Hour), Reason: "emergency"}
	onAppraisal := employee.RecordRef{Kind: employee.RecordAppraisal, ID: "a-1"}
	appraisedWell := state(atWork, employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: "a-1", Cycle: employee.CycleAnnual, Grade: employee.GradeExcellent})
	failA := appraised("a-5", employee.CycleMonthly, month(5), employee.GradeFail)
	outing := func(change func(*employee.Outing, string)) func(string) error {
		return func(s string) error {
			o := employee.Outing{OutingID: "o-1", Destination: "Xinjiekou", Purpose: "visit", CustomerIDs: []string{"c-1"}, ExpectedBackAt: t1}
			change(&o, s)
			return decided(work.RegisterOuting(o, t0))
		}
	}
	trip := func(change func(*employee.Trip, string)) func(string) error {
		return func(s string) error {
			tr := employee.Trip{TripID: "t-1", Destination: "Suzhou", Purpose: "tender", StartsAt: t0.AddDate(0, 0, 1), EndsAt: t0.AddDate(0, 0, 3)}
			change(&tr, s)
			return decided(work.RequestBusinessTrip(tr, t0))
		}
	}
	penalty := func(change func(*employee.PenaltyDecision, string)) func(string) error {
		return func(s string) error {
			p := employee.PenaltyDecision{PenaltyID: "p-1", Type: "WRITTEN_WARNING", Reason: "late reports", RuleRef: "E12"}
			change(&p, s)
			withType := reg
			withType.Penalties = append([]string{p.Type}, reg.Penalties...)
			return decided(work.Penalize(p, "dh-1", domain.RoleDeptHead, withType, t1))
		}
	}
	reward := func(change func(*employee.RewardGrant, string)) func(string) error {
		return func(s string) error {
			bonus := domain.Yuan(50)
			g := employee.RewardGrant{RewardID: "rw-1", Type: "TOP_PERFORMER", Amount: &bonus, Reason: "best month"}
			change(&g, s)
			withType := reg
			withType.Rewards = append([]string{g.Type}, reg.Rewards...)
			return decided(work.Reward(g, "dh-1", withType, t1))
		}
	}
	fine := func(id, item, reason string) error {
		withItem := reg
		withItem.Fines = append([]employee.FineItem{{Code: item, Amount: domain.Yuan(50), RuleRef: "§1.7"}}, reg.Fines...)
		return decided(work.Fine(id, item, reason, "dh-1", withItem, t1))
	}
	texttest.Check(t, []texttest.Input{
		{Field: "employee_id", Call: func(s string) error {
			return decided(employee.Employee{}.RecordQualificationCheck(s, "Li Lei", true, "", "hr-1", t0))
		}},
		{Field: "candidate_name", Call: func(s string) error {
			return decided(employee.Employee{}.RecordQualificationCheck("e-1", s, true, "", "hr-1", t0))
		}},
		{Field: "notes", Call: func(s string) error {
			return decided(employee.Employee{}.RecordQualificationCheck("e-1", "Li Lei", true, s, "hr-1", t0))
		}},
		{Field: "name", Call: hire(func(h *employee.Hiring, s string) { h.Name = s })},
		{Field: "org_unit_id", Call: hire(func(h *employee.Hiring, s string) { h.OrgUnitID = s })},
		{Field: "supervisor_id", Call: hire(func(h *employee.Hiring, s string) { h.SupervisorID = s })},
		{Field: "documents[0]", Call: func(s string) error { return decided(state(onboarding).FileDocuments([]string{s}, "hr-1", t0)) }},
		{Field: "training_ref", Call: func(s string) error { return decided(state(onboarding).RecordPreJobTraining(true, s, "hr-1", t0)) }},
		{Field: "assessment.responsibility", Call: confirm(func(a *employee.Assessment, s string) { a.Responsibility = s })},
		{Field: "assessment.ability", Call: confirm(func(a *employee.Assessment, s string) { a.Ability = s })},
		{Field: "assessment.contribution", Call: confirm(func(a *employee.Assessment, s string) { a.Contribution = s })},
		{Field: "assessment.responsibility", Call: failProbation(func(a *employee.Assessment, s string) { a.Responsibility = s })},
		{Field: "assessment.ability", Call: failProbation(func(a *employee.Assessment, s string) { a.Ability = s })},
		{Field: "assessment.contribution", Call: failProbation(func(a *employee.Assessment, s string) { a.Contribution = s })},
		{Field: "reason", Call: func(s string) error {
			return decided(state(onProbation).GrantLeniency("gm-1", domain.RoleGM, s, reg, t1))
		}},
		{Field: "report_id", Call: func(s string) error {
			r := daily
			r.ReportID = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "content", Call: func(s string) error {
			r := daily
			r.Content = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "next_plan", Call: func(s string) error {
			r := daily
			r.NextPlan = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "visits[0].contact_name", Call: func(s string) error {
			r := daily
			r.Visits = []employee.ReportVisit{visit}
			r.Visits[0].ContactName = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "visits[0].phone", Call: func(s string) error {
			r := daily
			r.Visits = []employee.ReportVisit{visit}
			r.Visits[0].Phone = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "visits[0].outcome", Call: func(s string) error {
			r := daily
			r.Visits = []employee.ReportVisit{visit}
			r.Visits[0].Outcome = s
			return decided(work.SubmitWorkReport(r, reg, t1))
		}},
		{Field: "report_id", Call: func(s string) error {
			sub := submitted
			sub.ReportID = s
			return decided(state(atWork, sub).RejectWorkReport(s, "dh-1", domain.RoleDeptHead, "illegible", reg, t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(state(atWork, submitted).RejectWorkReport("r-1", "dh-1", domain.RoleDeptHead, s, reg, t1))
		}},
		{Field: "appraisal_id", Call: func(s string) error {
			r := employee.AppraisalResult{AppraisalID: s, Cycle: employee.CycleMonthly, PeriodStart: month(5), Scores: scores, Grade: employee.GradeFail}
			return decided(work.RecordAppraisal(r, "ac-1", domain.RoleAppraisalCommittee, t1))
		}},
		{Field: "appraisal_id", Call: func(s string) error {
			failed := appraised(s, employee.CycleMonthly, month(5), employee.GradeFail)
			return decided(state(atWork, failed).StartImprovementPlan(s, "two signed contracts", month(7), "dh-1", t1))
		}},
		{Field: "goals", Call: func(s string) error {
			return decided(state(atWork, failA).StartImprovementPlan("a-5", s, month(7), "dh-1", t1))
		}},
		{Field: "slot", Call: func(s string) error {
			withSlot := reg
			withSlot.CheckInSlots = []string{s}
			return decided(state(onProbation).CheckIn(s, withSlot, t0))
		}},
		{Field: "leave_id", Call: func(s string) error { r := leave; r.LeaveID = s; return decided(work.RequestLeave(r, t0)) }},
		{Field: "reason", Call: func(s string) error { r := leave; r.Reason = s; return decided(work.RequestLeave(r, t0)) }},
		{Field: "leave_id", Call: func(s string) error { r := behind; r.LeaveID = s; return decided(work.FileRetroactiveLeave(r, t0)) }},
		{Field: "reason", Call: func(s string) error { r := behind; r.Reason = s; return decided(work.FileRetroactiveLeave(r, t0)) }},
		{Field: "leave_id", Call: func(s string) error {
			req := employee.LeaveRequested{EmployeeID: "e-1", LeaveID: s, From: leave.From, To: leave.To, Reason: "family", RequestedAt: t0}
			return decided(state(atWork, req).SignLeave(s, "dh-1", domain.RoleDeptHead, t1))
		}},
		{Field: "to_org_unit_id", Call: func(s string) error {
			c := employee.RoleChange{Kind: employee.Transfer, ToOrgUnitID: s, Basis: onAppraisal}
			return decided(appraisedWell.ChangeRole(c, t1))
		}},
		{Field: "supervisor_id", Call: func(s string) error {
			c := employee.RoleChange{Kind: employee.Transfer, ToOrgUnitID: "sales-west", SupervisorID: s, Basis: onAppraisal}
			return decided(appraisedWell.ChangeRole(c, t1))
		}},
		{Field: "basis.id", Call: func(s string) error {
			excellent := employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: s, Cycle: employee.CycleAnnual, Grade: employee.GradeExcellent}
			c := employee.RoleChange{Kind: employee.Promotion, ToRole: domain.RoleTeamSupervisor, Basis: employee.RecordRef{Kind: employee.RecordAppraisal, ID: s}}
			return decided(state(atWork, excellent).ChangeRole(c, t1))
		}},
		{Field: "reason", Call: func(s string) error { return decided(work.InitiateDeparture(employee.DepartureResign, s, nil, t1)) }},
		{Field: "basis.id", Call: func(s string) error {
			failed := appraised(s, employee.CycleMonthly, month(5), employee.GradeFail)
			basis := &employee.RecordRef{Kind: employee.RecordAppraisal, ID: s}
			return decided(state(atWork, failed).InitiateDeparture(employee.DepartureDismiss, "fails", basis, t1))
		}},
		{Field: "violation", Formatted: true, Call: func(s string) error {
			return decided(work.SummarilyDismiss(employee.Violation(s), "second job", t1))
		}},
		{Field: "reason", Call: func(s string) error { return decided(work.SummarilyDismiss(employee.ViolationPartTimeJob, s, t1)) }},
		{Field: "items[0]", Call: func(s string) error { return decided(state(atWork, resigning).ArchiveFiles([]string{s}, "adm-1", t1)) }},
		{Field: "fine_id", Call: func(s string) error { return fine(s, "SLACKING", "asleep") }},
		{Field: "item", Call: func(s string) error { return fine("f-1", s, "asleep") }},
		{Field: "reason", Call: func(s string) error { return fine("f-1", "SLACKING", s) }},
		{Field: "reward_id", Call: reward(func(g *employee.RewardGrant, s string) { g.RewardID = s })},
		{Field: "type", Call: reward(func(g *employee.RewardGrant, s string) { g.Type = s })},
		{Field: "reason", Call: reward(func(g *employee.RewardGrant, s string) { g.Reason = s })},
		{Field: "basis.id", Call: func(s string) error {
			bonus := domain.Yuan(50)
			excellent := employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: s, Cycle: employee.CycleAnnual, Grade: employee.GradeExcellent}
			g := employee.RewardGrant{RewardID: "rw-1", Type: "TOP_PERFORMER", Amount: &bonus, Reason: "best year",
				Basis: &employee.RecordRef{Kind: employee.RecordAppraisal, ID: s}}
			return decided(state(atWork, excellent).Reward(g, "dh-1", reg, t1))
		}},
		{Field: "penalty_id", Call: penalty(func(p *employee.PenaltyDecision, s string) { p.PenaltyID = s })},
		{Field: "type", Call: penalty(func(p *employee.PenaltyDecision, s string) { p.Type = s })},
		{Field: "reason", Call: penalty(func(p *employee.PenaltyDecision, s string) { p.Reason = s })},
		{Field: "rule_ref", Call: penalty(func(p *employee.PenaltyDecision, s string) { p.RuleRef = s })},
		{Field: "outing_id", Call: outing(func(o *employee.Outing, s string) { o.OutingID = s })},
		{Field: "destination", Call: outing(func(o *employee.Outing, s string) { o.Destination = s })},
		{Field: "purpose", Call: outing(func(o *employee.Outing, s string) { o.Purpose = s })},
		{Field: "customer_ids[0]", Call: outing(func(o *employee.Outing, s string) { o.CustomerIDs = []string{s} })},
		{Field: "trip_id", Call: trip(func(tr *employee.Trip, s string) { tr.TripID = s })},
		{Field: "destination", Call: trip(func(tr *employee.Trip, s string) { tr.Destination = s })},
		{Field: "purpose", Call: trip(func(tr *employee.Trip, s string) { tr.Purpose = s })},
		{Field: "trip_id", Call: func(s string) error {
			req := tripRequested
			req.TripID = s
			return decided(state(atWork, req).ApproveBusinessTrip(s, "dh-1", domain.RoleDeptHead, t1))
		}},
	})
}
