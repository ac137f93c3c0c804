package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/internal/pgoutage"
)

// ready checks every part the instance serves from and reports each: the
// database, the event store, the catch-up after start (see
// catchUpAfterStart) and every read model the API serves (rule
// OPS-degraded). An unreachable database or store, or an instance still
// catching up after start, is not ready (503); a
// read model that cannot serve (stopped on a parked event, a view of its
// tables missing, its status unreadable) only degrades the instance,
// since the others keep serving.
func (a *App) ready(ctx context.Context) api.Readiness {
	db := component("database", api.KindDatabase)
	store := component("event store", api.KindEventStore)
	if err := a.Pool.Ping(ctx); err != nil {
		a.unreachable(&db, err)
		return api.Readiness{Components: []api.Component{db, store}}
	}
	if _, err := a.Store.Head(ctx); err != nil {
		a.unreachable(&store, err)
	}
	started := a.startupComponent()
	if started.Status != api.ComponentOK {
		// Not ready whatever the read models' states: a probe of an
		// instance still catching up costs two queries.
		return api.Readiness{Components: []api.Component{db, store, started}}
	}
	models, err := a.readModelsReadiness(ctx)
	if err != nil {
		a.unreachable(&db, err)
	}
	return api.Readiness{Components: append([]api.Component{db, store, started}, models...)}
}

func component(name, kind string) api.Component {
	return api.Component{Name: name, Kind: kind, Status: api.ComponentOK}
}

// unreachable marks c unavailable. /readyz, which anyone may ask, names
// the part only: the driver's message names the database user, host and
// port, so it goes to the log.
func (a *App) unreachable(c *api.Component, err error) {
	a.Config.Log.Warn("not ready", "part", c.Name, "err", err)
	c.Status, c.Reason = api.ComponentUnavailable, "cannot be reached"
}

// readModelsReadiness checks each read model: its status (parked events)
// and the views its queries read. It fails only when the database went
// away while checking.
func (a *App) readModelsReadiness(ctx context.Context) ([]api.Component, error) {
	views, err := a.readViews(ctx)
	if pgoutage.Is(err) {
		return nil, err
	}
	viewsUnread := err != nil
	if viewsUnread {
		a.Config.Log.Warn("read views unreadable", "err", err)
	}
	parked, err := a.parkedByReadModel(ctx)
	if pgoutage.Is(err) {
		return nil, err
	}
	if err != nil {
		a.Config.Log.Warn("read model status unreadable", "err", err)
	}
	out := make([]api.Component, 0, len(a.Projections))
	for _, p := range a.Projections {
		c := component(p.Name(), api.KindReadModel)
		n, known := parked[p.Name()]
		switch {
		case !known:
			c.Status, c.Reason = api.ComponentDegraded, "status unreadable"
		case n > 0:
			c.Status, c.Reason = api.ComponentDegraded, "stopped on "+strconv.Itoa(n)+" parked event(s)"
		}
		for _, t := range p.Tables() {
			if viewsUnread {
				c.Status, c.Reason = api.ComponentDegraded, "views unreadable"
				break
			}
			if !views[t] {
				c.Status, c.Reason = api.ComponentDegraded, "view "+t+" missing"
				break
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// parkedByReadModel counts the parked events of each read model's active
// generation, in one query for all of them; a read model it does not
// list has no readable status. It asks nothing of the log: the status a
// read model's own page reports (projections.ReadStatus) also counts the
// events it has yet to apply, by reading the log from its stored
// checkpoint, which for every read model together took seconds while
// the checkpoints stood far behind the head (they move only on the
// events a read model applies), and /readyz is asked every few seconds.
func (a *App) parkedByReadModel(ctx context.Context) (map[string]int, error) {
	ns := string(a.Config.ReadNamespace)
	rows, err := a.Pool.Query(ctx, `SELECT s.name, count(d.name)::int
		FROM `+pgx.Identifier{ns, "projection_state"}.Sanitize()+` s
		JOIN `+pgx.Identifier{ns, "projection_checkpoints"}.Sanitize()+` c
			ON c.name = s.name AND c.generation = s.active_generation
		LEFT JOIN `+pgx.Identifier{ns, "projection_dead_letters"}.Sanitize()+` d
			ON d.name = s.name AND d.generation = s.active_generation AND d.status = 'parked'
		GROUP BY s.name`)
	if err != nil {
		return nil, fmt.Errorf("read model status: %w", err)
	}
	parked := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read model status: %w", err)
		}
		parked[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read model status: %w", err)
	}
	return parked, nil
}

// readViews returns which views the read namespace holds, in one catalog
// query for every read model.
func (a *App) readViews(ctx context.Context) (map[string]bool, error) {
	rows, err := a.Pool.Query(ctx, `SELECT c.relname FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'v'`, string(a.Config.ReadNamespace))
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	views := make(map[string]bool, len(names))
	for _, n := range names {
		views[n] = true
	}
	return views, nil
}
