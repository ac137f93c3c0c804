package customer

import "time"

// Visited is recorded when a sales rep visits the customer on a registered
// outing; VisitNo counts visits (1 is the first).
type Visited struct {
	CustomerID           string       `json:"customer_id"`
	VisitNo              int          `json:"visit_no"`
	OutingRegistrationID string       `json:"outing_registration_id"`
	Purpose              string       `json:"purpose"`
	Outcome              VisitOutcome `json:"outcome"`
	Note                 string       `json:"note,omitempty"`
	RepID                string       `json:"rep_id"`
	VisitedAt            time.Time    `json:"visited_at"`
}

// NegotiationStarted is recorded when cooperation talks (quality, price,
// service) begin with a target customer.
type NegotiationStarted struct {
	CustomerID string    `json:"customer_id"`
	StartedBy  string    `json:"started_by"`
	StartedAt  time.Time `json:"started_at"`
}

// BecameCooperating is recorded when the first contract with the customer
// is signed (or a dormant or lapsed customer signs again): the file moves
// from the target file to the cooperating file (C9).
type BecameCooperating struct {
	CustomerID string    `json:"customer_id"`
	ContractID string    `json:"contract_id"`
	FromStage  Stage     `json:"from_stage"`
	SignedAt   time.Time `json:"signed_at,omitzero"`
	At         time.Time `json:"at"`
}

// Parked is recorded when the customer is kept on file without active
// pursuit (保留).
type Parked struct {
	CustomerID string    `json:"customer_id"`
	FromStage  Stage     `json:"from_stage"`
	Reason     string    `json:"reason"`
	ParkedBy   string    `json:"parked_by"`
	ParkedAt   time.Time `json:"parked_at"`
}

// Abandoned is recorded when the customer is given up (放弃).
type Abandoned struct {
	CustomerID  string    `json:"customer_id"`
	FromStage   Stage     `json:"from_stage"`
	Reason      string    `json:"reason"`
	AbandonedBy string    `json:"abandoned_by"`
	AbandonedAt time.Time `json:"abandoned_at"`
}

// Reactivated is recorded when a parked, abandoned or dormant customer is
// taken up again; it returns to TARGET.
type Reactivated struct {
	CustomerID    string    `json:"customer_id"`
	FromStage     Stage     `json:"from_stage"`
	Reason        string    `json:"reason"`
	ReactivatedBy string    `json:"reactivated_by"`
	ReactivatedAt time.Time `json:"reactivated_at"`
}

// BecameDormant is recorded when a cooperating customer has lapsed (no
// active contract or order for the configured period; (D)).
type BecameDormant struct {
	CustomerID string    `json:"customer_id"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
}

// Classified is recorded when the customer is classified under a
// classification scheme version (C8, C12).
type Classified struct {
	CustomerID            string    `json:"customer_id"`
	Industry              string    `json:"industry"`
	Scale                 string    `json:"scale"`
	ValueTier             string    `json:"value_tier"`
	PurchaseFrequencyBand string    `json:"purchase_frequency_band"`
	SchemeVersion         string    `json:"scheme_version"`
	ClassifiedBy          string    `json:"classified_by"`
	ClassifiedAt          time.Time `json:"classified_at"`
}

// RelationshipDepthRecorded is recorded when the owning rep notes how deep
// the relationship has grown. It is informational only.
type RelationshipDepthRecorded struct {
	CustomerID string    `json:"customer_id"`
	Depth      Depth     `json:"depth"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Reassigned is recorded when a department head hands the customer to
// another rep (e.g. on the owner's departure).
type Reassigned struct {
	CustomerID   string    `json:"customer_id"`
	FromRepID    string    `json:"from_rep_id"`
	ToRepID      string    `json:"to_rep_id"`
	Reason       string    `json:"reason"`
	ReassignedBy string    `json:"reassigned_by"`
	ReassignedAt time.Time `json:"reassigned_at"`
}

// FileReviewed is recorded by the monthly review of the file (C4); Month is
// the calendar month reviewed ("2026-11").
type FileReviewed struct {
	CustomerID string    `json:"customer_id"`
	Month      string    `json:"month"`
	ReviewerID string    `json:"reviewer_id"`
	ReviewedAt time.Time `json:"reviewed_at"`
}

func (Visited) EventType() string                   { return "customer.visited" }
func (NegotiationStarted) EventType() string        { return "customer.negotiation_started" }
func (BecameCooperating) EventType() string         { return "customer.became_cooperating" }
func (Parked) EventType() string                    { return "customer.parked" }
func (Abandoned) EventType() string                 { return "customer.abandoned" }
func (Reactivated) EventType() string               { return "customer.reactivated" }
func (BecameDormant) EventType() string             { return "customer.became_dormant" }
func (Classified) EventType() string                { return "customer.classified" }
func (RelationshipDepthRecorded) EventType() string { return "customer.relationship_depth_recorded" }
func (Reassigned) EventType() string                { return "customer.reassigned" }
func (FileReviewed) EventType() string              { return "customer.file_reviewed" }
