package customers

import (
	"time"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one customer's events, in stream order, into the file as
// Customer shows it, with its stale flag as of now: the projection's own
// fold, in memory. ok is false when the events do not register the
// customer (none of them known or in force yet).
func FoldView(events []eventstore.Recorded, now time.Time) (v queries.CustomerView, ok bool, err error) {
	return FoldViewFrom(nil, events, now)
}

// FoldViewFrom is FoldView starting from from, a stored version of the
// file (VersionBefore; nil: none), with the events after it.
func FoldViewFrom(from *queries.CustomerView, events []eventstore.Recorded, now time.Time) (v queries.CustomerView, ok bool, err error) {
	if from != nil && len(events) == 0 {
		v = *from
		v.Stale = staleAt(v, customer.MonthOf(now))
		return v, true, nil
	}
	b := customerBatch{
		files:    tables.NewSet("customers", func(r *customerRow) string { return r.CustomerID }, "customer_id"),
		contacts: tables.NewSet("customer_contacts", func(r *keyContactRow) string { return r.CustomerID + "\x00" + r.ContactID }, "customer_id", "contact_id"),
		log:      &tables.AppendSet[contactLogRow]{Table: "customer_contact_log"},
	}
	if from != nil {
		start := &customerRow{}
		if err := tables.CopyColumns(start, from); err != nil {
			return v, false, err
		}
		b.files.Put(start)
	}
	if err := tables.FoldStream(New().events, events, b.apply); err != nil || len(events) == 0 {
		return v, false, err
	}
	row := b.files.Get(events[0].Stream[len(customerPrefix):])
	if row == nil {
		return v, false, nil
	}
	if err := tables.CopyColumns(&v, row); err != nil {
		return v, false, err
	}
	v.Stale = staleAt(v, customer.MonthOf(now))
	return v, true, nil
}
