package customers_test

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

var (
	custOctober  = time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	custNovember = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
)

// customersFixture: c1 visited, with contacts and a log, reviewed in
// November; c2 reassigned to rep-1 and negotiating, untouched since
// October; c3 registered in November; c4 abandoned in October.
func customersFixture(t *testing.T) readmodeltest.Fixture[*customers.Queries] {
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(customer.Events()...), customers.New(), customers.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(customer.Stream("c1"), readmodeltest.RegCustomer("c1", "C-001", "rep-1", custOctober),
				customer.Visited{CustomerID: "c1", VisitNo: 1, RepID: "rep-1", VisitedAt: custOctober},
				customer.KeyContactAdded{CustomerID: "c1", ContactID: "k1", RoleInOrg: customer.ContactHead,
					Personal: customer.PersonalData{Name: "王总", ContactDetails: "138"}, AddedAt: custOctober},
				customer.KeyContactAdded{CustomerID: "c1", ContactID: "k2", RoleInOrg: customer.ContactUser,
					Personal: customer.PersonalData{Name: "小张"}, AddedAt: custOctober},
				customer.KeyContactRemoved{CustomerID: "c1", ContactID: "k2", RemovedAt: custOctober},
				customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep-1", ContactID: "k1", Channel: "phone", Topic: "price", Outcome: "ok", At: custOctober},
				customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep-1", ContactID: "k1", Channel: "visit", Topic: "demo", Outcome: "ok",
					NextAppointmentAt: custNovember, At: custNovember},
				customer.Classified{CustomerID: "c1", Industry: "steel", Scale: "LARGE", ValueTier: "A", PurchaseFrequencyBand: "MONTHLY",
					SchemeVersion: "v1", ClassifiedAt: custOctober},
				customer.FileReviewed{CustomerID: "c1", Month: "2026-11", ReviewerID: "rep-1", ReviewedAt: custNovember},
			)
			add(customer.Stream("c2"), readmodeltest.RegCustomer("c2", "C-002", "rep-2", custOctober),
				customer.Reassigned{CustomerID: "c2", FromRepID: "rep-2", ToRepID: "rep-1", ReassignedAt: custOctober},
				customer.NegotiationStarted{CustomerID: "c2", StartedAt: custOctober})
			add(customer.Stream("c3"), readmodeltest.RegCustomer("c3", "C-003", "rep-2", custNovember))
			add(customer.Stream("c4"), readmodeltest.RegCustomer("c4", "C-004", "rep-2", custOctober),
				customer.Abandoned{CustomerID: "c4", FromStage: customer.StageTarget, Reason: "gone", AbandonedAt: custOctober})
			// Another stream family must not leak in.
			add(customer.NumberStream("C-001"), customer.NumberClaimed{Number: "C-001", CustomerID: "c1"})
		})
}

func TestCustomers_Customer(t *testing.T) {
	f := customersFixture(t)
	ctx := context.Background()
	got, err := f.Q.Customer(ctx, "c1", custNovember)
	if err != nil {
		t.Fatalf("Customer: %v", err)
	}
	if got.Stage != "VISITING" || got.Visits != 1 || got.ValueTier != "A" || got.Version != 9 || got.Stale ||
		got.LastContactAt == nil || !got.LastContactAt.Equal(custNovember) || got.NextAppointmentAt == nil {
		t.Errorf("Customer(c1) = %+v", got)
	}
	// C4: in December nothing happened to c1 yet, so it turns stale without an event.
	if dec, _ := f.Q.Customer(ctx, "c1", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); !dec.Stale {
		t.Errorf("Customer(c1) in December: stale = false, want true")
	}
	if _, err := f.Q.Customer(ctx, "nope", custNovember); !errors.Is(err, domain.ErrNotFound) || !errors.Is(err, queries.ErrCustomerNotFound) {
		t.Errorf("Customer(nope) error = %v, want ErrCustomerNotFound", err)
	}
}

func TestCustomers_CustomerContacts(t *testing.T) {
	f := customersFixture(t)
	ctx := context.Background()
	contacts, err := f.Q.CustomerContacts(ctx, "c1", true)
	want := []queries.KeyContactView{{ContactID: "k1", RoleInOrg: "HEAD",
		Personal: &customer.PersonalData{Name: "王总", ContactDetails: "138"}, AddedAt: custOctober, Version: 3}}
	if err != nil || !cmp.Equal(contacts, want, salesCmpTimes(), ignoreUpdatedAt) {
		t.Errorf("CustomerContacts(personal) = %v; diff %s", err, cmp.Diff(want, contacts, salesCmpTimes(), ignoreUpdatedAt))
	}
	hidden, err := f.Q.CustomerContacts(ctx, "c1", false)
	if err != nil || len(hidden) != 1 || hidden[0].Personal != nil {
		t.Errorf("CustomerContacts(no personal) = %+v, %v; want one contact without personal data", hidden, err)
	}
	if _, err := f.Q.CustomerContacts(ctx, "nope", false); !errors.Is(err, queries.ErrCustomerNotFound) {
		t.Errorf("CustomerContacts(nope) error = %v", err)
	}
}

func TestCustomers_ContactLog(t *testing.T) {
	f := customersFixture(t)
	ctx := context.Background()
	log, err := f.Q.ContactLog(ctx, "c1", queries.PageRequest{Limit: 1})
	if err != nil || len(log.Items) != 1 || log.Items[0].Topic != "demo" || log.NextCursor == "" {
		t.Fatalf("ContactLog page 1 = %+v, %v", log, err)
	}
	log, err = f.Q.ContactLog(ctx, "c1", queries.PageRequest{Limit: 1, Cursor: log.NextCursor})
	if err != nil || len(log.Items) != 1 || log.Items[0].Topic != "price" || log.NextCursor != "" {
		t.Errorf("ContactLog page 2 = %+v, %v", log, err)
	}
	forged := base64.RawURLEncoding.EncodeToString([]byte(`["1","1; DROP TABLE x"]`))
	if _, err := f.Q.ContactLog(ctx, "c1", queries.PageRequest{Cursor: forged}); !errors.Is(err, queries.ErrBadCursor) {
		t.Errorf("ContactLog with a forged cursor: error = %v, want ErrBadCursor", err)
	}
	if _, err := f.Q.ContactLog(ctx, "nope", queries.PageRequest{}); !errors.Is(err, queries.ErrCustomerNotFound) {
		t.Errorf("ContactLog(nope) error = %v", err)
	}
}

func TestCustomers_Customers(t *testing.T) {
	f := customersFixture(t)
	ids := func(filter queries.CustomerFilter, page queries.PageRequest) ([]string, string) {
		t.Helper()
		p, err := f.Q.Customers(context.Background(), filter, page)
		if err != nil {
			t.Fatalf("Customers(%+v): %v", filter, err)
		}
		var out []string
		for _, v := range p.Items {
			out = append(out, v.CustomerID)
		}
		return out, p.NextCursor
	}
	for name, tc := range map[string]struct {
		f    queries.CustomerFilter
		want []string
	}{
		"all by number":             {queries.CustomerFilter{Now: custNovember}, []string{"c1", "c2", "c3", "c4"}},
		"owner after reassigning":   {queries.CustomerFilter{Now: custNovember, OwnerRepID: "rep-1"}, []string{"c1", "c2"}},
		"stage":                     {queries.CustomerFilter{Now: custNovember, Stage: customer.StageNegotiating}, []string{"c2"}},
		"stale only, not abandoned": {queries.CustomerFilter{Now: custNovember, StaleOnly: true}, []string{"c2"}},
		"newest change first":       {queries.CustomerFilter{Now: custNovember, Sort: "-updated_at"}, []string{"c4", "c3", "c2", "c1"}},
	} {
		if got, _ := ids(tc.f, queries.PageRequest{}); !cmp.Equal(got, tc.want) {
			t.Errorf("%s: Customers = %v, want %v", name, got, tc.want)
		}
	}
	first, cur := ids(queries.CustomerFilter{Now: custNovember}, queries.PageRequest{Limit: 2})
	rest, end := ids(queries.CustomerFilter{Now: custNovember}, queries.PageRequest{Limit: 2, Cursor: cur})
	if !cmp.Equal(append(first, rest...), []string{"c1", "c2", "c3", "c4"}) || end != "" {
		t.Errorf("paged Customers = %v then %v (cursor %q)", first, rest, end)
	}
	if _, err := f.Q.Customers(context.Background(), queries.CustomerFilter{Sort: "phone"}, queries.PageRequest{}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("Customers with an unknown sort: error = %v, want invalid", err)
	}
}

func TestCustomers_Rebuild(t *testing.T) {
	customersFixture(t).RebuildMatches(t)
}

// salesCmpTimes compares times by instant.
func salesCmpTimes() cmp.Option {
	return cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
}

// ignoreUpdatedAt drops the recorded time, which the store assigns.
var ignoreUpdatedAt = cmpopts.IgnoreFields(queries.KeyContactView{}, "UpdatedAt")
