package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/livefeed"
)

// EventFeed is the live feed of business events the stream serves
// (livefeed.Hub): events are released to it once the read models have
// applied them.
type EventFeed interface {
	// Released is the position up to which events have been released.
	Released(ctx context.Context) (eventstore.Position, error)
	// Follow starts a client after from; livefeed.ErrAhead when from is
	// after the end of the log.
	Follow(ctx context.Context, from eventstore.Position, filter eventstore.Filter, may func(eventstore.Recorded) bool) (*livefeed.Client, error)
}

const (
	// streamPath is the live stream's route.
	streamPath = "/events/stream"
	// defaultHeartbeat is how often an idle stream sends a comment line,
	// so proxies and browsers keep it open and a dead client is noticed.
	defaultHeartbeat = 15 * time.Second
	// streamWriteTimeout bounds each write to a stream: a client that
	// takes longer to accept bytes is cut off (it resumes from its last
	// event), instead of the whole-response write timeout of the HTTP
	// server, which would end every stream after it.
	streamWriteTimeout = 10 * time.Second
	// streamRetryMillis is the reconnection delay the stream asks
	// EventSource to use.
	streamRetryMillis = 2000
)

// StreamedEvent is the data of one stream message: an event's envelope
// and where its aggregate is read, never its body (rule D-sse-scope).
type StreamedEvent struct {
	// Position is the event's global position, also the message's id:
	// resume after it with Last-Event-ID.
	Position      string `json:"position"`
	Type          string `json:"type"`
	AggregateType string `json:"aggregate_type"`
	AggregateID   string `json:"aggregate_id"`
	// Resource is the API path of the aggregate; its history is at
	// Resource + "/history".
	Resource      string      `json:"resource"`
	StreamVersion uint64      `json:"stream_version"`
	RecordedAt    time.Time   `json:"recorded_at"`
	EffectiveAt   time.Time   `json:"effective_at,omitzero"`
	ActorID       string      `json:"actor_id,omitempty"`
	ActorRole     domain.Role `json:"actor_role,omitempty"`
	OrgUnitID     string      `json:"org_unit_id,omitempty"`
}

func streamedEvent(e eventstore.Recorded) StreamedEvent {
	a, id, _ := aggregateOf(e.Stream)
	return StreamedEvent{
		Position: e.Position.String(), Type: e.Type, AggregateType: a.Name, AggregateID: id, Resource: a.Path + id,
		StreamVersion: e.StreamVersion, RecordedAt: e.RecordedAt.UTC(), EffectiveAt: e.Metadata.EffectiveAt,
		ActorID: e.Metadata.ActorID, ActorRole: e.Metadata.ActorRole, OrgUnitID: e.Metadata.ActorOrgUnitID,
	}
}

// streamQuery documents the stream's query parameters.
func streamQuery() []QueryParam {
	return []QueryParam{
		{Name: "aggregate", Enum: aggregateNames(), Description: "only events of this aggregate type (repeat for several)"},
		{Name: "type", Enum: commands.Codec().Types(), Description: "only events of this type (repeat for several)"},
		text("org_unit", "only events recorded under this org unit (others than your own need a company-wide role)"),
		{Name: "ticket", Description: "a ticket from POST /events/stream/tickets, for clients that cannot send Authorization (EventSource)"},
		{Name: "last_event_id", Description: "resume after this position, as the Last-Event-ID header does (which wins when both are sent)"},
	}
}

// eventRoutes serve the live stream; the ticket route is behind the
// usual bearer authentication.
func eventRoutes(s *Server, rt *routes) {
	if s.Events == nil {
		return
	}
	rt.add(Route{Method: http.MethodPost, Pattern: streamPath + "/tickets", Tag: "Events", Status: http.StatusCreated,
		Summary:  "A one-minute ticket that opens the live event stream, for browsers (EventSource cannot send Authorization)",
		Response: StreamTicket{}}, s.issueStreamTicket)
}

// streamRoutes are mounted apart from the other routes: the stream takes
// a ticket in place of a bearer token, and is no request to rate-limit
// per second.
func streamRoutes(s *Server, rt *routes) {
	if s.Events == nil {
		return
	}
	query := streamQuery()
	rt.add(Route{Method: http.MethodGet, Pattern: streamPath, Tag: "Events", Query: query, ContentType: "text/event-stream",
		Response: StreamedEvent{}, // each message's data
		Summary: "Live business events (Server-Sent Events) the caller may see, released once the read models applied them; " +
			"resumable with Last-Event-ID (a position); heartbeats are comment lines"},
		validQuery(query, s.streamEvents))
}

// streamRequest is a checked stream request.
type streamRequest struct {
	from   eventstore.Position
	resume bool
	filter eventstore.Filter
	unit   string
}

func (s *Server) parseStreamRequest(r *http.Request, actor domain.Actor) (streamRequest, error) {
	q := r.URL.Query()
	var req streamRequest
	aggregates := eventAggregates
	if names := nonEmpty(q["aggregate"]); len(names) > 0 {
		aggregates = nil
		for _, a := range eventAggregates {
			if slices.Contains(names, a.Name) {
				aggregates = append(aggregates, a)
				req.filter.StreamPrefixes = append(req.filter.StreamPrefixes, a.Prefix)
			}
		}
		for _, a := range aggregates {
			if scopeOf(actor, a) == scopeNone {
				return req, domain.Forbidden(a.Name + " events are not visible to your roles")
			}
		}
	}
	if !mayFollowAny(actor, aggregates) {
		return req, domain.Forbidden("the live event stream is visible to roles that read a list of business records")
	}
	req.filter.EventTypes = nonEmpty(q["type"])
	req.unit = q.Get("org_unit")
	if req.unit != "" && !orgUnitPattern.MatchString(req.unit) {
		return req, badParam("org_unit", "an org unit id: letters, digits, '-', '_' or '.', at most 64")
	}
	if req.unit != "" && !mayFilterOrgUnit(actor, aggregates, req.unit) {
		return req, domain.Forbidden("you see the events of your own org unit only")
	}
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = q.Get("last_event_id")
	}
	if last != "" {
		pos, err := eventstore.ParsePosition(last)
		if err != nil {
			return req, badLastEventID("not a position of this stream (an event id it sent)")
		}
		req.from, req.resume = pos, true
	}
	return req, nil
}

// orgUnitPattern is what an org unit id looks like (HQ-SALES, EAST).
var orgUnitPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// badLastEventID is the 400 of a resume position the stream never sent.
func badLastEventID(reason string) *Problem {
	p := newProblem(http.StatusBadRequest, kindMalformed, "Invalid Last-Event-ID", "Last-Event-ID "+reason)
	p.Errors = []FieldProblem{{Field: "Last-Event-ID", Reason: reason}}
	return p
}

func nonEmpty(vs []string) []string {
	return slices.DeleteFunc(slices.Clone(vs), func(v string) bool { return v == "" })
}

// may is the request's visibility and org unit filter.
func (req streamRequest) may(actor domain.Actor) func(eventstore.Recorded) bool {
	return func(e eventstore.Recorded) bool {
		if req.unit != "" && e.Metadata.ActorOrgUnitID != req.unit {
			return false
		}
		return mayReceive(actor, e)
	}
}

// streamEvents serves the live stream until the client leaves, is too
// slow, or the server stops.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request) {
	actor := actorFrom(r.Context())
	req, err := s.parseStreamRequest(r, actor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	if !req.resume {
		if req.from, err = s.Events.Released(ctx); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	client, err := s.Events.Follow(ctx, req.from, req.filter, req.may(actor))
	if errors.Is(err, livefeed.ErrAhead) {
		writeProblem(w, r, badLastEventID("is after the end of the log: not a position this stream sent"))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer client.Close()
	out := newStreamWriter(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // proxies must not hold messages back
	w.WriteHeader(http.StatusOK)
	if out.sendBytes(fmt.Appendf(nil, "retry: %d\n: stream open\n\n", streamRetryMillis)) != nil {
		return
	}
	s.pump(ctx, client, out)
}

// pump writes the client's events as they come and a heartbeat when none
// came for a while.
func (s *Server) pump(ctx context.Context, client *livefeed.Client, out *streamWriter) {
	beat := s.StreamHeartbeat
	if beat <= 0 {
		beat = defaultHeartbeat
	}
	for {
		waitCtx, cancel := context.WithTimeout(ctx, beat)
		batch, err := client.Next(waitCtx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, context.DeadlineExceeded):
			if out.sendBytes([]byte(": heartbeat\n\n")) != nil {
				return
			}
			continue
		case err != nil: // dropped as too slow, or the server stops: the client resumes
			s.log.DebugContext(ctx, "event stream ended", "err", err)
			return
		}
		if out.send(batch) != nil {
			return
		}
	}
}

// StreamMessage encodes an event as a stream message whose id is its
// position (livefeed.Options.Encode): the feed encodes each live event
// once for all the clients it goes to.
func StreamMessage(e eventstore.Recorded) []byte {
	data, _ := json.Marshal(streamedEvent(e)) // plain fields: cannot fail
	return fmt.Appendf(nil, "id: %s\ndata: %s\n\n", e.Position, data)
}

// streamWriter writes and flushes each message at once, with a deadline
// per write instead of the server's deadline for the whole response.
type streamWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func newStreamWriter(w http.ResponseWriter) *streamWriter {
	return &streamWriter{w: w, rc: http.NewResponseController(w)}
}

// sendBytes writes b and flushes it.
func (sw *streamWriter) sendBytes(b []byte) error {
	sw.setDeadline()
	if _, err := sw.w.Write(b); err != nil {
		return err
	}
	return sw.rc.Flush()
}

// send writes the messages one after the other into the response's
// buffer and flushes once: no copy of the batch into one slice first.
func (sw *streamWriter) send(batch []*livefeed.Message) error {
	sw.setDeadline()
	for _, m := range batch {
		if _, err := sw.w.Write(m.Data); err != nil {
			return err
		}
	}
	return sw.rc.Flush()
}

// setDeadline gives the next write its own deadline. A writer that
// cannot take one (a test recorder) keeps the server's; the stream then
// ends at its write timeout and the client resumes.
func (sw *streamWriter) setDeadline() {
	_ = sw.rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
}
