package audit_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

func TestAuditTrail_RecordsEnvelopeAndPages(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	store := memory.New()
	effective := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, actor := range []string{"emp-1", "emp-2", "emp-1"} {
		_, err := store.Append(ctx, "contract-c1", eventstore.Any, eventstore.EventData{
			ID: "e" + string(rune('0'+i)), Type: "contract.signed", SchemaVersion: 1,
			Data: []byte(`{"note":"签订 <script>"}`),
			Metadata: eventstore.Metadata{ActorID: actor, ActorRole: "GM", Reason: "审批通过",
				RegulationVersion: "contract/2026", EffectiveAt: effective, CorrelationID: "corr-1"},
		})
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, audit.New(), projectiontest.FastOptions()))
	q := audit.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "3 audit rows", func() bool {
		p, err := q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{})
		return err == nil && len(p.Items) == 3
	})

	page, err := q.Audit(ctx, queries.AuditFilter{ActorID: "emp-1", AggregateType: "contract"}, queries.PageRequest{Limit: 1})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	if len(page.Items) != 1 || page.NextCursor == "" {
		t.Fatalf("first page = %+v, want one row and a cursor", page)
	}
	got := page.Items[0]
	if got.AggregateID != "c1" || got.ActorRole != "GM" || got.Reason != "审批通过" || got.RegulationVersion != "contract/2026" ||
		got.EffectiveAt == nil || !got.EffectiveAt.Equal(effective) || got.CorrelationID != "corr-1" {
		t.Errorf("audit row = %+v, want the envelope of the first event", got)
	}
	next, err := q.Audit(ctx, queries.AuditFilter{ActorID: "emp-1"}, queries.PageRequest{Limit: 1, Cursor: page.NextCursor})
	if err != nil || len(next.Items) != 1 || next.Items[0].EventID == got.EventID || next.NextCursor != "" {
		t.Errorf("second page = %+v, %v; want the other emp-1 row and no cursor", next, err)
	}
	if _, err := q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{Cursor: "garbage!"}); err == nil {
		t.Errorf("Audit with a forged cursor: want an error")
	}
}

func TestAuditTrail_ForgedCursorIsBadCursor(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	forged := base64.RawURLEncoding.EncodeToString([]byte(`["1","1; DROP TABLE x"]`))
	_, err := audit.NewQueries(readmodeltest.DB(pool, ns)).Audit(ctx, queries.AuditFilter{}, queries.PageRequest{Cursor: forged})
	if !errors.Is(err, queries.ErrBadCursor) {
		t.Errorf("Audit with a forged cursor: error = %v, want ErrBadCursor", err)
	}
}

func TestAuditTrail_KeepsTheEventBodyByteForByte(t *testing.T) {
	// A live batch is inserted, a large one (a rebuild's) copied in: both
	// keep the body as stored.
	for _, n := range []int{1, 150} {
		t.Run(fmt.Sprintf("batch of %d", n), func(t *testing.T) {
			// Given events whose body has its own key order and spacing
			pool, ns := projectiontest.Pool(t)
			ctx := context.Background()
			if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			store := memory.New()
			body := `{"z": 1, "a": {"note": "签订"},  "m": [3, 2]}`
			evs := make([]eventstore.EventData, n)
			for i := range evs {
				evs[i] = eventstore.EventData{ID: fmt.Sprintf("e%d", i), Type: "contract.signed", SchemaVersion: 1, Data: []byte(body),
					Metadata: eventstore.Metadata{ActorID: "emp-1", ActorRole: "GM"}}
			}
			if _, err := store.Append(ctx, "contract-c1", eventstore.Any, evs...); err != nil {
				t.Fatal(err)
			}
			// When the audit trail records them
			projectiontest.Run(t, projections.NewRunner(pool, store, ns, audit.New(), projectiontest.FastOptions()))
			q := audit.NewQueries(readmodeltest.DB(pool, ns))
			var page queries.Page[queries.AuditEntry]
			var err error
			projectiontest.Eventually(t, "the audit rows", func() bool {
				page, err = q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{Limit: 200})
				return err == nil && len(page.Items) == n
			})
			// Then the auditor sees exactly the stored bytes, not a re-encoding
			for _, e := range page.Items {
				if got := string(e.Data); got != body {
					t.Fatalf("audit data = %s, want %s", got, body)
				}
			}
		})
	}
}

func TestAuditTrail_RecordedFrom_listsExactlyTheRowsSinceThen(t *testing.T) {
	// Given three events recorded a little apart
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	store := memory.New()
	for i := range 3 {
		_, err := store.Append(ctx, "contract-c1", eventstore.Any, eventstore.EventData{
			ID: "e" + string(rune('0'+i)), Type: "contract.signed", SchemaVersion: 1, Data: []byte(`{}`),
			Metadata: eventstore.Metadata{ActorID: "emp-1", ActorRole: "GM"},
		})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	recorded, err := store.ReadAll(ctx, eventstore.Start, 0, eventstore.Filter{})
	if err != nil || len(recorded) != 3 {
		t.Fatalf("ReadAll = %d events, %v", len(recorded), err)
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, audit.New(), projectiontest.FastOptions()))
	q := audit.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "3 audit rows", func() bool {
		p, err := q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{})
		return err == nil && len(p.Items) == 3
	})
	ids := func(from time.Time) []string {
		t.Helper()
		p, err := q.Audit(ctx, queries.AuditFilter{RecordedFrom: from}, queries.PageRequest{})
		if err != nil {
			t.Fatalf("Audit since %v: %v", from, err)
		}
		var out []string
		for _, e := range p.Items {
			out = append(out, e.EventID)
		}
		return out
	}
	// When the auditor asks for what was recorded since the second event
	// Then the second and third are listed, in log order; from after the
	// last one, nothing
	if got := ids(recorded[1].RecordedAt); len(got) != 2 || got[0] != "e1" || got[1] != "e2" {
		t.Errorf("since the second event = %v, want [e1 e2]", got)
	}
	if got := ids(recorded[2].RecordedAt.Add(time.Millisecond)); len(got) != 0 {
		t.Errorf("since after the last event = %v, want none", got)
	}
	if got := ids(recorded[0].RecordedAt); len(got) != 3 {
		t.Errorf("since the first event = %v, want all three", got)
	}
}

func TestAuditTrail_FilterByActorOrCorrelation_keepsTextsThatShareAHash(t *testing.T) {
	// Given events of two actors, and of two requests, whose ids have the
	// same hashtext (-1024312742): the filters' indexes key on the hash
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	store := memory.New()
	for i, id := range []string{"emp-22931", "emp-75994", "emp-22931"} {
		_, err := store.Append(ctx, "contract-c1", eventstore.Any, eventstore.EventData{
			ID: fmt.Sprintf("e%d", i), Type: "contract.signed", SchemaVersion: 1, Data: []byte(`{}`),
			Metadata: eventstore.Metadata{ActorID: id, ActorRole: "GM", CorrelationID: id},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, audit.New(), projectiontest.FastOptions()))
	q := audit.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "3 audit rows", func() bool {
		p, err := q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{})
		return err == nil && len(p.Items) == 3
	})
	ids := func(f queries.AuditFilter) string {
		t.Helper()
		p, err := q.Audit(ctx, f, queries.PageRequest{})
		if err != nil {
			t.Fatalf("Audit %+v: %v", f, err)
		}
		var out string
		for _, e := range p.Items {
			out += e.EventID + " "
		}
		return out
	}
	// When the auditor filters by one actor, or one request
	// Then only its events are listed, in log order
	for f, want := range map[queries.AuditFilter]string{
		{ActorID: "emp-22931"}: "e0 e2 ", {ActorID: "emp-75994"}: "e1 ",
		{CorrelationID: "emp-22931"}: "e0 e2 ", {CorrelationID: "emp-75994"}: "e1 ", {ActorID: "emp-1"}: "",
	} {
		if got := ids(f); got != want {
			t.Errorf("Audit %+v = %q, want %q", f, got, want)
		}
	}
}
