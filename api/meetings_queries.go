package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func meetingQueryRoutes(s *Server, rt *routes) {
	rt.get("/meetings/{id}", meetingTag, "One meeting with its attendance, minutes and countersignatures", queries.MeetingView{},
		s.withAsOf(handleQuery(s, []string{"meetings"}, s.getMeeting)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/meetings", meetingTag, "Meetings, latest first; open_minutes lists the held ones without minutes, uncountersigned the important ones a signatory has not signed",
		queries.Page[queries.MeetingView]{}, handleQuery(s, []string{"meetings"}, s.listMeetings),
		listParams(oneOf("status", queries.MeetingStatuses, "the meeting's status"), oneOf("kind", queries.MeetingKinds, "the kind of meeting"),
			text("org_unit_id", "the meeting's org unit"), boolean("open_minutes", "only held meetings whose minutes are not written"),
			boolean("uncountersigned", "only important meetings whose minutes lack a countersignature"),
			dateTime("starts_from", "starting at or after"), dateTime("starts_to", "starting before"), sortBy(queries.MeetingSorts))...)
}

func (s *Server) getMeeting(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "meetings", queries.MeetingReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.meetingAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}

func (s *Server) listMeetings(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "meetings", queries.MeetingReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.MeetingFilter{Status: q.Get("status"), Kind: q.Get("kind"), OrgUnitID: q.Get("org_unit_id"), Sort: q.Get("sort")}
	if f.OpenMinutes, err = salesCycleBool(r, "open_minutes"); err != nil {
		return nil, 0, err
	}
	if f.Uncountersigned, err = salesCycleBool(r, "uncountersigned"); err != nil {
		return nil, 0, err
	}
	if f.StartsFrom, err = timeParam(r, "starts_from"); err != nil {
		return nil, 0, err
	}
	if f.StartsTo, err = timeParam(r, "starts_to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Meetings(ctx, f, page)
	return res, 0, err
}
