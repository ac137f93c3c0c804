package meetings

import (
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one meeting's events, in stream order, into the meeting
// as Meeting shows it: the projection's own fold, in memory. ok is false
// when the events do not schedule the meeting.
func FoldView(events []eventstore.Recorded) (queries.MeetingView, bool, error) {
	return tables.FoldRow(meetingEvents, events, meeting.Stream(""), foldMeeting, func(row *queries.MeetingView, e tables.Decoded) {
		row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	})
}
