package audit_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// TestAuditTrail_ScrubsErasedSubjects (rule P1-erasure): bodies stored in
// clear (written before encryption) of an erased key person are scrubbed
// in the trail, even when the erasure arrives in the batch that inserts
// them; another person's bodies are left as they are.
func TestAuditTrail_ScrubsErasedSubjects(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	if err := projections.Ensure(ctx, pool, ns, audit.New()); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	appendEvent := func(stream, id string, e domain.Event) {
		body, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Append(ctx, stream, eventstore.Any, eventstore.EventData{ID: id, Type: e.EventType(), SchemaVersion: 1, Data: body}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"k1", "k2"} {
		appendEvent("customer-c1", "a"+k, customer.KeyContactAdded{CustomerID: "c1", ContactID: k, RoleInOrg: customer.ContactHead,
			Personal: customer.PersonalData{Name: "Person " + k, ContactDetails: "phone " + k}, AddedBy: "rep-1", AddedAt: at})
	}
	appendEvent("subject-"+privacy.ContactSubject("c1", "k1"), "erase", privacy.SubjectErased{
		SubjectID: privacy.ContactSubject("c1", "k1"), Kind: privacy.KindContact, ErasedBy: "hr-1", ErasedAt: at})

	projectiontest.Run(t, projections.NewRunner(pool, store, ns, audit.New(), projectiontest.FastOptions()))
	q := audit.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "3 audit rows", func() bool {
		p, err := q.Audit(ctx, queries.AuditFilter{}, queries.PageRequest{})
		return err == nil && len(p.Items) == 3
	})
	page, err := q.Audit(ctx, queries.AuditFilter{AggregateID: "c1"}, queries.PageRequest{})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("c1's rows = %+v, %v", page.Items, err)
	}
	for _, row := range page.Items {
		var body struct {
			ContactID string                `json:"contact_id"`
			Personal  customer.PersonalData `json:"personal"`
			Erased    []string              `json:"erased_fields"`
		}
		if err := json.Unmarshal(row.Data, &body); err != nil {
			t.Fatal(err)
		}
		switch body.ContactID {
		case "k1":
			if body.Personal != (customer.PersonalData{Name: privacy.Erased}) || len(body.Erased) != 1 || body.Erased[0] != "personal" ||
				strings.Contains(string(row.Data), "Person k1") {
				t.Errorf("erased person's row = %s, want the personal data erased", row.Data)
			}
		case "k2":
			if body.Personal.Name != "Person k2" || body.Erased != nil {
				t.Errorf("the other person's row = %s, want it untouched", row.Data)
			}
		}
	}
}
