package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/deadlines"
	deadlineriver "github.com/opsledger/opsledger/deadlines/river"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/projections"
)

// deadlineScheduler stores the deadlines derived from the log as River
// jobs in the control schema and fires them through the command layer.
type deadlineScheduler struct {
	scheduler *deadlineriver.Scheduler
	follower  *deadlineriver.Follower
}

// openDeadlines migrates River's tables (so `opsledger migrate` does too)
// and makes sure the follower's checkpoint exists.
func (a *App) openDeadlines(ctx context.Context) error {
	if err := deadlineriver.Migrate(ctx, a.Pool, a.Config.ControlSchema); err != nil {
		return err
	}
	s, err := deadlineriver.New(a.Pool, deadlineriver.Config{
		Schema: a.Config.ControlSchema,
		Fire:   a.fireDeadline,
		Codec:  a.Codec,
		Rules: deadlines.Rules{ComplaintCloseWithin: a.Commands.Reactions.ComplaintCloseWithin,
			Location: a.Commands.Reactions.CompanyLocation(a.Config.Now())},
		Log: a.Config.Log,
	})
	if err != nil {
		return err
	}
	a.Commands.Reactions.UseSalesActuals(a.salesActuals)
	a.deadlines = deadlineScheduler{scheduler: s, follower: s.Follower()}
	return projections.Ensure(ctx, a.Pool, a.Config.ReadNamespace, a.deadlines.follower)
}

// fireDeadline issues a deadline's command. A decision that refuses or
// finds nothing (the instalment was paid, the complaint closed) ends the
// deadline: its reason went away. Any other error is retried by River.
func (a *App) fireDeadline(ctx context.Context, d deadlines.Deadline) error {
	res, err := a.Commands.Reactions.FireDeadline(ctx, d)
	switch {
	case errors.Is(err, domain.ErrRejected), errors.Is(err, domain.ErrNotFound):
		a.Config.Log.InfoContext(ctx, "deadline: nothing to do", "deadline", d.Key(), "reason", err.Error())
		return nil
	case err != nil:
		return fmt.Errorf("deadline %s: %w", d.Key(), err)
	}
	a.Config.Log.InfoContext(ctx, "deadline fired", "deadline", d.Key(), "events", res.Events, "replayed", res.Replayed)
	return nil
}

// runDeadlines follows the log for deadlines and fires them until ctx
// ends. Every instance fires (River hands each job to one of them); the
// follower runs on the instance holding its lease, like a read model.
func (a *App) runDeadlines(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.deadlines.scheduler.Run(ctx) }()
	err := a.runProjection(ctx, a.deadlines.follower)
	if schedErr := <-done; err == nil {
		err = schedErr
	}
	return err
}

// salesActuals sums an employee's signed sales in [from, to) from the
// sales read model (the targets read model's sales_actuals: a sale is a
// signed contract, credited to its drafter), in the default currency.
func (a *App) salesActuals(ctx context.Context, employeeID string, from, to time.Time) (domain.Money, error) {
	var minor int64
	err := a.Pool.QueryRow(ctx, `SELECT coalesce(sum(amount_minor), 0)::bigint FROM `+
		pgx.Identifier{string(a.Config.ReadNamespace), "sales_actuals"}.Sanitize()+
		` WHERE rep_id = $1 AND signed_at >= $2 AND signed_at < $3`, employeeID, from, to).Scan(&minor)
	if err != nil {
		return domain.Money{}, fmt.Errorf("sales of %s: %w", employeeID, err)
	}
	return domain.Fen(minor), nil
}
