package queries

import "github.com/opsledger/opsledger/domain"

// Personal facts in the compliance answers. A fine's amount is part of
// the employee's conduct record and a base salary is pay: both follow the
// rule for an employee's record (MayReadEmployeeRecord), whoever asks the
// question. The rest of each row (who decided, under which rule, whether
// it matched the schedule, who approved) is the audit's and stays.
var auditPersonalFacts = map[string]struct{ fact, category string }{
	"A12": {"amount", CategoryConduct},
	"A17": {"amount", CategorySalary},
}

// ShowAuditAnswer applies the read rules to an answer's personal facts,
// in place: a fact actor may not read is removed from its row. It returns
// the personal data left in the answer, for the read-access log. An
// answer row names the employee only, not their org unit, so a
// department head reads these facts for no one but themself here (they
// read their staff's records on the employee endpoints).
func ShowAuditAnswer(actor domain.Actor, a *AuditAnswer) []PersonalRead {
	p, ok := auditPersonalFacts[a.Question]
	if !ok {
		return nil
	}
	var shown []PersonalRead
	for i := range a.Rows {
		facts := a.Rows[i].Facts
		if _, has := facts[p.fact]; !has {
			continue
		}
		who := facts["employee_id"]
		if !MayReadEmployeeRecord(actor, EmployeeView{EmployeeID: who}) {
			delete(facts, p.fact)
			continue
		}
		shown = append(shown, PersonalRead{SubjectKind: SubjectEmployee, SubjectID: who, Category: p.category, Fields: []string{p.fact}})
	}
	return shown
}

// EmployeeRecordFields are the personal fields of an employee's full
// record (EmployeeView) beyond the directory entry.
var EmployeeRecordFields = []string{"probation_ends_on", "departure_type", "appraisals", "last_grade", "dismissal_due_at",
	"improvement_plan", "rewards", "reward_total", "penalties", "fines", "fine_total"}

// CustomerContactFields are the personal fields of a customer file.
var CustomerContactFields = []string{"primary_contact", "phone"}

// KeyContactFields are a key person's personal fields.
var KeyContactFields = []string{"personal"}

// PersonalEvents are the event types whose bodies carry personal data, by
// the category they carry: the raw audit trail shows bodies as stored, so
// a page of it that holds one of these is a read of that subject's data.
var PersonalEvents = map[string]string{
	"customer.registered":           CategoryCustomerContact,
	"customer.profile_updated":      CategoryCustomerContact,
	"customer.key_contact_added":    CategoryKeyContacts,
	"customer.key_contact_updated":  CategoryKeyContacts,
	"employee.base_salary_approved": CategorySalary,
	"employee.base_salary_set":      CategorySalary,
	"employee.final_pay_settled":    CategorySalary,
	"employee.fined":                CategoryConduct,
	"employee.rewarded":             CategoryConduct,
	"employee.penalized":            CategoryConduct,
	"employee.appraisal_recorded":   CategoryAppraisals,
}

// PersonalTrailReads lists the personal data a page of the audit trail
// shows, one read per subject and category.
func PersonalTrailReads(rows []AuditEntry) []PersonalRead {
	var out []PersonalRead
	seen := map[[3]string]bool{}
	for _, e := range rows {
		category, ok := PersonalEvents[e.EventType]
		key := [3]string{e.AggregateType, e.AggregateID, category}
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, PersonalRead{SubjectKind: e.AggregateType, SubjectID: e.AggregateID, Category: category, Fields: []string{"data"}})
	}
	return out
}
