package main

import (
	"encoding/json"
	"testing"

	"github.com/opsledger/opsledger/domain/order"
)

// Given a generated history, when it holds an order's payment, then the
// payment's reference is claimed on its own stream too, as
// RecordOrderPayment claims it (decision 57): a repeat of the payment sent
// against the generated history finds the claim and records nothing.
func TestGenerateHistory_everyOrderPaymentClaimsItsReference(t *testing.T) {
	streams := map[string][]string{}
	var payments []order.PaymentReceived
	generateStories(20000, 50, 7, func(ap histAppend) {
		for _, e := range ap.events {
			streams[ap.stream] = append(streams[ap.stream], e.Type)
			if e.Type == (order.PaymentReceived{}).EventType() {
				var p order.PaymentReceived
				if err := json.Unmarshal(e.Data, &p); err != nil {
					t.Fatalf("payment %s: %v", e.ID, err)
				}
				payments = append(payments, p)
			}
		}
	})
	if len(payments) == 0 {
		t.Fatal("the history holds no order payment: nothing was checked")
	}
	claimed := (order.PaymentRefClaimed{}).EventType()
	for _, p := range payments {
		got := streams[order.PaymentRefStream(p.OrderID, p.PaymentRef)]
		if len(got) != 1 || got[0] != claimed {
			t.Errorf("payment %q on %s: its reference's stream holds %v, want one %s", p.PaymentRef, p.OrderID, got, claimed)
		}
		if !p.Claimed {
			t.Errorf("payment %q on %s is not marked claimed", p.PaymentRef, p.OrderID)
		}
	}
}
