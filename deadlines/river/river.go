// Package river stores deadlines as River jobs in PostgreSQL and fires
// them on time (github.com/riverqueue/river with its pgx v5 driver).
// A follower of $all (a projection without tables: its checkpoint, single
// active runner and dead letters come from the projection engine) derives
// the deadlines of each batch and inserts or cancels their jobs in the
// batch's own transaction, so a deadline is stored exactly when its event
// is applied. Every instance runs a River client and moves the deadlines
// falling due to the queue itself, every second (promoter.go), so that
// none waits for River's elected leader, which a killed instance keeps
// for about 20 s; each job is worked by one of them. A job is unique by its deadline's key for as long as it is kept,
// fired or not, so a replayed event schedules nothing twice; a job that
// fails is retried with backoff, and one cut off by a crash is rescued and
// fired again, which the command's idempotency key absorbs.
package river

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	rq "github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/eventstore"
)

// Queue is the River queue deadlines are worked from.
const Queue = "deadlines"

// jobKind is the stored kind of a deadline's job; it never changes.
const jobKind = "opsledger.deadline"

// Firer issues the command of a deadline that fell due. A nil error
// completes the job (nothing to do is nil too); any other is retried.
type Firer func(ctx context.Context, d deadlines.Deadline) error

// Parker keeps a deadline that failed on its last attempt, with why, for
// an operator (the reactions' poison queue).
type Parker func(ctx context.Context, d deadlines.Deadline, reason string) error

// MaxAttempts is how often a deadline is tried before it is parked: with
// River's backoff (attempt⁴ seconds) the last try comes about four hours
// after the first.
const MaxAttempts = 10

// fireArgs are a deadline's job: unique by the deadline's key.
type fireArgs struct {
	Key      string             `json:"key" river:"unique"`
	Deadline deadlines.Deadline `json:"deadline"`
}

func (fireArgs) Kind() string { return jobKind }

// uniqueStates are the job states in which a deadline counts as
// scheduled: a fired (completed) deadline is never scheduled again; a
// cancelled one (its reason went away) may be, when its reason comes back.
var uniqueStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateCompleted, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

func (fireArgs) InsertOpts() rq.InsertOpts {
	return rq.InsertOpts{Queue: Queue, UniqueOpts: rq.UniqueOpts{ByArgs: true, ByState: uniqueStates}}
}

// worker fires a job's deadline.
type worker struct {
	rq.WorkerDefaults[fireArgs]
	fire Firer
	park Parker
}

func (w *worker) Work(ctx context.Context, job *rq.Job[fireArgs]) error {
	if job.Args.Deadline.Kind == "" {
		// A job with no deadline in it can never fire: cancel it rather
		// than retry it for days.
		return rq.JobCancel(fmt.Errorf("deadline job %d holds no deadline", job.ID))
	}
	err := w.fire(ctx, job.Args.Deadline)
	if err == nil || job.Attempt < job.MaxAttempts || w.park == nil {
		return err
	}
	// The last attempt failed: River discards the job; the operator
	// finds the deadline parked, and may fire it again (Refire).
	if perr := w.park(ctx, job.Args.Deadline, err.Error()); perr != nil {
		return errors.Join(err, perr)
	}
	return rq.JobCancel(err)
}

// Config is what a Scheduler needs.
type Config struct {
	// Schema holds River's tables (created by Migrate).
	Schema string
	Fire   Firer
	// Park keeps a deadline whose last attempt failed (nil: River
	// discards it, visible in its table only).
	Park Parker
	// Codec decodes the followed events; Rules are the figures the
	// derivation needs.
	Codec *eventstore.Codec
	Rules deadlines.Rules
	// Workers is how many deadlines one instance fires at once (10 when 0).
	Workers int
	// MaxAttempts is how often a deadline is tried before it is parked
	// (MaxAttempts when 0).
	MaxAttempts int
	Log         *slog.Logger
	// ClientID names this instance in River's tables: the leader row of
	// the instance running River's maintenance (rescue, cleaning), and each job's
	// attempts (River's default, the host and start time, when "").
	ClientID string
}

// Scheduler keeps deadlines in River and fires them.
type Scheduler struct {
	client      *rq.Client[pgx.Tx]
	maxAttempts int
	codec       *eventstore.Codec
	rules       deadlines.Rules
	promoter    *promoter
}

// New returns a scheduler over pool; Start fires its deadlines.
func New(pool *pgxpool.Pool, cfg Config) (*Scheduler, error) {
	workers := rq.NewWorkers()
	if err := rq.AddWorkerSafely(workers, &worker{fire: cfg.Fire, park: cfg.Park}); err != nil {
		return nil, err
	}
	n := cfg.Workers
	if n <= 0 {
		n = 10
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client, err := rq.NewClient(riverpgxv5.New(pool), &rq.Config{
		ID:         cfg.ClientID,
		Schema:     cfg.Schema,
		Queues:     map[string]rq.QueueConfig{Queue: {MaxWorkers: n}},
		Workers:    workers,
		Logger:     log,
		JobTimeout: time.Minute,
		// Polling (every second) instead of LISTEN keeps no connection
		// of the pool for the scheduler: a deadline has no use for
		// sub-second latency, and the read models hold a connection each.
		PollOnly: true,
		// The producers fetch the deadlines the promoter made available
		// at this poll: a deadline fires within about a second of its
		// time on any instance.
		FetchPollInterval: time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("deadline scheduler: %w", err)
	}
	return &Scheduler{client: client, maxAttempts: cmp.Or(cfg.MaxAttempts, MaxAttempts), codec: cfg.Codec, rules: cfg.Rules,
		promoter: newPromoter(pool, cfg.Schema, log)}, nil
}

// Refire schedules deadline d to fire now again, after an operator fixed
// what made it fail: its job was cancelled when it was parked, so its key
// is free.
func (s *Scheduler) Refire(ctx context.Context, d deadlines.Deadline) error {
	opts := s.insertOpts(time.Time{})
	res, err := s.client.Insert(ctx, fireArgs{Key: d.Key(), Deadline: d}, opts)
	if err != nil {
		return fmt.Errorf("refire %s: %w", d.Key(), err)
	}
	if res.UniqueSkippedAsDuplicate {
		return fmt.Errorf("refire %s: it is scheduled or fired already", d.Key())
	}
	return nil
}

// insertOpts are a deadline job's options: due at due (now when zero).
func (s *Scheduler) insertOpts(due time.Time) *rq.InsertOpts {
	opts := fireArgs{}.InsertOpts()
	opts.MaxAttempts, opts.ScheduledAt = s.maxAttempts, due
	return &opts
}

// Run moves due deadlines to the queue and fires them until ctx ends,
// then stops, letting the deadlines being fired finish.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.client.Start(ctx); err != nil {
		return fmt.Errorf("start deadline scheduler: %w", err)
	}
	promoted := make(chan struct{})
	go func() {
		defer close(promoted)
		s.promoter.run(ctx)
	}()
	<-ctx.Done()
	<-promoted
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.client.Stop(stop); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Migrate creates or upgrades River's tables in schema, each version in
// a transaction of its own (a later version uses an enum value an earlier
// one adds), under a lock so that instances starting together migrate once.
func Migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: schema})
	if err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	const lock = `hashtext('opsledger deadlines migrate')`
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock("+lock+")"); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+lock+")") //nolint:errcheck // the session ends with the connection anyway
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return err
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate deadline jobs: %w", err)
	}
	return nil
}
