package bus

import (
	"context"
	"fmt"
	"sync"

	"github.com/ThreeDotsLabs/watermill/message"
)

// sharedSubscriber consumes each topic once per process through a
// subscription of the consumer group (so each message reaches one
// instance) and hands every message to all the handlers of this process
// that subscribed to its topic. A watermill router subscribes once per
// handler and says nothing of which handler asks, so a durable consumer
// per Subscribe call would either split a topic's messages between its
// handlers or need names that differ from instance to instance.
//
// Messages are dispatched concurrently, as many as the backend hands out
// before their acknowledgement. The message is acknowledged to the
// backend once every local handler
// has acknowledged it; if any refuses it (or stops), it is refused and
// redelivered to the group, and the handlers that had acknowledged run
// again, which idempotent reactions absorb.
type sharedSubscriber struct {
	inner message.Subscriber

	mu      sync.Mutex
	started context.Context // nil before start
	topics  map[string]*topicHandlers
	wg      sync.WaitGroup
}

// topicHandlers are the local subscribers of one topic.
type topicHandlers struct {
	mu       sync.Mutex
	locals   []*localSubscriber
	consumed bool
}

// localSubscriber is one Subscribe call: a handler's channel, closed when
// its context ends.
type localSubscriber struct {
	ctx    context.Context
	mu     sync.Mutex // held while delivering, so close waits for it
	out    chan *message.Message
	closed bool
}

func newSharedSubscriber(inner message.Subscriber) *sharedSubscriber {
	return &sharedSubscriber{inner: inner, topics: map[string]*topicHandlers{}}
}

// Subscribe implements message.Subscriber.
func (s *sharedSubscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	local := &localSubscriber{ctx: ctx, out: make(chan *message.Message)}
	go local.closeWhenDone()
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.topics[topic]
	if t == nil {
		t = &topicHandlers{}
		s.topics[topic] = t
	}
	t.mu.Lock()
	t.locals = append(t.locals, local)
	t.mu.Unlock()
	if s.started != nil {
		return local.out, s.consume(topic, t)
	}
	return local.out, nil
}

// Close implements message.Subscriber: it closes the backend's
// subscriber and waits for the topic loops to end.
func (s *sharedSubscriber) Close() error {
	err := s.inner.Close()
	s.wg.Wait()
	return err
}

func (s *sharedSubscriber) start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started == nil {
		s.started = ctx
	}
	// Again after a failure: the topics consumed already are skipped.
	for topic, t := range s.topics {
		if err := s.consume(topic, t); err != nil {
			return err
		}
	}
	return nil
}

// consume subscribes the group to topic once and dispatches what comes.
func (s *sharedSubscriber) consume(topic string, t *topicHandlers) error {
	if t.consumed {
		return nil
	}
	msgs, err := s.inner.Subscribe(s.started, topic)
	if err != nil {
		return fmt.Errorf("bus: subscribe %s: %w", topic, err)
	}
	t.consumed = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var inFlight sync.WaitGroup
		defer inFlight.Wait()
		for msg := range msgs {
			// Each message on its own: the backend bounds how many are
			// unacknowledged at once (one per subscription it runs), and
			// the reactions' handlers take them concurrently, as they
			// would from several instances.
			inFlight.Go(func() {
				if t.dispatch(msg) {
					msg.Ack()
				} else {
					msg.Nack()
				}
			})
		}
	}()
	return nil
}

// dispatch gives a copy of msg to every live local handler and reports
// whether all of them acknowledged it.
func (t *topicHandlers) dispatch(msg *message.Message) bool {
	t.mu.Lock()
	locals := t.locals
	t.mu.Unlock()
	type delivered struct {
		copy  *message.Message
		local *localSubscriber
	}
	var handed []delivered
	for _, l := range locals {
		c := msg.Copy()
		c.SetContext(msg.Context())
		if l.deliver(c) {
			handed = append(handed, delivered{c, l})
		}
	}
	if len(handed) == 0 {
		return false // nobody here listens any more: let another instance have it
	}
	all := true
	for _, d := range handed {
		select {
		case <-d.copy.Acked():
		case <-d.copy.Nacked():
			all = false
		case <-d.local.ctx.Done():
			all = false
		case <-msg.Context().Done():
			all = false
		}
	}
	return all
}

// deliver hands c to the handler, unless it has stopped.
func (l *localSubscriber) deliver(c *message.Message) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	select {
	case l.out <- c:
		return true
	case <-l.ctx.Done():
		return false
	}
}

func (l *localSubscriber) closeWhenDone() {
	<-l.ctx.Done()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	close(l.out)
}
