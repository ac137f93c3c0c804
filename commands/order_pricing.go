package commands

import (
	"context"
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
)

// quotedLines is a quotation as an order's price check needs it (K6-order): the
// lines it quotes, which the quotation aggregate itself does not keep.
type quotedLines struct {
	lines []quotation.Line
}

func (q quotedLines) evolve(e domain.Event) quotedLines {
	switch e := e.(type) {
	case quotation.Drafted:
		q.lines = e.Lines
	case quotation.Revised:
		q.lines = e.Lines
	}
	return q
}

// orderPrices loads the unit prices the contract in force authorises: the
// lines of the approved final quotation its price rests on (after an
// amendment, the amended price's). A contract resting on no quotation
// authorises none.
func (h *Orders) orderPrices(ctx context.Context, ct contract.Contract) (order.Prices, error) {
	id := ct.Paper.QuotationID
	if id == "" {
		return order.Prices{}, nil
	}
	q, _, err := h.quotes.Load(ctx, quotation.Stream(id))
	if err != nil {
		return order.Prices{}, err
	}
	prices := order.Prices{QuotationID: id}
	for _, l := range q.lines {
		prices.Lines = append(prices.Lines, order.QuotedPrice{Product: l.Product, UnitPrice: l.UnitPrice})
	}
	return prices, nil
}

// recheckPrices closes the race between an order decision and a contract
// amendment (K6-order must hold under concurrency). The decision checked the
// prices of the contract as it read it, but the order and the contract
// are two streams and no append can be conditional on both: an amendment
// may take effect between that read and the order's append. So once the
// order's events are in, the contract is read again; if the price in
// force is no longer the one decided on, the order is checked against it
// and order.UnauthorisedQuotationDetected recorded when its lines no
// longer match. An amendment that commits after this read came after the
// order, and Confirm and ApproveChange check the prices in force again.
//
// A replayed command always rechecks: a recheck the first attempt recorded
// replays too (so the repeat answers what the first did), and a retry
// after a failure between the two appends records what the first attempt
// could not. The recheck is appended under a key derived from the
// command's, without If-Match: it follows the command's own append.
func (h *Orders) recheckPrices(ctx context.Context, m Meta, orderID string, role domain.Role, decided order.ContractFacts, res Result) (Result, error) {
	if decided.ContractID == "" || (res.Events == 0 && !res.Replayed) {
		return res, nil
	}
	now, err := h.orderContractFacts(ctx, decided.ContractID)
	if err != nil {
		return res, err
	}
	if !res.Replayed && samePrices(now.Prices, decided.Prices) {
		return res, nil
	}
	rm := m
	rm.IfVersion = nil
	if m.IdempotencyKey != "" {
		rm.IdempotencyKey = m.IdempotencyKey + ":price-recheck"
	}
	rec, err := h.onOrder(ctx, rm, orderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RecheckPrices(now.Prices, m.Actor.EmployeeID, h.now()), nil
	})
	if err != nil || (rec.Events == 0 && !rec.Replayed) {
		return res, err
	}
	rec.Events += res.Events
	rec.Replayed = res.Replayed
	return rec, nil
}

func samePrices(a, b order.Prices) bool {
	return a.QuotationID == b.QuotationID && slices.EqualFunc(a.Lines, b.Lines, func(x, y order.QuotedPrice) bool {
		return x.Product == y.Product && x.UnitPrice.Equal(y.UnitPrice)
	})
}
