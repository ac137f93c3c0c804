package app

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/projections"
)

// reactions are the event → command reactions and the forwarder that
// feeds them. The bus OPS_PUBSUB chooses carries them (app/pubsub.go); on
// the in-process GoChannel publishing blocks until the reaction has
// acknowledged, so the forwarder's checkpoint never runs ahead of the
// reactions, and on the shared kinds the forwarder's checkpoint follows the
// bus's acknowledgement of the publish. The messages they fail on are
// parked in PostgreSQL (the control schema), whichever bus carries them.
type reactions struct {
	pubsub    *bus.Bus
	router    *message.Router
	forwarder *messaging.Forwarder
	poison    *messaging.PoisonStore
}

func (a *App) openReactions(ctx context.Context) error {
	pubsub, err := a.openPubSub(ctx)
	if err != nil {
		return err
	}
	poison, err := messaging.OpenPoisonStore(ctx, a.Pool, a.Config.ControlSchema)
	if err != nil {
		return err
	}
	router, err := messaging.NewRouter(a.Commands.Reactions, a.Codec, pubsub, poison, a.Config.Log)
	if err != nil {
		return fmt.Errorf("reactions: %w", err)
	}
	a.reactions = reactions{pubsub: pubsub, router: router, forwarder: &messaging.Forwarder{Publisher: pubsub}, poison: poison}
	a.closers = append(a.closers, pubsub.Close)
	return projections.Ensure(ctx, a.Pool, a.Config.ReadNamespace, a.reactions.forwarder)
}

// runReactions runs the reactions, then the forwarder once they listen.
func (a *App) runReactions(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.reactions.router.Run(ctx) }()
	select {
	case <-a.reactions.router.Running():
	case err := <-done:
		return err
	}
	err := a.runProjection(ctx, a.reactions.forwarder)
	a.reactions.router.Close() //nolint:errcheck // stopping anyway
	<-done
	return err
}

// PoisonStore is where the reactions park the messages they fail on.
func (a *App) PoisonStore() *messaging.PoisonStore { return a.reactions.poison }

// poisonQueue serves the parked messages and deadlines to /admin/poison;
// a retry publishes a message again on the reactions' bus, or fires a
// deadline again (retryPublisher).
type poisonQueue struct{ a *App }

func (q poisonQueue) Parked(ctx context.Context, open bool) ([]api.PoisonedMessage, error) {
	parked, err := q.a.reactions.poison.List(ctx, open)
	out := make([]api.PoisonedMessage, 0, len(parked))
	for _, p := range parked {
		out = append(out, api.PoisonedMessage{ID: p.ID, MessageID: p.MessageID, Topic: p.Topic, Reaction: p.Reaction,
			Reason: p.Reason, EventType: p.EventType, Stream: p.Stream, Position: p.Position, ParkedAt: p.ParkedAt,
			Attempts: p.Attempts, Status: p.Status, ResolvedBy: p.ResolvedBy, Note: p.Note})
	}
	return out, err
}

func (q poisonQueue) RetryParked(ctx context.Context, id int64, by, reason string) error {
	return q.a.reactions.poison.Retry(ctx, id, by, reason, retryPublisher{q.a})
}

func (q poisonQueue) SkipParked(ctx context.Context, id int64, by, reason string) error {
	return q.a.reactions.poison.Skip(ctx, id, by, reason)
}
