package messaging_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/messaging/bus/bustest"
	"github.com/opsledger/opsledger/projections"
)

// TestForwarder_OnJetStream_MalformedMessageIsParked: given the reactions
// and the forwarder on NATS JetStream, when a malformed message arrives on
// the contract.signed subject beside a real signing, then the malformed
// one is parked on the poison topic after its retries, and the real one
// still makes its customer cooperating, once.
func TestForwarder_OnJetStream_MalformedMessageIsParked(t *testing.T) {
	url := bustest.URL(t)
	store := pgtest.Store(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	codec := eventstore.NewCodec(slices.Concat(customer.Events(), contract.Events())...)
	h := commands.New(store, codec, func() time.Time { return t0 })
	b, err := bus.Open(ctx, bus.Config{Kind: bus.NATS, NATSURL: url, SubjectRoot: bustest.SubjectRoot(t, url)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	log := slog.New(slog.DiscardHandler)
	router, err := messaging.NewRouter(h.Reactions, codec, b, b, log)
	if err != nil {
		t.Fatal(err)
	}
	poison, err := b.Subscribe(ctx, messaging.PoisonTopic)
	if err != nil {
		t.Fatal(err)
	}
	go router.Run(ctx) //nolint:errcheck // stops with ctx
	<-router.Running()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}

	// The malformed message first, so the real one arrives behind it.
	bad := message.NewMessage("not-an-event", []byte(`{"contract_id": 42`))
	bad.Metadata.Set(messaging.MetaEventType, "contract.signed")
	bad.Metadata.Set(messaging.MetaSchemaVersion, "1")
	if err := b.Publish(messaging.Topic("contract.signed"), bad); err != nil {
		t.Fatal(err)
	}
	given(t, store, codec, customer.Stream("cu-1"), customer.Registered{CustomerID: "cu-1", Number: "C-1", Name: "上海华茂机械有限公司",
		Address: "上海", PrimaryContact: "王经理", Phone: "021-1", Source: customer.SourceReferral, OwnerRepID: "emp-1", RegisteredAt: t0})
	given(t, store, codec, contract.Stream("ct-1"),
		contract.Drafted{ContractID: "ct-1", CustomerID: "cu-1", DrafterID: "emp-1", DraftedAt: t0},
		contract.Signed{ContractID: "ct-1", CustomerID: "cu-1", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: t0})
	ns := projections.Namespace(store.Schema() + "_rm")
	if err := projections.Migrate(ctx, store.Pool(), ns); err != nil {
		t.Fatal(err)
	}
	fwd := &messaging.Forwarder{Publisher: b}
	if err := projections.Ensure(ctx, store.Pool(), ns, fwd); err != nil {
		t.Fatal(err)
	}
	go projections.NewRunner(store.Pool(), store, ns, fwd, projections.Options{}).Run(ctx) //nolint:errcheck // stops with ctx

	select {
	case msg := <-poison:
		msg.Ack()
		if msg.UUID != "not-an-event" {
			t.Errorf("poisoned %s, want the malformed message", msg.UUID)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the malformed message was not parked on the poison topic")
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		history, err := store.ReadStream(ctx, customer.Stream("cu-1"), eventstore.ReadStreamOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(history) == 2 && history[1].Type == "customer.became_cooperating" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("customer stream has %d events, want the cooperating event after the signing", len(history))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
