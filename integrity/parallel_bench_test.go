package integrity_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

// benchEvents are events shaped like the generated history's: a typical
// envelope and a body of a few hundred bytes.
func benchEvents(n int) []eventstore.Recorded {
	body := []byte(`{"contract_id":"ct-2026-000123","customer_id":"cu-000987","amount":{"minor":12850000,"currency":"CNY"},"signed_at":"2026-01-02T09:00:00Z","note":"年度框架合同"}`)
	out := make([]eventstore.Recorded, n)
	for i := range out {
		out[i] = eventstore.Recorded{EventData: eventstore.EventData{ID: fmt.Sprintf("6e4b2a4c-0d2f-4a59-9b1e-%012d", i),
			Type: "contract.signed", SchemaVersion: 1, Data: body, Metadata: eventstore.Metadata{ActorID: "emp-000042",
				ActorRole: domain.Role("SALES_REP"), ActorOrgUnitID: "east-sales", Reason: "bench", RegulationVersion: "2026.1",
				EffectiveAt: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC), CorrelationID: "7f0c8e0e-8a51-4f7e-9f55-0c2b1a1e3d4f"}},
			Stream: fmt.Sprintf("contract-%d", i), StreamVersion: 1, RecordedAt: time.Unix(1767000000, int64(i))}
	}
	return out
}

func BenchmarkHashEvents(b *testing.B) {
	events := benchEvents(5000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := integrity.HashEvents(events); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}

func BenchmarkLeavesOfAndHash(b *testing.B) {
	events := benchEvents(5000)
	b.ReportAllocs()
	for b.Loop() {
		leaves, err := integrity.LeavesOf(events)
		if err != nil {
			b.Fatal(err)
		}
		integrity.HashLeaves(leaves)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}
