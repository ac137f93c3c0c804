package main

import (
	"context"

	integrity "github.com/opsledger/opsledger/integrity/postgres"
)

// The runs of --compare-decompose: the one-event command's maximum again
// with a part of its work taken away, to show what each part costs.
const (
	keyOneMaxAgain      = "one_max_again"
	keyOneMaxNoIdem     = "one_max_no_idempotency"
	keyOneMaxSealerOnly = "one_max_sealer_only"
	keyOneMaxNoRunners  = "one_max_no_runners"
	keyOneMaxBare       = "one_max_bare"
)

// measureDecomposition runs the one-event command closed loop, as
// one_max (again, on the restarted application, as the reference), without Idempotency-Key (no lookup, no saved answer); with
// the sealer as the only background runner (no read models, no
// reactions); with no background runner at all; and with neither runners
// nor keys. The plain service has none of these, so the gap between
// crud_max and one_max_bare is the command path itself (authorization,
// the stream's expectation, the event's envelope). It runs last: the
// runners stay stopped.
func (c *comparison) measureDecomposition(ctx context.Context) error {
	rep := c.fx.team.rep
	withoutKeys := func(next nextRequest) nextRequest {
		return func() benchRequest { r := next(); r.command = false; return r }
	}
	c.attack(ctx, keyOneMaxAgain, c.oursBase(), oneEventRequests(c.fx.customers, rep), attackPlan{})
	c.attack(ctx, keyOneMaxNoIdem, c.oursBase(), withoutKeys(oneEventRequests(c.fx.customers, rep)), attackPlan{})
	c.env.stopProjections()
	sealCtx, stopSealer := context.WithCancel(ctx)
	sealed := make(chan struct{})
	go func() {
		defer close(sealed)
		s := c.env.app.IntegrityLog.Sealer(c.env.app.Store, integrity.SealerOptions{Now: c.env.app.Config.Now, Log: c.env.app.Config.Log})
		s.Run(sealCtx) //nolint:errcheck // stops with sealCtx
	}()
	c.attack(ctx, keyOneMaxSealerOnly, c.oursBase(), oneEventRequests(c.fx.customers, rep), attackPlan{})
	stopSealer()
	<-sealed
	c.attack(ctx, keyOneMaxNoRunners, c.oursBase(), oneEventRequests(c.fx.customers, rep), attackPlan{})
	c.attack(ctx, keyOneMaxBare, c.oursBase(), withoutKeys(oneEventRequests(c.fx.customers, rep)), attackPlan{})
	return ctx.Err()
}
