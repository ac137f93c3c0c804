package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/privacy"
)

// discardStore takes appends without keeping them and reads back a
// fixed stream: under the wrapper it leaves the wrapper's own cost.
type discardStore struct {
	eventstore.Store
	stream []eventstore.Recorded
}

func (discardStore) Append(context.Context, string, eventstore.ExpectedVersion, ...eventstore.EventData) (eventstore.AppendResult, error) {
	return eventstore.AppendResult{Version: 1}, nil
}

func (d discardStore) ReadStream(context.Context, string, eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	return d.stream, nil
}

// BenchmarkStore_Append measures what encryption adds to an append: an
// event with personal fields (a key person added: its personal data
// sealed under the subject's cached key) and one without (passed
// through untouched), each against the bare append.
//
//	go test -run '^$' -bench 'Store_' -benchmem ./privacy/postgres/
func BenchmarkStore_Append(b *testing.B) {
	w := newWorld(b)
	wrapped := privacy.Wrap(discardStore{}, w.keyring)
	personal := event(b, "e", keyContact())
	plain := event(b, "e", customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep1", ContactID: "k1", Channel: "phone", Topic: "t", Outcome: "ok", At: at})
	ctx := context.Background()
	if _, err := wrapped.Append(ctx, "customer-c1", eventstore.Any, personal); err != nil { // makes the key
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		store eventstore.Store
		event eventstore.EventData
	}{
		{"personal/bare", discardStore{}, personal},
		{"personal/encrypted", wrapped, personal},
		{"plain/bare", discardStore{}, plain},
		{"plain/encrypted", wrapped, plain},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.store.Append(ctx, "customer-c1", eventstore.Any, c.event); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStore_ReadStream measures decryption on read: a stream of 100
// events of which every tenth has personal fields (the others pass
// through without a copy).
func BenchmarkStore_ReadStream(b *testing.B) {
	w := newWorld(b)
	ctx := context.Background()
	var stream []eventstore.Recorded
	for i := range 100 {
		id := fmt.Sprint(i)
		e := event(b, id, customer.ContactLogged{CustomerID: "c1", EmployeeID: "rep1", ContactID: "k1", Channel: "phone", Topic: "t", Outcome: "ok", At: at})
		if i%10 == 0 {
			e = event(b, id, keyContact())
		}
		if _, err := w.store.Append(ctx, "customer-c1", eventstore.Any, e); err != nil {
			b.Fatal(err)
		}
	}
	stored, err := w.inner.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{})
	if err != nil {
		b.Fatal(err)
	}
	stream = stored
	for _, c := range []struct {
		name  string
		store eventstore.Store
	}{{"bare", discardStore{stream: stream}}, {"decrypted", privacy.Wrap(discardStore{stream: stream}, w.keyring)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.store.ReadStream(ctx, "customer-c1", eventstore.ReadStreamOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStore_AppendPostgres is the worst case on the real store:
// every append is one event with personal fields (a key person added) to
// a new stream, bare and encrypted (the key of each subject made on its
// first append, as in production, then cached). The ratio of the two is
// what encryption costs a PostgreSQL append when every event is
// personal; most events of the mix carry none.
func BenchmarkStore_AppendPostgres(b *testing.B) {
	w := newWorld(b)
	pg := pgtest.Store(b)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		store eventstore.Store
	}{{"bare", pg}, {"encrypted", privacy.Wrap(pg, w.keyring)}} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				k := keyContact()
				k.CustomerID = fmt.Sprintf("%s-%d", c.name, i%50) // 50 people, keys cached after their first append
				e := event(b, fmt.Sprint(i), k)
				if _, err := c.store.Append(ctx, fmt.Sprintf("customer-%s-%d", c.name, i), eventstore.NoStream, e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
