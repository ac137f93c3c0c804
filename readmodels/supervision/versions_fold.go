package supervision

import (
	"time"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldNotice folds one rectification notice's events, in stream order,
// into the notice as RectificationNotice shows it, overdue as of the day
// of now: the projection's own fold, in memory. ok is false when the
// events do not issue the notice.
func FoldNotice(events []eventstore.Recorded, now time.Time) (queries.RectificationNoticeView, bool, error) {
	v, ok, err := tables.FoldRow(supervisionEvents, events, sv.NoticeStream(""), foldNotice, func(row *queries.RectificationNoticeView, e tables.Decoded) {
		row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	})
	if ok {
		v.DeriveOverdue(now)
	}
	return v, ok, err
}
