package bus_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/messaging/bus/bustest"
)

// instances opens n buses of one deployment (the same consumer group),
// as n opsledger processes would.
type deployment func(t *testing.T) bus.Config

func natsDeployment(t *testing.T) bus.Config {
	url := bustest.URL(t)
	return bus.Config{Kind: bus.NATS, NATSURL: url, SubjectRoot: bustest.SubjectRoot(t, url), Group: "g"}
}

func postgresDeployment(t *testing.T) bus.Config {
	pool, schema := pgtest.Pool(t)
	return bus.Config{Kind: bus.Postgres, Pool: pool, Schema: schema + "_bus", Group: "g"}
}

var deployments = map[string]deployment{"nats": natsDeployment, "postgres": postgresDeployment}

// handled counts, per handler, how many times each message id was handled.
type handled struct {
	mu    sync.Mutex
	count map[string]map[string]int
}

func (h *handled) add(handler, id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.count[handler] == nil {
		h.count[handler] = map[string]int{}
	}
	h.count[handler][id]++
}

func (h *handled) total(handler string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.count[handler] {
		n += c
	}
	return n
}

// runInstance runs a router with two handlers of one topic on b, as the
// reactions do, and starts the bus once it runs.
func runInstance(ctx context.Context, t *testing.T, b *bus.Bus, topic string, h *handled, fail func(*message.Message) bool) {
	t.Helper()
	r, err := message.NewRouter(message.RouterConfig{}, watermill.NopLogger{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"first", "second"} {
		r.AddConsumerHandler(name, topic, b, func(msg *message.Message) error {
			if fail != nil && fail(msg) {
				return fmt.Errorf("refused %s", msg.UUID)
			}
			h.add(name, msg.UUID)
			return nil
		})
	}
	go r.Run(ctx) //nolint:errcheck // stops with ctx
	<-r.Running()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestBus_GroupHandlesEachMessageOnce: given two instances of one
// deployment, each running two handlers of a topic, when 50 messages are
// published, then each handler handles each message once in all: the
// group shares them between instances, and no handler of a topic misses
// what its sibling received.
func TestBus_GroupHandlesEachMessageOnce(t *testing.T) {
	for name, deploy := range deployments {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := deploy(t)
			h := &handled{count: map[string]map[string]int{}}
			topic := "opsledger.contract.signed"
			for range 2 {
				b := open(ctx, t, cfg)
				runInstance(ctx, t, b, topic, h, nil)
			}
			pub := open(ctx, t, cfg)
			for i := range 50 {
				if err := pub.Publish(topic, message.NewMessage(fmt.Sprintf("m-%02d", i), []byte(`{}`))); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, 15*time.Second, func() bool { return h.total("first") >= 50 && h.total("second") >= 50 })
			time.Sleep(300 * time.Millisecond) // a duplicate would arrive by now
			for _, handler := range []string{"first", "second"} {
				h.mu.Lock()
				for id, n := range h.count[handler] {
					if n != 1 {
						t.Errorf("handler %s handled %s %d times, want once", handler, id, n)
					}
				}
				if len(h.count[handler]) != 50 {
					t.Errorf("handler %s handled %d messages, want 50", handler, len(h.count[handler]))
				}
				h.mu.Unlock()
			}
		})
	}
}

// TestBus_RefusedMessageIsRedelivered: given a handler that refuses a
// message the first time, then the group redelivers it and both handlers
// end up having handled it (at least once).
func TestBus_RefusedMessageIsRedelivered(t *testing.T) {
	for name, deploy := range deployments {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := deploy(t)
			h := &handled{count: map[string]map[string]int{}}
			var once sync.Once
			refuse := func(*message.Message) (refused bool) {
				once.Do(func() { refused = true })
				return refused
			}
			topic := "opsledger.order.delivery_delayed"
			runInstance(ctx, t, open(ctx, t, cfg), topic, h, refuse)
			if err := open(ctx, t, cfg).Publish(topic, message.NewMessage("m-1", []byte(`{}`))); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 15*time.Second, func() bool { return h.total("first") >= 1 && h.total("second") >= 1 })
		})
	}
}

// TestBus_KeepsWhatArrivesWhileNoInstanceRuns: given a group whose every
// instance stopped, when a message is published, then the next instance
// to start handles it: the subscription is durable.
func TestBus_KeepsWhatArrivesWhileNoInstanceRuns(t *testing.T) {
	for name, deploy := range deployments {
		t.Run(name, func(t *testing.T) {
			cfg := deploy(t)
			h := &handled{count: map[string]map[string]int{}}
			topic := "opsledger.customer.registered"
			first, stop := context.WithCancel(context.Background())
			b := open(first, t, cfg)
			runInstance(first, t, b, topic, h, nil)
			stop()
			b.Close() //nolint:errcheck // stopping
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := open(ctx, t, cfg).Publish(topic, message.NewMessage("m-while-down", []byte(`{}`))); err != nil {
				t.Fatal(err)
			}
			runInstance(ctx, t, open(ctx, t, cfg), topic, h, nil)
			waitFor(t, 15*time.Second, func() bool { return h.total("first") == 1 && h.total("second") == 1 })
		})
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]bus.Kind{"": bus.GoChannel, "gochannel": bus.GoChannel, "nats": bus.NATS, "postgres": bus.Postgres} {
		if got, err := bus.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := bus.ParseKind("kafka"); err == nil {
		t.Error("ParseKind(kafka) accepted an unknown backend")
	}
}

func open(ctx context.Context, t *testing.T, cfg bus.Config) *bus.Bus {
	t.Helper()
	b, err := bus.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() }) //nolint:errcheck // the test is over
	return b
}

func waitFor(t *testing.T, limit time.Duration, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("not done in time")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
