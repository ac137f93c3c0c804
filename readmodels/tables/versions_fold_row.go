package tables

import (
	"strings"

	"github.com/opsledger/opsledger/eventstore"
)

// FoldRow folds the events of one aggregate, in stream order, into its
// row with the read model's own row fold, in memory: the as-of view of a
// read model that keeps one row per aggregate and folds a batch's events
// into a map of rows (the shape of its Apply). prefix is the aggregate's
// stream prefix, which the row is keyed by the rest of; stamp sets what
// every event of the row sets (its version and update time). ok is false
// when the events do not open the row.
func FoldRow[V any](ev Events, events []eventstore.Recorded, prefix string,
	fold func(rows map[string]*V, id string, e Decoded), stamp func(row *V, e Decoded)) (v V, ok bool, err error) {
	if len(events) == 0 {
		return v, false, nil
	}
	rows := map[string]*V{}
	err = FoldStream(ev, events, func(_ string, e Decoded) {
		id, mine := strings.CutPrefix(e.Stream, prefix)
		if !mine {
			return
		}
		fold(rows, id, e)
		if row := rows[id]; row != nil {
			stamp(row, e)
		}
	})
	if err != nil {
		return v, false, err
	}
	row := rows[strings.TrimPrefix(events[0].Stream, prefix)]
	if row == nil {
		return v, false, nil
	}
	return *row, true, nil
}
