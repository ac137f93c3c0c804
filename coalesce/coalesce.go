// Package coalesce runs concurrent calls of one kind together, so that a
// busy server pays one database round trip, statement and commit for many
// calls instead of one each.
package coalesce

import (
	"context"
	"sync"
)

// Coalescer runs concurrent calls of one kind together. A call that finds
// no flush running flushes at once, alone: an idle server pays nothing
// extra. Calls that arrive while a flush runs queue up, and the next flush
// takes them (up to MaxBatch) in one statement, so the busier the server,
// the fewer round trips, transactions and statement executions per call:
// a row costs PostgreSQL and pgx a fraction of a statement. A queued call
// waits for at most the running flush before its own starts.
//
// A call never joins a flush that has already started, so it sees every
// write that completed before it began, as a lone query would.
type Coalescer[C any] struct {
	// Flush runs calls and stores each one's result (or error) in it. It
	// must not panic: queued calls wait for it.
	Flush func(ctx context.Context, calls []*C)

	mu    sync.Mutex
	queue []*pending[C]
	busy  bool // a flush runs or is being handed to a queued call
}

// MaxBatch bounds a flush: arrays, statements and plans stay small (an
// index lookup per row), and the rest waits for the next flush.
const MaxBatch = 128

// pending is a queued call and how it hears back: false when its result
// is in, true when it is its turn to flush the queue.
type pending[C any] struct {
	call *C
	turn chan bool
}

// Do runs call, alone or with others, and returns when its result is in.
// The flush does not end with ctx: it carries other callers' calls, and a
// flush handed to a queued call must run.
func (c *Coalescer[C]) Do(ctx context.Context, call *C) {
	p := &pending[C]{call: call, turn: make(chan bool, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, p)
	lead := !c.busy
	c.busy = true
	c.mu.Unlock()
	if !lead && !<-p.turn {
		return
	}
	c.mu.Lock()
	// The flusher is the oldest queued call (see handOff), so it is in
	// its own batch.
	batch := c.queue[:min(len(c.queue), MaxBatch)]
	c.queue = c.queue[len(batch):]
	c.mu.Unlock()
	calls := make([]*C, len(batch))
	for i, q := range batch {
		calls[i] = q.call
	}
	c.Flush(context.WithoutCancel(ctx), calls)
	c.handOff()
	for _, q := range batch {
		if q != p {
			q.turn <- false
		}
	}
}

// handOff makes the oldest queued call flush next (the flusher of the
// last batch returns to its own caller, rather than serving a queue that
// may never empty), or marks the coalescer idle.
func (c *Coalescer[C]) handOff() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.queue = nil // drop the backing array of a large burst
		c.busy = false
		return
	}
	c.queue[0].turn <- true
}
