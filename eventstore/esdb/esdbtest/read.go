package esdbtest

import (
	"errors"
	"io"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
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
	recs, notFound, err := s.selectRead(o)
	if notFound != nil || err != nil {
		if notFound != nil {
			err = srv.Send(notFound)
		}
		return err
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

// selectRead returns the records a read covers in read order, or the
// stream-not-found message to send instead.
func (s *streamsServer) selectRead(o *streams.ReadReq_Options) ([]*record, *streams.ReadResp, error) {
	if ao := o.GetAll(); ao != nil {
		all, _ := s.log.snapshot()
		return selectAll(all, ao, o.GetReadDirection()), nil, nil
	}
	so := o.GetStream()
	if so == nil {
		return nil, nil, status.Error(codes.InvalidArgument, "read: no stream option")
	}
	cur := s.log.stream(string(so.GetStreamIdentifier().GetStreamName()))
	if len(cur) == 0 {
		return nil, &streams.ReadResp{Content: &streams.ReadResp_StreamNotFound_{
			StreamNotFound: &streams.ReadResp_StreamNotFound{StreamIdentifier: so.GetStreamIdentifier()},
		}}, nil
	}
	return selectStream(cur, so, o.GetReadDirection()), nil, nil
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
