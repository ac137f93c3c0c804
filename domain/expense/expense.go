// Package expense is the expense claim aggregate (报销, SPEC §5 item 12,
// §1.6 "Business expense (in advance)" and "Expense reimbursement"): an
// employee's claim for the customer-related expenses seed 000 names (the
// phone calls arranging visits, transport to the customer, business
// cards), with an itemised list of original vouchers; the company
// manager's approval in advance where the policy requires it; at least two
// signatures, one of them the claimant's manager's; finance's approval;
// and the payment finance records. Signers and finance may return a claim
// for correction or reject it (see docs/RULES.md §5.12-*).
package expense

import (
	"errors"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Status is where a claim stands. The zero value means "not drafted".
type Status string

// The claim states. PRIOR_APPROVED is a draft the company manager
// approved in advance; RETURNED is a claim sent back for correction,
// drafted and submitted again.
const (
	StatusNone            Status = ""
	StatusDraft           Status = "DRAFT"
	StatusPriorApproved   Status = "PRIOR_APPROVED"
	StatusSubmitted       Status = "SUBMITTED"
	StatusSigned          Status = "SIGNED"
	StatusFinanceApproved Status = "FINANCE_APPROVED"
	StatusPaid            Status = "PAID"
	StatusReturned        Status = "RETURNED"
	StatusRejected        Status = "REJECTED"
)

// Statuses lists every state a claim can be in, for the API's enums.
func Statuses() []Status {
	return []Status{StatusDraft, StatusPriorApproved, StatusSubmitted, StatusSigned, StatusFinanceApproved,
		StatusPaid, StatusReturned, StatusRejected}
}

// Kind is what an expense was for: the customer-related expenses the
// branch regulation names as questions of the outside business process
// (SPEC §5.12-kinds).
type Kind string

// The expense kinds of seed 000: 预约客户电话费, 拜访客户交通费用, 名片制作.
const (
	KindPhone         Kind = "PHONE"
	KindTransport     Kind = "TRANSPORT"
	KindBusinessCards Kind = "BUSINESS_CARDS"
)

// Kinds lists the expense kinds.
func Kinds() []Kind { return []Kind{KindPhone, KindTransport, KindBusinessCards} }

func (k Kind) valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Item is one line of the itemised list: an expense of one kind, what it
// cost, the day it was incurred (company calendar, "2006-01-02") and the
// original voucher it rests on.
type Item struct {
	Kind        Kind         `json:"kind"`
	Amount      domain.Money `json:"amount"`
	IncurredOn  string       `json:"incurred_on"`
	VoucherRef  string       `json:"voucher_ref"`
	Description string       `json:"description,omitempty"`
}

// Signature is one signer's signature on a claim's vouchers.
type Signature struct {
	SignerID string      `json:"signer_id"`
	Role     domain.Role `json:"role"`
	Manager  bool        `json:"manager"`
	SignedAt time.Time   `json:"signed_at"`
}

// Claim is the state rebuilt from a claim's stream.
//
// Rules (docs/RULES.md):
//  1. A claim has a purpose and at least one item; every item has a
//     known kind, a positive amount, a day and a voucher (§5.12-itemised).
//  2. A claim the policy requires it of is approved in advance by the
//     company manager, covers no more than was approved and no expense
//     before the approval day (§5.12-prior).
//  3. At least two different people sign, neither of them the claimant,
//     one of them the claimant's manager (§5.12-signatures).
//  4. Finance approves only a signed claim, and records the payment only
//     of a claim it approved (§5.12-finance).
type Claim struct {
	ID            string      `json:"id"`
	Status        Status      `json:"status"`
	ClaimantID    string      `json:"claimant_id"`
	OrgUnitID     string      `json:"org_unit_id"`
	Purpose       string      `json:"purpose"`
	Items         []Item      `json:"items"`
	PriorApproval *Approval   `json:"prior_approval,omitempty"`
	Signatures    []Signature `json:"signatures,omitempty"`
}

// Approval is the company manager's approval in advance: the amount
// approved and the day it was given (company calendar).
type Approval struct {
	ApproverID string       `json:"approver_id"`
	Amount     domain.Money `json:"amount"`
	Day        string       `json:"day"`
}

// Stream returns the event store stream name of a claim.
func Stream(id string) string { return "expense-" + id }

// Evolve returns the state after e. It never fails and never validates.
func (c Claim) Evolve(e domain.Event) Claim {
	switch e := e.(type) {
	case Drafted:
		c.ID, c.ClaimantID, c.OrgUnitID, c.Purpose, c.Items = e.ClaimID, e.ClaimantID, e.OrgUnitID, e.Purpose, e.Items
		if c.Status == StatusNone || c.Status == StatusReturned {
			c.Status = StatusDraft
		}
		if c.PriorApproval != nil && c.Status == StatusDraft {
			c.Status = StatusPriorApproved
		}
	case PriorApproved:
		c.Status = StatusPriorApproved
		c.PriorApproval = &Approval{ApproverID: e.ApproverID, Amount: e.Amount, Day: e.Day}
	case Submitted:
		c.Status, c.Signatures = StatusSubmitted, nil
	case Signed:
		c.Signatures = append(c.Signatures, Signature{SignerID: e.SignerID, Role: e.SignerRole, Manager: e.Manager, SignedAt: e.SignedAt})
		if e.Complete {
			c.Status = StatusSigned
		}
	case FinanceApproved:
		c.Status = StatusFinanceApproved
	case Paid:
		c.Status = StatusPaid
	case Returned:
		c.Status, c.Signatures = StatusReturned, nil
	case Rejected:
		c.Status = StatusRejected
	}
	return c
}

// Total is the sum of the claim's items (zero in the default currency
// for none).
func Total(items []Item) (domain.Money, error) {
	total := domain.Money{Currency: domain.DefaultCurrency}
	if len(items) > 0 {
		total.Currency = items[0].Amount.Currency
	}
	for _, it := range items {
		var err error
		if total, err = total.Add(it.Amount); errors.Is(err, domain.ErrCurrencyMismatch) {
			return domain.Money{}, ErrCurrency
		} else if err != nil {
			return domain.Money{}, domain.InvalidField("items", "the total is out of range")
		}
	}
	return total, nil
}

// StateSchema versions the state a snapshot of a claim holds (see package
// snapshots): bump it whenever a field of Claim changes, or what Evolve
// makes of an event, so a snapshot written by older code is ignored.
const StateSchema = 1
