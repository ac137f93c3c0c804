package messaging_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/projections"
)

var t0 = time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC)

// given appends domain events to a stream as recorded history.
func given(t *testing.T, store eventstore.Store, codec *eventstore.Codec, stream string, events ...domain.Event) {
	t.Helper()
	var data []eventstore.EventData
	for i, e := range events {
		d, err := codec.Encode(stream+"-"+string(rune('a'+i)), e, eventstore.Metadata{ActorID: "emp-1", CorrelationID: "corr-9"})
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
	}
	if _, err := store.Append(context.Background(), stream, eventstore.Any, data...); err != nil {
		t.Fatal(err)
	}
}

// reactions is the running reaction path of a test.
type reactions struct {
	pubsub *gochannel.GoChannel // for redeliveries
	// poisoned receives the ids of messages moved to the poison topic.
	poisoned <-chan string
}

// runReactions runs the reactions of h on an in-process GoChannel, then a
// checkpointed forwarder of the store's log (of types, or all) feeding
// them, until ctx ends.
func runReactions(ctx context.Context, t *testing.T, store *postgres.Store, codec *eventstore.Codec, h *commands.Handler, types ...string) reactions {
	t.Helper()
	pool := store.Pool()
	ns := projections.Namespace(store.Schema() + "_rm")
	if err := projections.Migrate(ctx, pool, ns); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Exec(context.Background(), `DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE '`+string(ns)+`%' LOOP EXECUTE 'DROP SCHEMA '||quote_ident(s)||' CASCADE'; END LOOP; END $$`)
	})
	log := slog.New(slog.DiscardHandler)
	pubsub := gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, watermill.NewSlogLogger(log))
	router, err := messaging.NewRouter(h.Reactions, codec, pubsub, pubsub, log)
	if err != nil {
		t.Fatal(err)
	}
	go router.Run(ctx)
	<-router.Running()
	poisoned := drainPoison(ctx, t, pubsub)
	fwd := &messaging.Forwarder{Publisher: pubsub, Types: types}
	go projections.NewRunner(pool, store, ns, fwd, projections.Options{}).Run(ctx)
	return reactions{pubsub: pubsub, poisoned: poisoned}
}

// drainPoison listens to the poison topic before anything is forwarded
// (the GoChannel drops messages nobody listens to) and acks what arrives,
// so a poisoned message cannot block the forwarder.
func drainPoison(ctx context.Context, t *testing.T, pubsub *gochannel.GoChannel) <-chan string {
	t.Helper()
	msgs, err := pubsub.Subscribe(ctx, messaging.PoisonTopic)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(chan string, 100)
	go func() {
		for msg := range msgs {
			ids <- msg.UUID
			msg.Ack()
		}
	}()
	return ids
}

// TestForwarder_SignedContractMakesCustomerCooperating runs the whole
// reaction path: the checkpointed forwarder publishes contract.signed, the
// reaction marks the customer COOPERATING once, and a redelivery changes
// nothing.
func TestForwarder_SignedContractMakesCustomerCooperating(t *testing.T) {
	store := pgtest.Store(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), contract.Events())...)
	h := commands.New(store, codec, func() time.Time { return t0 })
	given(t, store, codec, customer.Stream("cu-1"), customer.Registered{CustomerID: "cu-1", Number: "C-1", Name: "上海华茂机械有限公司",
		Address: "上海", PrimaryContact: "王经理", Phone: "021-1", Source: customer.SourceReferral, OwnerRepID: "emp-1", RegisteredAt: t0})
	given(t, store, codec, contract.Stream("ct-1"),
		contract.Drafted{ContractID: "ct-1", CustomerID: "cu-1", DrafterID: "emp-1", DraftedAt: t0},
		contract.Signed{ContractID: "ct-1", CustomerID: "cu-1", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: t0})

	pubsub := runReactions(ctx, t, store, codec, h).pubsub

	deadline := time.Now().Add(10 * time.Second)
	for {
		history, _ := store.ReadStream(ctx, customer.Stream("cu-1"), eventstore.ReadStreamOptions{})
		if len(history) == 2 {
			if history[1].Type != "customer.became_cooperating" || history[1].Metadata.CausationID == "" ||
				history[1].Metadata.ActorRole != domain.RoleSystem || history[1].Metadata.CorrelationID != "corr-9" {
				t.Fatalf("reaction = %s %+v, want customer.became_cooperating caused by the signed event", history[1].Type, history[1].Metadata)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("customer stream has %d events, want the cooperating event", len(history))
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A redelivered event (at-least-once) has no second effect.
	signed, _ := store.ReadStream(ctx, contract.Stream("ct-1"), eventstore.ReadStreamOptions{FromVersion: 2})
	if err := pubsub.Publish(messaging.Topic("contract.signed"), messaging.ToMessage(signed[0])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if history, _ := store.ReadStream(ctx, customer.Stream("cu-1"), eventstore.ReadStreamOptions{}); len(history) != 2 {
		t.Errorf("customer stream after redelivery has %d events, want 2", len(history))
	}
}
