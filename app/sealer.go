package app

import (
	"context"
	"time"

	integrity "github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/privacy"
)

// openLog opens the verifiable log over $all in the control schema,
// signed with LogKey, or else with a development key it stores there
// and warns about: whoever can read the database can then sign
// checkpoints, so they prove nothing to anyone outside.
func (a *App) openLog(ctx context.Context) error {
	l, err := integrity.Open(ctx, a.Pool, a.Config.ControlSchema, a.Config.LogKey)
	if err != nil {
		return err
	}
	if l.Generated() {
		a.Config.Log.Warn("INSECURE: OPS_LOG_KEY is unset: the log's checkpoints are signed with a DEVELOPMENT key "+
			"stored in the database beside the log, so they prove nothing to anyone who does not trust the database; "+
			"set OPS_LOG_KEY (a note signer key, PRIVATE+KEY+opsledger+...) in production",
			"schema", a.Config.ControlSchema, "verifier_key", l.VerifierKey())
	}
	a.IntegrityLog = l
	return nil
}

// runSealer runs the log's sealer until ctx ends. It seals the events as
// stored (personal fields encrypted, rule P1-erasure), so that an erasure
// leaves every proof intact. A sealer that fails is
// logged and restarted after a pause: it resumes from what it stored.
func (a *App) runSealer(ctx context.Context) error {
	s := a.IntegrityLog.Sealer(privacy.Stored(a.Store), integrity.SealerOptions{Now: a.Config.Now, Log: a.Config.Log, OnSeal: a.observeSeal})
	for {
		err := s.Run(ctx)
		if ctx.Err() != nil {
			return nil
		}
		a.Config.Log.ErrorContext(ctx, "log sealer stopped; restarting", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// observeSeal reports a committed seal to the metrics.
func (a *App) observeSeal(s integrity.Seal) {
	a.Metrics.ObserveSeal(s.Events, s.Checkpoint.Size, s.Committed)
}
