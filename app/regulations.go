package app

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/eventstore"
)

// regulationFollower keeps the regulation versions this process decides
// with the ones the log holds (rule §2.5-regulation-version). Open loads
// every adopted version before the API serves; RunProjections then
// follows the adoptions other processes record, from the head Open read
// before loading, so an adoption committed in between is seen twice,
// which changes nothing. An adoption made through this process is in
// force before its command returns (commands.RegulationCatalogue).
type regulationFollower struct {
	from eventstore.Position
}

// loadRegulations puts every stored regulation version in force.
func (a *App) loadRegulations(ctx context.Context) error {
	head, err := a.Store.Head(ctx)
	if err != nil {
		return fmt.Errorf("load regulations: %w", err)
	}
	if err := a.Commands.Regulations.Load(ctx); err != nil {
		return fmt.Errorf("load regulations: %w", err)
	}
	a.regulations.from = head
	return nil
}

// followRegulations puts in force the versions other processes adopt, as
// they are recorded, until ctx ends; a broken subscription is taken up
// again after a pause.
func (a *App) followRegulations(ctx context.Context) error {
	return a.resubscribing(ctx, "regulation versions", a.followRegulationsFrom)
}

func (a *App) followRegulationsFrom(ctx context.Context) error {
	sub, err := a.Store.Subscribe(ctx, a.regulations.from, commands.AdoptionEvents)
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		events, err := sub.Recv(ctx)
		if err != nil {
			return err
		}
		// A version this build cannot read is reported, not retried for
		// ever: its decisions go on under the version before it.
		if err := a.Commands.Regulations.Apply(events); err != nil {
			a.Config.Log.ErrorContext(ctx, "a regulation version cannot be put in force", "err", err)
		}
		a.regulations.from = events[len(events)-1].Position
	}
}
