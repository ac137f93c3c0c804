package customer

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Park keeps the customer on file without active pursuit. It refuses a
// missing reason and any stage but TARGET, VISITING and NEGOTIATING
// (a cooperating customer lapses to DORMANT instead); a parked customer
// records nothing.
//
// A sales rep parks only a customer they own (the same rule as for the
// file's other owner-only changes).
func (c Customer) Park(reason, by string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := c.ownerCheck(by, role); err != nil {
		return nil, err
	}
	if c.Stage == StageParked {
		return nil, nil
	}
	if err := c.active(StageTarget, StageVisiting, StageNegotiating); err != nil {
		return nil, err
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{Parked{CustomerID: c.ID, FromStage: c.Stage, Reason: reason, ParkedBy: by, ParkedAt: at}}, nil
}

// Abandon gives the customer up. A customer that has cooperated (stage
// COOPERATING or DORMANT) is abandoned only by a department head
// (ErrAbandonNeedsHead). It refuses a missing reason; an abandoned
// customer records nothing.
func (c Customer) Abandon(reason, by string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if c.Stage == StageAbandoned {
		return nil, nil
	}
	if (c.Stage == StageCooperating || c.Stage == StageDormant) && role != domain.RoleDeptHead {
		return nil, ErrAbandonNeedsHead
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{Abandoned{CustomerID: c.ID, FromStage: c.Stage, Reason: reason, AbandonedBy: by, AbandonedAt: at}}, nil
}

// Reactivate takes a parked, abandoned or dormant customer up again as a
// TARGET. It refuses a missing reason and the other stages, except that a
// TARGET records nothing.
func (c Customer) Reactivate(reason, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if c.Stage == StageTarget {
		return nil, nil
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if c.Stage != StageParked && c.Stage != StageAbandoned && c.Stage != StageDormant {
		return nil, ErrWrongStage
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{Reactivated{CustomerID: c.ID, FromStage: c.Stage, Reason: reason, ReactivatedBy: by, ReactivatedAt: at}}, nil
}

// MarkDormant records that a cooperating customer has lapsed. It refuses
// other stages and a missing reason; a dormant customer records nothing.
func (c Customer) MarkDormant(reason string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if c.Stage == StageDormant {
		return nil, nil
	}
	if err := c.active(StageCooperating); err != nil {
		return nil, err
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{BecameDormant{CustomerID: c.ID, Reason: reason, At: at}}, nil
}
