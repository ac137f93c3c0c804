package commands_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// sequentialStore hides the memory store's atomic multi-stream append, as
// EventStoreDB has none, and lets a test act just before the first append
// to a stream: to lose a race there on purpose.
type sequentialStore struct {
	eventstore.Store
	mu     sync.Mutex
	before map[string]func()
}

func (s *sequentialStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	s.mu.Lock()
	hook := s.before[stream]
	delete(s.before, stream)
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	return s.Store.Append(ctx, stream, expected, events...)
}

// TestRegisterTargetCustomer_sequentialFallbackRetriesALostRace: given a
// store without an atomic multi-stream append, when a registration's
// number claim lands and its append to the owner's portfolio then loses a
// race (another registration of the same rep got there first), then the
// claim is released, the registration decides again on fresh state and
// succeeds: no 409 for a race the command can win by retrying, and the
// number ends claimed once, by the registered customer.
func TestRegisterTargetCustomer_sequentialFallbackRetriesALostRace(t *testing.T) {
	w := newCustomerWorld(t)
	seq := &sequentialStore{Store: w.store, before: map[string]func(){}}
	h := commands.New(seq, w.codec, func() time.Time { return customerNow })
	ctx := context.Background()
	other := customerRegistration
	other.CustomerID, other.Number = "c-2", "NJ-0002"
	seq.before[employee.PortfolioStream("rep-1")] = func() {
		if _, err := h.Customers.RegisterTargetCustomer(ctx, customerRep, other); err != nil {
			t.Errorf("the racing registration failed: %v", err)
		}
	}

	res, err := h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration)

	if err != nil || res.Stream != customer.Stream("c-1") {
		t.Fatalf("RegisterTargetCustomer() = %+v, %v; want success after a retry", res, err)
	}
	claims, _ := w.read(customer.NumberStream("NJ-0001"))
	var kinds []string
	for _, e := range claims {
		kinds = append(kinds, strings.TrimPrefix(fmt.Sprintf("%T", e), "customer."))
	}
	if got := strings.Join(kinds, ","); got != "NumberClaimed,NumberReleased,NumberClaimed" {
		t.Errorf("number stream = %s, want the lost claim released and claimed again", got)
	}
	for _, id := range []string{"c-1", "c-2"} {
		if events, _ := w.read(customer.Stream(id)); len(events) != 1 {
			t.Errorf("customer %s has %d events, want its registration", id, len(events))
		}
	}
}
