package meetings

import (
	"slices"

	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// foldMeeting applies one event to its meeting; the statuses follow
// meeting.Meeting.Evolve. Events of a meeting never scheduled change
// nothing.
func foldMeeting(rows map[string]*queries.MeetingView, id string, e tables.Decoded) {
	if ev, ok := e.Event.(meeting.Scheduled); ok {
		if rows[id] == nil {
			rows[id] = scheduledRow(id, ev)
		}
		return
	}
	row := rows[id]
	if row == nil {
		return
	}
	switch ev := e.Event.(type) {
	case meeting.RoomBooked:
		at := ev.BookedAt
		row.Room, row.RoomBookedAt = ev.Room, &at
	case meeting.AbsenceExcused:
		setAttendance(row, ev.EmployeeID, queries.AttendanceExcused, ev.Reason)
	case meeting.Held:
		held(row, ev)
	case meeting.MinutesRecorded:
		at := ev.RecordedAt
		row.Status, row.MinutesRecordedAt, row.Minutes, row.Actions = string(meeting.StatusMinutesRecorded), &at, ev.Content, ev.Actions
		row.OpenMinutes, row.Uncountersigned = false, row.Important && unsigned(row.Signatures)
	case meeting.MinutesCountersigned:
		countersigned(row, ev)
	case meeting.Closed:
		at := ev.ClosedAt
		row.Status, row.ClosedAt = string(meeting.StatusClosed), &at
	}
}

func scheduledRow(id string, ev meeting.Scheduled) *queries.MeetingView {
	row := &queries.MeetingView{MeetingID: id, Kind: string(ev.Kind), Title: ev.Title, OrgUnitID: ev.OrgUnitID,
		ChairID: ev.ChairID, StartsAt: ev.StartsAt, DurationMinutes: int64(ev.DurationMinutes), Important: ev.Important,
		Status: string(meeting.StatusScheduled), Attendance: []queries.MeetingAttendee{}}
	for _, a := range ev.Attendees {
		row.Attendance = append(row.Attendance, queries.MeetingAttendee{EmployeeID: a, State: queries.AttendanceExpected})
	}
	for _, s := range ev.Signatories {
		row.Signatures = append(row.Signatures, queries.MeetingSignature{SignatoryID: s})
	}
	return row
}

func held(row *queries.MeetingView, ev meeting.Held) {
	start, end := ev.StartedAt, ev.EndedAt
	row.Status, row.StartedAt, row.EndedAt, row.Overran = string(meeting.StatusHeld), &start, &end, ev.Overran
	row.OpenMinutes = true
	for _, id := range ev.Present {
		setAttendance(row, id, queries.AttendancePresent, "")
	}
	for _, id := range ev.Absent {
		setAttendance(row, id, queries.AttendanceAbsent, "")
	}
}

func countersigned(row *queries.MeetingView, ev meeting.MinutesCountersigned) {
	row.Signatures = slices.Clone(row.Signatures)
	for i := range row.Signatures {
		if row.Signatures[i].SignatoryID == ev.SignatoryID {
			at := ev.SignedAt
			row.Signatures[i].SignedAt = &at
		}
	}
	if !unsigned(row.Signatures) {
		row.Status, row.Uncountersigned = string(meeting.StatusCountersigned), false
	}
}

// unsigned reports whether some signatory has not countersigned.
func unsigned(signatures []queries.MeetingSignature) bool {
	return slices.ContainsFunc(signatures, func(s queries.MeetingSignature) bool { return s.SignedAt == nil })
}

// setAttendance records employee id's attendance, copying the list so a
// fold never changes a row another state shares.
func setAttendance(v *queries.MeetingView, id, state, reason string) {
	v.Attendance = slices.Clone(v.Attendance)
	for i := range v.Attendance {
		if v.Attendance[i].EmployeeID == id {
			v.Attendance[i].State, v.Attendance[i].Reason = state, reason
		}
	}
}
