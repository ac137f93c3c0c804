package app

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/messaging/bus"
)

// openPubSub opens the pub/sub the forwarder publishes to and the
// reactions consume from, as configured: the in-process GoChannel by
// default, NATS JetStream or PostgreSQL (its tables in the schema
// <ControlSchema>_bus) for several instances, where the reactions of all
// instances form one consumer group and each message is handled once.
func (a *App) openPubSub(ctx context.Context) (*bus.Bus, error) {
	cfg := a.Config
	b, err := bus.Open(ctx, bus.Config{
		Kind: cfg.PubSub, NATSURL: cfg.NATSURL, SubjectRoot: cfg.NATSSubjectRoot,
		Pool: a.Pool, Schema: cfg.ControlSchema + "_bus", Log: cfg.Log,
	})
	if err != nil {
		return nil, fmt.Errorf("pub/sub %s: %w", cfg.PubSub, err)
	}
	a.bus = b
	return b, nil
}

// startPubSub starts consuming once every reaction has subscribed, so no
// reaction of a topic misses a message its siblings in this instance
// received (bus.Bus.Start). A backend that refuses (NATS restarting) is
// asked again every second: the messages wait in their consumer group,
// and the rest of the process goes on meanwhile.
func (a *App) startPubSub(ctx context.Context) error {
	select {
	case <-a.reactions.router.Running():
	case <-ctx.Done():
		return nil
	}
	for {
		err := a.bus.Start(ctx)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		a.Config.Log.ErrorContext(ctx, "pub/sub: consuming failed; trying again", "pubsub", a.bus.Kind, "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}
