package bus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
)

// DefaultSubjectRoot starts the subjects of the events published for
// other systems (opsledger.<aggregate>.<event>, docs/INTEGRATION_EVENTS.md):
// the topics the forwarder publishes to (messaging.Topic) start with it.
// Every other topic (the poison queue, say) travels under
// <root>_internal., so that a consumer of opsledger.> sees business
// events only. A deployment that shares its NATS server with another
// gives each its own root (OPS_NATS_SUBJECT_ROOT), and so its own stream
// (the root in capitals).
const DefaultSubjectRoot = "opsledger"

// The stream keeps a week of messages: long enough for a consumer that
// was down over a weekend, short enough that an erased person's data
// (decision 23) does not stay on the bus. Publishing the same message id
// twice within the duplicate window (a forwarder that crashed between
// publishing and its checkpoint) stores it once.
const (
	streamMaxAge      = 7 * 24 * time.Hour
	duplicateWindow   = 2 * time.Minute
	natsAckWait       = 10 * time.Second
	natsMaxDeliver    = 20
	natsConnectWait   = 5 * time.Second
	natsConcurrency   = 64
	natsReconnectWait = 500 * time.Millisecond
)

// subjects maps topics to the NATS subjects of one deployment.
type subjects struct{ root string }

// of is where topic travels on NATS.
func (s subjects) of(topic string) string {
	if rest, ok := strings.CutPrefix(topic, DefaultSubjectRoot+"."); ok {
		return s.root + "." + rest
	}
	return s.internal() + topic
}

func (s subjects) internal() string { return s.root + "_internal." }
func (s subjects) deliver() string  { return s.root + "_deliver." }
func (s subjects) stream() string   { return strings.ToUpper(tableSafe(s.root)) }

// durable is the consumer of topic for group: one per topic and group,
// the same name on every instance, which is what makes it shared.
func durable(group, subject string) string { return tableSafe(group + "__" + subject) }

func openNATS(ctx context.Context, cfg Config, logger watermill.LoggerAdapter) (*Bus, error) {
	opts := []nats.Option{nats.Name("opsledger"), nats.Timeout(natsConnectWait),
		nats.MaxReconnects(-1), nats.ReconnectWait(natsReconnectWait)}
	conn, err := nats.Connect(cfg.NATSURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("bus: connect to NATS: %w", err)
	}
	jsc, err := conn.JetStream()
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("bus: JetStream: %w", err)
	}
	names := subjects{root: cfg.SubjectRoot}
	if err := ensureStream(ctx, jsc, names); err != nil {
		conn.Close()
		return nil, err
	}
	js := wmnats.JetStreamConfig{
		SubscribeOptions:  []nats.SubOpt{nats.BindStream(names.stream()), nats.ManualAck(), nats.AckExplicit(), nats.DeliverAll(), nats.AckWait(natsAckWait), nats.MaxDeliver(natsMaxDeliver)},
		DurablePrefix:     cfg.Group,
		DurableCalculator: durable,
	}
	pub, err := wmnats.NewPublisherWithNatsConn(conn, wmnats.PublisherPublishConfig{
		Marshaler: &wmnats.NATSMarshaler{}, SubjectCalculator: wmnats.DefaultSubjectCalculator, JetStream: js,
	}, logger)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("bus: NATS publisher: %w", err)
	}
	sub, err := wmnats.NewSubscriberWithNatsConn(conn, wmnats.SubscriberSubscriptionConfig{
		Unmarshaler: &wmnats.NATSMarshaler{}, AckWaitTimeout: natsAckWait, CloseTimeout: 5 * time.Second,
		// Each subscription of the queue group holds one message until it
		// is acknowledged: this many are handled at once per instance.
		SubscribersCount: natsConcurrency,
		SubjectCalculator: func(group, subject string) *wmnats.SubjectDetail {
			return &wmnats.SubjectDetail{Primary: subject, QueueGroup: durable(group, subject)}
		},
		QueueGroupPrefix: cfg.Group,
		JetStream:        js,
	}, logger)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("bus: NATS subscriber: %w", err)
	}
	shared := newSharedSubscriber(subjectSubscriber{Subscriber: sub, js: jsc, names: names, group: cfg.Group})
	return &Bus{Kind: NATS, publisher: subjectPublisher{pub, names, jsc}, subscriber: shared, shared: shared,
		closes: []func() error{func() error { conn.Close(); return nil }, shared.Close}}, nil
}

// ensureStream creates the stream, or brings an existing one to this
// configuration.
func ensureStream(ctx context.Context, js nats.JetStreamContext, names subjects) error {
	name := names.stream()
	want := &nats.StreamConfig{
		Name:        name,
		Description: "opsledger's integration events (" + names.root + ".<aggregate>.<event>) and internal topics",
		Subjects:    []string{names.root + ".>", names.internal() + ">"},
		Retention:   nats.LimitsPolicy,
		Storage:     nats.FileStorage,
		MaxAge:      streamMaxAge,
		Duplicates:  duplicateWindow,
	}
	if _, err := js.StreamInfo(name, nats.Context(ctx)); err == nil {
		_, err = js.UpdateStream(want, nats.Context(ctx))
		if err != nil {
			return fmt.Errorf("bus: update JetStream stream %s: %w", name, err)
		}
		return nil
	}
	if _, err := js.AddStream(want, nats.Context(ctx)); err != nil {
		return fmt.Errorf("bus: create JetStream stream %s (is JetStream enabled on the server?): %w", name, err)
	}
	return nil
}

// subjectPublisher publishes each topic on its NATS subject.
type subjectPublisher struct {
	*wmnats.Publisher
	names subjects
	js    nats.JetStreamContext
}

// natsBatchWait bounds the wait for a batch's acknowledgements.
const natsBatchWait = 30 * time.Second

// publishBatch sends every message asynchronously, then waits for each
// acknowledgement; the message id deduplicates a batch sent again.
func (p subjectPublisher) publishBatch(msgs []Outgoing) error {
	futures := make([]nats.PubAckFuture, 0, len(msgs))
	marshaler := wmnats.NATSMarshaler{}
	for _, m := range msgs {
		subj := p.names.of(m.Topic)
		nm, err := marshaler.Marshal(subj, m.Msg)
		if err != nil {
			return err
		}
		f, err := p.js.PublishMsgAsync(nm, nats.MsgId(msgID(subj, m.Msg)), nats.ExpectStream(p.names.stream()))
		if err != nil {
			return fmt.Errorf("bus: publish %s: %w", m.Topic, err)
		}
		futures = append(futures, f)
	}
	timeout := time.After(natsBatchWait)
	for i, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("bus: publish %s: %w", msgs[i].Topic, err)
		case <-timeout:
			return fmt.Errorf("bus: JetStream did not acknowledge a batch of %d messages within %s", len(msgs), natsBatchWait)
		}
	}
	return nil
}

func (p subjectPublisher) Publish(topic string, msgs ...*message.Message) error {
	out := make([]Outgoing, len(msgs))
	for i, m := range msgs {
		out[i] = Outgoing{Topic: topic, Msg: m}
	}
	return p.publishBatch(out)
}

// msgID is the id JetStream deduplicates a message by: its id on its
// subject, since the same message goes to more than one (an event
// parked on the poison topic keeps its id, and would otherwise be
// dropped as a repeat of the event).
func msgID(subject string, m *message.Message) string { return subject + " " + m.UUID }

// subjectSubscriber subscribes the group to each topic's NATS subject
// through the group's durable consumer.
type subjectSubscriber struct {
	*wmnats.Subscriber
	js    nats.JetStreamContext
	names subjects
	group string
}

func (s subjectSubscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	subj := s.names.of(topic)
	if err := s.ensureConsumer(ctx, subj); err != nil {
		return nil, err
	}
	return s.Subscriber.Subscribe(ctx, subj)
}

// ensureConsumer creates the group's durable consumer of subj unless it
// exists. The client deletes on unsubscribe a consumer it created itself,
// which would cut the other instances off when one stops; one made here
// outlives every instance, and keeps what arrives while none runs. Its
// settings are those the subscription asks for (see openNATS), fixed
// (the deliver subject too), so that instances creating it at once
// create the same one.
func (s subjectSubscriber) ensureConsumer(ctx context.Context, subj string) error {
	name := durable(s.group, subj)
	_, err := s.js.AddConsumer(s.names.stream(), &nats.ConsumerConfig{
		Durable:        name,
		Description:    "opsledger consumer group " + s.group + " on " + subj,
		DeliverSubject: s.names.deliver() + name,
		DeliverGroup:   name,
		DeliverPolicy:  nats.DeliverAllPolicy,
		AckPolicy:      nats.AckExplicitPolicy,
		AckWait:        natsAckWait,
		MaxDeliver:     natsMaxDeliver,
		FilterSubject:  subj,
	}, nats.Context(ctx))
	if err != nil && !errors.Is(err, nats.ErrConsumerNameAlreadyInUse) {
		return fmt.Errorf("bus: JetStream consumer %s: %w", name, err)
	}
	return nil
}
