package postgres

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// hub wakes the store's subscriptions. Appends through this store wake
// them directly; appends by other processes arrive as NOTIFY on one
// listener connection shared by all subscriptions of the store.
//
// Appends send their NOTIFY right after commit, from one notifier
// goroutine: the first append after a quiet spell is announced at once,
// and the appends of the next Options.NotifyInterval share one trailing
// NOTIFY, which bounds the extra transactions to one per interval.
// A NOTIFY inside the append transaction would be simpler but PostgreSQL
// serializes the commits of notifying transactions on one lock (async.c,
// PreCommit_Notify), which cut 16 concurrent writers to a fraction of
// their throughput when measured here.
type hub struct {
	s      *Store
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed by close: subscriptions end

	mu   sync.Mutex
	subs map[*subscription]struct{}

	kick         chan struct{} // a NOTIFY is owed
	notifierOnce sync.Once
	listenerOnce sync.Once
	wg           sync.WaitGroup
}

func newHub(s *Store) *hub {
	ctx, cancel := context.WithCancel(context.Background())
	return &hub{s: s, ctx: ctx, cancel: cancel, done: make(chan struct{}),
		subs: map[*subscription]struct{}{}, kick: make(chan struct{}, 1)}
}

// appended wakes local subscriptions and owes other processes a NOTIFY.
func (h *hub) appended() {
	h.wakeAll()
	h.notifierOnce.Do(func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.startLocked(h.notify)
	})
	select {
	case h.kick <- struct{}{}:
	default:
	}
}

// startLocked runs loop in a goroutine close waits for. Holding h.mu, it
// cannot race with close: after close nothing starts.
func (h *hub) startLocked(loop func()) {
	if h.ctx.Err() != nil {
		return
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		loop()
	}()
}

// notify sends one NOTIFY per kick and then rests for the notify
// interval; kicks arriving meanwhile collapse into the next one. The
// payload names this store so its own listener skips it.
//
// It uses its own connection with synchronous_commit off: a NOTIFY
// transaction gets an xid and a commit record, and waiting for that record
// to reach disk would double the WAL flushes of a lone writer for nothing
// (a NOTIFY carries no data; one lost in a crash is lost anyway).
func (h *hub) notify() {
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			_ = conn.Close(context.Background())
		}
	}()
	for {
		select {
		case <-h.ctx.Done():
			return
		case <-h.kick:
		}
		if conn == nil {
			cfg := h.s.pool.Config().ConnConfig.Copy()
			cfg.RuntimeParams["synchronous_commit"] = "off"
			var err error
			if conn, err = pgx.ConnectConfig(h.ctx, cfg); err != nil {
				conn = nil
				continue // other processes wait for the next append's NOTIFY
			}
		}
		if _, err := conn.Exec(h.ctx, h.s.sql.notify, channel(h.s.schema), h.s.instance); err != nil {
			_ = conn.Close(context.Background())
			conn = nil
		}
		select {
		case <-h.ctx.Done():
			return
		case <-time.After(h.s.notifyInterval):
		}
	}
}

func (h *hub) add(sub *subscription) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ctx.Err() != nil {
		return false
	}
	h.subs[sub] = struct{}{}
	h.listenerOnce.Do(func() { h.startLocked(h.listen) })
	return true
}

func (h *hub) remove(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, sub)
}

func (h *hub) wakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		sub.poke()
	}
}

// listen keeps one LISTEN connection open, reconnecting with backoff, and
// wakes every subscription on each foreign notification and after each
// (re)connect, since notifications may have been missed meanwhile.
func (h *hub) listen() {
	backoff := 50 * time.Millisecond
	for h.ctx.Err() == nil {
		if h.listenOnce() {
			backoff = 50 * time.Millisecond
			continue
		}
		select {
		case <-h.ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce listens until the connection breaks; it reports whether
// LISTEN succeeded.
func (h *hub) listenOnce() (listened bool) {
	conn, err := pgx.ConnectConfig(h.ctx, h.s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(h.ctx, "LISTEN "+quote(channel(h.s.schema))); err != nil {
		return false
	}
	h.wakeAll()
	for {
		n, err := conn.WaitForNotification(h.ctx)
		if err != nil {
			return true
		}
		if n.Payload != h.s.instance {
			h.wakeAll()
		}
	}
}

// close stops the goroutines and ends every subscription.
func (h *hub) close() {
	h.mu.Lock()
	h.cancel()
	close(h.done)
	h.mu.Unlock()
	h.wg.Wait()
}
