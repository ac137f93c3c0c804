package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CollectionStepDue is recorded when the next dunning step on an overdue
// instalment fell due under the dunning ladder and it is a person's to
// take (K10-ladder): an on-site visit, by the contract's rep (RepID) or
// sales management of OrgUnitID; legal action, by the GM and legal.
type CollectionStepDue struct {
	ContractID   string       `json:"contract_id"`
	InstalmentID string       `json:"instalment_id"`
	Step         DunningStep  `json:"step"`
	Outstanding  domain.Money `json:"outstanding"`
	DueDate      time.Time    `json:"due_date"`
	RepID        string       `json:"rep_id"`
	OrgUnitID    string       `json:"org_unit_id,omitempty"`
	FlaggedAt    time.Time    `json:"flagged_at"`
}

func (CollectionStepDue) EventType() string { return "contract.collection_step_due" }

// Wait is how long past an instalment's due date the ladder lets step s
// be taken.
func (l DunningLadder) Wait(s DunningStep) time.Duration { return l.waitFor(s) }

// FlagCollectionStepDue tells the people who take it that step, the visit
// or legal action, fell due on an overdue instalment (K10-ladder): the
// system cannot visit, and legal action needs the GM and legal. It
// records nothing when the reason went away: the contract is no longer in
// force, the instalment is paid, or its dunning is not one step short of
// step (the step was taken already, or the one before it was not). It
// refuses an unknown contract or instalment and a step people do not take.
func (ct Contract) FlagCollectionStepDue(instalmentID string, step DunningStep, now time.Time) ([]domain.Event, error) {
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case step != DunningVisit && step != DunningLegalAction:
		return nil, domain.InvalidField("step", "must be ON_SITE_VISIT or LEGAL_ACTION")
	}
	i := indexInstalment(ct.Plan, instalmentID)
	if i < 0 {
		return nil, ErrUnknownInstalment
	}
	pi := ct.Plan[i]
	if !ct.IsSigned() || !pi.Outstanding().IsPositive() || pi.Dunning.next() != step {
		return nil, nil
	}
	return []domain.Event{CollectionStepDue{ContractID: ct.ID, InstalmentID: pi.ID, Step: step, Outstanding: pi.Outstanding(),
		DueDate: pi.DueDate, RepID: ct.Paper.DrafterID, OrgUnitID: ct.Paper.DrafterOrgUnitID, FlaggedAt: now}}, nil
}
