package order

import (
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// PaymentRefStream is the stream that holds the claim of a payment
// reference on an order. Appending its first event with expected version
// NoStream, atomically with the order's PaymentReceived, is what keeps
// "a reference already recorded on the order is a no-op" exact however
// many payments the order took: the order's state need not remember its
// references (see RecordPayment). The order id's length goes in front so
// that no two (order, reference) pairs share a stream, and the prefix is
// not the order streams' ("order-"), whose read models take every stream
// under it for an order.
func PaymentRefStream(orderID, paymentRef string) string {
	return "orderpaymentref-" + strconv.Itoa(len(orderID)) + "-" + orderID + "-" + paymentRef
}

// PaymentRefClaim is the state of a payment reference's stream: whether
// the reference is recorded on its order.
type PaymentRefClaim struct {
	OrderID    string
	PaymentRef string
	Claimed    bool
}

// Evolve applies an event of the reference's stream.
func (c PaymentRefClaim) Evolve(e domain.Event) PaymentRefClaim {
	switch e := e.(type) {
	case PaymentRefClaimed:
		c.OrderID, c.PaymentRef, c.Claimed = e.OrderID, e.PaymentRef, true
	case PaymentRefReleased:
		c.Claimed = false
	}
	return c
}

// Claim takes the reference for its payment. It is only called with the
// payment being recorded: a claimed reference is a repeat, which
// RecordPayment answers with a no-op before asking for a claim.
func (PaymentRefClaim) Claim(orderID, paymentRef, by string, at time.Time) []domain.Event {
	return []domain.Event{PaymentRefClaimed{OrderID: orderID, PaymentRef: paymentRef, ClaimedBy: by, ClaimedAt: at}}
}

// Release gives the reference back: it undoes a claim whose payment was
// not stored (a store without an atomic multi-stream append).
func (PaymentRefClaim) Release(orderID, paymentRef string, at time.Time) []domain.Event {
	return []domain.Event{PaymentRefReleased{OrderID: orderID, PaymentRef: paymentRef, ReleasedAt: at}}
}

// PaymentRefClaimed is recorded on the reference's own stream
// (PaymentRefStream) with the order's PaymentReceived.
type PaymentRefClaimed struct {
	OrderID    string    `json:"order_id"`
	PaymentRef string    `json:"payment_ref"`
	ClaimedBy  string    `json:"claimed_by"`
	ClaimedAt  time.Time `json:"claimed_at"`
}

// PaymentRefReleased is recorded on the reference's stream when the
// payment that claimed it failed to be stored after the claim was.
type PaymentRefReleased struct {
	OrderID    string    `json:"order_id"`
	PaymentRef string    `json:"payment_ref"`
	ReleasedAt time.Time `json:"released_at"`
}

// EventType implements domain.Event.
func (PaymentRefClaimed) EventType() string { return "order.payment_ref_claimed" }

// EventType implements domain.Event.
func (PaymentRefReleased) EventType() string { return "order.payment_ref_released" }
