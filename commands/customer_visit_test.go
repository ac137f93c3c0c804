package commands_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// registerOutings appends rep's registrations of outings ids, leaving at
// leaves, as the employee file would hold them.
func registerOutings(t *testing.T, store eventstore.Store, codec *eventstore.Codec, rep string, leaves time.Time, ids ...string) {
	t.Helper()
	for _, id := range ids {
		data, err := codec.Encode("outing-"+rep+"-"+id, employee.OutingRegistered{EmployeeID: rep, OutingID: id, Destination: "customer site",
			Purpose: "visit", LeavesAt: leaves, RegisteredAt: leaves}, eventstore.Metadata{ActorID: rep})
		if err == nil {
			_, err = store.Append(context.Background(), employee.Stream(rep), eventstore.Any, data)
		}
		if err != nil {
			t.Fatalf("registering outing %s: %v", id, err)
		}
	}
}

// §2.1.4-outing: the command checks the visit's outing against the rep's
// own employee file, for the visit's company day.
func TestHandler_RecordVisit_outing(t *testing.T) {
	visit := func(outing string) commands.RecordVisit {
		return commands.RecordVisit{CustomerID: "c-1", Visit: customer.Visit{OutingRegistrationID: outing, Purpose: "first visit", Outcome: customer.OutcomeContinueVisiting}}
	}
	tests := []struct {
		name    string
		given   func(w *customerWorld)
		meta    commands.Meta
		outing  string
		wantErr error
	}{
		{name: "given the rep's outing today, when they record a visit on it, then it is recorded",
			given: func(w *customerWorld) { registerOutings(t, w.store, w.codec, "rep-1", customerNow, "out-today") }, meta: customerRep, outing: "out-today"},
		{name: "given an outing of yesterday, when the rep records today's visit on it, then it is refused",
			given: func(w *customerWorld) {
				registerOutings(t, w.store, w.codec, "rep-1", customerNow.AddDate(0, 0, -1), "out-yesterday")
			}, meta: customerRep, outing: "out-yesterday", wantErr: customer.ErrNoOutingThatDay},
		{name: "given another rep's outing, when the owner records a visit naming it, then it is refused",
			given: func(w *customerWorld) { registerOutings(t, w.store, w.codec, "rep-2", customerNow, "out-of-rep-2") }, meta: customerRep, outing: "out-of-rep-2", wantErr: customer.ErrNoOutingThatDay},
		{name: "given no outing at all, when the rep records a visit, then it is refused",
			given: func(*customerWorld) {}, meta: customerRep, outing: "out-never", wantErr: customer.ErrNoOutingThatDay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := registeredCustomerWorld(t)
			tt.given(w)
			before, _ := w.read(customer.Stream("c-1"))

			_, err := w.h.Customers.RecordVisit(context.Background(), tt.meta, visit(tt.outing))

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RecordVisit() error = %v, want %v", err, tt.wantErr)
			}
			after, _ := w.read(customer.Stream("c-1"))
			if wrote := len(after) - len(before); (tt.wantErr == nil) != (wrote > 0) {
				t.Errorf("RecordVisit() wrote %d events (error %v)", wrote, err)
			}
			var rule *domain.RuleError
			if tt.wantErr != nil && (!errors.As(err, &rule) || rule.Rule != "§2.1.4-outing") {
				t.Errorf("RecordVisit() error = %v, want the rule §2.1.4-outing named", err)
			}
		})
	}
}

// visitOutings are the outing ids the cache tests' visits name.
func visitOutings(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return ids
}
