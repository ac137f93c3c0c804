package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
)

// inOrgUnit is m with the actor in org unit ou: department-scoped roles
// act only in their own unit (§2-issuer-scope), so their fixtures name it.
func inOrgUnit(m commands.Meta, ou string) commands.Meta {
	m.Actor.OrgUnitID = ou
	return m
}

// scopeCase is one actor issuing one command under §2-issuer-scope.
type scopeCase[W any] struct {
	name    string
	meta    commands.Meta
	run     func(w W, m commands.Meta) error
	wantErr error
}

// streamVersion is the number of events on stream.
func streamVersion(t *testing.T, store eventstore.Store, stream string) int {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	return len(recs)
}

// checkScope runs each case on a fresh world and checks that a refused
// actor gets ErrForbidden and records nothing.
func checkScope[W any](t *testing.T, given func(*testing.T) W, store func(W) eventstore.Store, stream string, cases []scopeCase[W]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			w := given(t)
			before := streamVersion(t, store(w), stream)

			err := tt.run(w, tt.meta)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if after := streamVersion(t, store(w), stream); tt.wantErr != nil && after != before {
				t.Errorf("%s went from %d to %d events: a refused command records nothing", stream, before, after)
			}
		})
	}
}

// A sales rep works only their own customer's pipeline, and a department
// head classifies, edits, abandons and marks dormant only customers of
// their own unit; the refusal comes before the customer's stage is looked
// at (a non-owner reactivating a target customer is refused, not told the
// stage is wrong).
func TestCustomerCommands_issuerScope(t *testing.T) {
	farRep := inOrgUnit(customerMeta("rep-3", domain.RoleSalesRep), "branch-sh")
	farHead := headOf("head-9", "branch-sh")
	visit := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.RecordVisit(context.Background(), m, commands.RecordVisit{CustomerID: "c-1",
			Visit: customer.Visit{OutingRegistrationID: "out-1", Purpose: "first visit", Outcome: customer.OutcomeContinueVisiting}})
		return err
	}
	negotiate := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.StartNegotiation(context.Background(), m, commands.StartNegotiation{CustomerID: "c-1"})
		return err
	}
	abandon := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.AbandonCustomer(context.Background(), m, commands.AbandonCustomer{CustomerID: "c-1"})
		return err
	}
	reactivate := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.ReactivateCustomer(context.Background(), m, commands.ReactivateCustomer{CustomerID: "c-1"})
		return err
	}
	classify := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.ClassifyCustomer(context.Background(), m, commands.ClassifyCustomer{CustomerID: "c-1",
			Classification: customer.Classification{Industry: "valves", Scale: "MEDIUM", ValueTier: "HIGH", PurchaseFrequencyBand: "REGULAR"}})
		return err
	}
	profile := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.UpdateCustomerProfile(context.Background(), m, commands.UpdateCustomerProfile{CustomerID: "c-1",
			Changes: map[string]string{"address": "2 Xinjiekou, Nanjing"}})
		return err
	}
	dormant := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.MarkCustomerDormant(context.Background(), m, commands.MarkCustomerDormant{CustomerID: "c-1"})
		return err
	}
	followUp := func(w *customerWorld, m commands.Meta) error {
		_, err := w.h.Customers.ScheduleFollowUpVisit(context.Background(), m, commands.ScheduleFollowUpVisit{CustomerID: "c-1",
			VisitID: "fv-1", DueAt: customerNow.Add(48 * time.Hour), AssigneeID: "rep-1"})
		return err
	}
	forbidden := domain.ErrForbidden
	// given customer c-1 of branch-nj, owned by rep-1
	checkScope(t, registeredCustomerWorld, func(w *customerWorld) eventstore.Store { return w.store }, customer.Stream("c-1"), []scopeCase[*customerWorld]{
		{name: "the owner records a visit", meta: customerRep, run: visit},
		{name: "a colleague who does not own the customer records no visit", meta: customerOtherRep, run: visit, wantErr: forbidden},
		{name: "the owner starts negotiating", meta: customerRep, run: negotiate},
		{name: "a non-owner starts no negotiation", meta: customerOtherRep, run: negotiate, wantErr: forbidden},
		{name: "the owner abandons", meta: customerRep, run: abandon},
		{name: "a non-owner abandons nothing", meta: customerOtherRep, run: abandon, wantErr: forbidden},
		{name: "the unit's head abandons", meta: customerHead, run: abandon},
		{name: "another unit's head abandons nothing", meta: farHead, run: abandon, wantErr: forbidden},
		{name: "a non-owner reactivating is refused before the stage is checked", meta: customerOtherRep, run: reactivate, wantErr: forbidden},
		{name: "the unit's head classifies", meta: customerHead, run: classify},
		{name: "another unit's head classifies nothing", meta: farHead, run: classify, wantErr: forbidden},
		{name: "the unit's head edits the file", meta: customerHead, run: profile},
		{name: "another unit's head edits nothing", meta: farHead, run: profile, wantErr: forbidden},
		{name: "another unit's head is refused before the stage is checked", meta: farHead, run: dormant, wantErr: forbidden},
		{name: "a rep of the customer's unit schedules a follow-up visit", meta: customerOtherRep, run: followUp},
		{name: "a rep of another unit schedules no follow-up visit", meta: farRep, run: followUp, wantErr: forbidden},
	})
}
