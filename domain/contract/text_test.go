package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

func given(h ...[]domain.Event) contract.Contract {
	return domain.Fold(contract.Contract.Evolve, history(h...)...)
}

// termsFields sets each clause of the terms by the name the API gives it.
var termsFields = map[string]func(*contract.Terms, string){
	"rights_obligations":   func(t *contract.Terms, s string) { t.RightsObligations = s },
	"scope":                func(t *contract.Terms, s string) { t.Scope = s },
	"payment_terms":        func(t *contract.Terms, s string) { t.PaymentTerms = s },
	"returns_clause":       func(t *contract.Terms, s string) { t.ReturnsClause = s },
	"compensation_clause":  func(t *contract.Terms, s string) { t.CompensationClause = s },
	"late_delivery_clause": func(t *contract.Terms, s string) { t.LateDeliveryClause = s },
	"quality_requirements": func(t *contract.Terms, s string) { t.QualityRequirements = s },
	"quality_inspection":   func(t *contract.Terms, s string) { t.QualityInspection = s },
	"service_terms":        func(t *contract.Terms, s string) { t.ServiceTerms = s },
}

// Given a contract at the stage each decision needs, when one text input
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused naming the field as the API names it, for every caller
// (§2.5-text).
func TestContract_textLimits(t *testing.T) {
	draftIn := contract.DraftInput{ContractID: "c-1", CustomerID: "cu-1", Terms: terms, DepositRequired: deposit}
	draft := func(in contract.DraftInput, q contract.QuoteFacts) error {
		return decided(contract.Contract{}.Draft(in, q, customer, rep, t0))
	}
	quoted := func(id string) contract.QuoteFacts { q := quote; q.QuotationID = id; return q }
	unlinked := drafted
	unlinked.PriceLinked, unlinked.QuotationID = false, ""
	amendment := contract.AmendmentInput{AmendmentID: "a-1", Terms: amendedTerms, Reason: "a later delivery"}
	review := []domain.Event{drafted, registered}
	overdue := t0.AddDate(0, 1, 1)
	inputs := []texttest.Input{
		{Field: "contract_id", Call: func(s string) error { in := draftIn; in.ContractID = s; return draft(in, quote) }},
		{Field: "customer_id", Call: func(s string) error {
			in, q := draftIn, quote
			in.CustomerID, q.CustomerID = s, s
			return draft(in, q)
		}},
		{Field: "quotation_id", Call: func(s string) error { return draft(draftIn, quoted(s)) }},
		{Field: "quotation_id", Call: func(s string) error {
			return decided(given([]domain.Event{drafted}).ReviseDraft(terms, quoted(s), rep, t1))
		}},
		{Field: "quotation_id", Call: func(s string) error {
			return decided(given([]domain.Event{unlinked}).LinkFinalQuotation(quoted(s), rep, t1))
		}},
		{Field: "registration_no", Call: func(s string) error {
			return decided(given([]domain.Event{drafted}).Submit(contract.Submission{RegistrationNo: s, DocumentHash: hash}, rep, t0))
		}},
		{Field: "document_hash", Call: func(s string) error {
			return decided(given([]domain.Event{drafted}).Submit(contract.Submission{RegistrationNo: "REG-1", DocumentHash: s}, rep, t0))
		}},
		{Field: "documents[0]", Call: func(s string) error {
			sub := contract.Submission{RegistrationNo: "REG-1", DocumentHash: hash, Documents: []string{s}}
			return decided(given([]domain.Event{drafted}).Submit(sub, rep, t0))
		}},
		{Field: "amendment_id", Call: func(s string) error {
			in := amendment
			in.AmendmentID = s
			return decided(given(executing).RequestAmendment(in, contract.QuoteFacts{}, rep, t2))
		}},
		{Field: "reason", Call: func(s string) error {
			in := amendment
			in.Reason = s
			return decided(given(executing).RequestAmendment(in, contract.QuoteFacts{}, rep, t2))
		}},
		{Field: "quotation_id", Call: func(s string) error {
			return decided(given(executing).RequestAmendment(amendment, quoted(s), rep, t2))
		}},
		{Field: "amendment_id", Call: func(s string) error {
			asked := amendmentRequested
			asked.AmendmentID = s
			return decided(given(executing, []domain.Event{asked}).WithdrawAmendment(s, "changed mind", rep, t2))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(executing, amendmentChain[:1]).WithdrawAmendment("a-1", s, rep, t2))
		}},
		{Field: "comment", Call: func(s string) error { return decided(given(review).ApproveByDeptHead(head, s, t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(review).RejectByDeptHead(head, s, t1)) }},
		{Field: "findings", Call: func(s string) error {
			return decided(given(review, []domain.Event{deptApproved}).PassLegalReview(legal, s, t1))
		}},
		{Field: "findings", Call: func(s string) error {
			return decided(given(review, []domain.Event{deptApproved}).FailLegalReview(legal, s, t1))
		}},
		{Field: "comment", Call: func(s string) error { return decided(given(approvedChain[:4]).ApproveByGM(gm, s, t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(approvedChain[:4]).RejectByGM(gm, s, t1)) }},
		{Field: "place", Formatted: true, Call: func(s string) error {
			return decided(given(approvedChain).Sign(contract.Signature{Place: s, CustomerSignatory: "Mr Li", DocumentHash: hash}, head, contract.DefaultRegulation(), t1))
		}},
		{Field: "customer_signatory", Call: func(s string) error {
			sig := contract.Signature{Place: contract.PlaceCompany, CustomerSignatory: s, DocumentHash: hash}
			return decided(given(approvedChain).Sign(sig, head, contract.DefaultRegulation(), t1))
		}},
		{Field: "document_hash", Call: func(s string) error {
			reg := registered
			reg.DocumentHash = s
			chain := []domain.Event{drafted, reg, deptApproved, legalPassed, gmApproved}
			sig := contract.Signature{Place: contract.PlaceCompany, CustomerSignatory: "Mr Li", DocumentHash: s}
			return decided(given(chain).Sign(sig, head, contract.DefaultRegulation(), t1))
		}},
		{Field: "document_hash", Call: func(s string) error {
			chain := append([]domain.Event{}, amendmentChain...)
			chain[1] = contract.Registered{ContractID: "c-1", AmendmentID: "a-1", RegistrationNo: "REG-1A", DocumentHash: s}
			sig := contract.Signature{Place: contract.PlaceCompany, DocumentHash: s}
			return decided(given(executing, chain, []domain.Event{amendmentApproved}).ApplyAmendment(sig, head, contract.DefaultRegulation(), t2))
		}},
		{Field: "reference", Call: func(s string) error { return decided(given(signedChain).RecordDepositReceived(deposit, s, fin, t1)) }},
		{Field: "issue_id", Call: func(s string) error {
			return decided(given(executing).RaiseExecutionIssue(s, contract.IssueRequirementChange, "model P-8", rep, t1))
		}},
		{Field: "description", Call: func(s string) error {
			return decided(given(executing).RaiseExecutionIssue("x-1", contract.IssueRequirementChange, s, rep, t1))
		}},
		{Field: "issue_id", Call: func(s string) error {
			raised := contract.ExecutionIssueRaised{ContractID: "c-1", IssueID: s, Type: contract.IssueDeliveryDelay, Description: "late"}
			return decided(given(executing, []domain.Event{raised}).ResolveExecutionIssue(s, "shipped by air", rep, t2))
		}},
		{Field: "resolution", Call: func(s string) error {
			raised := contract.ExecutionIssueRaised{ContractID: "c-1", IssueID: "x-1", Type: contract.IssueDeliveryDelay, Description: "late"}
			return decided(given(executing, []domain.Event{raised}).ResolveExecutionIssue("x-1", s, rep, t2))
		}},
		{Field: "feedback", Call: func(s string) error {
			return decided(given(executing, []domain.Event{contract.Completed{ContractID: "c-1"}}).RecordCompletionFeedback(s, true, rep, t2))
		}},
		{Field: "reason", Call: func(s string) error { return decided(given(executing).Terminate(s, "LO-7", gm, t2)) }},
		{Field: "legal_opinion_ref", Call: func(s string) error { return decided(given(executing).Terminate("insolvent", s, gm, t2)) }},
		{Field: "instalments[0].id", Call: func(s string) error {
			plan := append([]contract.Instalment{}, planSet.Instalments...)
			plan[0].ID = s
			return decided(given(signedChain, []domain.Event{depositIn}).SetCollectionPlan(plan, rep, t1))
		}},
		{Field: "instalment_id", Call: func(s string) error {
			return decided(given(executingWithPlan(s)).RecordPayment(s, domain.Yuan(10000), "bank-1", fin, t2))
		}},
		{Field: "reference", Call: func(s string) error {
			return decided(given(executing).RecordPayment("i-1", domain.Yuan(10000), s, fin, t2))
		}},
		{Field: "instalment_id", Call: func(s string) error {
			return decided(given(executingWithPlan(s)).EscalateCollection(s, contract.DunningLetter, "", rep, overdue))
		}},
		{Field: "note", Call: func(s string) error {
			return decided(given(executing).EscalateCollection("i-1", contract.DunningLetter, s, rep, overdue))
		}},
	}
	for name, set := range termsFields {
		inputs = append(inputs,
			texttest.Input{Field: "terms." + name, Call: func(s string) error {
				in := draftIn
				set(&in.Terms, s)
				return draft(in, quote)
			}},
			texttest.Input{Field: "terms." + name, Call: func(s string) error {
				tm := terms
				set(&tm, s)
				return decided(given([]domain.Event{drafted}).ReviseDraft(tm, quote, rep, t1))
			}},
			texttest.Input{Field: "terms." + name, Call: func(s string) error {
				in := amendment
				set(&in.Terms, s)
				return decided(given(executing).RequestAmendment(in, contract.QuoteFacts{}, rep, t2))
			}},
		)
	}
	texttest.Check(t, inputs)
}

// executingWithPlan is executing with the first instalment of its plan
// called id.
func executingWithPlan(id string) []domain.Event {
	plan := planSet
	plan.Instalments = append([]contract.Instalment{}, planSet.Instalments...)
	plan.Instalments[0].ID = id
	return history(signedChain, []domain.Event{depositIn, started, plan})
}
