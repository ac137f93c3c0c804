package commands

import (
	"context"
	"strings"
	"time"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// DunningLadder is the contract regulation's dunning ladder in force at
// at, from which the steps on an overdue instalment are derived.
func (h *Reactions) DunningLadder(at time.Time) contract.DunningLadder {
	reg, _ := h.contracts.regulation.at(at)
	return reg.Dunning
}

// dunInstalment takes the step of the dunning ladder an instalment
// deadline names (K10-overdue, K10-ladder): the letter, the system's
// own, or the flag that the visit or legal action, people's, fell due.
// Its item is the instalment and its due date, then the step when it is
// not the letter.
func (h *Reactions) dunInstalment(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	parts := strings.Split(d.Item, "@")
	switch {
	case len(parts) == 2:
		return h.sendDunningLetter(ctx, m, d, parts[0])
	case len(parts) == 3:
		return h.flagCollectionStepDue(ctx, m, d.Subject, parts[0], contract.DunningStep(parts[2]))
	}
	return Result{}, domain.InvalidField("item", "an instalment deadline names instalment@due-date[@step]")
}

// sendDunningLetter takes the first escalation step on an instalment that
// fell overdue (K10): the dunning letter, under the ladder in force. An
// instalment someone already escalated records nothing (its next steps
// are flagged to people); a paid one is refused (contract.ErrNotOverdue).
func (h *Reactions) sendDunningLetter(ctx context.Context, m Meta, d deadlines.Deadline, instalmentID string) (Result, error) {
	role, err := authorize(m, "SendDunningLetterOnInstalmentOverdue", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	now := m.businessTime(h.contracts.now)
	reg, version := h.contracts.regulation.at(now)
	return h.contracts.onContractUnder(ctx, m, d.Subject, role, version, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		for _, pi := range ct.Plan {
			if pi.ID == instalmentID && pi.Dunning != contract.DunningNone {
				return nil, nil
			}
		}
		return ct.EscalateCollectionUnder(instalmentID, contract.DunningLetter,
			"overdue since "+d.Due.UTC().Format(time.DateOnly)+"; letter sent by the system", by, reg.Dunning, now)
	})
}

// flagCollectionStepDue tells the rep (a visit) or the GM and legal
// (legal action) that the next step fell due on an overdue instalment
// (K10-ladder); a paid instalment, or one whose step was taken, records
// nothing.
func (h *Reactions) flagCollectionStepDue(ctx context.Context, m Meta, contractID, instalmentID string, step contract.DunningStep) (Result, error) {
	role, err := authorize(m, "FlagCollectionStepDue", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	now := m.businessTime(h.contracts.now)
	return h.contracts.onContract(ctx, m, contractID, role, func(ct contract.Contract, _ contract.Actor) ([]domain.Event, error) {
		return ct.FlagCollectionStepDue(instalmentID, step, now)
	})
}
