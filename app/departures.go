package app

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// departures keeps the ids of departed employees in memory for the
// authenticator, which refuses their tokens without asking the database
// on each request. Open loads the departures recorded so far; the
// projection runners then follow new ones through the shared fan-out.
type departures struct {
	set auth.DepartedSet
	// loaded is where following starts: the head when Open began reading.
	loaded eventstore.Position
}

var departedOnly = eventstore.Filter{EventTypes: []string{employee.Departed{}.EventType()}}

// loadDepartures reads every departure recorded so far. Open calls it
// before serving, so a token of someone who left is refused from the
// first request after a restart.
// The follower starts from the head taken before the read, not from the
// last departure, so it does not page through the whole log again; a
// departure it delivers twice is added twice, which changes nothing.
func (a *App) loadDepartures(ctx context.Context) error {
	head, err := a.Store.Head(ctx)
	if err != nil {
		return fmt.Errorf("load departures: %w", err)
	}
	from := eventstore.Start
	for {
		events, err := a.Store.ReadAll(ctx, from, 1000, departedOnly)
		if err != nil {
			return fmt.Errorf("load departures: %w", err)
		}
		if len(events) == 0 {
			a.departures.loaded = head
			return nil
		}
		if err := a.addDepartures(events); err != nil {
			return err
		}
		from = events[len(events)-1].Position
	}
}

func (a *App) addDepartures(events []eventstore.Recorded) error {
	for _, e := range events {
		ev, err := a.Codec.DecodeRecorded(e)
		if err != nil {
			return fmt.Errorf("departures: %w", err)
		}
		if d, ok := ev.(employee.Departed); ok {
			a.departures.set.Add(d.EmployeeID)
		}
	}
	return nil
}

// followDepartures adds departures as they are recorded until ctx ends,
// resubscribing after a pause when the subscription breaks.
func (a *App) followDepartures(ctx context.Context) error {
	from := a.departures.loaded
	for {
		err := a.followDeparturesFrom(ctx, &from)
		if ctx.Err() != nil {
			return nil
		}
		a.Config.Log.ErrorContext(ctx, "following departures stopped; resubscribing", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

func (a *App) followDeparturesFrom(ctx context.Context, from *eventstore.Position) error {
	sub, err := a.Store.Subscribe(ctx, *from, departedOnly)
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		events, err := sub.Recv(ctx)
		if err != nil {
			return err
		}
		if err := a.addDepartures(events); err != nil {
			return err
		}
		*from = events[len(events)-1].Position
	}
}
