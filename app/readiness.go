package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/projections"
)

// ready checks every part the instance serves from and reports each: the
// database, the event store, and every read model the API serves (rule
// OPS-degraded). An unreachable database or store is an outage (503); a
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
	models, err := a.readModelsReadiness(ctx)
	if err != nil {
		a.unreachable(&db, err)
	}
	return api.Readiness{Components: append([]api.Component{db, store}, models...)}
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
	out := make([]api.Component, 0, len(a.Projections))
	for _, p := range a.Projections {
		c := component(p.Name(), api.KindReadModel)
		st, err := projections.ReadStatus(ctx, a.Pool, a.Store, a.Config.ReadNamespace, p, a.Config.Now())
		switch {
		case pgoutage.Is(err):
			return nil, err
		case err != nil:
			a.Config.Log.Warn("read model status unreadable", "projection", p.Name(), "err", err)
			c.Status, c.Reason = api.ComponentDegraded, "status unreadable"
		case st.Parked > 0:
			c.Status, c.Reason = api.ComponentDegraded, "stopped on "+strconv.Itoa(st.Parked)+" parked event(s)"
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
