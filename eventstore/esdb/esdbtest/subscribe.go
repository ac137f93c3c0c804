package esdbtest

import (
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
)

// subscribe confirms the subscription (the client waits for that message
// before anything else), then sends the stored events after the start,
// then new ones as they are written, until the client goes away.
func (s *streamsServer) subscribe(o *streams.ReadReq_Options, match func(*record) bool, enc encoder, srv streams.Streams_ReadServer) error {
	if err := srv.Send(&streams.ReadResp{Content: &streams.ReadResp_Confirmation{
		Confirmation: &streams.ReadResp_SubscriptionConfirmation{SubscriptionId: uuid.NewString()},
	}}); err != nil {
		return err
	}
	all, _ := s.log.snapshot()
	next, keep := subscriptionStart(o, all)
	for {
		all, changed := s.log.snapshot()
		for ; next < len(all); next++ {
			r := all[next]
			if !keep(r) || !match(r) {
				continue
			}
			if err := srv.Send(enc.event(r, o.GetAll() != nil)); err != nil {
				return err
			}
		}
		select {
		case <-changed:
		case <-srv.Context().Done():
			return srv.Context().Err()
		}
	}
}

// subscriptionStart returns the index in $all to start from and which
// records belong to the subscribed stream. Starting from a position or a
// revision is exclusive: the subscriber already has that event.
func subscriptionStart(o *streams.ReadReq_Options, all []*record) (int, func(*record) bool) {
	if ao := o.GetAll(); ao != nil {
		keep := func(*record) bool { return true }
		switch ao.GetAllOption().(type) {
		case *streams.ReadReq_Options_AllOptions_Start:
			return 0, keep
		case *streams.ReadReq_Options_AllOptions_End:
			return len(all), keep
		}
		return indexAt(all, ao.GetPosition().GetCommitPosition(), false), keep
	}
	so := o.GetStream()
	name := string(so.GetStreamIdentifier().GetStreamName())
	inStream := func(r *record) bool { return r.stream == name }
	switch so.GetRevisionOption().(type) {
	case *streams.ReadReq_Options_StreamOptions_Start:
		return 0, inStream
	case *streams.ReadReq_Options_StreamOptions_End:
		return len(all), inStream
	}
	rev := so.GetRevision()
	return 0, func(r *record) bool { return inStream(r) && r.revision > rev }
}
