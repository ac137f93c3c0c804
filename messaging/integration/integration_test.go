package integration_test

import (
	"bytes"
	"flag"
	"os"
	"slices"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/messaging"
	"github.com/opsledger/opsledger/messaging/integration"
	"github.com/opsledger/opsledger/privacy"
)

var update = flag.Bool("update", false, "rewrite docs/INTEGRATION_EVENTS.md")

const document = "../../docs/INTEGRATION_EVENTS.md"

// events is one value of every event type of every aggregate.
func events() []domain.Event {
	return slices.Concat(customer.Events(), quotation.Events(), contract.Events(), order.Events(),
		employee.Events(), complaint.Events(), salesplan.Events(), regulation.Events(), privacy.Events(), pay.Events(),
		training.Events(), meeting.Events(), research.Events(), stock.Events(), expense.Events(), workplan.Events(), supervision.Events())
}

// TestDocument_ListsEveryRegisteredEvent: given the codec the application
// runs with, then the events documented are exactly its registered types,
// and docs/INTEGRATION_EVENTS.md is what Document renders for them.
func TestDocument_ListsEveryRegisteredEvent(t *testing.T) {
	var documented []string
	for _, e := range events() {
		documented = append(documented, e.EventType())
	}
	registered := commands.Codec().Types()
	slices.Sort(documented)
	slices.Sort(registered)
	if !slices.Equal(slices.Compact(documented), registered) {
		t.Fatalf("documented events %v\nregistered events %v\nadd the new aggregate's Events() to events()", documented, registered)
	}
	got, err := integration.Document(events())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(document, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(document)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./messaging/integration -update", document)
	}
}

// TestSubject_IsTheForwardersTopic: the subject documented for an event
// is the topic the forwarder publishes it on.
func TestSubject_IsTheForwardersTopic(t *testing.T) {
	for _, e := range events() {
		if got, want := integration.Subject(e.EventType()), messaging.Topic(e.EventType()); got != want {
			t.Errorf("%s: documented on %s, published on %s", e.EventType(), got, want)
		}
	}
}

// TestSchema_DescribesTheBody: a percentage is a decimal string, a time a
// date-time, and an unknown field is allowed.
func TestSchema_DescribesTheBody(t *testing.T) {
	s := integration.Schema(contract.Signed{})
	if s.Title != "contract.signed" || s.Properties == nil {
		t.Fatalf("schema = %+v", s)
	}
	at, ok := s.Properties.Get("signed_at")
	if !ok || at.Type != "string" || at.Format != "date-time" {
		t.Errorf("signed_at = %+v, want a date-time string", at)
	}
}
