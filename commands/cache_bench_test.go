package commands_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// BenchmarkLogContact_hotStreams logs contacts, each under a fresh
// idempotency key as opsbench http sends them, round robin on 50
// customers whose streams hold 20 events to start with. Streams grow by
// one event per command, so compare runs of one size:
//
//	go test ./commands -run '^$' -bench LogContact -benchtime 2000x
func BenchmarkLogContact_hotStreams(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) eventstore.Store
	}{
		{"memory", func(*testing.B) eventstore.Store { return memory.New() }},
		{"postgres", func(b *testing.B) eventstore.Store { return pgtest.Store(b) }},
	}
	for _, s := range stores {
		for _, mode := range cacheModes {
			b.Run(s.name+"/"+mode.name, func(b *testing.B) {
				benchLogContact(b, s.open(b), mode.cache)
			})
		}
	}
}

func benchLogContact(b *testing.B, store eventstore.Store, cache int) {
	const customers, history = 50, 20
	ctx := context.Background()
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), employee.Events())...) // owners record their customers
	h := commands.New(store, codec, time.Now, commands.WithAggregateCache(cache))
	ids := make([]string, customers)
	for i := range ids {
		ids[i] = fmt.Sprintf("c-%d", i)
		reg := customerRegistration
		reg.CustomerID, reg.Number = ids[i], fmt.Sprintf("B-%06d", i)
		benchOK(b)(h.Customers.RegisterTargetCustomer(ctx, customerRep, reg))
		for range history - 1 {
			benchOK(b)(h.Customers.LogContact(ctx, customerRep, benchLog(ids[i])))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		benchOK(b)(h.Customers.LogContact(ctx, keyedMeta(customerRep, fmt.Sprintf("bench-%d", i)), benchLog(ids[i%customers])))
	}
}

func benchLog(id string) commands.LogContact {
	return commands.LogContact{CustomerID: id, Entry: customer.ContactEntry{
		ContactID: customer.PrimaryContactID, Channel: "PHONE", Topic: "follow-up", Outcome: "asked for a quote next week"}}
}

func benchOK(b *testing.B) func(commands.Result, error) {
	return func(_ commands.Result, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
}
