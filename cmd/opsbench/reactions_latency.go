package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/projections"
)

// measureReactionLatency runs the application in-process on NATS
// JetStream with customers registered, signs a contract for a fresh one
// at rate per second for d (one append of the contract's draft and
// signature, the trigger), and reads from the log, per signing, the time
// from the signature's commit to the customer.became_cooperating its
// reaction appended (both recorded_at, the database's clock at insert).
func measureReactionLatency(ctx context.Context, url, natsURL string, rate int, d time.Duration, res map[string]float64) error {
	a, cleanup, err := openReactionsApp(ctx, url, natsURL, "lat", "")
	if err != nil {
		return err
	}
	defer cleanup()
	n := int(float64(rate) * d.Seconds())
	if err := appendRegistrations(ctx, a.Store, "lat", n); err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- a.RunProjections(runCtx) }()
	defer func() { stop(); <-done }()
	time.Sleep(2 * time.Second) // the forwarder passes the registrations; the reactions listen

	codec := commands.Codec()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed int
	var firstErr error
	for i := range n {
		<-tick.C
		wg.Go(func() {
			if err := signFor(ctx, a.Store, codec, fmt.Sprintf("lat-%07d", i)); err != nil {
				mu.Lock()
				failed++
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if failed > 0 {
		return fmt.Errorf("%d of %d signings failed: %w", failed, n, firstErr)
	}
	// How far behind the log the forwarder was when the signings ended:
	// tells a slow forwarder from slow reactions.
	if drained, err := forwarderDrain(ctx, a); err == nil {
		res["reaction_forward_drain_ms"] = kpiMillis(drained)
	}
	lat, err := waitReactions(ctx, a, n, time.Minute)
	if err != nil {
		return err
	}
	res["reaction_signings"] = float64(n)
	res["reaction_count"] = float64(len(lat))
	res["reaction_p50_ms"] = kpiMillis(kpiPercentile(lat, 0.50))
	res["reaction_p99_ms"] = kpiMillis(kpiPercentile(lat, 0.99))
	res["reaction_max_ms"] = kpiMillis(kpiPercentile(lat, 1))
	return nil
}

// signFor appends a drafted and signed contract for customerID.
func signFor(ctx context.Context, store eventstore.Store, codec *eventstore.Codec, customerID string) error {
	now := time.Now().UTC()
	id := "ct-" + customerID
	var data []eventstore.EventData
	for i, e := range []domain.Event{
		contract.Drafted{ContractID: id, CustomerID: customerID, DrafterID: "emp-bench", DraftedAt: now},
		contract.Signed{ContractID: id, CustomerID: customerID, SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, SignedAt: now},
	} {
		d, err := codec.Encode(fmt.Sprintf("%s-%d", id, i), e, eventstore.Metadata{ActorID: "emp-gm", CorrelationID: id})
		if err != nil {
			return err
		}
		data = append(data, d)
	}
	_, err := store.Append(ctx, contract.Stream(id), eventstore.NoStream, data...)
	return err
}

// waitReactions waits until n reactions are in the log and returns their
// latencies.
func waitReactions(ctx context.Context, a *app.App, n int, limit time.Duration) ([]time.Duration, error) {
	events := pgx.Identifier{a.Config.EventSchema, "events"}.Sanitize()
	deadline := time.Now().Add(limit)
	for {
		rows, err := a.Pool.Query(ctx, `SELECT r.recorded_at - s.recorded_at FROM `+events+` r JOIN `+events+` s
			ON s.id = convert_from(r.metadata, 'UTF8')::jsonb ->> 'causation_id'
			WHERE r.type = 'customer.became_cooperating' AND s.type = 'contract.signed'`)
		if err != nil {
			return nil, err
		}
		lat, err := pgx.CollectRows(rows, pgx.RowTo[time.Duration])
		if err != nil {
			return nil, err
		}
		if len(lat) >= n {
			return lat, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d reactions committed after %s", len(lat), n, limit)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// openReactionsApp opens the application on NATS JetStream in schemas
// reactbench_<tag>_* it wipes first, with a subject root of its own
// (root, or a new one); cleanup closes it and deletes its stream.
func openReactionsApp(ctx context.Context, url, natsURL, tag, root string) (*app.App, func(), error) {
	if err := wipeSchemas(ctx, url, reactionsPrefix+tag+"_"); err != nil {
		return nil, nil, err
	}
	owned := root == ""
	if owned {
		root = "opsbench_" + randomID()
	}
	a, err := reactionsApp(ctx, withApplication(url, "reactbench-"+tag, instanceConns), natsURL, tag, root)
	if err != nil {
		return nil, nil, err
	}
	return a, func() {
		a.Close()
		if owned {
			deleteNATSStream(natsURL, strings.ToUpper(root))
		}
	}, nil
}

// reactionsApp opens the application of tag's schemas on NATS under root.
func reactionsApp(ctx context.Context, url, natsURL, tag, root string) (*app.App, error) {
	p := reactionsPrefix + tag + "_"
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: p + "events", ReadNamespace: projections.Namespace(p + "read"),
		ControlSchema: p + "control", JWTSecret: []byte("opsbench-reactions-secret-0123456789abcdef"),
		PubSub: bus.NATS, NATSURL: natsURL, NATSSubjectRoot: root})
}

func randomID() string {
	b := make([]byte, 4)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}

// forwarderDrain is how long the forwarder takes to checkpoint the head
// of the log as it is now.
func forwarderDrain(ctx context.Context, a *app.App) (time.Duration, error) {
	head, err := a.Store.Head(ctx)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	ns := pgx.Identifier{string(a.Config.ReadNamespace)}.Sanitize()
	for time.Since(start) < time.Minute {
		var major, minor uint64
		err := a.Pool.QueryRow(ctx, `SELECT c.pos_major, c.pos_minor FROM `+ns+`.projection_checkpoints c JOIN `+ns+`.projection_state s
			ON s.name = c.name AND s.active_generation = c.generation WHERE c.name = 'forwarder'`).Scan(&major, &minor)
		if err != nil {
			return 0, err
		}
		if major > head.Major || major == head.Major && minor >= head.Minor {
			return time.Since(start), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, fmt.Errorf("the forwarder did not reach the head within a minute")
}
