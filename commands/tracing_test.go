package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// recordSpans installs a recording tracer provider as the global one, as
// the composition root does when tracing is on.
func recordSpans(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { tp.Shutdown(context.Background()) }) //nolint:errcheck // a recorder
	return rec
}

// commandSpans are the ended spans named "command ...".
func commandSpans(rec *tracetest.SpanRecorder) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if len(s.Name()) > 8 && s.Name()[:8] == "command " {
			out = append(out, s)
		}
	}
	return out
}

func spanAttrs(s sdktrace.ReadOnlySpan) map[string]string {
	out := map[string]string{}
	for _, kv := range s.Attributes() {
		out[string(kv.Key)] = kv.Value.Emit()
	}
	return out
}

// Given a traced request, when a command runs, then it runs in a child
// span of the request named by the command, with its stream, its outcome
// and no retries; a command without a name is named by its aggregate, and
// refusals are outcomes, not errors.
func TestCommandSpan(t *testing.T) {
	w := newEmployeeWorld(t).onProbation()
	rec := recordSpans(t)
	ctx, request := otel.Tracer("test").Start(context.Background(), "request")
	named := employeeRep
	named.Command = "checkIn"
	w.ok(w.h.Employees.CheckIn(ctx, named, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}))
	w.ok(w.h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}))
	stale := uint64(1)
	staleMeta := employeeRep
	staleMeta.IfVersion = &stale
	if _, err := w.h.Employees.CheckIn(ctx, staleMeta, commands.CheckIn{EmployeeID: "e-1", Slot: "NOON"}); !errors.Is(err, commands.ErrStaleVersion) {
		t.Fatalf("CheckIn at a stale version: %v, want ErrStaleVersion", err)
	}
	if _, err := w.h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MIDNIGHT"}); err == nil {
		t.Fatal("CheckIn for an unknown slot succeeded")
	}
	request.End()

	spans := commandSpans(rec)
	if len(spans) != 4 {
		t.Fatalf("%d command spans, want 4", len(spans))
	}
	want := []struct{ name, command, outcome string }{
		{"command checkIn", "checkIn", "ok"},
		{"command employee file", "employee file", "unchanged"},
		{"command employee file", "employee file", "stale-version"},
		{"command employee file", "employee file", "invalid"},
	}
	for i, s := range spans {
		a := spanAttrs(s)
		if s.Name() != want[i].name || a["opsledger.command"] != want[i].command || a["opsledger.command.outcome"] != want[i].outcome {
			t.Errorf("span %d: %q %v, want %q command %s outcome %s", i, s.Name(), a, want[i].name, want[i].command, want[i].outcome)
		}
		if a["opsledger.stream"] != employee.Stream("e-1") || a["opsledger.command.conflict_retries"] != "0" {
			t.Errorf("span %d: stream %s retries %s, want %s and 0", i, a["opsledger.stream"], a["opsledger.command.conflict_retries"], employee.Stream("e-1"))
		}
		if s.Parent().SpanID() != request.SpanContext().SpanID() || s.Status().Code == codes.Error {
			t.Errorf("span %d: parent %v status %v, want the request's child, no error", i, s.Parent().SpanID(), s.Status())
		}
	}
}

// rivalFirstStore lets another command check in first, the first time a
// command appends: that command's append loses the race.
type rivalFirstStore struct {
	eventstore.Store
	rival func()
	raced bool
}

func (s *rivalFirstStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if !s.raced {
		s.raced = true
		s.rival()
	}
	return s.Store.Append(ctx, stream, expected, events...)
}

// Given a command whose append loses a race for its stream, when it
// retries on the fresh state and succeeds, then its span counts one
// conflict retry and its outcome is ok.
func TestCommandSpan_CountsConflictRetries(t *testing.T) {
	w := newEmployeeWorld(t).onProbation()
	rival := commands.Rebuilt(w.h)
	racing := &rivalFirstStore{Store: w.store, rival: func() {
		w.ok(rival.Employees.CheckIn(context.Background(), employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "NOON"}))
	}}
	h := commands.New(racing, commands.Codec(), func() time.Time { return w.now })
	rec := recordSpans(t)
	if _, err := h.Employees.CheckIn(context.Background(), employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}); err != nil {
		t.Fatal(err)
	}
	var mine sdktrace.ReadOnlySpan
	for _, s := range commandSpans(rec) {
		if s.Parent().IsValid() {
			continue
		}
		mine = s // the rival's runs inside it, as a child
	}
	if mine == nil {
		t.Fatal("no command span")
	}
	a := spanAttrs(mine)
	if a["opsledger.command.conflict_retries"] != "1" || a["opsledger.command.outcome"] != "ok" {
		t.Fatalf("span %v, want one conflict retry and outcome ok", a)
	}
}

// TestCommandSpan_JointDecision: given a registration (one decision on the
// customer file, its number and its owner's portfolio), when it runs,
// then it has one command span, named by the command and on the
// customer's stream, as a one-stream command has.
func TestCommandSpan_JointDecision(t *testing.T) {
	w := newCustomerWorld(t)
	rec := recordSpans(t)
	named := customerRep
	named.Command = "registerTargetCustomer"

	if _, err := w.h.Customers.RegisterTargetCustomer(context.Background(), named, customerRegistration); err != nil {
		t.Fatalf("RegisterTargetCustomer() error = %v", err)
	}

	spans := commandSpans(rec)
	if len(spans) != 1 {
		t.Fatalf("%d command spans, want 1", len(spans))
	}
	a := spanAttrs(spans[0])
	if spans[0].Name() != "command registerTargetCustomer" || a["opsledger.stream"] != "customer-c-1" || a["opsledger.command.outcome"] != "ok" {
		t.Errorf("span %q %v, want command registerTargetCustomer on customer-c-1, ok", spans[0].Name(), a)
	}
}
