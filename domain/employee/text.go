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
