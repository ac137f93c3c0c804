// Package postgres is the default event store: an append-only events table
// in PostgreSQL, accessed with pgx/v5.
//
// Appends to different streams run concurrently; unique (stream, version)
// and (stream, id) constraints provide optimistic concurrency and
// idempotent retries. Concurrent one-event appends of a process share one
// INSERT and commit (see groupCall). The global log
// ($all) is gap-safe (ARCHITECTURE.md decision 2): every event records the
// id of the transaction that appended it, and readers see only events of
// transactions older than the oldest one still running, in (xid, seq)
// order, so a reader never passes over an event that may still commit.
// Live subscribers are woken by LISTEN/NOTIFY on one connection per store.
// The horizon is cluster-wide: any transaction holding an xid, in any
// database of the cluster, holds $all readers back until it ends, so keep
// transactions short (idle_in_transaction_session_timeout helps).
//
// Usage:
//
//	if err := postgres.Migrate(ctx, pool, "eventstore"); err != nil { ... } // once, at deploy or start
//	store := postgres.New(pool, postgres.Options{Schema: "eventstore"})
//	defer store.Close()
//
// or postgres.Open(ctx, pool, opts), which does both. AppendInTx appends
// inside a caller's transaction (committed or rolled back by the caller),
// and refuses an append that would put its stream out of version order in
// $all. Event ids are unique per stream, not checked across streams (a
// global index of random ids would cost every append a random page; see
// migrations/0001): an id reused in another stream is another event. An id
// the stream holds for another event is eventstore.ErrEventIDReused.
package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/coalesce"
	"github.com/opsledger/opsledger/eventstore"
)

// DefaultSchema is the schema the store uses when Options.Schema is empty.
const DefaultSchema = "eventstore"

// Options configure a Store. The zero value is usable.
type Options struct {
	// Schema holds the events table (default DefaultSchema). Migrate must
	// have been run for it.
	Schema string
	// SubscriptionBatch caps the events one Subscription.Recv returns
	// (default 500).
	SubscriptionBatch int
	// NotifyInterval is the least time between two NOTIFYs this store
	// sends to wake subscribers in other processes (default 10ms; its own
	// subscribers are woken at once). Shorter wakes others sooner but
	// costs a transaction per interval under load.
	NotifyInterval time.Duration
}

// Store is the PostgreSQL eventstore.Store. It is safe for concurrent use.
// Close it to stop its listener connection.
type Store struct {
	pool   *pgxpool.Pool
	schema string
	sql    statements
	batch  int

	notifyInterval time.Duration

	// instance tags this store's notifications so its own listener can
	// ignore them: local subscriptions were already woken directly.
	instance string
	hub      *hub
	// group shares one insert among concurrent one-event appends.
	group coalesce.Coalescer[groupCall]
	// foreign lists running transactions of other databases, which reads
	// look past (visible).
	foreign foreignXids
	closeMu sync.Mutex
	closed  bool
}

var _ eventstore.Store = (*Store)(nil)

// New returns a store on pool. It does not touch the database; call
// Migrate first (once per schema).
func New(pool *pgxpool.Pool, opts Options) *Store {
	if opts.Schema == "" {
		opts.Schema = DefaultSchema
	}
	if opts.SubscriptionBatch <= 0 {
		opts.SubscriptionBatch = 500
	}
	if opts.NotifyInterval <= 0 {
		opts.NotifyInterval = 10 * time.Millisecond
	}
	s := &Store{
		pool:           pool,
		schema:         opts.Schema,
		sql:            buildStatements(quote(opts.Schema)),
		batch:          opts.SubscriptionBatch,
		notifyInterval: opts.NotifyInterval,
		instance:       randomTag(),
	}
	s.hub = newHub(s)
	s.group.Flush = s.appendGroup
	return s
}

// Open migrates schema opts.Schema and returns a store on it.
func Open(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Store, error) {
	s := New(pool, opts)
	if err := Migrate(ctx, pool, s.schema); err != nil {
		return nil, err
	}
	return s, nil
}

// Pool returns the pool the store appends and reads with, for callers of
// AppendInTx.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Schema returns the schema holding the store's tables.
func (s *Store) Schema() string { return s.schema }

// Close stops the store's listener and notifier and ends its
// subscriptions. It does not close the pool.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.hub.close()
	return nil
}

// channel is the NOTIFY channel of the store's schema (at most 63 bytes,
// PostgreSQL's identifier limit).
func channel(schema string) string {
	c := "opsledger_events." + schema
	if len(c) > 63 {
		c = c[:63]
	}
	return c
}

func quote(ident string) string { return pgx.Identifier{ident}.Sanitize() }

func randomTag() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
