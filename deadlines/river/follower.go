package river

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	rq "github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/eventstore"
)

// Follower returns the projection that derives deadlines from the log
// and stores them as jobs; the composition root runs it like a read model.
func (s *Scheduler) Follower() *Follower { return &Follower{s: s} }

// Follower is a projection without tables: its output is the jobs.
type Follower struct{ s *Scheduler }

// Name implements projections.Projection; it names the checkpoint.
func (f *Follower) Name() string { return "deadlines" }

// Tables implements projections.Projection: the jobs are River's.
func (f *Follower) Tables() []string { return nil }

// Setup implements projections.Projection.
func (f *Follower) Setup(context.Context, pgx.Tx) error { return nil }

// Filter implements projections.Projection.
func (f *Follower) Filter() eventstore.Filter {
	return eventstore.Filter{EventTypes: deadlines.EventTypes()}
}

// Apply implements projections.Projection: it schedules and cancels the
// batch's deadlines in the batch's transaction.
func (f *Follower) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	var inserts []rq.InsertManyParams
	for _, rec := range events {
		e, err := f.s.codec.Decode(rec.Type, rec.SchemaVersion, rec.Data)
		if err != nil {
			return fmt.Errorf("deadlines: decode %s at %s: %w", rec.Type, rec.Position, err)
		}
		for _, c := range deadlines.Derive(deadlines.Source{Event: e, EventID: rec.ID, CorrelationID: rec.Metadata.CorrelationID}, f.s.rules) {
			if c.CancelPrefix != "" {
				// Earlier inserts of this batch may be what is cancelled.
				if err := f.insert(ctx, tx, inserts); err != nil {
					return err
				}
				inserts = nil
				if err := f.s.cancel(ctx, tx, c.CancelPrefix); err != nil {
					return err
				}
			}
			if d := c.Schedule; d != nil {
				inserts = append(inserts, rq.InsertManyParams{Args: fireArgs{Key: d.Key(), Deadline: *d}, InsertOpts: f.s.insertOpts(d.Due)})
			}
		}
	}
	return f.insert(ctx, tx, inserts)
}

func (f *Follower) insert(ctx context.Context, tx pgx.Tx, params []rq.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	if _, err := f.s.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("deadlines: schedule: %w", err)
	}
	return nil
}

// pendingStates are the states of a job that has not fired yet.
var pendingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled,
	rivertype.JobStateRetryable, rivertype.JobStatePending}

// cancel cancels, in tx, every deadline not fired yet whose key starts
// with prefix.
func (s *Scheduler) cancel(ctx context.Context, tx pgx.Tx, prefix string) error {
	params := rq.NewJobListParams().Kinds(jobKind).States(pendingStates...).First(10000).
		Where("starts_with(args->>'key', @prefix)", rq.NamedArgs{"prefix": prefix})
	res, err := s.client.JobListTx(ctx, tx, params)
	if err != nil {
		return fmt.Errorf("deadlines: find %s*: %w", prefix, err)
	}
	for _, job := range res.Jobs {
		if _, err := s.client.JobCancelTx(ctx, tx, job.ID); err != nil {
			return fmt.Errorf("deadlines: cancel %s: %w", prefix, err)
		}
	}
	return nil
}
