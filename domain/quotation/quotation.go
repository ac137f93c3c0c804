// Package quotation is the Quotation aggregate (报价): oral, initial,
// second and final quotes for a customer, their gross margin and the
// margin-authority approval of K7 (see docs/RULES.md).
//
// Rules enforced here:
//
//	C6  no quote without an existing customer file and the rep's
//	    assessment of the customer's demand capacity
//	K7-costing a concrete quote's cost basis is the business engineer's
//	    costing, never the rep's own figures
//	K7-price a final quote's price is approved by company leadership
//	K7  margin ≥ 50%: the rep may issue at once, and the approval is
//	    recorded after the fact (RetroApprovalPending until then);
//	    30–50%: department head; 20–30%: GM office; < 20%: GM; a higher
//	    authority may approve a lower tier
//	(D) oral and initial quotes only indicate a price band: they need no
//	    approval; the approver is never the drafter
//
// Margin = (price − cost) / price over the quote's lines, exact.
package quotation

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Type is the kind of quote (K7, §2.2.2-price-band).
type Type string

// The four quote types.
const (
	TypeOral           Type = "ORAL"
	TypeWrittenInitial Type = "WRITTEN_INITIAL"
	TypeWrittenSecond  Type = "WRITTEN_SECOND"
	TypeWrittenFinal   Type = "WRITTEN_FINAL"
)

// Valid reports whether t is one of the four types.
func (t Type) Valid() bool {
	return slices.Contains([]Type{TypeOral, TypeWrittenInitial, TypeWrittenSecond, TypeWrittenFinal}, t)
}

// Concrete reports whether quotes of type t state a real price and so need
// margin approval (second and final quotes).
func (t Type) Concrete() bool { return t == TypeWrittenSecond || t == TypeWrittenFinal }

// Status is where a quotation is in its lifecycle.
type Status string

// The quotation states (K7, §2.2.2-price-band).
const (
	StatusNone               Status = ""
	StatusDraft              Status = "DRAFT"
	StatusPendingApproval    Status = "PENDING_APPROVAL"
	StatusApproved           Status = "APPROVED"
	StatusIssued             Status = "ISSUED"
	StatusAccepted           Status = "ACCEPTED"
	StatusRejectedByCustomer Status = "REJECTED_BY_CUSTOMER"
	StatusSuperseded         Status = "SUPERSEDED"
	StatusExpired            Status = "EXPIRED"
)

// Quotation is the state of one quotation, as far as decisions need it.
type Quotation struct {
	ID         string
	CustomerID string
	Type       Type
	Status     Status
	Price      domain.Money // total price of all lines
	Cost       domain.Money // total cost basis: the engineer's costing once Costed
	Lines      []Line
	// Costed is set once the business engineer costed the current lines
	// (K7-costing); PriceApproved once leadership approved the price on
	// that costing (K7-price). A revision clears both.
	Costed        bool
	PriceApproved bool
	Margin        domain.Percent
	DraftedBy     string
	ValidUntil    time.Time
	// RetroApprovalPending is set while a quote issued under the rep's
	// own authority (margin ≥ 50%) awaits its after-the-fact approval.
	RetroApprovalPending bool
	// RetroRejected is set when that after-the-fact approval was refused.
	RetroRejected bool
}

// Stream is the event stream of quotation id.
func Stream(id string) string { return "quotation-" + id }

// Exists reports whether the quotation was drafted.
func (q Quotation) Exists() bool { return q.Status != StatusNone }

// IsApprovedFinal reports whether q is a final quote whose price is
// approved: type WRITTEN_FINAL, status APPROVED, ISSUED or ACCEPTED, and
// no after-the-fact approval pending or refused. A contract price must
// come from such a quote (K6).
func (q Quotation) IsApprovedFinal() bool {
	return q.Type == TypeWrittenFinal &&
		(q.Status == StatusApproved || q.Status == StatusIssued || q.Status == StatusAccepted) &&
		!q.RetroApprovalPending && !q.RetroRejected
}

// MarginRatio is the exact gross margin (price − cost) / price.
func (q Quotation) MarginRatio() domain.Ratio { return margin(q.Price, q.Cost) }

func margin(price, cost domain.Money) domain.Ratio {
	if price.Minor == 0 {
		return domain.NewRatio(0, 1)
	}
	return domain.NewRatio(price.Minor-cost.Minor, price.Minor)
}

// Evolve applies one event to the state. It never fails: events are facts.
func (q Quotation) Evolve(e domain.Event) Quotation {
	switch e := e.(type) {
	case Drafted:
		q.ID, q.CustomerID, q.Type, q.Status = e.QuotationID, e.CustomerID, e.Type, StatusDraft
		q.Price, q.Cost, q.DraftedBy, q.ValidUntil, q.Lines = e.Price, e.Cost, e.DraftedBy, e.ValidUntil, e.Lines
	case Revised:
		q.Price, q.Cost, q.Lines, q.Costed, q.PriceApproved = e.Price, e.Cost, e.Lines, false, false
	case CostingRecorded:
		q.Cost, q.Costed, q.PriceApproved = e.Cost, true, false
	case PriceApproved:
		q.PriceApproved = true
	case MarginComputed:
		q.Margin = e.Margin
	case ApprovalRequested:
		q.Status = StatusPendingApproval
	case Approved:
		q = q.approved(e)
	case Rejected:
		q = q.rejected(e)
	case Issued:
		q.Status = StatusIssued
	case IssuedUnderRepAuthority:
		q.Status, q.RetroApprovalPending = StatusIssued, true
	case AcceptedByCustomer:
		q.Status = StatusAccepted
	case RejectedByCustomer:
		q.Status = StatusRejectedByCustomer
	case Superseded:
		q.Status = StatusSuperseded
	case Expired:
		q.Status = StatusExpired
	}
	return q
}

func (q Quotation) approved(e Approved) Quotation {
	if e.Retro {
		q.RetroApprovalPending = false
	} else {
		q.Status = StatusApproved
	}
	return q
}

func (q Quotation) rejected(e Rejected) Quotation {
	if e.Retro {
		q.RetroApprovalPending, q.RetroRejected = false, true
	} else {
		q.Status = StatusDraft // returned to the rep for revision
	}
	return q
}
