package app

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/livefeed"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/queries"
)

// openEvents makes the live feed of /events/stream: it follows the shared
// subscription and releases an event once every read model selecting it
// has applied it, so a client told of it gets it from any query.
func (a *App) openEvents() {
	a.Events = livefeed.New(a.Store, a.appliedByAll, livefeed.Options{
		Encode: api.StreamMessage, Log: a.Config.Log, Pace: livePace, AppliedBatch: a.appliedBySelecting})
}

// livePace is the least time between two releases of the live feed: each
// release costs every connected client a write and a flush, which with
// 200 clients at 1,000 commands/s was a third of the SSE benchmark's CPU
// (syscalls, pprof). 10 ms leaves 40 of the 50 ms the stream may take.
const livePace = 10 * time.Millisecond

// appliedByAll waits until every read model has passed pos.
func (a *App) appliedByAll(ctx context.Context, pos eventstore.Position) error {
	return projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, pos, a.Config.ReadYourWritesTimeout, a.Projections...)
}

// appliedBySelecting waits until every read model that selects an event
// of batch has applied it (rule D-sse-delivery): the others reflect none
// of it. A batch no read model selects waits for nothing.
func (a *App) appliedBySelecting(ctx context.Context, batch []eventstore.Recorded) error {
	ps := projections.Selecting(a.Projections, batch)
	if len(ps) == 0 {
		return nil
	}
	return projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, batch[len(batch)-1].Position, a.Config.ReadYourWritesTimeout, ps...)
}

// runEvents runs the live feed until ctx ends.
func (a *App) runEvents(ctx context.Context) error { return a.Events.Run(ctx) }

// devTokenLifetime is how long a demo sign-in lasts.
const devTokenLifetime = 8 * time.Hour

// devTokens is the dashboard's demo sign-in (rule D-dev-signin), given to
// the API only with Config.Dev.
type devTokens struct{ a *App }

// devTokensFor returns the demo sign-in in development when this server
// signs tokens itself; nil otherwise.
func (a *App) devTokensFor() api.DevTokens {
	if !a.Config.Dev || a.Config.JWKSURL != "" {
		return nil
	}
	return devTokens{a}
}

// Employees lists the active employees from the employees read model.
func (d devTokens) Employees(ctx context.Context) ([]api.DevEmployee, error) {
	var out []api.DevEmployee
	page := queries.PageRequest{Limit: 200}
	for {
		got, err := d.a.Queries.EmployeeQueries.Employees(ctx, queries.EmployeeFilter{Sort: "employee_id"}, page)
		if err != nil {
			return nil, err
		}
		for _, e := range got.Items {
			if d.a.roster.set.Standing(e.EmployeeID) == auth.Active && e.Role != "" {
				out = append(out, api.DevEmployee{EmployeeID: e.EmployeeID, Name: e.Name, Role: e.Role, OrgUnitID: e.OrgUnitID})
			}
		}
		if got.NextCursor == "" {
			return out, nil
		}
		page.Cursor = got.NextCursor
	}
}

// Issue signs a token for an active employee as their recorded role and
// org unit.
func (d devTokens) Issue(ctx context.Context, employeeID string) (api.DevToken, error) {
	if d.a.roster.set.Standing(employeeID) != auth.Active {
		return api.DevToken{}, fmt.Errorf("%w: no active employee %q", domain.ErrNotFound, employeeID)
	}
	e, err := d.a.Queries.EmployeeQueries.Employee(ctx, employeeID)
	if err != nil {
		return api.DevToken{}, err
	}
	actor := domain.Actor{EmployeeID: e.EmployeeID, Roles: []domain.Role{domain.Role(e.Role)}, OrgUnitID: e.OrgUnitID}
	tok, err := d.a.JWT.Issue(actor, devTokenLifetime)
	if err != nil {
		return api.DevToken{}, err
	}
	return api.DevToken{Token: tok, ExpiresAt: d.a.Config.Now().Add(devTokenLifetime).UTC()}, nil
}
