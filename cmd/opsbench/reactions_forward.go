package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/projections"
)

// measureForward appends events customer registrations to a log of its
// own, then times the checkpointed forwarder publishing all of them to
// the bus of kind, while one subscriber of their topic acknowledges them
// (with GoChannel, publishing waits for that acknowledgement).
func measureForward(ctx context.Context, url, natsURL, kind string, events int) (float64, error) {
	pool, err := openBenchPool(ctx, url)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	schema := reactionsPrefix + "fwd_" + kind
	if err := dropSchemas(ctx, pool, schema); err != nil {
		return 0, err
	}
	store, err := postgres.Open(ctx, pool, postgres.Options{Schema: schema})
	if err != nil {
		return 0, err
	}
	if err := appendRegistrations(ctx, store, "fwd", events); err != nil {
		return 0, err
	}
	cfg := bus.Config{Kind: bus.Kind(kind), NATSURL: natsURL, SubjectRoot: "opsbench_" + randomID()}
	if cfg.Kind == bus.NATS {
		defer deleteNATSStream(natsURL, strings.ToUpper(cfg.SubjectRoot))
	}
	b, err := bus.Open(ctx, cfg)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	msgs, err := b.Subscribe(runCtx, messaging.Topic("customer.registered"))
	if err != nil {
		return 0, err
	}
	if err := b.Start(runCtx); err != nil {
		return 0, err
	}
	go func() {
		for m := range msgs {
			m.Ack()
		}
	}()
	ns := projections.Namespace(schema + "_read")
	counted := &countingPublisher{Publisher: b}
	fwd := &messaging.Forwarder{Publisher: counted}
	if err := projections.Migrate(ctx, pool, ns); err != nil {
		return 0, err
	}
	if err := projections.Ensure(ctx, pool, ns, fwd); err != nil {
		return 0, err
	}
	start := time.Now()
	go projections.NewRunner(pool, store, ns, fwd, projections.Options{}).Run(runCtx) //nolint:errcheck // stopped by runCtx
	for counted.n.Load() < int64(events) {
		if time.Since(start) > 5*time.Minute {
			return 0, fmt.Errorf("forwarder on %s published %d of %d events in 5 minutes", kind, counted.n.Load(), events)
		}
		time.Sleep(time.Millisecond)
	}
	return float64(events) / time.Since(start).Seconds(), nil
}

// countingPublisher counts the messages published.
type countingPublisher struct {
	message.Publisher
	n atomic.Int64
}

// PublishBatch passes a batch on whole, as the forwarder gives it to the bus.
func (c *countingPublisher) PublishBatch(msgs []bus.Outgoing) error {
	err := c.Publisher.(*bus.Bus).PublishBatch(msgs)
	if err == nil {
		c.n.Add(int64(len(msgs)))
	}
	return err
}

func (c *countingPublisher) Publish(topic string, msgs ...*message.Message) error {
	err := c.Publisher.Publish(topic, msgs...)
	if err == nil {
		c.n.Add(int64(len(msgs)))
	}
	return err
}

// appendRegistrations appends n customer registrations, 100 streams an
// append.
func appendRegistrations(ctx context.Context, store eventstore.Store, tag string, n int) error {
	codec := commands.Codec()
	for i := 0; i < n; {
		var parts []eventstore.StreamAppend
		for j := 0; j < 100 && i < n; j, i = j+1, i+1 {
			id := fmt.Sprintf("%s-%07d", tag, i)
			d, err := codec.Encode(id+"-reg", customer.Registered{CustomerID: id, Number: "RB-" + id, Name: "压测客户 " + id,
				Address: "上海市浦东新区张江路 88 号", PrimaryContact: "王建华", Phone: "021-5080-1288", Source: customer.SourceReferral,
				OwnerRepID: "emp-bench", RegisteredAt: time.Now().UTC()}, eventstore.Metadata{ActorID: "emp-bench", CorrelationID: id})
			if err != nil {
				return err
			}
			parts = append(parts, eventstore.StreamAppend{Stream: customer.Stream(id), Expected: eventstore.NoStream, Events: []eventstore.EventData{d}})
		}
		if _, err := eventstore.AppendStreams(ctx, store, parts); err != nil {
			return err
		}
	}
	return nil
}

func deleteNATSStream(natsURL, name string) {
	conn, err := nats.Connect(natsURL)
	if err != nil {
		return
	}
	defer conn.Close()
	if js, err := conn.JetStream(); err == nil {
		js.DeleteStream(name) //nolint:errcheck // gone already, or never made
	}
}
