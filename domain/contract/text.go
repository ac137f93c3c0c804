package contract

import "github.com/opsledger/opsledger/domain"

// The texts of the contract's inputs, named as the API names them
// (§2.5-text): each decision holds them to their kinds with
// domain.CheckTexts before anything else.

// texts are the clauses of t, under the request's "terms".
func (t Terms) texts() []domain.FieldText {
	return []domain.FieldText{
		domain.Text("terms.rights_obligations", t.RightsObligations), domain.Text("terms.scope", t.Scope),
		domain.Text("terms.payment_terms", t.PaymentTerms), domain.Text("terms.returns_clause", t.ReturnsClause),
		domain.Text("terms.compensation_clause", t.CompensationClause),
		domain.Text("terms.late_delivery_clause", t.LateDeliveryClause),
		domain.Text("terms.quality_requirements", t.QualityRequirements),
		domain.Text("terms.quality_inspection", t.QualityInspection), domain.Text("terms.service_terms", t.ServiceTerms),
	}
}

func (s Signature) texts() []domain.FieldText {
	return []domain.FieldText{
		domain.Text("place", s.Place), domain.Text("customer_signatory", s.CustomerSignatory),
		domain.Text("document_hash", s.DocumentHash),
	}
}

func instalmentTexts(instalments []Instalment) []domain.FieldText {
	texts := make([]domain.FieldText, len(instalments))
	for i, in := range instalments {
		texts[i] = domain.Text(domain.Indexed("instalments", i)+".id", in.ID)
	}
	return texts
}
