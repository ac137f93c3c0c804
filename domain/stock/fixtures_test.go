package stock_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

var (
	t0     = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	widget = stock.Product{Name: "Pump", ModelSpec: "P-200"}
)

// decideCase is one given/when/then case: the history, then what the
// decision must record or the error it must return.
type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

// check folds each case's history with evolve and runs decide on it.
func check[S any](t *testing.T, evolve func(S, domain.Event) S, cases []decideCase, decide func(S) ([]domain.Event, error)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s S
			for _, e := range tc.given {
				s = evolve(s, e)
			}
			got, err := decide(s)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("events = %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func move(qty int64) stock.Movement {
	return stock.Movement{BranchID: "br-east", Product: widget, Quantity: qty, By: "wh-1", At: t0}
}

func received(qty int64) stock.Received {
	return stock.Received{BranchID: "br-east", Product: widget, Quantity: qty, ReceivedBy: "wh-1", ReceivedAt: t0}
}

func reserved(order string, qty int64) stock.Reserved {
	return stock.Reserved{BranchID: "br-east", Product: widget, OrderID: order, Quantity: qty, ReservedBy: "wh-1", ReservedAt: t0}
}

func ruleOf(t *testing.T, err error) string {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("error %v names no rule", err)
	}
	return re.Rule
}
