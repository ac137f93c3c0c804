package research

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Proposed is recorded when the market-research group proposes a
// project, and again when a returned proposal is reworked.
type Proposed struct {
	ProjectID string `json:"project_id"`
	Plan
	ProposedBy string    `json:"proposed_by"`
	ProposedAt time.Time `json:"proposed_at"`
}

// Reviewed is recorded when the department manager reviews a proposal; one
// that did not pass goes back to the group.
type Reviewed struct {
	ProjectID    string      `json:"project_id"`
	ReviewerID   string      `json:"reviewer_id"`
	ReviewerRole domain.Role `json:"reviewer_role"`
	Passed       bool        `json:"passed"`
	Comment      string      `json:"comment,omitempty"`
	ReviewedAt   time.Time   `json:"reviewed_at"`
}

// Approved is recorded when company leadership approves a reviewed
// proposal.
type Approved struct {
	ProjectID    string      `json:"project_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Comment      string      `json:"comment,omitempty"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// Started is recorded when the group starts carrying out an approved
// project.
type Started struct {
	ProjectID string    `json:"project_id"`
	StartedBy string    `json:"started_by"`
	StartedAt time.Time `json:"started_at"`
}

// Reported is recorded when the group reports the project's results.
type Reported struct {
	ProjectID string `json:"project_id"`
	Report
	ReportedBy string    `json:"reported_by"`
	ReportedAt time.Time `json:"reported_at"`
}

func (Proposed) EventType() string { return "research.proposed" }
func (Reviewed) EventType() string { return "research.reviewed" }
func (Approved) EventType() string { return "research.approved" }
func (Started) EventType() string  { return "research.started" }
func (Reported) EventType() string { return "research.reported" }

// Events lists every event of the research project stream, for the codec
// registry.
func Events() []domain.Event {
	return []domain.Event{Proposed{}, Reviewed{}, Approved{}, Started{}, Reported{}}
}
