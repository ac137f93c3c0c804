package app

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/projections"
)

// reactions are the event → command reactions and the forwarder that
// feeds them. The in-process GoChannel carries them; publishing blocks
// until the reaction has acknowledged, so the forwarder's checkpoint
// never runs ahead of the reactions.
type reactions struct {
	pubsub    *bus.Bus
	router    *message.Router
	forwarder *messaging.Forwarder
}

func (a *App) openReactions(ctx context.Context) error {
	pubsub, err := a.openPubSub(ctx)
	if err != nil {
		return err
	}
	router, err := messaging.NewRouter(a.Commands.Reactions, a.Codec, pubsub, pubsub, a.Config.Log)
	if err != nil {
		return fmt.Errorf("reactions: %w", err)
	}
	a.reactions = reactions{pubsub: pubsub, router: router, forwarder: &messaging.Forwarder{Publisher: pubsub}}
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
