package livefeed

import (
	"context"
	"errors"
	"sync"

	"github.com/opsledger/opsledger/eventstore"
)

// ErrClosed ends the clients of a Hub that stopped.
var ErrClosed = errors.New("livefeed: closed")

// Message is an event as a client is sent it: the event and its encoding
// (Options.Encode), made once for every client.
type Message struct {
	Event eventstore.Recorded
	Data  []byte
}

// Client is one follower of the feed. Next is called by one goroutine.
type Client struct {
	h      *Hub
	filter eventstore.Filter
	may    func(eventstore.Recorded) bool
	// pos is the last position the client has been given or has read
	// past; the Hub reads it (under its lock) only once the client is
	// live.
	pos  eventstore.Position
	live bool
	// queue holds the Hub's messages, shared by every client: a pointer
	// each, not a copy of the event.
	queue chan *Message

	once    sync.Once
	ended   chan struct{}
	endedBy error
}

// Follow starts a client after position from (the start of the log, the
// last event it saw, or the head for only what comes next). filter selects
// by stream and type, as the store does; may keeps only the events the
// client may see. A position after the head fails with ErrAhead.
func (h *Hub) Follow(ctx context.Context, from eventstore.Position, filter eventstore.Filter, may func(eventstore.Recorded) bool) (*Client, error) {
	if err := h.waitReady(ctx); err != nil {
		return nil, err
	}
	head, err := h.store.Head(ctx)
	if err != nil {
		return nil, err
	}
	if from.Compare(head) > 0 {
		return nil, ErrAhead
	}
	return &Client{h: h, filter: filter, may: may, pos: from, queue: make(chan *Message, h.opts.Queue), ended: make(chan struct{})}, nil
}

// Released is the position up to which the feed has released events: a
// client that starts there gets only what comes next.
func (h *Hub) Released(ctx context.Context) (eventstore.Position, error) {
	if err := h.waitReady(ctx); err != nil {
		return eventstore.Start, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen, nil
}

// Next returns the next events the client may see, in log order: first
// those the store holds after its position, then live ones. It returns
// ErrDropped when the client fell a whole queue behind, ErrClosed when
// the Hub stopped, and ctx.Err() when ctx ends.
func (c *Client) Next(ctx context.Context) ([]*Message, error) {
	for !c.live {
		batch, err := c.catchUp(ctx)
		if err != nil && ctx.Err() != nil { // the store's read ran out of time
			return nil, ctx.Err()
		}
		if err != nil || len(batch) > 0 {
			return batch, err
		}
	}
	select {
	case e := <-c.queue:
		return c.drain(e), nil
	case <-c.ended:
		return nil, c.endedBy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// drain returns first and whatever else is queued now.
func (c *Client) drain(first *Message) []*Message {
	out := make([]*Message, 1, 1+len(c.queue))
	out[0] = first
	for {
		select {
		case e := <-c.queue:
			out = append(out, e)
		default:
			return out
		}
	}
}

// catchUp reads the store from the client's position up to the released
// one, or joins the live feed once it is there. Events after the released
// position are left for the live feed: the read models may not have
// applied them yet.
func (c *Client) catchUp(ctx context.Context) ([]*Message, error) {
	released, joined, unconfirmed := c.h.join(c)
	if joined {
		c.live = true
		return nil, nil
	}
	if unconfirmed {
		return nil, c.h.confirm(ctx)
	}
	limit := c.h.opts.CatchUpBatch
	batch, err := c.h.store.ReadAll(ctx, c.pos, limit, c.filter)
	if err != nil {
		return nil, err
	}
	full := len(batch) == limit
	var out []*Message
	for _, e := range batch {
		if e.Position.Compare(released) > 0 {
			full = false
			break
		}
		c.pos = e.Position
		if c.may(e) {
			out = append(out, &Message{Event: e, Data: c.h.opts.Encode(e)})
		}
	}
	if !full { // a short read saw everything up to released
		c.pos = released
	}
	return out, nil
}

// offer queues the events of batch the client selects; false when its
// queue is full. The Hub calls it under its lock.
func (c *Client) offer(batch []Message) bool {
	for i := range batch {
		m := &batch[i]
		e := &m.Event
		if e.Position.Compare(c.pos) <= 0 || !c.filter.Matches(e.Stream, e.Type) || !c.may(*e) {
			continue
		}
		select {
		case c.queue <- m:
		default:
			return false
		}
	}
	return true
}

func (c *Client) end(err error) {
	c.once.Do(func() {
		c.endedBy = err
		close(c.ended)
	})
}

func (c *Client) drop() { c.end(ErrDropped) }

// Close stops the client.
func (c *Client) Close() {
	c.h.leave(c)
	c.end(ErrClosed)
}
