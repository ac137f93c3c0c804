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
