package quotations

import (
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one quotation's events, in stream order, into the
// quotation as Quotation shows it, with its approval steps: the
// projection's own fold, in memory. ok is false when the events do not
// draft the quotation.
func FoldView(events []eventstore.Recorded) (v queries.QuotationView, ok bool, err error) {
	rows := tables.NewSet("quotations", func(r *quotationRow) string { return r.QuotationID }, "quotation_id")
	steps := &tables.AppendSet[quotationStepRow]{Table: "quotation_approval_steps"}
	err = tables.FoldStream(New().events, events, func(id string, e tables.Decoded) {
		row := tables.Advance(rows, id, e, openQuotation)
		if row == nil {
			return
		}
		if step := row.apply(e.Event); step != nil {
			step.QuotationID, step.Seq = id, e.StreamVersion
			steps.Add(step)
		}
	})
	if err != nil || len(events) == 0 {
		return v, false, err
	}
	row := rows.Get(events[0].Stream[len(quotationPrefix):])
	if row == nil {
		return v, false, nil
	}
	if err := tables.CopyColumns(&v, row); err != nil {
		return v, false, err
	}
	v.Steps, err = tables.CopyRows[queries.QuotationStep](steps.Added())
	return v, err == nil, err
}
