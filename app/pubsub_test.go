package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/messaging/bus/bustest"
)

// TestPubSub_TwoInstancesReactOnce: given two instances of the
// application on one database and one shared pub/sub (NATS JetStream, or
// PostgreSQL), when a contract is signed, then its customer becomes
// cooperating once, and the signed event delivered three times more
// changes nothing.
func TestPubSub_TwoInstancesReactOnce(t *testing.T) {
	kinds := map[string]func(t *testing.T, c *app.Config){
		"nats": func(t *testing.T, c *app.Config) {
			url := bustest.URL(t)
			c.PubSub, c.NATSURL, c.NATSSubjectRoot = bus.NATS, url, bustest.SubjectRoot(t, url)
		},
		"postgres": func(_ *testing.T, c *app.Config) { c.PubSub = bus.Postgres },
	}
	for name, configure := range kinds {
		t.Run(name, func(t *testing.T) {
			env := apptest.NewWith(t, func(c *app.Config) { configure(t, c) })
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			second := runInstance(ctx, t, env.App.Config)

			now := time.Now().UTC()
			appendEvents(ctx, t, env.App, customer.Stream("cu-1"), customer.Registered{CustomerID: "cu-1", Number: "C-1",
				Name: "上海华茂机械有限公司", Address: "上海", PrimaryContact: "王经理", Phone: "021-1",
				Source: customer.SourceReferral, OwnerRepID: "emp-1", RegisteredAt: now})
			appendEvents(ctx, t, env.App, contract.Stream("ct-1"),
				contract.Drafted{ContractID: "ct-1", CustomerID: "cu-1", DrafterID: "emp-1", DraftedAt: now},
				contract.Signed{ContractID: "ct-1", CustomerID: "cu-1", SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: "COMPANY", SignedAt: now})

			cooperating := func() int {
				history, err := second.Store.ReadStream(ctx, customer.Stream("cu-1"), eventstore.ReadStreamOptions{})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, e := range history {
					if e.Type == "customer.became_cooperating" {
						n++
					}
				}
				return n
			}
			waitUntil(t, 20*time.Second, func() bool { return cooperating() == 1 })

			redeliver, err := bus.Open(ctx, bus.Config{Kind: env.App.Config.PubSub, NATSURL: env.App.Config.NATSURL,
				SubjectRoot: env.App.Config.NATSSubjectRoot, Pool: env.App.Pool, Schema: env.App.Config.ControlSchema + "_bus"})
			if err != nil {
				t.Fatal(err)
			}
			defer redeliver.Close()
			signed, err := env.App.Store.ReadStream(ctx, contract.Stream("ct-1"), eventstore.ReadStreamOptions{FromVersion: 2})
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				msg := messaging.ToMessage(signed[0])
				msg.UUID = msg.UUID + "-again" // past JetStream's duplicate window, as a late redelivery would be
				if err := redeliver.Publish(messaging.Topic("contract.signed"), msg); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(2 * time.Second)
			if n := cooperating(); n != 1 {
				t.Errorf("customer became cooperating %d times, want once", n)
			}
		})
	}
}

// runInstance opens and runs another instance on cfg until the test ends.
func runInstance(ctx context.Context, t *testing.T, cfg app.Config) *app.App {
	t.Helper()
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.RunProjections(runCtx) }()
	t.Cleanup(func() { stop(); <-done; a.Close() })
	return a
}

func appendEvents(ctx context.Context, t *testing.T, a *app.App, stream string, events ...domain.Event) {
	t.Helper()
	var data []eventstore.EventData
	for i, e := range events {
		d, err := a.Codec.Encode(stream+"-"+string(rune('a'+i)), e, eventstore.Metadata{ActorID: "emp-1", CorrelationID: "corr-1"})
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
	}
	if _, err := a.Store.Append(ctx, stream, eventstore.Any, data...); err != nil {
		t.Fatal(err)
	}
}

func waitUntil(t *testing.T, limit time.Duration, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("not done in time")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
