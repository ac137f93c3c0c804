package stock

import (
	"strings"

	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldTransfer folds one transfer's events, in stream order, into the
// transfer as StockTransfer shows it: Apply's own fold, in memory. ok is
// false when the events do not request the transfer.
func FoldTransfer(events []eventstore.Recorded) (queries.StockTransferView, bool, error) {
	return foldOne[queries.StockTransferView](events, stock.TransferStream(""), func(b batch) *tables.Set[transferRow] { return b.transfers })
}

// FoldReplenishment folds one replenishment request's events into the
// request as Replenishment shows it.
func FoldReplenishment(events []eventstore.Recorded) (queries.ReplenishmentView, bool, error) {
	return foldOne[queries.ReplenishmentView](events, stock.ReplenishmentStream(""), func(b batch) *tables.Set[replenishmentRow] { return b.replenishments })
}

var stockEvents = tables.NewEvents(eventstore.NewCodec(stock.Events()...), "", stock.Events()...)

// foldOne folds the events of one aggregate (of the stream prefix) into
// a batch of empty in-memory tables and copies its row of rows into V.
func foldOne[V, R any](events []eventstore.Recorded, prefix string, rows func(batch) *tables.Set[R]) (v V, ok bool, err error) {
	if len(events) == 0 {
		return v, false, nil
	}
	id, mine := strings.CutPrefix(events[0].Stream, prefix)
	if !mine {
		return v, false, nil
	}
	b := newBatch()
	if err := tables.FoldStream(stockEvents, events, func(_ string, e tables.Decoded) { b.apply(e) }); err != nil {
		return v, false, err
	}
	row := rows(b).Get(id)
	if row == nil {
		return v, false, nil
	}
	if err := tables.CopyColumns(&v, row); err != nil {
		return v, false, err
	}
	return v, true, nil
}
