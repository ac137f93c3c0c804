package regulation

import (
	"encoding/json"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// VersionAdopted is recorded when an authorized role adopts a new version
// of a regulation's parameters, in force from EffectiveFrom until the next
// version's start. Parameters are the whole parameter set, as checked
// against the regulation's parameter type.
type VersionAdopted struct {
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	EffectiveFrom time.Time       `json:"effective_from"`
	Parameters    json.RawMessage `json:"parameters"`
	Reason        string          `json:"reason"`
	ApprovedBy    string          `json:"approved_by"`
	ApproverRole  domain.Role     `json:"approver_role"`
	// Retroactive is set when the version takes effect before it was
	// adopted: the adopter said so explicitly (rule §2.5-regulation-adoption).
	Retroactive bool      `json:"retroactive"`
	AdoptedAt   time.Time `json:"adopted_at"`
}

// EventType implements domain.Event.
func (VersionAdopted) EventType() string { return "regulation.version_adopted" }

func (e VersionAdopted) version() Version {
	return Version{Version: e.Version, EffectiveFrom: e.EffectiveFrom, Parameters: e.Parameters, Reason: e.Reason,
		ApprovedBy: e.ApprovedBy, ApproverRole: e.ApproverRole, Retroactive: e.Retroactive, AdoptedAt: e.AdoptedAt}
}

// Events lists the events of the regulation catalogue, for the codec.
func Events() []domain.Event { return []domain.Event{VersionAdopted{}} }
