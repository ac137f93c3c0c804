package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// prefillBatch is how many events one direct append carries.
const prefillBatch = 500

// setUpStreams registers n customers with a key contact through the API
// (the same set-up as the load's), then grows each customer's stream to
// `events` events by appending contact-log entries straight to the event
// store with the application's codec (as `opsbench history` does): going
// through HTTP would take minutes for 10,000 events a stream. It returns
// the customers and the position of the last event appended.
func setUpStreams(ctx context.Context, env *httpEnv, fx *httpFixture, label string, n, events int) ([]string, eventstore.Position, error) {
	ids := make([]string, n)
	var last eventstore.Position
	for i := range ids {
		c, err := env.client.command(ctx, "/customers", fx.team.rep, map[string]any{
			"number": fmt.Sprintf("S-%s-%04d", strings.ToUpper(label), i), "name": fmt.Sprintf("Stream Customer %s %d", label, i),
			"address": "3 Dock Rd, Ningbo", "primary_contact": "Mr Wu", "phone": "+86 574 5555 0103", "source": "REFERRAL"})
		if err != nil {
			return nil, last, err
		}
		ids[i] = c.ID
		if _, err := env.client.command(ctx, "/customers/"+c.ID+"/key-contacts", fx.team.rep, map[string]any{
			"contact_id": "k1", "role_in_org": "HEAD", "personal": map[string]any{"name": "Mr Zhao"}}); err != nil {
			return nil, last, err
		}
		if last, err = growStream(ctx, env.app.Store, env.app.Codec, c.ID, events); err != nil {
			return nil, last, fmt.Errorf("grow %s: %w", c.ID, err)
		}
	}
	return ids, last, nil
}

// growStream appends contact-log entries by rep-1, each under an
// idempotency key of its own, to the customer's stream until it holds
// `events` events.
func growStream(ctx context.Context, store eventstore.Store, codec *eventstore.Codec, customerID string, events int) (eventstore.Position, error) {
	stream := customer.Stream(customerID)
	recs, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil || len(recs) == 0 {
		return eventstore.Position{}, errors.Join(err, errors.New("stream not found"))
	}
	version, pos := recs[len(recs)-1].StreamVersion, recs[len(recs)-1].Position
	at := time.Now().UTC().Add(-time.Duration(events) * time.Minute)
	meta := eventstore.Metadata{ActorID: "rep-1", ActorRole: domain.RoleSalesRep, ActorOrgUnitID: "ou-sales", SourceDocRef: "opsbench:prefill"}
	for version < uint64(events) {
		batch := make([]eventstore.EventData, 0, min(prefillBatch, uint64(events)-version))
		for range cap(batch) {
			at = at.Add(time.Minute)
			// Each with its command's idempotency key, as through the API
			// (opsbench sends one with every command): an aggregate keeps
			// every key its stream records, and so do its snapshots.
			meta.EffectiveAt, meta.IdempotencyKey = at, uuid.NewString()
			d, err := codec.Encode(uuid.NewString(), customer.ContactLogged{CustomerID: customerID, EmployeeID: "rep-1",
				ContactID: "k1", Channel: "PHONE", Topic: "follow-up", Outcome: "asked for a quote next week", At: at}, meta)
			if err != nil {
				return pos, err
			}
			batch = append(batch, d)
		}
		res, err := store.Append(ctx, stream, eventstore.Exact(version), batch...)
		if err != nil {
			return pos, err
		}
		version, pos = res.Version, res.Position
	}
	return pos, nil
}

// awaitProjections waits until every read model has folded every event
// up to pos, so the projection runners' catching up on the pre-filled
// streams does not run during a measurement. Waiting for the customers
// read model alone was not enough: the other read models (as-of versions,
// access log, KPI facts, ...) could still be folding the pre-fill during
// the first maxima (the one-event command's first maximum has cost up to
// twice the PostgreSQL CPU per request of the same run repeated later, see
// --compare-decompose's one_max_again). The sealer and the forwarder are
// not awaited.
func awaitProjections(ctx context.Context, env *httpEnv, token, customerID string, pos eventstore.Position) error {
	deadline := time.Now().Add(10 * time.Minute)
	for {
		status, out, err := env.client.send(ctx, http.MethodGet, "/customers/"+customerID+"?after="+pos.String(), token, "", nil)
		if err == nil && status == http.StatusOK {
			return awaitEveryProjection(ctx, env, pos, time.Until(deadline))
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("read models did not reach %s: status %d %v %.200s", pos, status, err, out)
		}
		httpSleep(ctx, 100*time.Millisecond) // a refusal comes back at once; the wait is the server's
	}
}

// awaitEveryProjection waits until every read model of the application
// has passed pos.
func awaitEveryProjection(ctx context.Context, env *httpEnv, pos eventstore.Position, timeout time.Duration) error {
	a := env.app
	if err := projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, pos, timeout, a.Projections...); err != nil {
		return fmt.Errorf("read models did not reach %s: %w", pos, err)
	}
	return nil
}
