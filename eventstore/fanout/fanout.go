// Package fanout shares one subscription to a store's global log among
// many subscribers.
//
// Every read model follows $all. Given a subscription each, ten read
// models ask the database the same questions ten times per append (read
// after my position, is anything pending, where is the head) and decode
// the same rows ten times. A fanout Store follows the log once, keeps the
// recent events in memory (the tail) and serves every subscription that is
// inside the tail from there, filtering in memory. A subscription that
// starts before the tail, or falls behind it, reads the underlying store
// directly until it reaches the tail.
//
// The tail keeps only what a subscription inside it has yet to read: an
// event every one of them has passed is dropped at once, so a process
// whose read models keep up holds a batch or two, not the last twenty
// thousand events (a soak had seen the heap grow by 75 MB in 95 s while
// such a tail filled). Capacity and MaxBytes bound what a slow or stuck
// subscription can keep; past them it falls behind and reads the store.
//
// Everything but Subscribe is the underlying store's.
package fanout

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// ErrClosed is returned by Subscribe and Recv after Close.
var ErrClosed = errors.New("fanout: closed")

// Options tune a Store. The zero value gives the defaults.
type Options struct {
	// Capacity is the most events the tail keeps for subscriptions that
	// have not read them yet (default 20,000).
	Capacity int
	// MaxBytes is about the most memory those events may hold, bodies
	// and envelopes counted (default 16 MiB). The tail's array reaches
	// at most twice Capacity events and MaxBytes, until the subscribers
	// drop the batches they were handed.
	MaxBytes int
	// Batch caps the events one Recv returns (default 1,000).
	Batch int
	// RetryDelay is the first pause before the shared subscription is
	// opened again after it failed; it doubles up to 5 s (default 50 ms).
	RetryDelay time.Duration
	// Linger is how long the shared subscription rests after delivering
	// events before it reads again (default 0). Under load the log is
	// then read, and every subscriber woken, at most once per Linger, in
	// larger batches: fewer reads and read-model transactions for at most
	// Linger more delay.
	Linger time.Duration
	// LingerFrom is the smallest batch after which the shared
	// subscription rests for Linger (default 1: after every batch). A
	// smaller batch means the log is quiet or lightly loaded: there is
	// little to gather by waiting, and resting would only add Linger to
	// every subscriber's delay. A batch this large means events arrive
	// faster than one read returns them, and resting turns many small
	// batches into a few large ones.
	LingerFrom int
}

func (o Options) withDefaults() Options {
	if o.Capacity <= 0 {
		o.Capacity = 20000
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = 50 * time.Millisecond
	}
	if o.LingerFrom <= 0 {
		o.LingerFrom = 1
	}
	return o
}

// Store is an eventstore.Store whose subscriptions share one subscription
// to the underlying store.
type Store struct {
	eventstore.Store
	opts   Options
	ctx    context.Context // the shared subscription's lifetime
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	started bool
	closed  bool
	// tail holds, in order, every event after tail.base that the shared
	// subscription delivered and some subscription may still read.
	tail tail
	// subs is where each open subscription last asked to read from: the
	// events at or before the earliest of those inside the tail are
	// dropped.
	subs map[*subscription]eventstore.Position
	// failure is the shared subscription's last error and failures counts
	// them: a subscriber waiting at the end of the tail hears of each
	// failure once, so a broken database is reported, not hidden.
	failure  error
	failures uint64
	// changed is closed (and replaced) whenever any of the above changes.
	changed chan struct{}
}

// New wraps inner. Close the Store before inner.
func New(inner eventstore.Store, opts Options) *Store {
	ctx, cancel := context.WithCancel(context.Background())
	return &Store{Store: inner, opts: opts.withDefaults(), ctx: ctx, cancel: cancel, changed: make(chan struct{}),
		subs: map[*subscription]eventstore.Position{}}
}

// Unwrap returns the wrapped store (eventstore.Wrapper): appends go to it
// unchanged, including atomic multi-stream appends.
func (s *Store) Unwrap() eventstore.Store { return s.Store }

// Subscribe implements eventstore.Store. The first call opens the shared
// subscription at the underlying store's head.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	sub := &subscription{s: s, pos: from, filter: filter, closed: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub.seen, s.subs[sub] = s.failures, from
	return sub, nil
}

// forget stops keeping events for a closed subscription.
func (s *Store) forget(sub *subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs, sub)
	s.trimLocked()
}

// start opens the shared subscription once. Holding s.mu while asking for
// the head keeps a second subscriber from starting another one meanwhile.
func (s *Store) start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.started {
		return nil
	}
	head, err := s.Store.Head(ctx)
	if err != nil {
		return err
	}
	s.tail.base, s.started = head, true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.follow(head)
	}()
	return nil
}

// Close stops the shared subscription and ends every subscription. It
// does not close the underlying store.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cancel()
	s.broadcastLocked()
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

// follow keeps the shared subscription open from pos, reopening it with
// backoff after a failure, until Close.
func (s *Store) follow(pos eventstore.Position) {
	delay := s.opts.RetryDelay
	for s.ctx.Err() == nil {
		sub, err := s.Store.Subscribe(s.ctx, pos, eventstore.Filter{})
		if err == nil {
			var delivered eventstore.Position
			delivered, err = s.pump(sub, pos)
			sub.Close()           //nolint:errcheck // closing on the way out
			if delivered != pos { // it worked for a while: back off from the start
				pos, delay = delivered, s.opts.RetryDelay
			}
		}
		if s.ctx.Err() != nil {
			return
		}
		s.fail(err)
		if s.rest(delay) != nil {
			return
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// rest waits d, or less when Close comes first (then it says so).
func (s *Store) rest(d time.Duration) error {
	select {
	case <-s.ctx.Done():
		return s.ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// pump moves batches from sub into the tail until sub fails; it returns
// the last position it delivered.
func (s *Store) pump(sub eventstore.Subscription, pos eventstore.Position) (eventstore.Position, error) {
	for {
		batch, err := sub.Recv(s.ctx)
		if err != nil {
			return pos, err
		}
		s.publish(batch)
		pos = batch[len(batch)-1].Position
		if s.opts.Linger > 0 && len(batch) >= s.opts.LingerFrom {
			if err := s.rest(s.opts.Linger); err != nil {
				return pos, err
			}
		}
	}
}

// publish appends batch to the tail and wakes the subscribers.
func (s *Store) publish(batch []eventstore.Recorded) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tail.push(batch)
	s.trimLocked()
	s.broadcastLocked()
}

// trimLocked drops the events every subscription inside the tail has
// passed, and then the oldest events past Capacity or MaxBytes. A
// subscription before the tail keeps nothing: it reads the store anyway.
func (s *Store) trimLocked() {
	ev := s.tail.events()
	if len(ev) == 0 {
		return
	}
	floor := ev[len(ev)-1].Position
	for _, pos := range s.subs {
		if pos.Compare(s.tail.base) >= 0 && pos.Compare(floor) < 0 {
			floor = pos
		}
	}
	passed := sort.Search(len(ev), func(i int) bool { return ev[i].Position.Compare(floor) > 0 })
	s.tail.drop(max(passed, s.tail.over(s.opts.Capacity, s.opts.MaxBytes)))
}

func (s *Store) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failure = err
	s.failures++
	s.broadcastLocked()
}

func (s *Store) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// view is what a subscriber found in the tail.
type view struct {
	batch   []eventstore.Recorded
	pos     eventstore.Position // the subscriber's position after batch
	behind  bool                // pos is before the tail: read the store
	base    eventstore.Position // the tail's base, when behind
	changed <-chan struct{}     // closed when there may be more
	err     error
	failure uint64 // the failure err reports, when it is one
}

// read returns up to limit events after pos that pass filter, or the
// shared subscription's latest failure if the subscriber, with nothing to
// read, has not heard of it yet (seen counts the failures it has). Asking
// from pos tells that sub is done with every event up to pos.
func (s *Store) read(sub *subscription, pos eventstore.Position, filter eventstore.Filter, limit int, seen uint64) view {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := view{pos: pos, changed: s.changed}
	if s.closed {
		v.err = ErrClosed
		return v
	}
	if prev, ok := s.subs[sub]; ok && prev != pos {
		s.subs[sub] = pos
		s.trimLocked()
	}
	if pos.Compare(s.tail.base) < 0 {
		v.behind, v.base = true, s.tail.base
		return v
	}
	ev := s.tail.events()
	i := sort.Search(len(ev), func(i int) bool { return ev[i].Position.Compare(pos) > 0 })
	v.batch, v.pos = pick(ev[i:], filter, limit, pos)
	if len(v.batch) == 0 && s.failures > seen {
		v.err, v.failure = s.failure, s.failures
	}
	return v
}

// pick takes up to limit events of events that pass filter and returns
// the position of the last event it looked at. An unfiltered pick shares
// the tail's array (clipped, so an append by the caller copies); a
// filtered one copies the matches.
func pick(events []eventstore.Recorded, filter eventstore.Filter, limit int, pos eventstore.Position) ([]eventstore.Recorded, eventstore.Position) {
	if len(filter.StreamPrefixes) == 0 && len(filter.EventTypes) == 0 {
		n := min(limit, len(events))
		if n == 0 {
			return nil, pos
		}
		return events[:n:n], events[n-1].Position
	}
	var out []eventstore.Recorded
	for _, e := range events {
		if filter.Matches(e.Stream, e.Type) {
			out = append(out, e)
		}
		pos = e.Position
		if len(out) == limit {
			break
		}
	}
	return out, pos
}
