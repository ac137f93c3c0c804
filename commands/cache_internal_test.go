package commands

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var cacheT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func cacheHandler(store eventstore.Store, opts ...Option) *Handler {
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), employee.Events())...) // owners record their customers
	codec.Register(employee.Events()...)
	return New(store, codec, func() time.Time { return cacheT0 }, append([]Option{WithAggregateCache(DefaultAggregateCache)}, opts...)...)
}

// cachedEqualsRead fails the test unless h's cached aggregate of stream is
// what a fresh read of the stream folds: state, version and keys.
func cachedEqualsRead[S any](t *testing.T, h *Handler, stream string, evolve func(S, domain.Event) S) {
	t.Helper()
	cached, ok := h.log.cache.take(stream).(*aggregate[S])
	if !ok {
		t.Fatalf("%s is not cached", stream)
	}
	read := newAggregate[S](stream)
	if err := read.catchUp(context.Background(), h.log, evolve, false); err != nil {
		t.Fatal(err)
	}
	cached.cached = false
	if !reflect.DeepEqual(cached, read) {
		t.Errorf("cached aggregate of %s\n%+v\nwant what a read folds\n%+v", stream, cached, read)
	}
}

var (
	cacheRep = Meta{Actor: domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}, Reason: "test"}
	cacheReg = RegisterTargetCustomer{CustomerID: "c-1", Number: "C-1", Name: "Jinling Valves", Address: "1 Xinjiekou",
		PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceOnSite, Region: "east"}
)

func TestAggregateCache_StateIsWhatAReadFolds(t *testing.T) {
	t.Run("customer: maps copied on write, keys, another writer", func(t *testing.T) {
		ctx, store := context.Background(), memory.New()
		h, other := cacheHandler(store), cacheHandler(store)
		must(t)(h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg))
		contact := customer.KeyContact{ContactID: "k-1", RoleInOrg: customer.ContactHead, Personal: customer.PersonalData{Name: "Ms Zhou"}}
		must(t)(h.Customers.AddKeyContact(ctx, withKey(cacheRep, "add-k-1"), AddKeyContact{CustomerID: "c-1", Contact: contact}))
		must(t)(other.Customers.UpdateCustomerProfile(ctx, cacheRep, UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: "Jinling Valve Works"}}))
		must(t)(h.Customers.UpdateCustomerProfile(ctx, withKey(cacheRep, "rename"), UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldPhone: "025-7654321"}}))
		must(t)(h.Customers.RemoveKeyContact(ctx, cacheRep, RemoveKeyContact{CustomerID: "c-1", ContactID: "k-1"}))

		cachedEqualsRead(t, h, customer.Stream("c-1"), customer.Customer.Evolve)
	})
	t.Run("employee: maps updated in place by Evolve", func(t *testing.T) {
		ctx, store := context.Background(), memory.New()
		h := cacheHandler(store)
		seedEmployee(t, h, "e-1")
		self := Meta{Actor: domain.Actor{EmployeeID: "e-1", Roles: []domain.Role{domain.RoleSalesRep}}, Reason: "test"}
		for _, id := range []string{"l-1", "l-2", "l-1"} {
			must(t)(h.Employees.RequestLeave(ctx, withKey(self, id), RequestLeave{EmployeeID: "e-1", LeaveID: id, From: cacheT0.AddDate(0, 0, 7), To: cacheT0.AddDate(0, 0, 8), Reason: "family"}))
		}

		cachedEqualsRead(t, h, employee.Stream("e-1"), employee.Employee.Evolve)
	})
}

// seedEmployee appends the history of an employee at work on probation.
func seedEmployee(t *testing.T, h *Handler, id string) {
	t.Helper()
	for _, e := range []domain.Event{
		employee.QualificationChecked{EmployeeID: id, CandidateName: "Li Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: cacheT0},
		employee.Hired{EmployeeID: id, Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "ou-1", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: cacheT0},
		employee.StartedWork{EmployeeID: id, StartedAt: cacheT0, ProbationEndsOn: cacheT0.AddDate(0, 3, 0)},
	} {
		data, err := h.log.codec.Encode("seed-"+e.EventType()+"-"+id, e, eventstore.Metadata{ActorID: "seed"})
		if err == nil {
			_, err = h.log.store.Append(context.Background(), employee.Stream(id), eventstore.Any, data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func withKey(m Meta, key string) Meta {
	m.IdempotencyKey = key
	return m
}

func must(t *testing.T) func(Result, error) {
	return func(_ Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("command error = %v", err)
		}
	}
}

// Two toy state types on one stream: no real decision shares a stream, but
// the cache must not hand one type's state to the other.
type tally struct{ n int }
type names struct{ last string }

type noted struct{ Text string }

func (noted) EventType() string { return "test.noted" }

func TestAggregateCache_TwoStateTypesOnOneStream(t *testing.T) {
	ctx := context.Background()
	h := New(memory.New(), eventstore.NewCodec(noted{}), time.Now, WithAggregateCache(DefaultAggregateCache))
	tallies := newRepository(h.log, func(s tally, _ domain.Event) tally { s.n++; return s }, "tally")
	count := decision[tally]{stream: "notes-1",
		decide: func(s tally) ([]domain.Event, error) { return []domain.Event{noted{Text: "count"}}, nil }}
	var sawLast string
	namings := newRepository(h.log, func(s names, e domain.Event) names { s.last = e.(noted).Text; return s }, "names")
	name := decision[names]{stream: "notes-1",
		decide: func(s names) ([]domain.Event, error) {
			sawLast = s.last
			return []domain.Event{noted{Text: "name"}}, nil
		}}

	for range 2 {
		if _, err := tallies.Update(ctx, Meta{}, count); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := namings.Update(ctx, Meta{}, name); err != nil || sawLast != "count" {
		t.Fatalf("names decided on last = %q (error %v), want \"count\"", sawLast, err)
	}
	res, err := tallies.Update(ctx, Meta{}, count)
	if err != nil || res.Version != 4 {
		t.Errorf("count after names = %+v, %v; want version 4", res, err)
	}
	cachedEqualsRead(t, h, "notes-1", tallies.evolve)
}

// switchingStore serves commands from one store, then from another: a
// database restored from an older backup under a running process.
type switchingStore struct {
	mu sync.Mutex
	eventstore.Store
}

func (s *switchingStore) use(store eventstore.Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Store = store
}

func (s *switchingStore) current() eventstore.Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store
}

func (s *switchingStore) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	return s.current().ReadStream(ctx, stream, opts)
}

func (s *switchingStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	return s.current().Append(ctx, stream, expected, events...)
}

func TestAggregateCache_StoreBehindTheCache(t *testing.T) {
	ctx := context.Background()
	log := LogContact{CustomerID: "c-1", Entry: customer.ContactEntry{ContactID: customer.PrimaryContactID, Topic: "t", Outcome: "o"}}
	store := &switchingStore{Store: memory.New()}
	h := cacheHandler(store)
	must(t)(h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg))
	must(t)(h.Customers.LogContact(ctx, cacheRep, log)) // h caches version 2
	restored := memory.New()                            // a backup taken at version 1
	must(t)(cacheHandler(restored).Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg))
	store.use(restored)

	res, err := h.Customers.LogContact(ctx, cacheRep, log)

	if err != nil || res.Version != 2 {
		t.Errorf("LogContact() on the restored store = %+v, %v; want version 2", res, err)
	}
	cachedEqualsRead(t, h, customer.Stream("c-1"), customer.Customer.Evolve)
}

// fakeAggregate is a cache entry with a given version and key count.
type fakeAggregate struct {
	stream        string
	version, keys int
}

func (f fakeAggregate) streamName() string    { return f.stream }
func (f fakeAggregate) streamVersion() uint64 { return uint64(f.version) }
func (f fakeAggregate) keyCount() int         { return f.keys }

func TestAggregateCache_Limits(t *testing.T) {
	t.Run("streams and keys beyond the bounds drop the least recently put", func(t *testing.T) {
		c := newAggregateCache(3, 4)
		c.put(fakeAggregate{"a", 1, 1})
		c.put(fakeAggregate{"b", 1, 0})
		c.put(fakeAggregate{"c", 1, 2})
		c.put(c.take("a")) // a is now the most recently used
		c.put(fakeAggregate{"d", 1, 2})

		for stream, want := range map[string]bool{"a": true, "b": false, "c": false, "d": true} {
			if got := c.take(stream) != nil; got != want {
				t.Errorf("%s cached = %v, want %v", stream, got, want)
			}
		}
	})
	t.Run("a later version of a stream wins over an earlier one", func(t *testing.T) {
		c := newAggregateCache(3, 4)
		c.put(fakeAggregate{"a", 2, 0})
		c.put(fakeAggregate{"a", 1, 0})

		if got := c.take("a"); got == nil || got.streamVersion() != 2 || c.size() != 0 {
			t.Errorf("take(a) = %v with %d left, want version 2 and none left", got, c.size())
		}
	})
	t.Run("a stream with more keys than the bound is not kept", func(t *testing.T) {
		c := newAggregateCache(3, 4)
		c.put(fakeAggregate{"a", 1, 5})

		if c.size() != 0 || c.keys != 0 {
			t.Errorf("cache holds %d streams, %d keys; want none", c.size(), c.keys)
		}
	})
	t.Run("no cache takes nothing and keeps nothing", func(t *testing.T) {
		c := newAggregateCache(0, 4)
		c.put(fakeAggregate{"a", 1, 0})

		if c != nil || c.take("a") != nil {
			t.Errorf("cache of 0 streams = %v, want nil", c)
		}
	})
}

// Given a customer whose aggregate is cached, when a command on it is
// refused for its envelope (a reason over the note limit), then the
// aggregate stays cached: the refusal took nothing from the cache.
func TestAggregateCache_RefusedEnvelopeKeepsTheAggregate(t *testing.T) {
	h := cacheHandler(memory.New())
	ctx := context.Background()
	if _, err := h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg); err != nil {
		t.Fatal(err)
	}
	long := cacheRep
	long.Reason = strings.Repeat("x", 2001)
	_, err := h.Customers.UpdateCustomerProfile(ctx, long, UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{"phone": "025-7654321"}})
	if !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("UpdateCustomerProfile with a 2,001-character reason: error = %v, want invalid", err)
	}
	cachedEqualsRead(t, h, customer.Stream("c-1"), customer.Customer.Evolve)
}
