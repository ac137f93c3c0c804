// Package messaging carries stored events to reactions over watermill: a
// checkpointed forwarder publishes the global log to a watermill publisher
// (one topic per event type), and reactions (event → command) consume them
// behind Recoverer, Retry and PoisonQueue middleware. Delivery is at least
// once; reactions are idempotent because their commands are keyed by the
// causing event.
package messaging

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/messaging/bus"
)

// Topic is the watermill topic of an event type: opsledger.<aggregate>.<event>,
// since stored type names are <aggregate>.<event> (never Go type names).
// On NATS it is also the subject other systems subscribe to
// (docs/INTEGRATION_EVENTS.md).
func Topic(eventType string) string { return "opsledger." + eventType }

// Metadata keys of forwarded messages.
const (
	MetaStream        = "stream"
	MetaEventType     = "event_type"
	MetaSchemaVersion = "schema_version"
	MetaPosition      = "position"
	MetaStreamVersion = "stream_version"
	MetaRecordedAt    = "recorded_at"
	MetaCorrelationID = "correlation_id"
	MetaActorID       = "actor_id"
)

// Forwarder is a projection whose "read model" is a watermill topic: the
// projection engine gives it a checkpoint, a single active runner (a
// lease: with several instances one forwards, another takes over when it
// dies) and dead letters, and it publishes each batch after the events
// are stored and before the checkpoint commits. A crash between the two
// republishes a batch, which idempotent consumers absorb (and JetStream
// stores once within its duplicate window, the message id being the
// event's).
type Forwarder struct {
	Publisher message.Publisher
	// Types limits forwarding to these event types (all when empty).
	Types []string
}

// Name implements projections.Projection.
func (f *Forwarder) Name() string { return "forwarder" }

// Tables implements projections.Projection: the forwarder keeps none.
func (f *Forwarder) Tables() []string { return nil }

// Setup implements projections.Projection.
func (f *Forwarder) Setup(context.Context, pgx.Tx) error { return nil }

// Filter implements projections.Projection.
func (f *Forwarder) Filter() eventstore.Filter { return eventstore.Filter{EventTypes: f.Types} }

// batchPublisher publishes a batch at once (bus.Bus does).
type batchPublisher interface {
	PublishBatch([]bus.Outgoing) error
}

// Apply implements projections.Projection by publishing the batch in order.
func (f *Forwarder) Apply(ctx context.Context, _ pgx.Tx, events []eventstore.Recorded) error {
	if b, ok := f.Publisher.(batchPublisher); ok {
		out := make([]bus.Outgoing, len(events))
		for i, e := range events {
			out[i] = bus.Outgoing{Topic: Topic(e.Type), Msg: ToMessage(e)}
		}
		if err := b.PublishBatch(out); err != nil {
			return fmt.Errorf("forward %d events: %w", len(events), err)
		}
		return nil
	}
	for _, e := range events {
		if err := f.Publisher.Publish(Topic(e.Type), ToMessage(e)); err != nil {
			return fmt.Errorf("forward %s from %s: %w", e.Type, e.Stream, err)
		}
	}
	return nil
}

// ToMessage turns a stored event into the message the forwarder publishes.
func ToMessage(e eventstore.Recorded) *message.Message {
	msg := message.NewMessage(e.ID, e.Data)
	msg.Metadata.Set(MetaStream, e.Stream)
	msg.Metadata.Set(MetaEventType, e.Type)
	msg.Metadata.Set(MetaSchemaVersion, strconv.Itoa(e.SchemaVersion))
	msg.Metadata.Set(MetaPosition, e.Position.String())
	msg.Metadata.Set(MetaStreamVersion, strconv.FormatUint(e.StreamVersion, 10))
	msg.Metadata.Set(MetaRecordedAt, e.RecordedAt.Format(time.RFC3339Nano))
	msg.Metadata.Set(MetaCorrelationID, e.Metadata.CorrelationID)
	msg.Metadata.Set(MetaActorID, e.Metadata.ActorID)
	return msg
}
