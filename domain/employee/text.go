package employee

import "github.com/opsledger/opsledger/domain"

// The texts of the employee's inputs, named as the API names them
// (§2.5-text): each decision holds them to their kinds with
// domain.CheckTexts before anything else.

// texts are the three aspects of a probation assessment.
func (a Assessment) texts() []domain.FieldText {
	return []domain.FieldText{
		domain.Text("assessment.responsibility", a.Responsibility), domain.Text("assessment.ability", a.Ability),
		domain.Text("assessment.contribution", a.Contribution),
	}
}

// texts are the id of the record a decision rests on, if it names one.
func (r *RecordRef) texts() []domain.FieldText {
	if r == nil {
		return nil
	}
	return []domain.FieldText{domain.Text("basis.id", r.ID)}
}

// texts are a work report's texts, its visits' included.
func (r WorkReport) texts() []domain.FieldText {
	texts := []domain.FieldText{domain.Text("report_id", r.ReportID), domain.Text("content", r.Content), domain.Text("next_plan", r.NextPlan)}
	for i, v := range r.Visits {
		at := domain.Indexed("visits", i) + "."
		texts = append(texts, domain.Text(at+"customer", v.Customer), domain.Text(at+"contact_name", v.ContactName),
			domain.Text(at+"contact_title", v.ContactTitle), domain.Text(at+"contact_department", v.ContactDepartment),
			domain.Text(at+"phone", v.Phone), domain.Text(at+"outcome", v.Outcome))
	}
	return texts
}
