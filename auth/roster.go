package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
	"golang.org/x/sync/singleflight"
)

// Standing is what the roster knows of an employee.
type Standing uint8

// The standings of an employee on the roster.
const (
	// Unknown: never hired, as far as the roster knows.
	Unknown Standing = iota
	// Active: hired and not departed; their tokens are accepted.
	Active
	// Departed: left the company. A departure is final.
	Departed
)

// Confirm looks an employee up where hires are recorded (the event
// store). The roster asks it only on a miss, so that a hire committed a
// moment ago, which the roster's feed has not delivered yet, is not
// refused.
type Confirm func(ctx context.Context, employeeID string) (Standing, error)

// The roster's bounds: how long a confirmed miss is believed, how many
// misses are remembered, and how long a confirmation may take.
const (
	missTTL        = time.Second
	maxMisses      = 4096
	confirmTimeout = 2 * time.Second
)

// Roster is the set of known, active employees a token's subject must
// belong to (§2.5-token-subject in docs/RULES.md). A token stays a valid
// signature whoever it names, so the authenticator asks the roster on
// every request, cached tokens too: a hit answers from memory, never
// from the database.
//
// Whoever builds it feeds it the hires and departures as they are
// recorded (Hire, Depart). A subject it does not know is confirmed once
// with Confirm, and the answer kept: a new hire whose first request
// beats the feed is let in, and a subject never hired costs at most one
// confirmation a second. It is safe for concurrent use.
type Roster struct {
	mu       sync.RWMutex
	standing map[string]Standing
	// misses are subjects Confirm found never hired, until when that is
	// believed.
	misses  map[string]time.Time
	confirm Confirm
	lookups singleflight.Group
}

// NewRoster returns an empty roster that confirms misses with confirm
// (nil: a miss is refused at once).
func NewRoster(confirm Confirm) *Roster {
	return &Roster{standing: make(map[string]Standing), misses: make(map[string]time.Time), confirm: confirm}
}

// WithRoster refuses tokens whose subject is not an active employee on r.
func WithRoster(r *Roster) Option { return func(rules *Rules) { rules.roster = r } }

// Hire records that employeeID was hired. It never undoes a departure:
// the feed may deliver a hire again after the departure that followed it.
func (r *Roster) Hire(employeeID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.standing[employeeID] != Departed {
		r.standing[employeeID] = Active
	}
	delete(r.misses, employeeID)
}

// Depart records that employeeID has left the company.
func (r *Roster) Depart(employeeID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.standing[employeeID] = Departed
	delete(r.misses, employeeID)
}

// Standing is what the roster holds of employeeID, from memory only.
func (r *Roster) Standing(employeeID string) Standing {
	r.mu.RLock()
	s := r.standing[employeeID]
	r.mu.RUnlock()
	return s
}

var (
	errDeparted    = errors.New("invalid token: the employee has departed")
	errNotEmployee = errors.New("invalid token: the subject is not a known employee")
	// errUnconfirmed is an outage, not a bad token: it wraps
	// domain.ErrUnavailable, so the API answers 503 with Retry-After.
	errUnconfirmed = fmt.Errorf("the employee cannot be confirmed right now; try again: %w", domain.ErrUnavailable)
)

// check refuses the token of an employee who departed or was never hired.
func (r *Roster) check(employeeID string, now time.Time) error {
	switch r.Standing(employeeID) {
	case Active:
		return nil
	case Departed:
		return errDeparted
	}
	if r.missBelieved(employeeID, now) {
		return notEmployee(employeeID)
	}
	return r.confirmMiss(employeeID, now)
}

func notEmployee(employeeID string) error {
	return fmt.Errorf("%w: %q was never hired", errNotEmployee, employeeID)
}

func (r *Roster) missBelieved(employeeID string, now time.Time) bool {
	r.mu.RLock()
	until, ok := r.misses[employeeID]
	r.mu.RUnlock()
	return ok && now.Before(until)
}

// confirmMiss asks Confirm about a subject the roster does not know, once
// for all the requests that ask at the same time, and keeps the answer.
// A failed confirmation is not kept: the next request asks again.
func (r *Roster) confirmMiss(employeeID string, now time.Time) error {
	if r.confirm == nil {
		return notEmployee(employeeID)
	}
	v, err, _ := r.lookups.Do(employeeID, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.Background(), confirmTimeout)
		defer cancel()
		return r.confirm(ctx, employeeID)
	})
	if err != nil { // Confirm logs the cause: it may name the database's host and user
		return errUnconfirmed
	}
	switch v.(Standing) {
	case Active:
		r.Hire(employeeID)
		return r.check(employeeID, now) // a departure may have arrived meanwhile
	case Departed:
		r.Depart(employeeID)
		return errDeparted
	}
	r.rememberMiss(employeeID, now.Add(missTTL))
	return notEmployee(employeeID)
}

// rememberMiss keeps a confirmed miss until until. When the misses are
// full an arbitrary one makes room (map order is random): forgetting a
// miss costs one more confirmation.
func (r *Roster) rememberMiss(employeeID string, until time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.standing[employeeID] != Unknown { // hired or departed meanwhile: the feed knows better
		return
	}
	if _, ok := r.misses[employeeID]; !ok && len(r.misses) >= maxMisses {
		for k := range r.misses {
			delete(r.misses, k)
			break
		}
	}
	r.misses[employeeID] = until
}
