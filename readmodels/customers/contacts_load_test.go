package customers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// keyContactsFixture: c1 adds key contacts k1 and k2, logs a contact,
// then updates k1, logs again and removes k2, each in an append of its
// own.
func keyContactsFixture(t *testing.T) readmodeltest.Fixture[*customers.Queries] {
	logged := func(topic string) customer.ContactLogged {
		return customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep-1", ContactID: "k1", Channel: "phone", Topic: topic, Outcome: "ok", At: custOctober}
	}
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(customer.Events()...), customers.New(), customers.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(customer.Stream("c1"), readmodeltest.RegCustomer("c1", "C-001", "rep-1", custOctober),
				customer.KeyContactAdded{CustomerID: "c1", ContactID: "k1", RoleInOrg: customer.ContactHead,
					Personal: customer.PersonalData{Name: "王总"}, AddedAt: custOctober},
				customer.KeyContactAdded{CustomerID: "c1", ContactID: "k2", RoleInOrg: customer.ContactUser,
					Personal: customer.PersonalData{Name: "小张"}, AddedAt: custOctober})
			add(customer.Stream("c1"), logged("price"))
			add(customer.Stream("c1"), customer.KeyContactUpdated{CustomerID: "c1", ContactID: "k1", RoleInOrg: customer.ContactUser,
				Personal: customer.PersonalData{Name: "王总", ContactDetails: "139"}, UpdatedAt: custNovember})
			add(customer.Stream("c1"), logged("demo"))
			add(customer.Stream("c1"), customer.KeyContactRemoved{CustomerID: "c1", ContactID: "k2", RemovedAt: custNovember})
		})
}

// readsContacts reports whether any of the statements reads the key contacts.
func readsContacts(sent []string) bool {
	for _, sql := range sent {
		if strings.HasPrefix(sql, "SELECT") && strings.Contains(sql, "customer_contacts") {
			return true
		}
	}
	return false
}

func TestCustomers_aBatchOfLoggedContactsDoesNotReadTheKeyContacts_andOneChangingAContactDoes(t *testing.T) {
	// Given a customer file with key contacts and logged contacts,
	f := keyContactsFixture(t)
	events, err := f.Store.ReadAll(context.Background(), eventstore.Start, 100, f.P.Filter())
	if err != nil {
		t.Fatal(err)
	}
	byType := func(typ string) []eventstore.Recorded {
		var out []eventstore.Recorded
		for _, e := range events {
			if e.Type == typ {
				out = append(out, e)
			}
		}
		return out
	}

	// when a batch of only logged contacts is applied,
	logOnly := readmodeltest.ApplyOnceStatements(t, f.Pool, f.NS, f.P, byType(customer.ContactLogged{}.EventType()))
	// and a batch that updates a key contact,
	update := readmodeltest.ApplyOnceStatements(t, f.Pool, f.NS, f.P, byType(customer.KeyContactUpdated{}.EventType()))

	// then the first does not read the key contacts and the second does,
	if readsContacts(logOnly) {
		t.Errorf("a batch of logged contacts read the key contacts: %q", logOnly)
	}
	if !readsContacts(update) {
		t.Errorf("a batch updating a key contact did not read the key contacts: %q", update)
	}
	// and the contacts are what the events say.
	got, err := f.Q.CustomerContacts(context.Background(), "c1", true)
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.KeyContactView{{ContactID: "k1", RoleInOrg: "USER", Personal: &customer.PersonalData{Name: "王总", ContactDetails: "139"},
		AddedAt: custOctober, Version: 5}}
	if !cmp.Equal(got, want, salesCmpTimes(), ignoreUpdatedAt) {
		t.Errorf("CustomerContacts(c1): diff %s", cmp.Diff(want, got, salesCmpTimes(), ignoreUpdatedAt))
	}
}

func TestCustomers_eachEventAppliedAloneGivesTheLiveRows(t *testing.T) {
	// Given key contacts changed between batches of logged contacts, when
	// the file is rebuilt an event a batch, then it holds the live rows.
	keyContactsFixture(t).RebuildEventByEventMatches(t)
	customersFixture(t).RebuildEventByEventMatches(t)
}
