package order_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

func TestOrder_Create(t *testing.T) {
	bad := func(f func(l *order.Line)) []order.Line {
		l := pump
		f(&l)
		return []order.Line{valve, l}
	}
	withFacts := func(f func(c *order.ContractFacts)) order.ContractFacts {
		c := signedContract
		f(&c)
		return c
	}
	exact := valve
	exact.Quantity = 1
	exact.UnitPrice = domain.Yuan(10000)
	tests := []struct {
		name      string
		given     []domain.Event
		draft     order.Draft
		contract  order.ContractFacts
		noFile    bool
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name:  "an order under a signed contract is created with its total",
			draft: order.Draft{OrderID: "o-1", Lines: []order.Line{valve}, CreatedBy: "rep-1"},
			want:  []domain.Event{created},
		},
		{
			name:  "a project order keeps its kind",
			draft: order.Draft{OrderID: "o-1", CustomerID: "c-1", Kind: order.KindProject, Lines: []order.Line{valve}, CreatedBy: "rep-1"},
			want:  []domain.Event{createdProject},
		},
		{
			name:  "a total equal to the contract value is allowed",
			draft: order.Draft{OrderID: "o-1", Lines: []order.Line{exact}, CreatedBy: "rep-1"},
			contract: withFacts(func(c *order.ContractFacts) {
				c.Prices = order.Prices{QuotationID: "q-1", Lines: []order.QuotedPrice{{Product: "Gate valve", UnitPrice: domain.Yuan(10000)}}}
			}),
			want: []domain.Event{order.Created{
				OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", Kind: order.KindGoods,
				Lines: []order.Line{exact}, Total: domain.Yuan(10000), CreatedBy: "rep-1", CreatedAt: t0,
			}},
		},
		{
			name:     "a total one fen above the contract value is refused",
			draft:    order.Draft{OrderID: "o-1", Lines: []order.Line{exact}},
			contract: withFacts(func(c *order.ContractFacts) { c.Value = domain.Fen(999999) }),
			wantErr:  order.ErrExceedsContract,
		},
		{
			name:     "an unsigned contract is refused",
			draft:    order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			contract: withFacts(func(c *order.ContractFacts) { c.Signed = false }),
			wantErr:  order.ErrContractNotSigned,
		},
		{
			name:     "an unknown contract is refused",
			draft:    order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			contract: withFacts(func(c *order.ContractFacts) { c.Found = false }),
			wantErr:  order.ErrContractNotFound,
		},
		{
			name:      "no contract reference is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			contract:  withFacts(func(c *order.ContractFacts) { c.ContractID = "" }),
			wantErr:   domain.ErrInvalid,
			wantField: "contract_id",
		},
		{
			name:    "O8: a customer without a file is refused",
			draft:   order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			noFile:  true,
			wantErr: order.ErrCustomerNotFound,
		},
		{
			name:      "a customer other than the contract's is invalid",
			draft:     order.Draft{OrderID: "o-1", CustomerID: "c-2", Lines: []order.Line{valve}},
			wantErr:   domain.ErrInvalid,
			wantField: "customer_id",
		},
		{
			name:     "prices in another currency than the contract's are invalid",
			draft:    order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			contract: withFacts(func(c *order.ContractFacts) { c.Value = domain.Money{Minor: 1e8, Currency: "USD"} }),
			wantErr:  order.ErrCurrencyMismatch,
		},
		{
			name:      "an order without lines is invalid",
			draft:     order.Draft{OrderID: "o-1"},
			wantErr:   domain.ErrInvalid,
			wantField: "lines",
		},
		{
			name:      "O1: a line without product name is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.ProductName = " " })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].product_name",
		},
		{
			name:      "O1: a line without model/spec is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.ModelSpec = "" })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].model_spec",
		},
		{
			name:      "O1: a line with zero quantity is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.Quantity = 0 })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].quantity",
		},
		{
			name:      "O1: a line without price is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.UnitPrice = domain.Money{} })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].unit_price",
		},
		{
			name:      "O1: a line without delivery time is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.DeliveryTime = time.Time{} })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].delivery_time",
		},
		{
			name:      "O1: a line without delivery address is invalid",
			draft:     order.Draft{OrderID: "o-1", Lines: bad(func(l *order.Line) { l.DeliveryAddress = "" })},
			wantErr:   domain.ErrInvalid,
			wantField: "lines[1].delivery_address",
		},
		{
			name:      "an unknown kind is invalid",
			draft:     order.Draft{OrderID: "o-1", Kind: "SERVICE", Lines: []order.Line{valve}},
			wantErr:   domain.ErrInvalid,
			wantField: "kind",
		},
		{
			name:    "an existing order cannot be created again",
			given:   draft,
			draft:   order.Draft{OrderID: "o-1", Lines: []order.Line{valve}},
			wantErr: order.ErrAlreadyExists,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)
			c := tt.contract
			if cmp.Equal(c, order.ContractFacts{}) {
				c = signedContract
			}

			got, err := o.Create(tt.draft, c, !tt.noFile, t0)

			check(t, "Create", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_Confirm(t *testing.T) {
	noDeposit := signedContract
	noDeposit.DepositSatisfied = false
	terminated := signedContract
	terminated.Signed = false
	tests := []struct {
		name      string
		given     []domain.Event
		ref       string
		contract  order.ContractFacts
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name:  "a draft is confirmed with the customer's confirmation once the deposit is in",
			given: draft, ref: "PO-77", contract: signedContract,
			want: []domain.Event{confirmed},
		},
		{
			name:  "O6: confirmation before the required deposit is refused",
			given: draft, ref: "PO-77", contract: noDeposit,
			wantErr: order.ErrDepositMissing,
		},
		{
			name:  "a contract no longer signed is refused",
			given: draft, ref: "PO-77", contract: terminated,
			wantErr: order.ErrContractNotSigned,
		},
		{
			name:  "confirmation without the customer's reference is invalid",
			given: draft, ref: " ", contract: signedContract,
			wantErr: domain.ErrInvalid, wantField: "customer_confirmation_ref",
		},
		{
			name:  "confirming again with the same reference records nothing",
			given: confirmedH, ref: "PO-77", contract: signedContract,
		},
		{
			name:  "a dispatched order cannot be confirmed",
			given: inTransit, ref: "PO-78", contract: signedContract,
			wantErr: order.ErrWrongState,
		},
		{
			name: "an unknown order is not found",
			ref:  "PO-77", contract: signedContract,
			wantErr: order.ErrNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Confirm(tt.ref, tt.contract, "rep-1", t0)

			check(t, "Confirm", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}
