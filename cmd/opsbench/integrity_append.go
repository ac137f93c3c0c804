package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	integritypg "github.com/opsledger/opsledger/integrity/postgres"
)

// measureStoreAppends times one writer appending one event per new
// stream, as `opsbench eventstore`'s append_1_eps does, with the sealer
// stopped and running in alternating rounds (the best of each counts).
func measureStoreAppends(ctx context.Context, a *app.App, sealer *benchSealer, o integrityOptions, results map[string]float64) error {
	fmt.Fprintln(os.Stderr, "integrity: single appends with and without the sealer")
	var off, on float64
	for round := range o.appendRounds {
		sealer.stop()
		eps, err := singleAppends(ctx, a.Store, o.appendEvents, fmt.Sprintf("igoff%d", round))
		if err != nil {
			return err
		}
		off = max(off, eps)
		sealer.start(ctx)
		n, err := logSize(ctx, a)
		if err == nil {
			err = sealer.waitSealed(ctx, n, time.Minute) // the round before is sealed, not sealed during this one
		}
		if err != nil {
			return err
		}
		if eps, err = singleAppends(ctx, a.Store, o.appendEvents, fmt.Sprintf("igon%d", round)); err != nil {
			return err
		}
		on = max(on, eps)
	}
	results["append_1_eps_unsealed"], results["append_1_eps_sealed"] = off, on
	results["append_ratio_sealed_eventstore"] = on / off
	return nil
}

// singleAppends appends n events, each to a new stream of its own, from
// one writer, and returns the events per second.
func singleAppends(ctx context.Context, store eventstore.Store, n int, run string) (float64, error) {
	eventIDs := ids(n)
	meta := eventstore.Metadata{ActorID: "emp-000042", ActorRole: domain.Role("SALES_REP"), ActorOrgUnitID: "east-sales",
		Reason: "bench", RegulationVersion: "2026.1", EffectiveAt: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)}
	body := []byte(`{"contract_id":"ct-2026-000123","customer_id":"cu-000987","amount":{"minor":12850000,"currency":"CNY"},"signed_at":"2026-01-02T09:00:00Z","note":"年度框架合同"}`)
	start := time.Now()
	for i, id := range eventIDs {
		_, err := store.Append(ctx, run+"-"+strconv.Itoa(i), eventstore.NoStream,
			eventstore.EventData{ID: id, Type: "contract.signed", SchemaVersion: 1, Data: body, Metadata: meta})
		if err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// measureHTTPSealed runs the http benchmark's mix in rounds, each a
// pair of phases on fresh schemas: one with the sealer held off (it
// stands by while another session holds its lock) and none of
// integrityFeatures, one as configured with them; which comes first
// alternates. append_ratio_sealed_http is the median of the rounds'
// ratios, so a neighbour's burst of load on the shared machine that
// lands on one phase moves one round, not the figure (it used to be
// the ratio of one phase each way, and moved from 0.57 to 0.98 between
// runs of the same code).
func measureHTTPSealed(ctx context.Context, o integrityOptions, results map[string]float64) error {
	ho, err := parseHTTPFlags([]string{"--postgres", o.httpURL, "--duration", o.httpDuration.String(),
		"--warmup", o.httpWarmup.String(), "--connections", strconv.Itoa(o.connections)})
	if err != nil {
		return err
	}
	var offs, ons, ratios []float64
	for round := range o.httpRounds {
		off, on, err := sealedPair(ctx, ho, round%2 == 1)
		if err != nil {
			return fmt.Errorf("round %d: %w", round+1, err)
		}
		fmt.Fprintf(os.Stderr, "integrity: http round %d: %.0f commands/s without, %.0f with (%.3f)\n", round+1, off, on, on/off)
		offs, ons, ratios = append(offs, off), append(ons, on), append(ratios, on/off)
	}
	results["http_cmd_rps_unsealed"], results["http_cmd_rps_sealed"] = median(offs), median(ons)
	results["append_ratio_sealed_http"] = median(ratios)
	results["append_ratio_sealed_http_min"], results["append_ratio_sealed_http_max"] = slices.Min(ratios), slices.Max(ratios)
	results["http_rounds"] = float64(len(ratios))
	return nil
}

// sealedPair measures the http mix's command rate once without the
// sealer and integrityFeatures and once with them, in the order asked.
func sealedPair(ctx context.Context, o httpOptions, sealedFirst bool) (off, on float64, err error) {
	measureOff := func() (err error) { off, err = unsealedCommandRate(ctx, o); return err }
	measureOn := func() (err error) { on, err = httpCommandRate(ctx, o, withIntegrityFeatures); return err }
	first, second := measureOff, measureOn
	if sealedFirst {
		first, second = measureOn, measureOff
	}
	if err := first(); err != nil {
		return 0, 0, err
	}
	return off, on, second()
}

// unsealedCommandRate is the http mix's command rate on fresh schemas
// with the sealer held off and none of integrityFeatures.
func unsealedCommandRate(ctx context.Context, o httpOptions) (float64, error) {
	if err := dropHTTPSchemas(ctx, o.url); err != nil { // creates the database if missing
		return 0, err
	}
	release, err := holdSealerOff(ctx, o.url, httpPrefix+"_control")
	if err != nil {
		return 0, err
	}
	defer release()
	return httpCommandRate(ctx, o, func(*app.Config) {})
}

// httpCommandRate is the http mix's command rate on fresh schemas, the
// application configured by configure.
func httpCommandRate(ctx context.Context, o httpOptions, configure func(*app.Config)) (float64, error) {
	if err := dropHTTPSchemas(ctx, o.url); err != nil {
		return 0, err
	}
	env, err := openHTTPEnv(ctx, o.url, configure)
	if err != nil {
		return 0, err
	}
	defer env.close()
	fx, err := setUpHTTP(ctx, env.client, o)
	if err != nil {
		return 0, fmt.Errorf("set up: %w", err)
	}
	rep, err := driveLoad(ctx, env, fx, o)
	if err != nil {
		return 0, err
	}
	return rep.figures(o)["http_cmd_rps"], nil
}

// holdSealerOff takes the sealer's lock of the control schema on a
// connection of its own, so a sealer started meanwhile stands by, until
// release.
func holdSealerOff(ctx context.Context, url, controlSchema string) (release func(), err error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtext($1))", integritypg.SealerLockKey(controlSchema)); err != nil {
		conn.Close(ctx) //nolint:errcheck // failing already
		return nil, fmt.Errorf("hold the sealer off: %w", err)
	}
	return func() { conn.Close(context.WithoutCancel(ctx)) }, nil //nolint:errcheck // closing releases the lock
}
