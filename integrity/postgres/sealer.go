package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

// SealerOptions tune a sealer. The zero value gives the defaults.
type SealerOptions struct {
	// Interval is how long new events wait to be sealed at most (default
	// 500ms): while events arrive, a checkpoint is signed at least this
	// often, so under load at least once a second.
	Interval time.Duration
	// MaxBatch seals at once when this many events wait (default 5000),
	// so a catch-up over a long log commits in bounded transactions.
	MaxBatch int
	// Standby is how often a sealer without the lock looks again
	// (default 500ms).
	Standby time.Duration
	Now     func() time.Time
	Log     *slog.Logger
	// OnSeal, when set, is told of every committed seal (metrics of the
	// sealer's lag). It runs on the sealer's goroutine: it must be quick,
	// and must not keep Seal.Events, whose room the next seal reuses.
	OnSeal func(Seal)
}

// Seal is one committed seal: the events it sealed, in order, and the
// checkpoint it signed, committed at Committed (the sealer's clock).
type Seal struct {
	Events     []eventstore.Recorded
	Checkpoint integrity.Checkpoint
	Committed  time.Time
}

func (o SealerOptions) withDefaults() SealerOptions {
	if o.Interval <= 0 {
		o.Interval = 500 * time.Millisecond
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 5000
	}
	if o.Standby <= 0 {
		o.Standby = 500 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Sealer follows the global log and extends the tree: each event becomes
// the next leaf, and every seal commits the new leaves, the nodes they
// complete and a signed checkpoint in one transaction. It reads the log
// as a projection does, after the append committed, so an append never
// waits for it.
type Sealer struct {
	log   *Log
	store eventstore.Store
	opts  SealerOptions
}

// Sealer returns a sealer of l that follows store.
func (l *Log) Sealer(store eventstore.Store, opts SealerOptions) *Sealer {
	return &Sealer{log: l, store: store, opts: opts.withDefaults()}
}

// Run seals until ctx ends. At most one sealer per schema is active
// across processes (an advisory lock held by the connection it writes
// through); the others stand by and take over when it dies. After a
// failed seal it returns: the tree in memory may be ahead of the stored
// one, and a new Run resumes from what is stored.
func (s *Sealer) Run(ctx context.Context) error {
	conn, err := s.log.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("sealer: acquire connection: %w", err)
	}
	defer conn.Release()
	key := SealerLockKey(s.log.schema)
	if err := s.lock(ctx, conn, key); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtext($1))", key) //nolint:errcheck // the lock dies with the session anyway
	tree, from, err := s.resume(ctx, conn)
	if err != nil {
		return err
	}
	return s.follow(ctx, conn, tree, from)
}

// SealerLockKey is the name of the advisory lock (pg_advisory_lock of
// hashtext of it) the active sealer of schema holds: a session holding it
// keeps every sealer of that schema standing by.
func SealerLockKey(schema string) string { return "opsledger-sealer:" + schema }

func (s *Sealer) lock(ctx context.Context, conn *pgxpool.Conn, key string) error {
	for {
		var locked bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock(hashtext($1))", key).Scan(&locked); err != nil {
			return fmt.Errorf("sealer: lock: %w", err)
		}
		if locked {
			return nil
		}
		t := time.NewTimer(s.opts.Standby)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// resume rebuilds the tree's right edge from the stored nodes and
// returns the position of the last sealed event, so sealing goes on
// after it and no event becomes two leaves.
func (s *Sealer) resume(ctx context.Context, conn *pgxpool.Conn) (*integrity.Tree, eventstore.Position, error) {
	leaves, err := s.log.queryTiles(ctx, `ORDER BY first DESC LIMIT 1`)
	if err != nil {
		return nil, eventstore.Start, fmt.Errorf("sealer: read last leaf: %w", err)
	}
	if len(leaves) == 0 {
		tree, err := integrity.NewTree(0, nil)
		return tree, eventstore.Start, err
	}
	last := leaves[len(leaves)-1]
	size := last.Index + 1
	edge, err := s.log.readNodes(ctx, integrity.EdgeIDs(size))
	if err != nil {
		return nil, eventstore.Start, err
	}
	tree, err := integrity.NewTree(size, edge)
	return tree, last.Position, err
}

// hashedBatch is a batch of events read and the hashes a log keeps of
// them, in order. caughtUp marks the batch (maybe empty) that ended a
// catch-up: the log's head was reached, so what waits is sealed at once
// rather than at the next tick.
type hashedBatch struct {
	events   []eventstore.Recorded
	hashes   []integrity.SealedHashes
	caughtUp bool
}

// receiveAhead is how many batches the sealer reads ahead while sealing:
// enough that a subscription keeps up with the shared fan-out's tail
// while a seal commits (a subscriber that stops reading falls behind the
// tail, and back to reading the store).
const receiveAhead = 16

// follow gathers the events after from and seals them every Interval, or
// at once when MaxBatch wait or a catch-up reached the log's head (a
// restart, a first seal of a long log: its last checkpoint is signed when
// the read is done, not up to an Interval later).
func (s *Sealer) follow(ctx context.Context, conn *pgxpool.Conn, tree *integrity.Tree, from eventstore.Position) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, failed := s.receive(ctx, from)
	tick := time.NewTicker(s.opts.Interval)
	defer tick.Stop()
	// Room for a full seal and the batch that makes it full, made once, so
	// that gathering a seal's events does not copy them over and over.
	room := s.opts.MaxBatch + max(1, s.opts.MaxBatch/4)
	pending, pendingHashes := make([]eventstore.Recorded, 0, room), make([]integrity.SealedHashes, 0, room)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-failed:
			return fmt.Errorf("sealer: receive: %w", err)
		case b := <-batches:
			pending, pendingHashes = append(pending, b.events...), append(pendingHashes, b.hashes...)
			if len(pending) < s.opts.MaxBatch && (!b.caughtUp || len(pending) == 0) {
				continue
			}
		case <-tick.C:
			if len(pending) == 0 {
				continue
			}
		}
		c, err := s.seal(ctx, conn, tree, pending, pendingHashes)
		if err != nil {
			return err
		}
		if s.opts.OnSeal != nil {
			s.opts.OnSeal(Seal{Events: pending, Checkpoint: c, Committed: s.opts.Now()})
		}
		pending, pendingHashes = pending[:0], pendingHashes[:0] // OnSeal keeps none of them
	}
}

// receive reads the events after from on its own goroutine, so a seal is
// due on time even while it waits for new events, and reading goes on
// while a seal commits (up to receiveAhead batches). Behind the log's
// head (a first seal of a long log, a restart) it reads pages of a
// quarter of MaxBatch (so what it reads ahead stays bounded), four to a
// seal; caught up, it follows a subscription. The events are hashed on a
// goroutine of their own, so the next page is read while one is hashed
// and hashing overlaps the seal that commits the batches before.
func (s *Sealer) receive(ctx context.Context, from eventstore.Position) (<-chan hashedBatch, <-chan error) {
	read, batches := make(chan hashedBatch, 1), make(chan hashedBatch, receiveAhead)
	failed := make(chan error, 2) // the reader's and the hasher's
	go func() {
		defer close(read)
		if err := s.read(ctx, from, read); err != nil && ctx.Err() == nil {
			failed <- err
		}
	}()
	go func() {
		if err := hashAll(ctx, read, batches); err != nil {
			failed <- err
		}
	}()
	return batches, failed
}

// read sends the events after from to out, unhashed: pages up to the
// log's head, the last marked caughtUp, then a subscription's batches. It
// returns when ctx ends or a read fails.
func (s *Sealer) read(ctx context.Context, from eventstore.Position, out chan<- hashedBatch) error {
	send := func(b hashedBatch) error {
		select {
		case out <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	catchUpPage := max(1, s.opts.MaxBatch/4)
	for caughtUp := false; !caughtUp; {
		page, err := s.store.ReadAll(ctx, from, catchUpPage, eventstore.Filter{})
		if err != nil {
			return err
		}
		caughtUp = len(page) < catchUpPage
		if len(page) > 0 {
			from = page[len(page)-1].Position
		}
		if err := send(hashedBatch{events: page, caughtUp: caughtUp}); err != nil {
			return err
		}
	}
	sub, err := s.store.Subscribe(ctx, from, eventstore.Filter{})
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	defer sub.Close()
	for {
		b, err := sub.Recv(ctx)
		if err != nil {
			return err
		}
		if err := send(hashedBatch{events: b}); err != nil {
			return err
		}
	}
}

// hashAll hashes the batches of in and sends them on to out, until in is
// closed or ctx ends; it returns only a hashing failure.
func hashAll(ctx context.Context, in <-chan hashedBatch, out chan<- hashedBatch) error {
	for b := range in {
		hashes, err := integrity.HashEvents(b.events)
		if err != nil {
			return err
		}
		b.hashes = hashes
		select {
		case out <- b:
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}
