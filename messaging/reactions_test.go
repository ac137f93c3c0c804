package messaging_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/messaging"
)

// TestForwarder_DelayedOrderRaisesDelayIssue runs the K9 reaction path: a
// late delivery of an order under a signed contract raises one
// DELIVERY_DELAY issue on that contract, caused by the delay; a
// redelivery raises nothing more; a delay under a terminated contract is
// acked without effect and without reaching the poison topic.
func TestForwarder_DelayedOrderRaisesDelayIssue(t *testing.T) {
	store := pgtest.Store(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	codec := eventstore.NewCodec(slices.Concat(contract.Events(), order.Events())...)
	h := commands.New(store, codec, func() time.Time { return t0 })
	// Given: ct-2 was terminated and its order delayed first, then ct-1 is
	// signed and its order delayed. Publishing blocks until the reaction
	// acks, so once ct-1 has its issue the ct-2 delay was handled.
	givenDelayedOrder(t, store, codec, "ct-2", "or-2",
		contract.Terminated{ContractID: "ct-2", Reason: "customer went bankrupt", TerminatedBy: "emp-gm", TerminatedAt: t0})
	givenDelayedOrder(t, store, codec, "ct-1", "or-1")

	// When the delays are forwarded to the reactions.
	r := runReactions(ctx, t, store, codec, h, "order.delivery_delayed")

	// Then ct-1 gains one delay issue caused by or-1's delay.
	delay, _ := store.ReadStream(ctx, order.Stream("or-1"), eventstore.ReadStreamOptions{FromVersion: 2})
	waitForEvents(t, store, contract.Stream("ct-1"), 3)
	assertDelayIssue(t, store, "ct-1", delay[0].ID)
	// And ct-2 took nothing, and nothing was poisoned.
	if history, _ := store.ReadStream(ctx, contract.Stream("ct-2"), eventstore.ReadStreamOptions{}); len(history) != 3 {
		t.Errorf("terminated contract has %d events, want its 3 given ones", len(history))
	}
	select {
	case id := <-r.poisoned:
		t.Errorf("message %s was poisoned, want the rejection acked", id)
	default:
	}

	// A redelivered delay (at-least-once) raises nothing more; publishing
	// returns once the reaction acked it.
	if err := r.pubsub.Publish(messaging.Topic("order.delivery_delayed"), messaging.ToMessage(delay[0])); err != nil {
		t.Fatal(err)
	}
	if history, _ := store.ReadStream(ctx, contract.Stream("ct-1"), eventstore.ReadStreamOptions{}); len(history) != 3 {
		t.Errorf("contract stream after redelivery has %d events, want 3", len(history))
	}
}

// givenDelayedOrder records contract ct drafted and signed (then the
// extra events), and order or under it created and delayed.
func givenDelayedOrder(t *testing.T, store *postgres.Store, codec *eventstore.Codec, ct, or string, extra ...domain.Event) {
	t.Helper()
	given(t, store, codec, contract.Stream(ct), append([]domain.Event{
		contract.Drafted{ContractID: ct, CustomerID: "cu-1", DrafterID: "emp-1", DraftedAt: t0},
		contract.Signed{ContractID: ct, CustomerID: "cu-1", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: t0},
	}, extra...)...)
	given(t, store, codec, order.Stream(or),
		order.Created{OrderID: or, ContractID: ct, CustomerID: "cu-1", CreatedBy: "emp-1", CreatedAt: t0},
		order.DeliveryDelayed{OrderID: or, DueAt: t0, Reason: "supplier late", RecordedBy: "emp-1", RecordedAt: t0.Add(time.Hour)})
}

// waitForEvents waits up to 10 s for stream to hold n events.
func waitForEvents(t *testing.T, store *postgres.Store, stream string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		history, _ := store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
		if len(history) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d events, want %d", stream, len(history), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// assertDelayIssue checks that contract ct ends with one DELIVERY_DELAY
// issue raised by the system, caused by event causation in its correlation.
func assertDelayIssue(t *testing.T, store *postgres.Store, ct, causation string) {
	t.Helper()
	history, _ := store.ReadStream(context.Background(), contract.Stream(ct), eventstore.ReadStreamOptions{})
	last := history[len(history)-1]
	var raised contract.ExecutionIssueRaised
	if last.Type != "contract.execution_issue_raised" || json.Unmarshal(last.Data, &raised) != nil {
		t.Fatalf("%s ends with %s, want contract.execution_issue_raised", ct, last.Type)
	}
	md := last.Metadata
	if len(history) != 3 || raised.Type != contract.IssueDeliveryDelay || md.CausationID != causation ||
		md.CorrelationID != "corr-9" || md.ActorRole != domain.RoleSystem {
		t.Errorf("%s: %d events, last %+v with %+v; want one DELIVERY_DELAY issue by the system caused by %s",
			ct, len(history), raised, md, causation)
	}
}
