package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	complaintNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	complaintCS      = complaintMeta("cs-1", domain.RoleCustomerService)
	complaintHandler = inOrgUnit(complaintMeta("lg-1", domain.RoleWarehouse), "logistics")
	complaintIntake  = commands.ReceiveComplaint{
		ComplaintID: "cp-1", CustomerID: "c-1", Channel: complaint.ChannelPhone,
		Content: "goods arrived damaged", Contact: "Ms Li 138-0000-0000", DepartmentID: "logistics",
	}
)

func complaintMeta(id string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}}, Reason: "test " + id}
}

// complaintWorld is a handler over a memory store holding customer c-1,
// with a clock the test can move.
type complaintWorld struct {
	t     *testing.T
	h     *commands.Handler
	store *memory.Store
	now   time.Time
}

func newComplaintWorld(t *testing.T) *complaintWorld {
	t.Helper()
	codec := eventstore.NewCodec(complaint.Events()...)
	codec.Register(customer.Events()...)
	w := &complaintWorld{t: t, store: memory.New(), now: complaintNow}
	w.h = commands.New(w.store, codec, func() time.Time { return w.now })
	data, err := codec.Encode("seed-c-1", customer.Registered{CustomerID: "c-1", Number: "C-001", Name: "Ningbo Pumps", RegisteredAt: complaintNow}, eventstore.Metadata{ActorID: "seed"})
	if err != nil {
		t.Fatalf("Encode() error = %v", err)
	}
	if _, err := w.store.Append(context.Background(), customer.Stream("c-1"), eventstore.NoStream, data); err != nil {
		t.Fatalf("Append() error = %v", err)
	}
	return w
}

// must fails the test when a command that has to succeed fails.
func (w *complaintWorld) must(res commands.Result, err error) commands.Result {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("command error = %v", err)
	}
	return res
}

// records returns the stored events of complaint cp-1.
func (w *complaintWorld) records() []eventstore.Recorded {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), complaint.Stream("cp-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	return recs
}

func (w *complaintWorld) types() []string {
	var out []string
	for _, r := range w.records() {
		out = append(out, r.Type)
	}
	return out
}

// awaitingConfirmation drives cp-1 up to the customer's confirmation.
func (w *complaintWorld) awaitingConfirmation() {
	ctx := context.Background()
	w.must(w.h.Complaints.ReceiveComplaint(ctx, complaintCS, complaintIntake))
	w.must(w.h.Complaints.RecordComplaintProgress(ctx, complaintHandler, commands.RecordComplaintProgress{ComplaintID: "cp-1", Note: "replacement packed"}))
	w.must(w.h.Complaints.ProposeComplaintResolution(ctx, complaintHandler, commands.ProposeComplaintResolution{ComplaintID: "cp-1", Resolution: "replace the goods"}))
	w.must(w.h.Complaints.RequestComplaintConfirmation(ctx, complaintCS, commands.RequestComplaintConfirmation{ComplaintID: "cp-1"}))
}

func TestHandler_ReceiveComplaint(t *testing.T) {
	ctx := context.Background()
	t.Run("receipt naming the department records receipt and routing with the audit envelope", func(t *testing.T) {
		w := newComplaintWorld(t)
		rep := complaintMeta("rep-1", domain.RoleSalesRep)
		res := w.must(w.h.Complaints.ReceiveComplaint(ctx, rep, complaintIntake))
		if res.Events != 2 {
			t.Errorf("Result.Events = %d, want 2", res.Events)
		}
		if diff := cmp.Diff([]string{"complaint.received", "complaint.routed"}, w.types()); diff != "" {
			t.Errorf("stored types (-want +got):\n%s", diff)
		}
		md := w.records()[0].Metadata
		if md.ActorID != "rep-1" || md.ActorRole != domain.RoleSalesRep || md.Reason != "test rep-1" || md.RegulationVersion != "complaint/default" {
			t.Errorf("metadata = %+v, want actor rep-1 as SALES_REP, reason and default regulation version", md)
		}
	})
	t.Run("a role outside the issuers is refused", func(t *testing.T) {
		w := newComplaintWorld(t)
		_, err := w.h.Complaints.ReceiveComplaint(ctx, complaintMeta("wh-1", domain.RoleWarehouse), complaintIntake)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("ReceiveComplaint() by WAREHOUSE error = %v, want domain.ErrForbidden", err)
		}
	})
	t.Run("a customer without a file is refused", func(t *testing.T) {
		w := newComplaintWorld(t)
		cmd := complaintIntake
		cmd.CustomerID = "c-404"
		if _, err := w.h.Complaints.ReceiveComplaint(ctx, complaintCS, cmd); !errors.Is(err, complaint.ErrUnknownCustomer) {
			t.Errorf("ReceiveComplaint(c-404) error = %v, want complaint.ErrUnknownCustomer", err)
		}
	})
	t.Run("a repeated idempotency key has one effect", func(t *testing.T) {
		w := newComplaintWorld(t)
		m := complaintCS
		m.IdempotencyKey = "intake-42"
		first := w.must(w.h.Complaints.ReceiveComplaint(ctx, m, complaintIntake))
		again := w.must(w.h.Complaints.ReceiveComplaint(ctx, m, complaintIntake))
		if !again.Replayed || again.Version != first.Version || len(w.records()) != 2 {
			t.Errorf("repeat = %+v (stream has %d events), want Replayed at version %d with 2 events", again, len(w.records()), first.Version)
		}
	})
}

func TestHandler_RouteComplaint(t *testing.T) {
	ctx := context.Background()
	w := newComplaintWorld(t)
	var versions domain.RegulationVersions[complaint.Regulation]
	strict := complaint.DefaultRegulation()
	strict.RouteWithin = time.Minute
	versions.Add(domain.RegulationVersion{ID: "complaint/2026-01", EffectiveFrom: complaintNow.AddDate(0, -2, 0)}, strict)
	w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{Complaint: &versions}))

	intake := complaintIntake
	intake.DepartmentID = ""
	w.must(w.h.Complaints.ReceiveComplaint(ctx, complaintCS, intake))
	w.now = complaintNow.Add(2 * time.Minute)
	w.must(w.h.Complaints.RouteComplaint(ctx, complaintCS, commands.RouteComplaint{ComplaintID: "cp-1", DepartmentID: "logistics"}))

	r := w.records()[1]
	if r.Metadata.RegulationVersion != "complaint/2026-01" {
		t.Errorf("routed regulation version = %q, want complaint/2026-01", r.Metadata.RegulationVersion)
	}
	var routed complaint.Routed
	if err := json.Unmarshal(r.Data, &routed); err != nil || !routed.Late {
		t.Errorf("routed event %s (err %v), want late: two minutes after receipt, window one minute", r.Data, err)
	}
}

func TestHandler_CloseComplaint(t *testing.T) {
	ctx := context.Background()
	t.Run("a customer who is not satisfied cannot close the complaint", func(t *testing.T) {
		w := newComplaintWorld(t)
		w.awaitingConfirmation()
		_, err := w.h.Complaints.CloseComplaint(ctx, complaintCS, commands.CloseComplaint{ComplaintID: "cp-1", CustomerConfirmationRef: "call-9"})
		if !errors.Is(err, complaint.ErrNotSatisfied) || !errors.Is(err, domain.ErrRejected) {
			t.Errorf("CloseComplaint(not satisfied) error = %v, want complaint.ErrNotSatisfied (rejected)", err)
		}
		var rule *domain.RuleError
		if !errors.As(err, &rule) || rule.Rule != complaint.RuleSatisfaction {
			t.Errorf("CloseComplaint(not satisfied) rule = %v, want %s", rule, complaint.RuleSatisfaction)
		}
		if got := w.types(); got[len(got)-1] == "complaint.closed" {
			t.Errorf("stream ends with %s after a refused close", got[len(got)-1])
		}
	})
	t.Run("a satisfied customer closes the complaint", func(t *testing.T) {
		w := newComplaintWorld(t)
		w.awaitingConfirmation()
		w.must(w.h.Complaints.CloseComplaint(ctx, complaintCS, commands.CloseComplaint{ComplaintID: "cp-1", Satisfied: true, CustomerConfirmationRef: "call-9"}))
		want := []string{"complaint.received", "complaint.routed", "complaint.progress_recorded",
			"complaint.resolution_proposed", "complaint.confirmation_requested", "complaint.closed"}
		if diff := cmp.Diff(want, w.types()); diff != "" {
			t.Errorf("stored types (-want +got):\n%s", diff)
		}
		last := w.records()[5]
		if last.Metadata.ActorID != "cs-1" || last.Metadata.ActorRole != domain.RoleCustomerService {
			t.Errorf("closed metadata = %+v, want cs-1 as CUSTOMER_SERVICE", last.Metadata)
		}
	})
	t.Run("only customer service records the customer's confirmation", func(t *testing.T) {
		w := newComplaintWorld(t)
		w.awaitingConfirmation()
		_, err := w.h.Complaints.CloseComplaint(ctx, complaintHandler, commands.CloseComplaint{ComplaintID: "cp-1", Satisfied: true, CustomerConfirmationRef: "call-9"})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("CloseComplaint() by WAREHOUSE error = %v, want domain.ErrForbidden", err)
		}
	})
	t.Run("a reopened complaint records the reason and a root cause after closure", func(t *testing.T) {
		w := newComplaintWorld(t)
		w.awaitingConfirmation()
		w.must(w.h.Complaints.CloseComplaint(ctx, complaintCS, commands.CloseComplaint{ComplaintID: "cp-1", Satisfied: true, CustomerConfirmationRef: "call-9"}))
		w.must(w.h.Complaints.RecordComplaintRootCause(ctx, complaintHandler, commands.RecordComplaintRootCause{ComplaintID: "cp-1", Category: "packaging", PreventiveAction: "double boxes"}))
		w.must(w.h.Complaints.ReopenComplaint(ctx, complaintCS, commands.ReopenComplaint{ComplaintID: "cp-1", Reason: "second box damaged"}))
		got := w.types()
		if diff := cmp.Diff([]string{"complaint.root_cause_recorded", "complaint.reopened"}, got[len(got)-2:]); diff != "" {
			t.Errorf("last stored types (-want +got):\n%s", diff)
		}
	})
}
