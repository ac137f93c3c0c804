package complaints

import (
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one complaint's events, in stream order, into the
// complaint as Complaint shows it: the projection's own fold, in memory.
// ok is false when the events do not receive the complaint.
func FoldView(events []eventstore.Recorded) (v queries.ComplaintView, ok bool, err error) {
	rows := map[string]*queries.ComplaintView{}
	var foldErr error
	err = tables.FoldStream(complaintEvents, events, func(id string, e tables.Decoded) {
		if foldErr != nil {
			return
		}
		foldErr = foldComplaint(rows, id, e)
		if row := rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	})
	if err == nil {
		err = foldErr
	}
	if err != nil || len(events) == 0 {
		return v, false, err
	}
	row := rows[events[0].Stream[len(complaint.Stream("")):]]
	if row == nil {
		return v, false, nil
	}
	v = *row
	v.Derive()
	return v, true, nil
}
