package order_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain/order"
)

// TestEvents keeps the registry honest: every event is listed once, named
// "order.<past_tense_snake>", and survives a JSON round trip.
func TestEvents(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range order.Events() {
		name := e.EventType()
		if !strings.HasPrefix(name, "order.") || strings.ToLower(name) != name {
			t.Errorf("EventType() = %q, want order.<snake_case>", name)
		}
		if seen[name] {
			t.Errorf("event type %q listed twice", name)
		}
		seen[name] = true
	}
	for _, e := range []any{created, delivered, paidFull} {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("Marshal(%T) error = %v", e, err)
		}
		back := reflect.New(reflect.TypeOf(e))
		if err := json.Unmarshal(b, back.Interface()); err != nil {
			t.Fatalf("Unmarshal(%T) error = %v", e, err)
		}
		if !reflect.DeepEqual(back.Elem().Interface(), e) {
			t.Errorf("%T round trip = %+v, want %+v", e, back.Elem().Interface(), e)
		}
	}
}
