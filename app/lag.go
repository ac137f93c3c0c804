package app

import (
	"context"

	"github.com/opsledger/opsledger/observability"
	"github.com/opsledger/opsledger/projections"
)

// projectionLags reports every read model's lag for /metrics, leaving out
// those whose status cannot be read. The metrics cache it
// (observability.DefaultLagTTL): a scrape does not query each time.
func (a *App) projectionLags(ctx context.Context) []observability.ProjectionLag {
	out := make([]observability.ProjectionLag, 0, len(a.Projections))
	for _, p := range a.Projections {
		st, err := projections.ReadStatus(ctx, a.Pool, a.Store, a.Config.ReadNamespace, p, a.Config.Now())
		if err != nil {
			continue
		}
		out = append(out, observability.ProjectionLag{Projection: p.Name(), Events: st.LagEvents, Seconds: st.LagSeconds, Parked: st.Parked})
	}
	return out
}

// poolStats reports the connection pool for /metrics; pgxpool keeps the
// figures in memory, so a scrape costs no query.
func (a *App) poolStats() observability.PoolStats {
	s := a.Pool.Stat()
	return observability.PoolStats{
		Acquired: s.AcquiredConns(), Idle: s.IdleConns(), Total: s.TotalConns(), Max: s.MaxConns(),
		Constructing: s.ConstructingConns(), AcquireCount: s.AcquireCount(), EmptyAcquireCount: s.EmptyAcquireCount(),
		CanceledAcquireCount: s.CanceledAcquireCount(), AcquireSeconds: s.AcquireDuration().Seconds(),
	}
}
