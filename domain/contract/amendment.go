package contract

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// AmendmentInput is a requested change to a signed contract: the full terms
// it would have afterwards.
type AmendmentInput struct {
	AmendmentID string
	Terms       Terms
	Reason      string
}

// RequestAmendment drafts a change to a signed contract. The draft then runs
// the full chain (Submit, department head, legal, GM) and takes effect only
// with ApplyAmendment. It refuses a contract that is not signed, a second
// amendment while one is under way (the same id again records nothing) and
// missing mandatory clauses. An unchanged price keeps its quotation; a new
// price must be linked to an approved final quotation (K6), and a
// mismatching one is recorded as UnauthorisedQuotationDetected.
func (ct Contract) RequestAmendment(in AmendmentInput, quote QuoteFacts, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(in.Terms.texts(), domain.Text("amendment_id", in.AmendmentID), domain.Text("reason", in.Reason), domain.Text("quotation_id", quote.QuotationID))...); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case !ct.IsSigned():
		return nil, ErrWrongState
	case ct.Amendment != nil && ct.AmendmentID == in.AmendmentID:
		return nil, nil
	case ct.Amendment != nil:
		return nil, ErrAmendmentPending
	case in.AmendmentID == "":
		return nil, domain.InvalidField("amendment_id", "is required")
	case in.Reason == "":
		return nil, ErrReasonRequired
	}
	if err := in.Terms.Validate(); err != nil {
		return nil, err
	}
	linked, quotationID := in.Terms.Price.Equal(ct.Value), ct.Paper.QuotationID
	var detected string
	if quote.QuotationID != "" {
		var err error
		quotationID = quote.QuotationID
		if linked, detected, err = checkPrice(quote, in.Terms.Price, ct.CustomerID); err != nil {
			return nil, err
		}
	}
	events := []domain.Event{AmendmentRequested{
		ContractID: ct.ID, AmendmentID: in.AmendmentID, Terms: in.Terms, Reason: in.Reason,
		QuotationID: quotationID, PriceLinked: linked, MissingRecommendedClauses: in.Terms.MissingRecommended(),
		RequestedBy: by.EmployeeID, RequestedRole: by.Role, RequestedByOrgUnitID: by.OrgUnitID, RequestedAt: now,
	}}
	if detected != "" {
		events = append(events, unauthorised(ct.ID, in.AmendmentID, ct.CustomerID, quote, in.Terms.Price, detected, by, now))
	}
	return events, nil
}

// WithdrawAmendment drops the amendment under way before it takes effect.
// Its requester or a manager may withdraw it; a reason is required.
func (ct Contract) WithdrawAmendment(amendmentID, reason string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("amendment_id", amendmentID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Amendment == nil || ct.AmendmentID != amendmentID:
		return nil, ErrNoAmendment
	case reason == "":
		return nil, ErrReasonRequired
	case by.EmployeeID != ct.Amendment.DrafterID && !slices.Contains(domain.ManagerRoles(), by.Role):
		return nil, domain.Forbidden("only the requester or a manager may withdraw an amendment")
	}
	return []domain.Event{AmendmentWithdrawn{
		ContractID: ct.ID, AmendmentID: amendmentID, Reason: reason, WithdrawnBy: by.EmployeeID, WithdrawnAt: now,
	}}, nil
}
