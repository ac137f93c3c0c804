package customers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// TestCustomers_ScrubsErasedKeyPersons (rule P1-erasure): the erasure of
// a key person whose data was stored in clear (before encryption) blanks
// their personal data on the file, also when it comes in the batch that
// adds them; the file's other key person keeps theirs.
func TestCustomers_ScrubsErasedKeyPersons(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, customers.New()); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	n := 0
	appendEvent := func(stream string, e domain.Event) {
		n++
		body, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Append(ctx, stream, eventstore.Any, eventstore.EventData{ID: fmt.Sprint(n), Type: e.EventType(), SchemaVersion: 1, Data: body}); err != nil {
			t.Fatal(err)
		}
	}
	appendEvent("customer-c1", readmodeltest.RegCustomer("c1", "C-1", "rep-1", at))
	for _, k := range []string{"k1", "k2"} {
		appendEvent("customer-c1", customer.KeyContactAdded{CustomerID: "c1", ContactID: k, RoleInOrg: customer.ContactHead,
			Personal: customer.PersonalData{Name: "Person " + k, Background: "secret " + k}, AddedBy: "rep-1", AddedAt: at})
	}
	appendEvent("subject-"+privacy.ContactSubject("c1", "k1"), privacy.SubjectErased{
		SubjectID: privacy.ContactSubject("c1", "k1"), Kind: privacy.KindContact, ErasedBy: "hr-1", ErasedAt: at})

	projectiontest.Run(t, projections.NewRunner(pool, store, ns, customers.New(), projectiontest.FastOptions()))
	q := customers.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "k1 erased", func() bool {
		cs, err := q.CustomerContacts(ctx, "c1", true)
		return err == nil && len(cs) == 2 && *cs[0].Personal == customer.PersonalData{Name: privacy.Erased}
	})
	cs, _ := q.CustomerContacts(ctx, "c1", true)
	if cs[1].ContactID != "k2" || cs[1].Personal.Name != "Person k2" || cs[1].Personal.Background != "secret k2" {
		t.Errorf("the other key person = %+v, want their data kept", cs[1].Personal)
	}
}

// Given a customer registered and visited before the erasure of its
// primary contact and visited again after it, applied live, when the
// read model is rebuilt in batches of three events (the erasure's batch
// scrubs versions an earlier batch wrote, and the visit after it closes
// one), then every view, the row versions included, holds what it held
// live, and no version of the file keeps the contact's name.
func TestCustomers_RebuildScrubsTheVersionsItHolds(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	p := customers.New()
	if err := projections.Ensure(ctx, pool, ns, p); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	codec := eventstore.NewCodec(customer.Events()...)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, id := range []string{"c1", "c2"} {
		readmodeltest.Append(t, store, codec, customer.Stream(id), readmodeltest.RegCustomer(id, "N"+id, "rep-1", at))
	}
	readmodeltest.Append(t, store, codec, customer.Stream("c1"), customer.Visited{CustomerID: "c1", VisitNo: 1})
	subject := privacy.ContactSubject("c1", privacy.PrimaryContactID)
	erasure := privacy.SubjectErased{SubjectID: subject, Kind: privacy.KindContact, ErasedBy: "hr-1", ErasedAt: at}
	readmodeltest.Append(t, store, eventstore.NewCodec(erasure), privacy.SubjectStreamPrefix+subject, erasure)
	readmodeltest.Append(t, store, codec, customer.Stream("c1"), customer.Visited{CustomerID: "c1", VisitNo: 2})
	readmodeltest.Append(t, store, codec, customer.Stream("c2"), customer.Visited{CustomerID: "c2", VisitNo: 1})
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	readmodeltest.WaitHead(t, pool, store, ns, p)

	readmodeltest.AssertRebuildKeepsRows(t, pool, store, ns, p, stop)

	var named int
	q := "SELECT count(*) FROM " + string(ns) + ".customers_versions WHERE customer_id = 'c1' AND primary_contact <> $1"
	if err := pool.QueryRow(ctx, q, privacy.Erased).Scan(&named); err != nil || named != 0 {
		t.Errorf("rebuilt versions of c1 with the contact's name: %d (%v), want none", named, err)
	}
}
