package commands_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	customerNow = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

	customerRegistration = commands.RegisterTargetCustomer{
		CustomerID: "c-1", Number: "NJ-0001", Name: "Jinling Valves", Address: "1 Xinjiekou, Nanjing",
		PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceOnSite, Region: "east",
	}
)

// customerMeta is the metadata of a command by employee id acting under roles.
func customerMeta(id string, roles ...domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: roles, OrgUnitID: "branch-nj"}, Reason: "test " + id}
}

var (
	customerRep      = customerMeta("rep-1", domain.RoleSalesRep)
	customerOtherRep = customerMeta("rep-2", domain.RoleSalesRep)
	customerHead     = customerMeta("head-1", domain.RoleDeptHead)
	customerCS       = customerMeta("cs-1", domain.RoleCustomerService)
	customerSystem   = commands.Meta{Actor: domain.SystemActor, Reason: "contract signed"}
)

// customerWorld is a handler over a memory store.
type customerWorld struct {
	t     *testing.T
	h     *commands.Handler
	store *memory.Store
	codec *eventstore.Codec
	seq   int
}

func newCustomerWorld(t *testing.T) *customerWorld {
	t.Helper()
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), employee.Events())...) // owners' portfolios record their customers
	codec.Register(contract.Events()...)
	store := memory.New()
	return &customerWorld{t: t, h: commands.New(store, codec, func() time.Time { return customerNow }), store: store, codec: codec}
}

// registered is a world where rep-1 registered customer c-1.
func registeredCustomerWorld(t *testing.T) *customerWorld {
	w := newCustomerWorld(t)
	if _, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration); err != nil {
		t.Fatalf("RegisterTargetCustomer() error = %v", err)
	}
	registerOutings(t, w.store, w.codec, "rep-1", customerNow, "out-1")
	return w
}

// seed appends facts of other aggregates directly.
func (w *customerWorld) seed(stream string, events ...domain.Event) {
	w.t.Helper()
	for _, e := range events {
		w.seq++
		data, err := w.codec.Encode(fmt.Sprintf("seed-%d", w.seq), e, eventstore.Metadata{ActorID: "seed"})
		if err != nil {
			w.t.Fatalf("Encode(%T) error = %v", e, err)
		}
		if _, err := w.store.Append(context.Background(), stream, eventstore.Any, data); err != nil {
			w.t.Fatalf("Append(%s) error = %v", stream, err)
		}
	}
}

// read returns the decoded events of stream and their metadata.
func (w *customerWorld) read(stream string) ([]domain.Event, []eventstore.Metadata) {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	var events []domain.Event
	var metas []eventstore.Metadata
	for _, r := range recs {
		e, err := w.codec.DecodeRecorded(r)
		if err != nil {
			w.t.Fatalf("DecodeRecorded() error = %v", err)
		}
		events, metas = append(events, e), append(metas, r.Metadata)
	}
	return events, metas
}

func TestRegisterTargetCustomer(t *testing.T) {
	t.Run("a rep registers a customer it then owns, after claiming the number", func(t *testing.T) {
		w := newCustomerWorld(t)

		res, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration)

		if err != nil || res.Events != 1 || res.Stream != "customer-c-1" {
			t.Fatalf("RegisterTargetCustomer() = %+v, %v", res, err)
		}
		want := []domain.Event{customer.Registered{
			CustomerID: "c-1", Number: "NJ-0001", Name: "Jinling Valves", Address: "1 Xinjiekou, Nanjing",
			PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceOnSite,
			OwnerRepID: "rep-1", OrgUnitID: "branch-nj", Region: "east", RegisteredBy: "rep-1", RegisteredAt: customerNow,
		}}
		got, metas := w.read(customer.Stream("c-1"))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("customer stream mismatch (-want +got):\n%s", diff)
		}
		if m := metas[0]; m.ActorID != "rep-1" || m.ActorRole != domain.RoleSalesRep || m.ActorOrgUnitID != "branch-nj" || m.Reason != "test rep-1" {
			t.Errorf("metadata = %+v", m)
		}
		claim, _ := w.read(customer.NumberStream("NJ-0001"))
		if diff := cmp.Diff([]domain.Event{customer.NumberClaimed{Number: "NJ-0001", CustomerID: "c-1", ClaimedBy: "rep-1", ClaimedAt: customerNow}}, claim); diff != "" {
			t.Errorf("number stream mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a role outside the issuers is refused", func(t *testing.T) {
		w := newCustomerWorld(t)
		_, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerMeta("fin-1", domain.RoleFinance), customerRegistration)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("RegisterTargetCustomer() by FINANCE error = %v, want ErrForbidden", err)
		}
	})
	t.Run("a second customer with the same number is refused (C1)", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		other := customerRegistration
		other.CustomerID = "c-2"

		_, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerCS, commands.RegisterTargetCustomer(withOwner(other, "rep-2")))

		if !errors.Is(err, customer.ErrNumberTaken) || !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("RegisterTargetCustomer() error = %v, want ErrNumberTaken (a conflict)", err)
		}
		if got, _ := w.read(customer.Stream("c-2")); len(got) != 0 {
			t.Errorf("customer c-2 has events %v, want none", got)
		}
	})
	t.Run("invalid input takes no number (C2)", func(t *testing.T) {
		w := newCustomerWorld(t)
		bad := customerRegistration
		bad.Phone = ""
		if _, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, bad); !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("RegisterTargetCustomer() error = %v, want ErrInvalid", err)
		}
		if got, _ := w.read(customer.NumberStream("NJ-0001")); len(got) != 0 {
			t.Errorf("number stream has %v, want no claim", got)
		}
	})
	t.Run("an assistant must name the owning rep", func(t *testing.T) {
		w := newCustomerWorld(t)
		_, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerMeta("asst-1", domain.RoleSalesAssistant), customerRegistration)
		if !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("RegisterTargetCustomer() without owner error = %v, want ErrInvalid", err)
		}
	})
	t.Run("re-registering a customer under a new number claims nothing", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		again := customerRegistration
		again.Number = "NJ-0002"
		if _, err := w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, again); !errors.Is(err, customer.ErrAlreadyRegistered) {
			t.Fatalf("RegisterTargetCustomer() error = %v, want ErrAlreadyRegistered", err)
		}
		if got, _ := w.read(customer.NumberStream("NJ-0002")); len(got) != 0 {
			t.Errorf("number NJ-0002 claimed by %v, want free", got)
		}
	})
	t.Run("a repeated idempotency key registers once", func(t *testing.T) {
		w := newCustomerWorld(t)
		m := customerRep
		m.IdempotencyKey = "reg-1"
		first, err1 := w.h.Customers.RegisterTargetCustomer(context.Background(), m, customerRegistration)
		second, err2 := w.h.Customers.RegisterTargetCustomer(context.Background(), m, customerRegistration)
		if err1 != nil || err2 != nil || !second.Replayed || second.Version != first.Version {
			t.Fatalf("second RegisterTargetCustomer() = %+v, %v (first %+v, %v), want a replay", second, err2, first, err1)
		}
		if got, _ := w.read(customer.Stream("c-1")); len(got) != 1 {
			t.Errorf("customer stream has %d events, want 1", len(got))
		}
	})
	t.Run("concurrent registrations of one number: exactly one wins", func(t *testing.T) {
		w := newCustomerWorld(t)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := customerRegistration
				r.CustomerID = fmt.Sprintf("c-%d", i)
				_, errs[i] = w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, r)
			}()
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, customer.ErrNumberTaken):
				t.Errorf("RegisterTargetCustomer() error = %v, want nil or ErrNumberTaken", err)
			}
		}
		if wins != 1 {
			t.Errorf("%d registrations won the number, want 1", wins)
		}
	})
}

func withOwner(r commands.RegisterTargetCustomer, owner string) commands.RegisterTargetCustomer {
	r.OwnerRepID = owner
	return r
}

func TestUpdateCustomerProfile(t *testing.T) {
	t.Run("the change is recorded with its reason and actor", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		m := customerCS
		m.Reason = "customer moved"

		_, err := w.h.Customers.UpdateCustomerProfile(context.Background(), m, commands.UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{"address": "9 Hexi Avenue"}})

		if err != nil {
			t.Fatalf("UpdateCustomerProfile() error = %v", err)
		}
		got, metas := w.read(customer.Stream("c-1"))
		want := customer.ProfileUpdated{CustomerID: "c-1", Changes: []customer.FieldChange{{Field: "address", Old: "1 Xinjiekou, Nanjing", New: "9 Hexi Avenue"}}, Reason: "customer moved", UpdatedBy: "cs-1", UpdatedAt: customerNow}
		if diff := cmp.Diff(want, got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
		if last := metas[len(metas)-1]; last.ActorRole != domain.RoleCustomerService || last.Reason != "customer moved" {
			t.Errorf("metadata = %+v", last)
		}
	})
	t.Run("a rep cannot change another rep's customer", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		_, err := w.h.Customers.UpdateCustomerProfile(context.Background(), customerOtherRep, commands.UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{"phone": "1"}})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("UpdateCustomerProfile() by rep-2 error = %v, want ErrForbidden", err)
		}
	})
}

func TestAbandonCustomer(t *testing.T) {
	cooperatingWorld := func(t *testing.T) *customerWorld {
		w := registeredCustomerWorld(t)
		w.seed(customer.Stream("c-1"), customer.BecameCooperating{CustomerID: "c-1", ContractID: "k-1"})
		return w
	}
	t.Run("a rep cannot abandon a cooperating customer", func(t *testing.T) {
		w := cooperatingWorld(t)
		_, err := w.h.Customers.AbandonCustomer(context.Background(), customerRep, commands.AbandonCustomer{CustomerID: "c-1"})
		if !errors.Is(err, customer.ErrAbandonNeedsHead) {
			t.Errorf("AbandonCustomer() by a rep error = %v, want ErrAbandonNeedsHead", err)
		}
	})
	t.Run("a rep who is also department head acts as department head", func(t *testing.T) {
		w := cooperatingWorld(t)
		_, err := w.h.Customers.AbandonCustomer(context.Background(), customerMeta("rep-1", domain.RoleSalesRep, domain.RoleDeptHead), commands.AbandonCustomer{CustomerID: "c-1"})
		if err != nil {
			t.Fatalf("AbandonCustomer() error = %v", err)
		}
		got, metas := w.read(customer.Stream("c-1"))
		if _, ok := got[len(got)-1].(customer.Abandoned); !ok || metas[len(metas)-1].ActorRole != domain.RoleDeptHead {
			t.Errorf("last event %T under role %s, want customer.Abandoned under DEPT_HEAD", got[len(got)-1], metas[len(metas)-1].ActorRole)
		}
	})
}

func TestMarkCustomerCooperating(t *testing.T) {
	drafted := contract.Drafted{ContractID: "k-1", CustomerID: "c-1", DrafterID: "rep-1"}
	cmd := commands.MarkCustomerCooperating{CustomerID: "c-1", ContractID: "k-1", SignedAt: customerNow}
	t.Run("a signed contract makes the customer cooperating (C9)", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		w.seed(contract.Stream("k-1"), drafted, contract.Signed{ContractID: "k-1", CustomerID: "c-1", SignedAt: customerNow})

		if _, err := w.h.Customers.MarkCustomerCooperating(context.Background(), customerSystem, cmd); err != nil {
			t.Fatalf("MarkCustomerCooperating() error = %v", err)
		}
		got, metas := w.read(customer.Stream("c-1"))
		want := customer.BecameCooperating{CustomerID: "c-1", ContractID: "k-1", FromStage: customer.StageTarget, SignedAt: customerNow, At: customerNow}
		if diff := cmp.Diff(want, got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
		if metas[len(metas)-1].ActorRole != domain.RoleSystem {
			t.Errorf("acting role = %s, want SYSTEM", metas[len(metas)-1].ActorRole)
		}
	})
	t.Run("an unsigned contract changes nothing (C9)", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		w.seed(contract.Stream("k-1"), drafted)
		_, err := w.h.Customers.MarkCustomerCooperating(context.Background(), customerSystem, cmd)
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Rule != "C9" {
			t.Errorf("MarkCustomerCooperating() error = %v, want a C9 rule violation", err)
		}
	})
	t.Run("only the system marks a customer cooperating", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		if _, err := w.h.Customers.MarkCustomerCooperating(context.Background(), customerHead, cmd); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("MarkCustomerCooperating() by a person error = %v, want ErrForbidden", err)
		}
	})
}

func TestClassifyCustomer(t *testing.T) {
	cl := customer.Classification{Industry: "chemicals", Scale: "LARGE", ValueTier: "HIGH", PurchaseFrequencyBand: "FREQUENT"}
	t.Run("the scheme version in force is recorded", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		var schemes domain.RegulationVersions[customer.ClassificationScheme]
		schemes.Add(domain.RegulationVersion{ID: "cls/2026", EffectiveFrom: customerNow.AddDate(0, -1, 0)}, customer.DefaultClassificationScheme())
		w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{Classification: &schemes}))

		if _, err := w.h.Customers.ClassifyCustomer(context.Background(), customerCS, commands.ClassifyCustomer{CustomerID: "c-1", Classification: cl}); err != nil {
			t.Fatalf("ClassifyCustomer() error = %v", err)
		}
		got, metas := w.read(customer.Stream("c-1"))
		if e, ok := got[len(got)-1].(customer.Classified); !ok || e.SchemeVersion != "cls/2026" || metas[len(metas)-1].RegulationVersion != "cls/2026" {
			t.Errorf("last event %+v with regulation version %q, want scheme version cls/2026", got[len(got)-1], metas[len(metas)-1].RegulationVersion)
		}
	})
	t.Run("a sales rep may not classify", func(t *testing.T) {
		w := registeredCustomerWorld(t)
		if _, err := w.h.Customers.ClassifyCustomer(context.Background(), customerRep, commands.ClassifyCustomer{CustomerID: "c-1", Classification: cl}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("ClassifyCustomer() by a rep error = %v, want ErrForbidden", err)
		}
	})
}

func TestConfirmMonthlyFileReview(t *testing.T) {
	w := registeredCustomerWorld(t)
	first, err := w.h.Customers.ConfirmMonthlyFileReview(context.Background(), customerRep, commands.ConfirmMonthlyFileReview{CustomerID: "c-1"})
	if err != nil || first.Events != 1 {
		t.Fatalf("first ConfirmMonthlyFileReview() = %+v, %v, want one event", first, err)
	}
	second, err := w.h.Customers.ConfirmMonthlyFileReview(context.Background(), customerMeta("asst-1", domain.RoleSalesAssistant), commands.ConfirmMonthlyFileReview{CustomerID: "c-1"})
	if err != nil || second.Events != 0 {
		t.Errorf("second ConfirmMonthlyFileReview() in the month = %+v, %v, want no event", second, err)
	}
	got, _ := w.read(customer.Stream("c-1"))
	if e, ok := got[len(got)-1].(customer.FileReviewed); !ok || e.Month != "2026-11" {
		t.Errorf("last event = %+v, want FileReviewed for 2026-11", got[len(got)-1])
	}
}

func TestReassignCustomer(t *testing.T) {
	w := registeredCustomerWorld(t)
	cmd := commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "rep-2"}
	if _, err := w.h.Customers.ReassignCustomer(context.Background(), customerRep, cmd); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("ReassignCustomer() by a rep error = %v, want ErrForbidden", err)
	}
	if _, err := w.h.Customers.ReassignCustomer(context.Background(), customerHead, cmd); err != nil {
		t.Fatalf("ReassignCustomer() error = %v", err)
	}
	// The new owner may now change the file; the old one may not.
	change := commands.UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{"phone": "1"}}
	if _, err := w.h.Customers.UpdateCustomerProfile(context.Background(), customerOtherRep, change); err != nil {
		t.Errorf("UpdateCustomerProfile() by the new owner error = %v", err)
	}
	if _, err := w.h.Customers.UpdateCustomerProfile(context.Background(), customerRep, change); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("UpdateCustomerProfile() by the old owner error = %v, want ErrForbidden", err)
	}
}

func TestLogContactAndCare(t *testing.T) {
	w := registeredCustomerWorld(t)
	entry := customer.ContactEntry{ContactID: customer.PrimaryContactID, Topic: "prices", Outcome: "sends volumes next week"}
	if _, err := w.h.Customers.LogContact(context.Background(), customerMeta("asst-1", domain.RoleSalesAssistant), commands.LogContact{CustomerID: "c-1", Entry: entry}); err != nil {
		t.Errorf("LogContact() error = %v", err)
	}
	entry.ContactID = "nobody"
	if _, err := w.h.Customers.LogContact(context.Background(), customerRep, commands.LogContact{CustomerID: "c-1", Entry: entry}); !errors.Is(err, customer.ErrContactNotFound) {
		t.Errorf("LogContact() with an unknown contact error = %v, want ErrContactNotFound", err)
	}
	plan := commands.PlanCustomerCare{CustomerID: "c-1", Plan: customer.CarePlan{PlanID: "p-1", CareType: customer.CareHolidayGreeting, Method: "card", Schedule: "new year"}}
	if _, err := w.h.Customers.PlanCustomerCare(context.Background(), customerCS, plan); !errors.Is(err, customer.ErrNotClassifiedForCare) {
		t.Errorf("PlanCustomerCare() before classification error = %v, want ErrNotClassifiedForCare", err)
	}
	if _, err := w.h.Customers.PlanCustomerCare(context.Background(), customerRep, plan); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("PlanCustomerCare() by a rep error = %v, want ErrForbidden", err)
	}
}
