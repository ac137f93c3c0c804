package contracts_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// appendEffective appends events to stream with their effective time,
// and returns an instant after they were recorded and before anything
// recorded later.
func appendEffective(t *testing.T, store eventstore.Store, stream string, effective time.Time, events ...domain.Event) time.Time {
	t.Helper()
	codec := eventstore.NewCodec(contract.Events()...)
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := codec.Encode(fmt.Sprintf("%s-%d-%d", stream, time.Now().UnixNano(), i), e,
			eventstore.Metadata{ActorID: "emp-test", EffectiveAt: effective})
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		data[i] = d
	}
	if _, err := store.Append(context.Background(), stream, eventstore.Any, data...); err != nil {
		t.Fatalf("Append %s: %v", stream, err)
	}
	time.Sleep(2 * time.Millisecond)
	after := time.Now()
	time.Sleep(2 * time.Millisecond)
	return after
}

// Given a contract approved, then signed at 1,000.00, then amended to
// 1,200.00 after its approval, and a contract drafted today but effective
// ten days ago (a retroactive filing), when the contracts are listed as of
// a time on either axis, then each shows the version of then: APPROVED
// before the signature, the old terms before the amendment, the new after;
// the retroactive draft in force ten days back though recorded only now.
// Rebuilding the read model gives the same versions.
func TestContracts_AsOfLists(t *testing.T) {
	store := memory.New()
	now := time.Now()
	k1 := readmodeltest.SignedContractEvents("k1", "c1", "rep-1", 100000)
	approved := appendEffective(t, store, contract.Stream("k1"), now.Add(-time.Minute), k1[:5]...)
	signed := appendEffective(t, store, contract.Stream("k1"), now.Add(-time.Minute), k1[5])
	amended := appendEffective(t, store, contract.Stream("k1"), time.Time{}, amendmentEvents()[:6]...)
	beforeFiling := time.Now()
	time.Sleep(2 * time.Millisecond)
	appendEffective(t, store, contract.Stream("k9"), now.Add(-10*24*time.Hour), readmodeltest.SignedContractEvents("k9", "c2", "rep-2", 5000)[0])
	f := readmodeltest.NewFixture(t, store, eventstore.NewCodec(contract.Events()...), contracts.New(), contracts.NewQueries,
		func(func(string, ...domain.Event)) {})

	list := func(t *testing.T, filter queries.ContractFilter) map[string]queries.ContractView {
		t.Helper()
		p, err := f.Q.Contracts(context.Background(), filter, queries.PageRequest{})
		if err != nil {
			t.Fatalf("Contracts(%+v): %v", filter, err)
		}
		out := map[string]queries.ContractView{}
		for _, v := range p.Items {
			out[v.ContractID] = v
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		filter queries.ContractFilter
		want   map[string]string // id → status@value
	}{
		{"APPROVED as of before the signature", queries.ContractFilter{Status: contract.StatusApproved, At: queries.Bitemporal{AsOf: approved}},
			map[string]string{"k1": "APPROVED@100000"}},
		{"APPROVED as of after it", queries.ContractFilter{Status: contract.StatusApproved, At: queries.Bitemporal{AsOf: signed}},
			map[string]string{}},
		{"the old terms before the amendment", queries.ContractFilter{At: queries.Bitemporal{AsOf: signed}},
			map[string]string{"k1": "SIGNED@100000"}},
		{"the new terms after it", queries.ContractFilter{At: queries.Bitemporal{AsOf: amended}},
			map[string]string{"k1": "SIGNED@12000000"}},
		{"the retroactive draft in force five days ago", queries.ContractFilter{At: queries.Bitemporal{ValidAt: now.Add(-5 * 24 * time.Hour)}},
			map[string]string{"k9": "DRAFT@5000"}},
		{"nothing in force twenty days ago", queries.ContractFilter{At: queries.Bitemporal{ValidAt: now.Add(-20 * 24 * time.Hour)}},
			map[string]string{}},
		{"in force five days ago as known before the filing", queries.ContractFilter{At: queries.Bitemporal{ValidAt: now.Add(-5 * 24 * time.Hour), AsOf: beforeFiling}},
			map[string]string{}},
		{"in force now as known before the filing", queries.ContractFilter{At: queries.Bitemporal{ValidAt: time.Now(), AsOf: beforeFiling}},
			map[string]string{"k1": "SIGNED@12000000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := list(t, tc.filter)
			if len(got) != len(tc.want) {
				t.Errorf("listed %v, want %v", got, tc.want)
			}
			for id, want := range tc.want {
				if v, ok := got[id]; !ok || fmt.Sprintf("%s@%d", v.Status, v.Value) != want {
					t.Errorf("%s: %s@%d (listed %v), want %s", id, v.Status, v.Value, ok, want)
				}
			}
		})
	}
	f.RebuildMatches(t)
}

// Given 40 contracts drafted and registered, applied in one batch, when
// the rest of their chain to signature arrives in one batch (120 new row
// versions, copied in with COPY, beside the stored open versions that
// batch closes), then the read model holds what the live runner holds,
// whose rebuild in batches of seven (inserted from arrays) matches too,
// and an as-of list reads the signed contracts.
func TestContracts_VersionsCopiedInAsInserted(t *testing.T) {
	store, codec := memory.New(), eventstore.NewCodec(contract.Events()...)
	var parts [2][]eventstore.Recorded
	f := readmodeltest.NewFixture(t, store, codec, contracts.New(), contracts.NewQueries,
		func(add func(string, ...domain.Event)) {
			for part, events := range [2]func(id string) []domain.Event{
				func(id string) []domain.Event { return readmodeltest.SignedContractEvents(id, "c1", "rep-1", 1000)[:3] },
				func(id string) []domain.Event { return readmodeltest.SignedContractEvents(id, "c1", "rep-1", 1000)[3:] },
			} {
				from, err := store.Head(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				for i := range 40 {
					id := fmt.Sprintf("k%02d", i)
					add(contract.Stream(id), events(id)...)
				}
				if parts[part], err = store.ReadAll(context.Background(), from, 10_000, eventstore.Filter{}); err != nil {
					t.Fatal(err)
				}
			}
		})
	if len(parts[1]) < 100 {
		t.Fatalf("the second batch holds %d events, want over 100", len(parts[1]))
	}
	pool, scratch := projectiontest.Pool(t)
	if err := projections.Ensure(context.Background(), pool, scratch, f.P); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	readmodeltest.ApplyOnce(t, pool, scratch, f.P, parts[0])
	readmodeltest.ApplyOnce(t, pool, scratch, f.P, parts[1])
	if got, live := readmodeltest.Checksum(t, pool, scratch, f.P), readmodeltest.Checksum(t, f.Pool, f.NS, f.P); got != live {
		t.Errorf("applied in two batches: %s, want the live %s", got, live)
	}
	p, err := f.Q.Contracts(context.Background(), queries.ContractFilter{Status: contract.StatusSigned, At: queries.Bitemporal{AsOf: time.Now()}},
		queries.PageRequest{Limit: 100})
	if err != nil || len(p.Items) != 40 {
		t.Errorf("signed contracts as of now: %d, %v; want 40", len(p.Items), err)
	}
	f.RebuildMatches(t)
}
