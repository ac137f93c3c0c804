package commands_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// cacheModes are the two ways a Handler runs: the behaviour of a command
// must not depend on it.
var cacheModes = []struct {
	name  string
	cache int
}{{"cache on", commands.DefaultAggregateCache}, {"cache off", 0}}

// cacheWorld is two handlers on one store: h, the process under test, and
// other, a second process writing the same streams. The store counts reads.
type cacheWorld struct {
	t        *testing.T
	store    *countingStore
	codec    *eventstore.Codec
	h, other *commands.Handler
}

func newCacheWorld(t *testing.T, store eventstore.Store, streams int) *cacheWorld {
	t.Helper()
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), employee.Events())...) // owners record their customers
	codec.Register(employee.Events()...)
	w := &cacheWorld{t: t, store: &countingStore{Store: store, reads: map[string]int{}}, codec: codec}
	clock := func() time.Time { return customerNow }
	w.h = commands.New(w.store, codec, clock, commands.WithAggregateCache(streams))
	w.other = commands.New(w.store, codec, clock, commands.WithAggregateCache(streams))
	return w
}

// registeredCacheWorld is a memory store where h registered customer c-1
// (and so holds it cached, when its cache is on).
func registeredCacheWorld(t *testing.T, streams int) *cacheWorld {
	t.Helper()
	w := newCacheWorld(t, memory.New(), streams)
	w.ok(w.h.Customers.RegisterTargetCustomer(context.Background(), customerRep, customerRegistration))
	registerOutings(t, w.store, w.codec, "rep-1", customerNow, "out-1")
	return w
}

func (w *cacheWorld) ok(res commands.Result, err error) commands.Result {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("command error = %v", err)
	}
	return res
}

// events returns the decoded events of stream and their metadata.
func (w *cacheWorld) events(stream string) ([]domain.Event, []eventstore.Metadata) {
	w.t.Helper()
	recs, err := w.store.Store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	events, metas := make([]domain.Event, len(recs)), make([]eventstore.Metadata, len(recs))
	for i, r := range recs {
		e, err := w.codec.DecodeRecorded(r)
		if err != nil {
			w.t.Fatalf("DecodeRecorded() error = %v", err)
		}
		events[i], metas[i] = e, r.Metadata
	}
	return events, metas
}

// keyed counts the events of stream recorded under idempotency key.
func (w *cacheWorld) keyed(stream, key string) int {
	_, metas := w.events(stream)
	n := 0
	for _, m := range metas {
		if m.IdempotencyKey == key {
			n++
		}
	}
	return n
}

// logContact is a LogContact on c-1 with the primary contact.
func logContact(id string) commands.LogContact {
	return commands.LogContact{CustomerID: "c-1", Entry: customer.ContactEntry{
		ContactID: customer.PrimaryContactID, Channel: "PHONE", Topic: "prices " + id, Outcome: "sends volumes"}}
}

// keyedMeta is m with an idempotency key.
func keyedMeta(m commands.Meta, key string) commands.Meta {
	m.IdempotencyKey = key
	return m
}

// ifVersion is m with an If-Match version.
func ifVersion(m commands.Meta, v uint64) commands.Meta {
	m.IfVersion = &v
	return m
}

// countingStore counts the stream reads commands make, and can run a
// write of another process right after one.
type countingStore struct {
	eventstore.Store
	mu    sync.Mutex
	reads map[string]int
	after map[string]func()
}

func (s *countingStore) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	s.mu.Lock()
	s.reads[stream]++
	after := s.after[stream]
	delete(s.after, stream)
	s.mu.Unlock()
	recs, err := s.Store.ReadStream(ctx, stream, opts)
	if after != nil {
		after()
	}
	return recs, err
}

// afterRead runs f once, right after the next read of stream.
func (s *countingStore) afterRead(stream string, f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.after == nil {
		s.after = map[string]func(){}
	}
	s.after[stream] = f
}

// readsOf returns how often stream was read since the last call.
func (s *countingStore) readsOf(stream string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.reads[stream]
	s.reads[stream] = 0
	return n
}
