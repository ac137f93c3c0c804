package app

import (
	"context"

	"github.com/opsledger/opsledger/accesslog"
	accesslogpg "github.com/opsledger/opsledger/accesslog/postgres"
)

// accessLog is the read-access log as the API uses it: entries go
// through the queued writer, questions to the table.
type accessLog struct {
	*accesslog.Log
	*accesslogpg.Store
}

// openAccessLog opens the read-access log table in the control schema
// (it is not a read model: reads are not events, so nothing rebuilds it)
// and starts its writer, closed before the pool.
func (a *App) openAccessLog(ctx context.Context) (accessLog, error) {
	store, err := accesslogpg.Open(ctx, a.Pool, a.Config.ControlSchema)
	if err != nil {
		return accessLog{}, err
	}
	l := accesslog.New(store, accesslog.Options{Log: a.Config.Log})
	a.closers = append(a.closers, l.Close)
	return accessLog{Log: l, Store: store}, nil
}
