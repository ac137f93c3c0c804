package fanout

import (
	"reflect"

	"github.com/opsledger/opsledger/eventstore"
)

// tail is the run of recent events the fanout serves from memory.
//
// Batches handed to subscribers share buf's array, so an event is never
// overwritten or cleared in place: dropping an event only moves off past
// it, and once the dropped prefix is as long as what is left, the rest is
// copied to a new array and the old one (with every body it points to)
// becomes garbage as soon as the subscribers let go of their batches. buf
// thus reaches at most twice the events still kept.
type tail struct {
	base eventstore.Position // just before buf[off]
	buf  []eventstore.Recorded
	off  int // buf[:off] are dropped
	// bytes is the size of buf[off:] as eventSize counts it.
	bytes int
}

// events are the events after base, oldest first.
func (t *tail) events() []eventstore.Recorded { return t.buf[t.off:] }

func (t *tail) push(batch []eventstore.Recorded) {
	t.buf = append(t.buf, batch...)
	for i := range batch {
		t.bytes += eventSize(&batch[i])
	}
}

// drop forgets the oldest n events.
func (t *tail) drop(n int) {
	if n <= 0 {
		return
	}
	ev := t.events()
	for i := range n {
		t.bytes -= eventSize(&ev[i])
	}
	t.base = ev[n-1].Position
	t.off += n
	if left := len(t.buf) - t.off; t.off >= left {
		t.buf, t.off = append([]eventstore.Recorded(nil), t.buf[t.off:]...), 0
	}
}

// over returns how many of the oldest events to drop so that at most
// count events and about maxBytes bytes are kept.
func (t *tail) over(count, maxBytes int) int {
	ev := t.events()
	n, bytes := max(0, len(ev)-count), t.bytes
	for i := range n {
		bytes -= eventSize(&ev[i])
	}
	for ; n < len(ev) && bytes > maxBytes; n++ {
		bytes -= eventSize(&ev[n])
	}
	return n
}

// recordedSize is what a Recorded holds inline (headers, positions, times).
var recordedSize = int(reflect.TypeFor[eventstore.Recorded]().Size())

// eventSize is about the memory an event in the tail keeps alive: the
// Recorded itself, its body and the text of its envelope. It leaves out
// the unused rest of the read buffers the decoder carved them from, which
// the events of a batch share.
func eventSize(e *eventstore.Recorded) int {
	m := &e.Metadata
	return recordedSize + len(e.Data) + len(e.ID) + len(e.Type) + len(e.Stream) +
		len(m.ActorID) + len(m.ActorRole) + len(m.ActorOrgUnitID) + len(m.OnBehalfOf) + len(m.Reason) +
		len(m.SourceDocRef) + len(m.RegulationVersion) + len(m.CorrelationID) + len(m.CausationID) +
		len(m.IdempotencyKey) + len(m.TraceParent) + len(m.PrevHash) + len(m.Hash)
}
