package esdbtest

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

type streamsServer struct {
	streams.UnimplementedStreamsServer
	log *eventLog
}

// Append collects the options message and the proposed events, then
// writes them in one go.
func (s *streamsServer) Append(srv streams.Streams_AppendServer) error {
	first, err := srv.Recv()
	if err != nil {
		return err
	}
	opts := first.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "append: first message must be options")
	}
	var msgs []*streams.AppendReq_ProposedMessage
	for {
		req, err := srv.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return err
		}
		m := req.GetProposedMessage()
		if m == nil {
			return status.Error(codes.InvalidArgument, "append: expected a proposed message")
		}
		msgs = append(msgs, m)
	}
	return srv.SendAndClose(s.log.append(opts, msgs))
}

// Read serves stream reads, $all reads and subscriptions. A read sends
// only event and stream-not-found messages: the client panics on any other
// message type in a read.
func (s *streamsServer) Read(req *streams.ReadReq, srv streams.Streams_ReadServer) error {
	o := req.GetOptions()
	match, err := compileFilter(o.GetFilter())
	if err != nil {
		return err
	}
	enc := encoder{structured: o.GetUuidOption().GetString_() == nil}
	if o.GetSubscription() != nil {
		return s.subscribe(o, match, enc, srv)
	}
	var recs []*record
	if so := o.GetStream(); so != nil {
		name := string(so.GetStreamIdentifier().GetStreamName())
		cur := s.log.stream(name)
		if len(cur) == 0 {
			return srv.Send(&streams.ReadResp{Content: &streams.ReadResp_StreamNotFound_{
				StreamNotFound: &streams.ReadResp_StreamNotFound{StreamIdentifier: so.GetStreamIdentifier()},
			}})
		}
		recs = selectStream(cur, so, o.GetReadDirection())
	} else if ao := o.GetAll(); ao != nil {
		all, _ := s.log.snapshot()
		recs = selectAll(all, ao, o.GetReadDirection())
	} else {
		return status.Error(codes.InvalidArgument, "read: no stream option")
	}
	count := o.GetCount()
	for _, r := range recs {
		if count == 0 {
			break
		}
		if !match(r) {
			continue
		}
		if err := srv.Send(enc.event(r, o.GetAll() != nil)); err != nil {
			return err
		}
		count--
	}
	return nil
}

// selectStream returns the stream's events in read order from the start
// the options name.
func selectStream(cur []*record, so *streams.ReadReq_Options_StreamOptions, dir streams.ReadReq_Options_ReadDirection) []*record {
	n := uint64(len(cur))
	backwards := dir == streams.ReadReq_Options_Backwards
	var from uint64
	switch so.GetRevisionOption().(type) {
	case *streams.ReadReq_Options_StreamOptions_Start:
		from = 0
	case *streams.ReadReq_Options_StreamOptions_End:
		from = n // forwards: nothing; backwards: the last event
	default:
		from = so.GetRevision()
	}
	if !backwards {
		if from >= n {
			return nil
		}
		return cur[from:]
	}
	if from >= n {
		from = n - 1
	}
	return reversed(cur[:from+1])
}

// selectAll returns $all in read order: forwards from a position includes
// the event at it, backwards from a position excludes it.
func selectAll(all []*record, ao *streams.ReadReq_Options_AllOptions, dir streams.ReadReq_Options_ReadDirection) []*record {
	backwards := dir == streams.ReadReq_Options_Backwards
	var i int
	switch ao.GetAllOption().(type) {
	case *streams.ReadReq_Options_AllOptions_Start:
		i = 0
	case *streams.ReadReq_Options_AllOptions_End:
		i = len(all)
	default:
		i = indexAt(all, ao.GetPosition().GetCommitPosition(), true)
	}
	if backwards {
		return reversed(all[:i])
	}
	return all[i:]
}

func reversed(rs []*record) []*record {
	out := make([]*record, len(rs))
	for i, r := range rs {
		out[len(rs)-1-i] = r
	}
	return out
}

// compileFilter turns a server-side filter into a predicate: stream name or
// event type, by regex or by any of several prefixes.
func compileFilter(f *streams.ReadReq_Options_FilterOptions) (func(*record) bool, error) {
	if f == nil {
		return func(*record) bool { return true }, nil
	}
	expr, field := f.GetStreamIdentifier(), func(r *record) string { return r.stream }
	if expr == nil {
		expr, field = f.GetEventType(), (*record).eventType
	}
	if expr == nil {
		return nil, status.Error(codes.InvalidArgument, "filter: no expression")
	}
	if expr.GetRegex() != "" {
		re, err := regexp.Compile(expr.GetRegex())
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, fmt.Sprintf("filter: %v", err))
		}
		return func(r *record) bool { return re.MatchString(field(r)) }, nil
	}
	prefixes := expr.GetPrefix()
	return func(r *record) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(field(r), p) {
				return true
			}
		}
		return false
	}, nil
}

// encoder renders records the way the request asked for ids.
type encoder struct{ structured bool }

func (e encoder) event(r *record, withCommit bool) *streams.ReadResp {
	ev := &streams.ReadResp_ReadEvent{Event: &streams.ReadResp_ReadEvent_RecordedEvent{
		Id:               e.uuid(r.id),
		StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(r.stream)},
		StreamRevision:   r.revision,
		PreparePosition:  r.pos,
		CommitPosition:   r.pos,
		Metadata:         r.meta,
		CustomMetadata:   r.custom,
		Data:             r.data,
	}}
	if withCommit {
		ev.Position = &streams.ReadResp_ReadEvent_CommitPosition{CommitPosition: r.pos}
	} else {
		ev.Position = &streams.ReadResp_ReadEvent_NoPosition{NoPosition: &shared.Empty{}}
	}
	return &streams.ReadResp{Content: &streams.ReadResp_Event{Event: ev}}
}

func (e encoder) uuid(id uuid.UUID) *shared.UUID {
	if !e.structured {
		return &shared.UUID{Value: &shared.UUID_String_{String_: id.String()}}
	}
	return &shared.UUID{Value: &shared.UUID_Structured_{Structured: &shared.UUID_Structured{
		MostSignificantBits:  int64(be64(id[:8])),
		LeastSignificantBits: int64(be64(id[8:])),
	}}}
}
