package deadlines

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// dunningEventTypes are the events the dunning ladder's steps derive from,
// besides the collection plan's.
func dunningEventTypes() []string {
	return []string{contract.DunningLetterSent{}.EventType(), contract.CollectionVisitMade{}.EventType(),
		contract.PaymentReceived{}.EventType()}
}

// dunning derives the steps of the dunning ladder after the letter
// (K10-ladder): each step taken schedules the next, when the ladder in
// force at the step lets it be taken and not before the step itself; a
// payment that settles the instalment cancels every step still to come
// on it, the letter included. ok is false for the events it does not read.
func (d deriver) dunning(ev domain.Event) (changes []Change, ok bool) {
	switch e := ev.(type) {
	case contract.DunningLetterSent:
		return []Change{d.nextStep(e.ContractID, e.Dunning, contract.DunningVisit)}, true
	case contract.CollectionVisitMade:
		return []Change{d.nextStep(e.ContractID, e.Dunning, contract.DunningLegalAction)}, true
	case contract.PaymentReceived:
		if !e.Settled {
			return nil, true
		}
		return []Change{{CancelPrefix: key(InstalmentOverdue, e.ContractID, e.InstalmentID+"@")}}, true
	}
	return nil, false
}

// nextStep schedules step on the instalment the step before it, taken
// as taken records.
func (d deriver) nextStep(contractID string, taken contract.Dunning, step contract.DunningStep) Change {
	due := taken.DueDate.Add(d.r.ladder(taken.At).Wait(step))
	if due.Before(taken.At) {
		due = taken.At
	}
	item := taken.InstalmentID + "@" + taken.DueDate.UTC().Format(time.DateOnly) + "@" + string(step)
	return d.at(InstalmentOverdue, contractID, item, due.Add(past))
}

func (r Rules) ladder(at time.Time) contract.DunningLadder {
	if r.DunningLadder == nil {
		return contract.DefaultDunningLadder()
	}
	return r.DunningLadder(at)
}
