package customer

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// VisitOutcome is what a visit led to (§2.1.4-outing, (L)).
type VisitOutcome string

// The outcomes of the visit-tracking chart.
const (
	OutcomeContinueVisiting VisitOutcome = "CONTINUE_VISITING"
	OutcomeKeepFollowingUp  VisitOutcome = "KEEP_FOLLOWING_UP"
	OutcomeNegotiate        VisitOutcome = "NEGOTIATE"
	OutcomePark             VisitOutcome = "PARK"
	OutcomeAbandon          VisitOutcome = "ABANDON"
)

// Visit is a visit as the rep reports it.
type Visit struct {
	OutingRegistrationID string // the rep's outing registration for the day (出门登记)
	// OutingOnDay is the fact the command layer checks in the rep's
	// employee file: the outing named is one the rep registered for the
	// visit's company day (§2.1.4-outing).
	OutingOnDay bool
	Purpose     string
	Outcome     VisitOutcome
	Note        string // required when the outcome parks or abandons: it is the reason
}

// RecordVisit records a rep's visit; the first visit moves a TARGET to
// VISITING, and an outcome of NEGOTIATE, PARK or ABANDON also records that
// stage change (with the same checks as StartNegotiation, Park, Abandon).
// It refuses a visit without an outing registration, or naming one the rep
// did not register for that day (§2.1.4-outing), an unknown outcome, a
// parked or abandoned customer (reactivate first) and an unknown one.
func (c Customer) RecordVisit(v Visit, repID string, role domain.Role, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("outing_registration_id", v.OutingRegistrationID), domain.Text("purpose", v.Purpose), domain.Text("note", v.Note)); err != nil {
		return nil, err
	}
	if err := c.active(StageTarget, StageVisiting, StageNegotiating, StageCooperating, StageDormant); err != nil {
		return nil, err
	}
	if err := required("outing_registration_id", v.OutingRegistrationID); err != nil {
		return nil, err
	}
	if !v.OutingOnDay {
		return nil, ErrNoOutingThatDay
	}
	if !slices.Contains([]VisitOutcome{OutcomeContinueVisiting, OutcomeKeepFollowingUp, OutcomeNegotiate, OutcomePark, OutcomeAbandon}, v.Outcome) {
		return nil, domain.InvalidField("outcome", "must be CONTINUE_VISITING, KEEP_FOLLOWING_UP, NEGOTIATE, PARK or ABANDON")
	}
	visited := Visited{
		CustomerID: c.ID, VisitNo: c.Visits + 1, OutingRegistrationID: v.OutingRegistrationID,
		Purpose: v.Purpose, Outcome: v.Outcome, Note: v.Note, RepID: repID, VisitedAt: at,
	}
	next := c.Evolve(visited)
	var more []domain.Event
	var err error
	switch v.Outcome {
	case OutcomeNegotiate:
		if next.Stage == StageVisiting {
			more, err = next.StartNegotiation(repID, at)
		}
	case OutcomePark:
		more, err = next.Park(v.Note, repID, role, at)
	case OutcomeAbandon:
		more, err = next.Abandon(v.Note, repID, role, at)
	}
	if err != nil {
		return nil, err
	}
	return append([]domain.Event{visited}, more...), nil
}

// StartNegotiation records that cooperation talks began. It refuses any
// stage but TARGET and VISITING; a customer already negotiating records
// nothing.
func (c Customer) StartNegotiation(by string, at time.Time) ([]domain.Event, error) {
	if c.Stage == StageNegotiating {
		return nil, nil
	}
	if err := c.active(StageTarget, StageVisiting); err != nil {
		return nil, err
	}
	return []domain.Event{NegotiationStarted{CustomerID: c.ID, StartedBy: by, StartedAt: at}}, nil
}

// SignedContract is the fact MarkCooperating reacts to: contract
// ContractID of customer CustomerID, and whether it is signed.
type SignedContract struct {
	ContractID string
	CustomerID string
	Signed     bool
	SignedAt   time.Time // when it was signed, if known
}

// MarkCooperating moves the customer to COOPERATING on a signed contract
// (C9), from whatever stage: a signed contract is a fact the file follows.
// It refuses an unsigned contract (C9), a contract of another customer and
// an unknown customer; a cooperating customer records nothing.
func (c Customer) MarkCooperating(ct SignedContract, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("contract_id", ct.ContractID), domain.Text("customer_id", ct.CustomerID)); err != nil {
		return nil, err
	}
	if !c.Exists() {
		return nil, ErrNotFound
	}
	if err := required("contract_id", ct.ContractID); err != nil {
		return nil, err
	}
	if ct.CustomerID != c.ID {
		return nil, domain.InvalidField("customer_id", "the contract belongs to another customer")
	}
	if !ct.Signed {
		return nil, ErrNotSigned
	}
	if c.Stage == StageCooperating {
		return nil, nil
	}
	return []domain.Event{BecameCooperating{CustomerID: c.ID, ContractID: ct.ContractID, FromStage: c.Stage, SignedAt: ct.SignedAt, At: at}}, nil
}

// active refuses an unknown customer, an abandoned one, and any stage not
// in allowed.
func (c Customer) active(allowed ...Stage) error {
	switch {
	case !c.Exists():
		return ErrNotFound
	case slices.Contains(allowed, c.Stage):
		return nil
	case c.Stage == StageAbandoned:
		return ErrAbandoned
	}
	return ErrWrongStage
}

func (c Customer) evolvePipeline(e domain.Event) Customer {
	switch e := e.(type) {
	case Visited:
		c.Visits = e.VisitNo
		if c.Stage == StageTarget {
			c.Stage = StageVisiting
		}
	case NegotiationStarted:
		c.Stage = StageNegotiating
	case BecameCooperating:
		c.Stage, c.Cooperated = StageCooperating, true
	case Parked:
		c.Stage = StageParked
	case Abandoned:
		c.Stage = StageAbandoned
	case Reactivated:
		c.Stage = StageTarget
	case BecameDormant:
		c.Stage = StageDormant
	default:
		c = c.evolveFile(e)
	}
	return c
}
