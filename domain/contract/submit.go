package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReviseDraft replaces the terms of the draft under way (the contract before
// registration or after a return, or an amendment). Only its drafter may
// revise it. A changed price stays linked only when quote names an approved
// final quotation with that price; otherwise it must be linked before
// registration (K6), and a mismatching quotation is recorded as
// UnauthorisedQuotationDetected.
func (ct Contract) ReviseDraft(terms Terms, quote QuoteFacts, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(terms.texts(), domain.Text("quotation_id", quote.QuotationID))...); err != nil {
		return nil, err
	}
	p, amendmentID, err := ct.draftPaper()
	if err != nil {
		return nil, err
	}
	if by.EmployeeID != p.DrafterID {
		return nil, ErrNotDrafter
	}
	if err := terms.Validate(); err != nil {
		return nil, err
	}
	if amendmentID == "" {
		if err := validDeposit(ct.DepositRequired, terms.Price); err != nil {
			return nil, err
		}
	}
	linked, quotationID := p.PriceLinked && p.Terms.Price.Equal(terms.Price), p.QuotationID
	var detected string
	if quote.QuotationID != "" {
		quotationID = quote.QuotationID
		if linked, detected, err = checkPrice(quote, terms.Price, ct.CustomerID); err != nil {
			return nil, err
		}
	}
	events := []domain.Event{DraftRevised{
		ContractID: ct.ID, AmendmentID: amendmentID, Terms: terms, QuotationID: quotationID,
		PriceLinked: linked, MissingRecommendedClauses: terms.MissingRecommended(),
		RevisedBy: by.EmployeeID, RevisedByRole: by.Role, RevisedAt: now,
	}}
	if detected != "" {
		events = append(events, unauthorised(ct.ID, amendmentID, ct.CustomerID, quote, terms.Price, detected, by, now))
	}
	return events, nil
}

// LinkFinalQuotation ties the draft's price to an approved final quotation
// (K6). Linking the quotation already linked records nothing. A quotation
// that is not approved final, is another customer's, or has another price
// is recorded as UnauthorisedQuotationDetected and leaves the price
// unlinked, so the draft still cannot be registered.
func (ct Contract) LinkFinalQuotation(quote QuoteFacts, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("quotation_id", quote.QuotationID)); err != nil {
		return nil, err
	}
	p, amendmentID, err := ct.draftPaper()
	if err != nil {
		return nil, err
	}
	if quote.QuotationID == "" {
		return nil, domain.InvalidField("quotation_id", "is required")
	}
	linked, detected, err := checkPrice(quote, p.Terms.Price, ct.CustomerID)
	if err != nil {
		return nil, err
	}
	if !linked {
		return []domain.Event{unauthorised(ct.ID, amendmentID, ct.CustomerID, quote, p.Terms.Price, detected, by, now)}, nil
	}
	if p.PriceLinked && p.QuotationID == quote.QuotationID {
		return nil, nil
	}
	return []domain.Event{PriceLinked{
		ContractID: ct.ID, AmendmentID: amendmentID, QuotationID: quote.QuotationID,
		Price: p.Terms.Price, LinkedBy: by.EmployeeID, LinkedAt: now,
	}}, nil
}

// Submission is the document bundle filed with the company at registration.
type Submission struct {
	RegistrationNo string
	DocumentHash   string // hash of the contract text under review
	Documents      []string
}

// Submit files the draft under way with the company (报公司登记备案), which
// starts the review chain; a returned draft re-runs it from here. It refuses
// a draft whose price is not linked to an approved final quotation (K6) and
// an incomplete bundle. Submitting the same text again while it is
// registered records nothing.
func (ct Contract) Submit(s Submission, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(domain.Texts("documents", s.Documents), domain.Text("registration_no", s.RegistrationNo), domain.Text("document_hash", s.DocumentHash))...); err != nil {
		return nil, err
	}
	if p, _, ok := ct.subject(); ok && p.Stage == StatusRegistered && p.DocumentHash == s.DocumentHash {
		return nil, nil
	}
	p, amendmentID, err := ct.draftPaper()
	if err != nil {
		return nil, err
	}
	if s.RegistrationNo == "" {
		return nil, domain.InvalidField("registration_no", "is required")
	}
	if s.DocumentHash == "" {
		return nil, domain.InvalidField("document_hash", "the contract text is required for registration")
	}
	if !p.PriceLinked {
		return nil, domain.RuleViolation("K6", "the contract price must be linked to an approved final quotation before registration")
	}
	return []domain.Event{Registered{
		ContractID: ct.ID, AmendmentID: amendmentID, RegistrationNo: s.RegistrationNo,
		DocumentHash: s.DocumentHash, Documents: s.Documents,
		SubmittedBy: by.EmployeeID, SubmittedRole: by.Role, RegisteredAt: now,
	}}, nil
}
