package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/deadlines"
	deadlineriver "github.com/opsledger/opsledger/deadlines/river"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/messaging"
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
		Park:   a.parkDeadline,
		Codec:  a.Codec,
		Rules: deadlines.Rules{ComplaintCloseWithin: a.Commands.Reactions.ComplaintCloseWithin,
			DunningLadder: a.Commands.Reactions.DunningLadder,
			Location:      a.Commands.Reactions.CompanyLocation(a.Config.Now())},
		Log:      a.Config.Log,
		ClientID: deadlineriver.InstanceID(time.Now()),
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

// deadlineTopic is the topic a parked deadline is filed under beside the
// reactions' parked messages; a retry fires it again (retryPublisher).
const deadlineTopic = "deadlines"

// parkDeadline keeps a deadline whose last attempt failed with the
// messages the reactions parked, so /admin/poison shows both.
func (a *App) parkDeadline(_ context.Context, d deadlines.Deadline, reason string) error {
	payload, err := json.Marshal(d)
	if err != nil {
		return err
	}
	msg := message.NewMessage(d.Key(), payload)
	msg.Metadata.Set(middleware.PoisonedTopicKey, deadlineTopic)
	msg.Metadata.Set(middleware.PoisonedHandlerKey, "deadline "+string(d.Kind))
	msg.Metadata.Set(middleware.ReasonForPoisonedKey, reason)
	msg.Metadata.Set(messaging.MetaCorrelationID, d.CorrelationID)
	return a.reactions.poison.Publish(messaging.PoisonTopic, msg)
}

// retryPublisher delivers a retried parked message: a deadline is fired
// again, anything else published again on the reactions' bus.
type retryPublisher struct{ a *App }

func (p retryPublisher) Publish(topic string, msgs ...*message.Message) error {
	if topic != deadlineTopic {
		return p.a.reactions.pubsub.Publish(topic, msgs...)
	}
	for _, msg := range msgs {
		var d deadlines.Deadline
		if err := json.Unmarshal(msg.Payload, &d); err != nil {
			return fmt.Errorf("parked deadline %s: %w", msg.UUID, err)
		}
		if err := p.a.deadlines.scheduler.Refire(context.Background(), d); err != nil {
			return err
		}
	}
	return nil
}

func (retryPublisher) Close() error { return nil }
