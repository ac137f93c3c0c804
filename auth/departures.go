package auth

import (
	"errors"
	"sync"
)

// Departures tells whether an employee has left the company. A token
// stays a valid signature after its subject departs; the authenticator
// asks this on every request (cached tokens too), so it must answer from
// memory, never from the database.
type Departures interface {
	Departed(employeeID string) bool
}

// WithDepartures refuses tokens of employees d says have departed.
func WithDepartures(d Departures) Option { return func(r *Rules) { r.departures = d } }

var errDeparted = errors.New("invalid token: the employee has departed")

// checkDeparted refuses the token of a departed employee.
func (r Rules) checkDeparted(employeeID string) error {
	if r.departures != nil && r.departures.Departed(employeeID) {
		return errDeparted
	}
	return nil
}

// DepartedSet is an in-memory Departures: the ids of departed employees,
// added as their departures are recorded. A departure is final, so the
// set only grows, by the few people who leave. The zero value is empty
// and safe for concurrent use.
type DepartedSet struct {
	mu  sync.RWMutex
	ids map[string]struct{}
}

// Add records that employeeID has departed.
func (s *DepartedSet) Add(employeeID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = make(map[string]struct{})
	}
	s.ids[employeeID] = struct{}{}
}

// Departed implements Departures.
func (s *DepartedSet) Departed(employeeID string) bool {
	s.mu.RLock()
	_, ok := s.ids[employeeID]
	s.mu.RUnlock()
	return ok
}
