package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CollectionPlanSet is recorded when the plan for collecting a contract's
// price is set or replaced (K10). Its instalments add up to the
// contract value less the required deposit (see Contract rules).
type CollectionPlanSet struct {
	ContractID  string       `json:"contract_id"`
	Instalments []Instalment `json:"instalments"`
	SetBy       string       `json:"set_by"`
	SetAt       time.Time    `json:"set_at"`
}

// PaymentReceived is recorded when finance receives a payment against an
// instalment.
type PaymentReceived struct {
	ContractID   string       `json:"contract_id"`
	InstalmentID string       `json:"instalment_id"`
	Amount       domain.Money `json:"amount"`
	Reference    string       `json:"reference,omitempty"`
	RecordedBy   string       `json:"recorded_by"`
	ReceivedAt   time.Time    `json:"received_at"`
	// Settled tells that the payment cleared the instalment: the dunning
	// steps still scheduled on it are cancelled (K10-overdue).
	Settled bool `json:"settled,omitempty"`
}

// Dunning is what each escalation step records about an overdue instalment.
// It is embedded, so its fields sit at the top level of the stored JSON.
type Dunning struct {
	InstalmentID string       `json:"instalment_id"`
	Outstanding  domain.Money `json:"outstanding"`
	DueDate      time.Time    `json:"due_date"`
	Note         string       `json:"note,omitempty"`
	ByID         string       `json:"by_id"`
	ByRole       domain.Role  `json:"by_role"`
	At           time.Time    `json:"at"`
}

// DunningLetterSent is recorded when a dunning letter goes out for an
// overdue instalment (first escalation step, K10).
type DunningLetterSent struct {
	ContractID string `json:"contract_id"`
	Dunning
}

// CollectionVisitMade is recorded when someone visits the customer about an
// overdue instalment after a dunning letter.
type CollectionVisitMade struct {
	ContractID string `json:"contract_id"`
	Dunning
}

// LegalActionApproved is recorded for each of the two approvals legal
// action on an overdue instalment needs, by the GM and by legal (K10, D).
type LegalActionApproved struct {
	ContractID   string      `json:"contract_id"`
	InstalmentID string      `json:"instalment_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Note         string      `json:"note,omitempty"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// LegalActionInitiated is recorded when legal action is taken over an
// overdue instalment after a letter and a visit, with the second of the
// two approvals (LegalActionApproved); its Dunning names that approver.
type LegalActionInitiated struct {
	ContractID string `json:"contract_id"`
	Dunning
}

// Events lists every event of the contract aggregate, for the codec.
func Events() []domain.Event {
	return []domain.Event{
		Drafted{}, DraftRevised{}, PriceLinked{}, UnauthorisedQuotationDetected{},
		Registered{}, DeptHeadApproved{}, LegalReviewPassed{}, LegalReviewFailed{},
		ApprovedByGM{}, Returned{}, Signed{}, DepositReceived{}, ExecutionStarted{},
		ExecutionIssueRaised{}, ExecutionIssueResolved{}, AmendmentRequested{},
		AmendmentApproved{}, AmendmentWithdrawn{}, Amended{}, Completed{},
		CustomerFeedbackRecorded{}, Closed{}, Terminated{}, CollectionPlanSet{},
		PaymentReceived{}, DunningLetterSent{}, CollectionVisitMade{}, LegalActionApproved{}, LegalActionInitiated{},
		CollectionStepDue{},
	}
}

// EventType names, stored in the event store. They never change.
func (Drafted) EventType() string      { return "contract.drafted" }
func (DraftRevised) EventType() string { return "contract.draft_revised" }
func (PriceLinked) EventType() string  { return "contract.price_linked" }
func (UnauthorisedQuotationDetected) EventType() string {
	return "contract.unauthorised_quotation_detected"
}
func (Registered) EventType() string               { return "contract.registered" }
func (DeptHeadApproved) EventType() string         { return "contract.dept_head_approved" }
func (LegalReviewPassed) EventType() string        { return "contract.legal_review_passed" }
func (LegalReviewFailed) EventType() string        { return "contract.legal_review_failed" }
func (ApprovedByGM) EventType() string             { return "contract.approved_by_gm" }
func (Returned) EventType() string                 { return "contract.returned" }
func (Signed) EventType() string                   { return "contract.signed" }
func (DepositReceived) EventType() string          { return "contract.deposit_received" }
func (ExecutionStarted) EventType() string         { return "contract.execution_started" }
func (ExecutionIssueRaised) EventType() string     { return "contract.execution_issue_raised" }
func (ExecutionIssueResolved) EventType() string   { return "contract.execution_issue_resolved" }
func (AmendmentRequested) EventType() string       { return "contract.amendment_requested" }
func (AmendmentApproved) EventType() string        { return "contract.amendment_approved" }
func (AmendmentWithdrawn) EventType() string       { return "contract.amendment_withdrawn" }
func (Amended) EventType() string                  { return "contract.amended" }
func (Completed) EventType() string                { return "contract.completed" }
func (CustomerFeedbackRecorded) EventType() string { return "contract.customer_feedback_recorded" }
func (Closed) EventType() string                   { return "contract.closed" }
func (Terminated) EventType() string               { return "contract.terminated" }
func (CollectionPlanSet) EventType() string        { return "contract.collection_plan_set" }
func (PaymentReceived) EventType() string          { return "contract.payment_received" }
func (DunningLetterSent) EventType() string        { return "contract.dunning_letter_sent" }
func (CollectionVisitMade) EventType() string      { return "contract.collection_visit_made" }
func (LegalActionApproved) EventType() string      { return "contract.legal_action_approved" }
func (LegalActionInitiated) EventType() string     { return "contract.legal_action_initiated" }
