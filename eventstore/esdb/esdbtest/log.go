package esdbtest

import (
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
)

// record is one stored event. Records are never modified once appended, so
// readers may use them after releasing the lock.
type record struct {
	id       uuid.UUID
	stream   string
	revision uint64
	pos      uint64 // commit and prepare position alike
	meta     map[string]string
	custom   []byte
	data     []byte
}

func (r *record) eventType() string { return r.meta["type"] }

// eventLog is the fake's whole database: $all plus an index per stream.
type eventLog struct {
	mu      sync.Mutex
	all     []*record
	streams map[string][]*record
	next    uint64
	changed chan struct{} // closed and replaced after every write
	now     func() time.Time
}

func newEventLog() *eventLog {
	return &eventLog{
		streams: map[string][]*record{},
		next:    128,
		changed: make(chan struct{}),
		now:     time.Now,
	}
}

func (l *eventLog) setNow(now func() time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.now = now
}

// snapshot returns $all as it is now and a channel closed by the next write.
func (l *eventLog) snapshot() ([]*record, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.all, l.changed
}

func (l *eventLog) stream(name string) []*record {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.streams[name]
}

// indexAt returns the index in all of the first record at or after pos
// (inclusive) or strictly after it.
func indexAt(all []*record, pos uint64, inclusive bool) int {
	return sort.Search(len(all), func(i int) bool {
		if inclusive {
			return all[i].pos >= pos
		}
		return all[i].pos > pos
	})
}

// append writes msgs to stream if opts' expected revision holds, or
// acknowledges an idempotent retry, or reports a wrong expected version.
func (l *eventLog) append(opts *streams.AppendReq_Options, msgs []*streams.AppendReq_ProposedMessage) *streams.AppendResp {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := string(opts.GetStreamIdentifier().GetStreamName())
	cur := l.streams[name]
	ids := make([]uuid.UUID, len(msgs))
	for i, m := range msgs {
		ids[i] = uuidFromProto(m.GetId())
	}
	ok, retryStart := expectationHolds(opts, cur, ids)
	if retryStart >= 0 && len(ids) > 0 && matchesAt(cur, retryStart, ids) {
		last := cur[retryStart+len(ids)-1]
		return success(last.revision, last.pos)
	}
	if !ok {
		return wrongExpectedVersion(opts, cur)
	}
	if len(msgs) == 0 {
		if len(cur) == 0 {
			return &streams.AppendResp{Result: &streams.AppendResp_Success_{Success: &streams.AppendResp_Success{
				CurrentRevisionOption: &streams.AppendResp_Success_NoStream{NoStream: &shared.Empty{}},
				PositionOption:        &streams.AppendResp_Success_NoPosition{NoPosition: &shared.Empty{}},
			}}}
		}
		last := cur[len(cur)-1]
		return success(last.revision, last.pos)
	}
	var last *record
	for i, m := range msgs {
		last = l.write(name, ids[i], m)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return success(last.revision, last.pos)
}

// expectationHolds reports whether the expected revision matches cur, and
// where a retry of ids would have to start in cur to be idempotent (-1:
// the expectation says nothing about it).
func expectationHolds(opts *streams.AppendReq_Options, cur []*record, ids []uuid.UUID) (bool, int) {
	n := uint64(len(cur))
	switch e := opts.GetExpectedStreamRevision().(type) {
	case *streams.AppendReq_Options_Revision:
		return n == e.Revision+1, int(e.Revision + 1)
	case *streams.AppendReq_Options_NoStream:
		return n == 0, 0
	case *streams.AppendReq_Options_StreamExists:
		return n > 0, findID(cur, ids)
	default: // Any
		return true, findID(cur, ids)
	}
}

func findID(cur []*record, ids []uuid.UUID) int {
	if len(ids) == 0 {
		return -1
	}
	for i, r := range cur {
		if r.id == ids[0] {
			return i
		}
	}
	return -1
}

func matchesAt(cur []*record, start int, ids []uuid.UUID) bool {
	if start < 0 || start+len(ids) > len(cur) {
		return false
	}
	for i, id := range ids {
		if cur[start+i].id != id {
			return false
		}
	}
	return true
}

// write stores one event; the caller holds the lock.
func (l *eventLog) write(name string, id uuid.UUID, m *streams.AppendReq_ProposedMessage) *record {
	meta := map[string]string{}
	for k, v := range m.GetMetadata() {
		meta[k] = v
	}
	// The client parses "created" as .NET ticks since the Unix epoch and
	// exits the process (log.Fatalf) if it is missing or not a number.
	meta["created"] = strconv.FormatInt(l.now().UnixNano()/100, 10)
	r := &record{
		id:       id,
		stream:   name,
		revision: uint64(len(l.streams[name])),
		pos:      l.next,
		meta:     meta,
		custom:   append([]byte(nil), m.GetCustomMetadata()...),
		data:     append([]byte(nil), m.GetData()...),
	}
	// Advance like a byte offset, so nobody mistakes positions for counts.
	l.next += uint64(64 + len(r.data) + len(r.custom))
	l.streams[name] = append(l.streams[name], r)
	l.all = append(l.all, r)
	return r
}
