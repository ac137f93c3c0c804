package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Terms are the clauses of a contract (K4, K5, K13).
type Terms struct {
	// Mandatory clauses (K4).
	RightsObligations string       `json:"rights_obligations"`
	Scope             string       `json:"scope"` // products or services
	Price             domain.Money `json:"price"`
	DeliveryDate      time.Time    `json:"delivery_date"`
	PaymentTerms      string       `json:"payment_terms"`
	// Recommended clauses (K5): missing ones are a warning.
	ReturnsClause      string `json:"returns_clause,omitempty"`
	CompensationClause string `json:"compensation_clause,omitempty"`
	LateDeliveryClause string `json:"late_delivery_clause,omitempty"`
	// Negotiated content worth keeping on the contract (K13).
	QualityRequirements string `json:"quality_requirements,omitempty"`
	QualityInspection   string `json:"quality_inspection,omitempty"`
	ServiceTerms        string `json:"service_terms,omitempty"`
}

// Names of the recommended clauses, as listed in MissingRecommendedClauses.
const (
	ClauseReturns      = "returns"
	ClauseCompensation = "compensation"
	ClauseLateDelivery = "late_delivery"
)

// Validate checks the mandatory clauses (K4): rights and obligations, scope,
// a positive price, a delivery date and payment terms.
func (t Terms) Validate() error {
	switch {
	case t.RightsObligations == "":
		return domain.InvalidField("rights_obligations", "the rights and obligations clause is mandatory (K4)")
	case t.Scope == "":
		return domain.InvalidField("scope", "the products or services clause is mandatory (K4)")
	case !t.Price.IsPositive():
		return domain.InvalidField("price", "the price clause is mandatory and must be positive (K4)")
	case t.DeliveryDate.IsZero():
		return domain.InvalidField("delivery_date", "the delivery date clause is mandatory (K4)")
	case t.PaymentTerms == "":
		return domain.InvalidField("payment_terms", "the payment terms clause is mandatory (K4)")
	}
	return nil
}

// MissingRecommended lists the recommended clauses (K5) the terms leave out,
// or nil when all are present.
func (t Terms) MissingRecommended() []string {
	var missing []string
	if t.ReturnsClause == "" {
		missing = append(missing, ClauseReturns)
	}
	if t.CompensationClause == "" {
		missing = append(missing, ClauseCompensation)
	}
	if t.LateDeliveryClause == "" {
		missing = append(missing, ClauseLateDelivery)
	}
	return missing
}

// IssueType classifies an execution issue (K9).
type IssueType string

// The execution issue types; the first two are named by the seeds.
const (
	IssueRequirementChange IssueType = "CUSTOMER_REQUIREMENT_CHANGE"
	IssueDeliveryDelay     IssueType = "DELIVERY_DELAY"
	IssueQuality           IssueType = "QUALITY"
	IssueOther             IssueType = "OTHER"
)

// Valid reports whether t is a known issue type.
func (t IssueType) Valid() bool {
	switch t {
	case IssueRequirementChange, IssueDeliveryDelay, IssueQuality, IssueOther:
		return true
	}
	return false
}

// Instalment is one planned payment of the contract price.
type Instalment struct {
	ID      string       `json:"id"`
	DueDate time.Time    `json:"due_date"`
	Amount  domain.Money `json:"amount"`
}

// DunningStep is how far the collection of an overdue instalment escalated.
type DunningStep string

// The escalation steps, in the order they must be taken (K10).
const (
	DunningNone        DunningStep = ""
	DunningLetter      DunningStep = "DUNNING_LETTER"
	DunningVisit       DunningStep = "ON_SITE_VISIT"
	DunningLegalAction DunningStep = "LEGAL_ACTION"
)

// next returns the step that follows s, or "" after legal action.
func (s DunningStep) next() DunningStep {
	switch s {
	case DunningNone:
		return DunningLetter
	case DunningLetter:
		return DunningVisit
	case DunningVisit:
		return DunningLegalAction
	}
	return DunningNone
}

// Valid reports whether s is an escalation step.
func (s DunningStep) Valid() bool {
	return s == DunningLetter || s == DunningVisit || s == DunningLegalAction
}
