package contracts

import (
	"cmp"
	"slices"
	"strings"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one contract's events, in stream order, into the
// contract as Contract shows it, with its steps and amendments: the
// projection's own fold, in memory. ok is false when the events do not
// draft the contract.
func FoldView(events []eventstore.Recorded) (v queries.ContractView, ok bool, err error) {
	b := contractBatch{
		rows:  tables.NewSet("contracts", func(r *contractRow) string { return r.ContractID }, "contract_id"),
		steps: &tables.AppendSet[contractStepRow]{Table: "contract_steps"},
		amendments: tables.NewSet("contract_amendments", func(r *amendmentRow) string { return r.ContractID + "\x00" + r.AmendmentID },
			"contract_id", "amendment_id"),
	}
	if err := tables.FoldStream(New().events, events, b.apply); err != nil || len(events) == 0 {
		return v, false, err
	}
	row := b.rows.Get(strings.TrimPrefix(events[0].Stream, contract.Stream("")))
	if row == nil {
		return v, false, nil
	}
	if err := tables.CopyColumns(&v, row); err != nil {
		return v, false, err
	}
	if v.Steps, err = tables.CopyRows[queries.ContractStep](b.steps.Added()); err != nil {
		return v, false, err
	}
	amendments := b.amendments.Rows()
	slices.SortFunc(amendments, func(a, b *amendmentRow) int {
		return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), strings.Compare(a.AmendmentID, b.AmendmentID))
	})
	if v.Amendments, err = tables.CopyRows[queries.AmendmentView](amendments); err != nil {
		return v, false, err
	}
	return v, true, nil
}
