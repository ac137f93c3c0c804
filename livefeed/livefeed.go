// Package livefeed pushes business events to live clients (the
// dashboard's Server-Sent Events) once the read models have applied them.
//
// One Hub follows the global log through the application's shared
// subscription. It releases a batch only after every read model that
// selects one of its events has applied it (Options.AppliedBatch; by
// default every read model, Applied), so a client told of an event can
// ask the API about it and get an answer that includes it. Each client
// has a bounded queue: a client that does not keep up is dropped (it
// reconnects and resumes from its last event), and the Hub never waits
// for one.
//
// A client that resumes from an earlier position first reads the store up
// to the released position, then joins the live queue at exactly that
// position, so it neither misses nor repeats an event.
package livefeed

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// ErrDropped ends a client that fell a whole queue behind.
var ErrDropped = errors.New("livefeed: client too slow, dropped")

// ErrAhead refuses a resume position after the end of the log.
var ErrAhead = errors.New("livefeed: position is ahead of the log")

// Applied blocks until every read model has passed pos, or fails (on
// time-out, the Hub asks again).
type Applied func(ctx context.Context, pos eventstore.Position) error

// Options tune a Hub. The zero value gives the defaults.
type Options struct {
	// Queue is how many events a client may have waiting before it is
	// dropped (default 1,024).
	Queue int
	// CatchUpBatch is how many events a resuming client reads from the
	// store at a time (default 500).
	CatchUpBatch int
	// RetryDelay is the pause before the Hub follows the log again after
	// its subscription or the wait for the read models failed (default 1 s).
	RetryDelay time.Duration
	// Encode makes the bytes a client is sent for an event. The Hub
	// encodes each live event once for all its clients (default: none,
	// Message.Data stays empty).
	Encode func(eventstore.Recorded) []byte
	// Log hears of each failure to follow the log (default: discarded).
	Log *slog.Logger
	// AppliedBatch, when set, is what a live batch waits for in place
	// of Applied up to its last position: it blocks until every read
	// model that selects an event of the batch has applied it. That is
	// enough because batches are released in log order, each after its
	// own wait: every earlier event was already applied by the read
	// models selecting it, and a read model that selects none of the
	// batch shows nothing of it. Waiting for every read model held an
	// event back until the slowest one, busy with events of other
	// streams, had also read past it.
	AppliedBatch func(ctx context.Context, batch []eventstore.Recorded) error
	// Pace is the least time between two releases while clients listen
	// (default 0: release each batch as soon as it is applied). Every
	// release costs each client a write and a flush, so under load a
	// pace turns many small releases into fewer larger ones, for at most
	// Pace more delay; a release after a quiet spell goes at once.
	Pace time.Duration
}

func (o Options) withDefaults() Options {
	if o.Queue <= 0 {
		o.Queue = 1024
	}
	if o.CatchUpBatch <= 0 {
		o.CatchUpBatch = 500
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = time.Second
	}
	if o.Encode == nil {
		o.Encode = func(eventstore.Recorded) []byte { return nil }
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Hub follows the log and serves its clients.
type Hub struct {
	store   eventstore.Store
	applied Applied
	opts    Options

	mu       sync.Mutex
	ready    chan struct{} // closed once released is known
	started  bool
	released eventstore.Position // every event up to here is applied and sent
	// seen is the last position the Hub passed (at or after released):
	// while no client follows live, batches are passed without waiting
	// for the read models, which would cost the database a poll of every
	// read model's checkpoint per batch for nobody. A client that joins
	// first has that stretch confirmed applied (confirm).
	seen    eventstore.Position
	clients map[*Client]struct{}
}

// New returns a Hub over store (the application's shared one); Run starts
// it.
func New(store eventstore.Store, applied Applied, opts Options) *Hub {
	return &Hub{store: store, applied: applied, opts: opts.withDefaults(), ready: make(chan struct{}), clients: map[*Client]struct{}{}}
}

// Head is the last position of the log a reader may see now.
func (h *Hub) Head(ctx context.Context) (eventstore.Position, error) { return h.store.Head(ctx) }

// Clients counts the clients following live.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Run follows the log until ctx ends, starting at its head once the read
// models have passed it. After a failure it starts again from the last
// released position, so no released event is sent twice.
func (h *Hub) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		err := h.follow(ctx)
		if ctx.Err() != nil {
			break
		}
		// Clients keep waiting meanwhile: they are told nothing the
		// read models have not applied.
		h.opts.Log.WarnContext(ctx, "live feed: following the log failed; retrying", "err", err, "after", h.opts.RetryDelay)
		select {
		case <-ctx.Done():
		case <-time.After(h.opts.RetryDelay):
		}
	}
	h.closeAll()
	return nil
}

func (h *Hub) follow(ctx context.Context) error {
	from, err := h.startingPoint(ctx)
	if err != nil {
		return err
	}
	sub, err := h.store.Subscribe(ctx, from, eventstore.Filter{})
	if err != nil {
		return err
	}
	defer sub.Close()
	var released time.Time
	for {
		batch, err := sub.Recv(ctx)
		if err != nil {
			return err
		}
		last := batch[len(batch)-1].Position
		if h.passUnheard(last) {
			continue
		}
		if err := h.waitBatchApplied(ctx, batch); err != nil {
			return err
		}
		h.release(batch)
		if err := h.pace(ctx, &released); err != nil {
			return err
		}
	}
}

// pace waits until Options.Pace has passed since the previous release,
// and notes this one. The events arriving meanwhile go out together in
// the next release.
func (h *Hub) pace(ctx context.Context, previous *time.Time) error {
	now := time.Now()
	wait := h.opts.Pace - now.Sub(*previous)
	*previous = now
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		*previous = time.Now()
		return nil
	}
}

// startingPoint is the released position, or on the first run the head
// once the read models have applied it.
func (h *Hub) startingPoint(ctx context.Context) (eventstore.Position, error) {
	h.mu.Lock()
	started, pos := h.started, h.seen
	h.mu.Unlock()
	if started {
		return pos, nil
	}
	head, err := h.store.Head(ctx)
	if err != nil {
		return eventstore.Start, err
	}
	if err := h.waitApplied(ctx, head); err != nil {
		return eventstore.Start, err
	}
	h.mu.Lock()
	h.started, h.released, h.seen = true, head, head
	close(h.ready)
	h.mu.Unlock()
	return head, nil
}

// waitApplied waits for the read models to pass pos, asking again after
// each time-out: a read model that is slow holds the feed back rather
// than let it run ahead of what the API answers. When ctx ends it returns
// ctx.Err(), whatever Applied said then (the read models' wait reports its
// own time-out as "not caught up"): a caller whose wait merely ran out, a
// stream's heartbeat, must not take it for a failure.
func (h *Hub) waitApplied(ctx context.Context, pos eventstore.Position) error {
	return h.retryUntilApplied(ctx, func(ctx context.Context) error { return h.applied(ctx, pos) })
}

// waitBatchApplied waits until the read models the API would answer an
// event of batch from have applied it (Options.AppliedBatch), or every
// read model has passed its last event.
func (h *Hub) waitBatchApplied(ctx context.Context, batch []eventstore.Recorded) error {
	if h.opts.AppliedBatch == nil {
		return h.waitApplied(ctx, batch[len(batch)-1].Position)
	}
	return h.retryUntilApplied(ctx, func(ctx context.Context) error { return h.opts.AppliedBatch(ctx, batch) })
}

// retryUntilApplied calls wait until it succeeds or ctx ends.
func (h *Hub) retryUntilApplied(ctx context.Context, wait func(context.Context) error) error {
	for {
		err := wait(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// release hands batch to every live client whose filter selects an event
// of it, and drops those whose queue is full.
func (h *Hub) release(batch []eventstore.Recorded) {
	msgs := make([]Message, len(batch))
	for i, e := range batch {
		msgs[i] = Message{Event: e, Data: h.opts.Encode(e)}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if !c.offer(msgs) {
			delete(h.clients, c)
			c.drop()
		}
	}
	h.released = batch[len(batch)-1].Position
	h.seen = h.released
}

// passUnheard passes a batch ending at last when no client follows live,
// and reports whether it did. The check and the pass are one step under
// the lock, so a client joining meanwhile is either seen here (and the
// batch waits and is released to it) or finds seen moved (and confirms).
func (h *Hub) passUnheard(last eventstore.Position) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.clients) > 0 {
		return false
	}
	h.seen = last
	return true
}

// confirm waits until the read models have applied everything the Hub
// passed while nobody listened, and makes it released: a joining client
// then reads it from the store, as it reads what came before.
func (h *Hub) confirm(ctx context.Context) error {
	h.mu.Lock()
	target := h.seen
	h.mu.Unlock()
	if err := h.waitApplied(ctx, target); err != nil {
		return err
	}
	h.mu.Lock()
	if target.Compare(h.released) > 0 {
		h.released = target
	}
	h.mu.Unlock()
	return nil
}

func (h *Hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		delete(h.clients, c)
		c.end(ErrClosed)
	}
}

// waitReady waits until the Hub knows its released position.
func (h *Hub) waitReady(ctx context.Context) error {
	select {
	case <-h.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// join makes c live if it has read up to the released position and the
// Hub passed nothing unconfirmed; it returns the released position,
// whether c joined, and whether passed events must be confirmed first.
func (h *Hub) join(c *Client) (released eventstore.Position, joined, unconfirmed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen.Compare(h.released) > 0 {
		return h.released, false, true
	}
	if c.pos.Compare(h.released) < 0 {
		return h.released, false, false
	}
	h.clients[c] = struct{}{}
	return h.released, true, false
}

func (h *Hub) leave(c *Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}
