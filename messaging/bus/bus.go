// Package bus builds the watermill publisher and subscriber the forwarder
// and the reactions share, chosen by configuration: the in-process
// GoChannel (one instance), NATS JetStream or PostgreSQL (several
// instances). On the shared kinds each topic is consumed through one
// durable subscription per consumer group, so a message is handled by one
// instance of the group, and inside that instance by every handler of its
// topic (see shared.go).
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Kind names a pub/sub backend, as OPS_PUBSUB spells it.
type Kind string

// The backends.
const (
	GoChannel Kind = "gochannel"
	NATS      Kind = "nats"
	Postgres  Kind = "postgres"
)

// Kinds lists the backends in the order the documentation gives them.
var Kinds = []Kind{GoChannel, NATS, Postgres}

// ParseKind reads a backend name; empty is GoChannel.
func ParseKind(s string) (Kind, error) {
	if s == "" {
		return GoChannel, nil
	}
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("pub/sub %q is not one of gochannel, nats, postgres", s)
}

// DefaultGroup is the consumer group the reactions of every instance share.
const DefaultGroup = "opsledger-reactions"

// Config chooses and configures the backend.
type Config struct {
	Kind Kind
	// NATSURL is the NATS server with JetStream (Kind NATS), e.g.
	// nats://127.0.0.1:4222.
	NATSURL string
	// SubjectRoot is the first token of every subject (Kind NATS; default
	// DefaultSubjectRoot); the stream is named after it.
	SubjectRoot string
	// Pool and Schema hold the message tables (Kind Postgres; Schema
	// defaults to "bus").
	Pool   *pgxpool.Pool
	Schema string
	// Group is the consumer group of the subscriptions (default
	// DefaultGroup). Instances of one deployment share it.
	Group string
	Log   *slog.Logger
}

func (c *Config) defaults() {
	if c.SubjectRoot == "" {
		c.SubjectRoot = DefaultSubjectRoot
	}
	if c.Schema == "" {
		c.Schema = "bus"
	}
	if c.Group == "" {
		c.Group = DefaultGroup
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Bus is a publisher and a subscriber over one backend. It is a
// message.PubSub.
type Bus struct {
	Kind       Kind
	publisher  message.Publisher
	subscriber message.Subscriber
	// shared is the subscriber of the shared kinds, started by Start;
	// nil for GoChannel.
	shared *sharedSubscriber
	closes []func() error
	// closeOnce makes Close safe to call from several goroutines: a
	// watermill router closes the subscriber once per handler, all at
	// once, and the application closes the bus again when it stops.
	closeOnce sync.Once
	closeErr  error
}

// Open connects to the configured backend and prepares what it needs
// (the JetStream stream, the PostgreSQL schema).
func Open(ctx context.Context, cfg Config) (*Bus, error) {
	cfg.defaults()
	logger := watermill.NewSlogLogger(cfg.Log)
	switch cfg.Kind {
	case GoChannel, "":
		// Publishing blocks until every subscriber has acknowledged, so
		// the forwarder's checkpoint never runs ahead of the reactions.
		ch := gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, logger)
		return &Bus{Kind: GoChannel, publisher: ch, subscriber: ch, closes: []func() error{ch.Close}}, nil
	case NATS:
		return openNATS(ctx, cfg, logger)
	case Postgres:
		return openPostgres(ctx, cfg, logger)
	}
	return nil, fmt.Errorf("bus: unknown kind %q", cfg.Kind)
}

// Publish implements message.Publisher.
func (b *Bus) Publish(topic string, msgs ...*message.Message) error {
	return b.publisher.Publish(topic, msgs...)
}

// Subscribe implements message.Subscriber. On the shared kinds nothing
// is delivered before Start.
func (b *Bus) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	return b.subscriber.Subscribe(ctx, topic)
}

// Start begins consuming every topic subscribed so far, once each, on
// behalf of the consumer group; topics subscribed later start at once.
// Call it when every handler has subscribed (a watermill router is
// Running), so that no handler of a topic misses a message its siblings
// received. A no-op on GoChannel, which delivers to each subscriber.
func (b *Bus) Start(ctx context.Context) error {
	if b.shared == nil {
		return nil
	}
	return b.shared.start(ctx)
}

// Close closes the subscriber, then the publisher and the connection,
// once; later calls return the first call's error.
func (b *Bus) Close() error {
	b.closeOnce.Do(func() {
		var errs []error
		for i := len(b.closes) - 1; i >= 0; i-- {
			errs = append(errs, b.closes[i]())
		}
		b.closeErr = errors.Join(errs...)
	})
	return b.closeErr
}

// tableSafe turns a topic into characters every backend takes in a name.
func tableSafe(topic string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '_'
	}, topic)
}

// Outgoing is one message of a batch and its topic.
type Outgoing struct {
	Topic string
	Msg   *message.Message
}

// PublishBatch publishes msgs in order and returns once all are stored
// (or, on GoChannel, acknowledged). On NATS they are sent without waiting
// for each one's acknowledgement, then every acknowledgement is awaited:
// one round trip's wait for the batch instead of one per message.
func (b *Bus) PublishBatch(msgs []Outgoing) error {
	if batcher, ok := b.publisher.(interface{ publishBatch([]Outgoing) error }); ok {
		return batcher.publishBatch(msgs)
	}
	for _, m := range msgs {
		if err := b.publisher.Publish(m.Topic, m.Msg); err != nil {
			return err
		}
	}
	return nil
}
