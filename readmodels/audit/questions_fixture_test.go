package audit_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// history writes a log for a compliance question's test: each event with
// its actor, role and a known id, so a test can name the events that must
// prove each row.
type history struct {
	t     *testing.T
	store eventstore.Store
	codec *eventstore.Codec
	n     int
}

func newHistory(t *testing.T) *history {
	codec := eventstore.NewCodec(slices.Concat(contract.Events(), order.Events(), quotation.Events(), customer.Events(),
		complaint.Events(), employee.Events())...)
	return &history{t: t, store: memory.New(), codec: codec}
}

// add appends e to stream as done by actor under role and returns its
// event id ("ev-<n>").
func (h *history) add(stream, actor string, role domain.Role, e domain.Event) string {
	h.t.Helper()
	h.n++
	id := fmt.Sprintf("ev-%d", h.n)
	regulation, _, _ := strings.Cut(stream, "-")
	d, err := h.codec.Encode(id, e, eventstore.Metadata{ActorID: actor, ActorRole: role, Reason: "reason " + id,
		RegulationVersion: regulation + "/default"})
	if err != nil {
		h.t.Fatalf("Encode %s: %v", e.EventType(), err)
	}
	if _, err := h.store.Append(context.Background(), stream, eventstore.Any, d); err != nil {
		h.t.Fatalf("Append: %v", err)
	}
	return id
}

// queries runs the audit trail over the log and returns its queries.
func (h *history) queries() *audit.Queries {
	h.t.Helper()
	pool, ns := projectiontest.Pool(h.t)
	readmodeltest.CaughtUp(h.t, pool, h.store, ns, audit.New())
	return audit.NewQueries(readmodeltest.DB(pool, ns))
}

// row is a finding as a test states it: evidence by event id.
type row struct {
	Subject  string
	Facts    map[string]string
	Flags    []string
	Evidence []string
}

func rowsOf(a queries.AuditAnswer) []row {
	out := []row{}
	for _, f := range a.Rows {
		r := row{Subject: f.Subject, Facts: f.Facts, Flags: f.Flags}
		for _, e := range f.Evidence {
			r.Evidence = append(r.Evidence, e.EventID)
		}
		out = append(out, r)
	}
	return out
}

// assertAnswer asks question id of q with f and compares the whole answer.
func assertAnswer(t *testing.T, q *audit.Queries, id string, f queries.AuditQuestionFilter, want ...row) {
	t.Helper()
	a, err := q.Answer(context.Background(), id, f, queries.PageRequest{})
	if err != nil {
		t.Fatalf("Answer(%s): %v", id, err)
	}
	if a.Question != id || a.Asks == "" {
		t.Errorf("Answer(%s) names question %q asking %q", id, a.Question, a.Asks)
	}
	got := rowsOf(a)
	if want == nil {
		want = []row{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Answer(%s, %+v):\n got  %+v\n want %+v", id, f, got, want)
	}
}

var day = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func review(id string, role domain.Role, d contract.Decision, comment string) contract.Review {
	return contract.Review{ReviewerID: id, ReviewerRole: role, Decision: d, Comment: comment, At: day}
}

func terms(yuan int64) contract.Terms {
	return contract.Terms{RightsObligations: "r", Scope: "s", Price: domain.Yuan(yuan), DeliveryDate: day.AddDate(0, 2, 0), PaymentTerms: "p"}
}

func pct(t *testing.T, s string) domain.Percent {
	p, err := domain.ParsePercent(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
