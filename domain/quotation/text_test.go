package quotation_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

// Given a quotation at the stage each decision needs, when one text input
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused naming the field as the API names it, for every caller
// (§2.5-text).
func TestQuotation_textLimits(t *testing.T) {
	draftOf := quotation.Draft{
		QuotationID: "q-1", CustomerID: "c-1", Type: quotation.TypeWrittenFinal, Lines: []quotation.Line{line(10000, 6000)},
		DemandAssessment: "buys 200 valves a year",
	}
	draft := func(change func(*quotation.Draft, string)) func(string) error {
		return func(s string) error {
			d := draftOf
			change(&d, s)
			return decided(quotation.Quotation{}.Draft(d, known, reg, ver, "rep-1", t0))
		}
	}
	given := func(h []domain.Event) quotation.Quotation { return domain.Fold(quotation.Quotation.Evolve, h...) }
	productLine := func(s string) []quotation.Line { l := line(10000, 6000); l.Product = s; return []quotation.Line{l} }
	texttest.Check(t, []texttest.Input{
		{Field: "quotation_id", Call: draft(func(d *quotation.Draft, s string) { d.QuotationID = s })},
		{Field: "customer_id", Call: draft(func(d *quotation.Draft, s string) { d.CustomerID = s })},
		{Field: "cost_basis_ref", Call: draft(func(d *quotation.Draft, s string) { d.CostBasisRef = s })},
		{Field: "demand_assessment", Call: draft(func(d *quotation.Draft, s string) { d.DemandAssessment = s })},
		{Field: "supersedes", Call: draft(func(d *quotation.Draft, s string) { d.Supersedes = s })},
		{Field: "lines[0].product", Call: draft(func(d *quotation.Draft, s string) { d.Lines = productLine(s) })},
		{Field: "lines[0].product", Call: func(s string) error {
			return decided(given(drafted(quotation.TypeWrittenFinal, 6000)).Revise(productLine(s), "", "new cost", reg, ver, "rep-1", t1))
		}},
		{Field: "cost_basis_ref", Call: func(s string) error {
			return decided(given(drafted(quotation.TypeWrittenFinal, 6000)).Revise(productLine("valve"), s, "new cost", reg, ver, "rep-1", t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(drafted(quotation.TypeWrittenFinal, 6000)).Revise(productLine("valve"), "", s, reg, ver, "rep-1", t1))
		}},
		{Field: "comment", Call: func(s string) error {
			return decided(given(pending(6000)).Approve("boss-1", domain.RoleGM, s, reg, ver, t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(pending(6000)).Reject("boss-1", domain.RoleGM, s, reg, ver, t1))
		}},
		{Field: "reason", Call: func(s string) error { return decided(given(approvedIssued()).RejectByCustomer(s, "rep-1", t1)) }},
		{Field: "superseded_by", Call: func(s string) error { return decided(given(approvedIssued()).Supersede(s, "rep-1", t1)) }},
	})
}
