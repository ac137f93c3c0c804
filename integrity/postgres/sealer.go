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
// them, in order.
type hashedBatch struct {
	events []eventstore.Recorded
	hashes []integrity.SealedHashes
}

// receiveAhead is how many batches the sealer reads ahead while sealing:
// enough that a subscription keeps up with the shared fan-out's tail
// while a seal commits (a subscriber that stops reading falls behind the
// tail, and back to reading the store).
const receiveAhead = 16

// follow gathers the events after from and seals them every Interval, or
// at once when MaxBatch wait.
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
			if len(pending) < s.opts.MaxBatch {
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
// seal; caught up, it follows a subscription.
func (s *Sealer) receive(ctx context.Context, from eventstore.Position) (<-chan hashedBatch, <-chan error) {
	batches, failed := make(chan hashedBatch, receiveAhead), make(chan error, 1)
	// The events are hashed here, so hashing a batch overlaps the seal
	// that commits the batches before.
	send := func(b []eventstore.Recorded) bool {
		hashes, err := integrity.HashEvents(b)
		if err != nil {
			failed <- err
			return false
		}
		select {
		case batches <- hashedBatch{events: b, hashes: hashes}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	catchUpPage := max(1, s.opts.MaxBatch/4)
	go func() {
		for {
			page, err := s.store.ReadAll(ctx, from, catchUpPage, eventstore.Filter{})
			if err != nil {
				failed <- err
				return
			}
			if len(page) > 0 {
				from = page[len(page)-1].Position
				if !send(page) {
					return
				}
			}
			if len(page) < catchUpPage {
				break
			}
		}
		sub, err := s.store.Subscribe(ctx, from, eventstore.Filter{})
		if err != nil {
			failed <- fmt.Errorf("subscribe: %w", err)
			return
		}
		defer sub.Close()
		for {
			b, err := sub.Recv(ctx)
			if err != nil {
				failed <- err
				return
			}
			if !send(b) {
				return
			}
		}
	}()
	return batches, failed
}
