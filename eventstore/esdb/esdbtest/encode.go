package esdbtest

import (
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

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

func uuidFromProto(u *shared.UUID) uuid.UUID {
	if st := u.GetStructured(); st != nil {
		var id uuid.UUID
		binary.BigEndian.PutUint64(id[:8], uint64(st.GetMostSignificantBits()))
		binary.BigEndian.PutUint64(id[8:], uint64(st.GetLeastSignificantBits()))
		return id
	}
	id, err := uuid.Parse(u.GetString_())
	if err != nil {
		return uuid.Nil
	}
	return id
}

func be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
