// Package accesslog records who read whose personal data (SPEC §4.3 A6)
// without making the read wait for the disk: entries go into a bounded
// queue that one writer empties in batches into a Sink (the PostgreSQL
// table of accesslog/postgres). It is never silently lost: when the queue
// is full the read writes its entries itself before it is answered, and
// when that write fails the read is refused (domain.ErrUnavailable, 503)
// rather than answered unrecorded. A failed batch is retried until it is
// written; at shutdown what cannot be written is reported, with its count.
package accesslog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// Sink writes a batch of entries durably, all or none.
type Sink interface {
	Write(ctx context.Context, entries []queries.AccessRecord) error
}

// Options tune the queue. Zero values take the defaults.
type Options struct {
	// Queue is how many entries may wait for the writer (default 16384:
	// about 300 pages of 50 files, a few seconds of heavy reading).
	Queue int
	// Batch is the most entries one write takes (default 1000).
	Batch int
	// Retry is the first pause after a failed batch; it doubles up to
	// five seconds (default 50 ms).
	Retry time.Duration
	// Rest is the longest the writer waits after a batch that held the
	// entries of several reads before it takes the next (default 100 ms);
	// it takes it sooner once a whole batch waits. Under load each COPY
	// and commit then carries up to a batch of entries instead of a
	// few dozen reads' worth: what a transaction costs the database and
	// the writer (its round trips, the id counter, the commit) was about
	// a third of the CPU the log cost a read at a 20 ms rest (batches of
	// 40 reads against 200, writing alone), and the reads share the
	// machine's CPU with it. A read never waits for the rest;
	// its entries become durable a rest later. A batch of one read (light
	// traffic) is followed at once.
	Rest time.Duration
	Log  *slog.Logger
}

func (o *Options) defaults() {
	if o.Queue <= 0 {
		o.Queue = 16384
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Retry <= 0 {
		o.Retry = 50 * time.Millisecond
	}
	if o.Rest <= 0 {
		o.Rest = 100 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Log is the asynchronous read-access log.
type Log struct {
	sink Sink
	opt  Options
	// queue holds one read's entries per item, so a read hands its page of
	// entries over in one send; pending counts the entries it holds, which
	// Options.Queue bounds.
	queue   chan []queries.AccessRecord
	pending atomic.Int64
	// full wakes the resting writer when a whole batch waits.
	full chan struct{}
	// writing counts the entries taken from the queue and not yet
	// written; flushing, the Flush calls under way (the writer does not
	// rest meanwhile).
	writing  atomic.Int64
	flushing atomic.Int32
	// mu orders Record's sends before Close: Record holds it shared while
	// it queues, Close exclusively to stop the queue, so no entry is
	// queued after the writer's last drain.
	mu     sync.RWMutex
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

// New starts the writer of a log over sink.
func New(sink Sink, o Options) *Log {
	o.defaults()
	l := &Log{sink: sink, opt: o, queue: make(chan []queries.AccessRecord, o.Queue), full: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

// ErrNotRecorded refuses a read whose access could not be recorded.
var ErrNotRecorded = fmt.Errorf("%w: the read-access log cannot record this read now; try again shortly", domain.ErrUnavailable)

// Record queues entries for the writer, in one hand-over. When they do
// not fit in the queue (the database is slow or away), they are written
// now, and an error from that write is the read's answer. The log keeps
// entries: the caller must not change them afterwards.
func (l *Log) Record(ctx context.Context, entries ...queries.AccessRecord) error {
	if len(entries) == 0 {
		return nil
	}
	n := int64(len(entries))
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return l.writeNow(ctx, entries)
	}
	pending := l.pending.Add(n)
	if pending > int64(l.opt.Queue) {
		l.pending.Add(-n)
		l.mu.RUnlock()
		return l.writeNow(ctx, entries)
	}
	select {
	case l.queue <- entries:
		l.mu.RUnlock()
		if pending >= int64(l.opt.Batch) && pending-n < int64(l.opt.Batch) {
			l.wake()
		}
		return nil
	default:
		l.pending.Add(-n)
		l.mu.RUnlock()
		return l.writeNow(ctx, entries)
	}
}

func (l *Log) writeNow(ctx context.Context, entries []queries.AccessRecord) error {
	if err := l.sink.Write(ctx, entries); err != nil {
		l.opt.Log.Error("read-access log: a read was refused, its access could not be recorded", "entries", len(entries), "err", err)
		return errors.Join(ErrNotRecorded, err)
	}
	return nil
}

// run writes the queue in batches until Close, then drains it.
func (l *Log) run() {
	defer close(l.done)
	batch := make([]queries.AccessRecord, 0, l.opt.Batch)
	for {
		select {
		case read := <-l.queue:
			var reads int
			batch, reads = l.fill(l.take(batch[:0], read))
			l.writeBatch(batch)
			l.writing.Add(-int64(len(batch)))
			if reads > 1 {
				l.rest()
			}
		case <-l.stop:
			for len(l.queue) > 0 {
				batch, _ = l.fill(batch[:0])
				l.writeBatch(batch)
				l.writing.Add(-int64(len(batch)))
			}
			return
		}
	}
}

// take adds one read's entries to batch (counted as being written before
// they stop counting as pending, so Unwritten never misses them).
func (l *Log) take(batch, read []queries.AccessRecord) []queries.AccessRecord {
	l.writing.Add(int64(len(read)))
	l.pending.Add(-int64(len(read)))
	return append(batch, read...)
}

// fill adds the reads waiting in the queue to batch, up to a batch's
// size (a read is never split), and says how many reads batch holds.
func (l *Log) fill(batch []queries.AccessRecord) ([]queries.AccessRecord, int) {
	reads := 0
	if len(batch) > 0 {
		reads = 1
	}
	for len(batch) < l.opt.Batch {
		select {
		case read := <-l.queue:
			batch, reads = l.take(batch, read), reads+1
		default:
			return batch, reads
		}
	}
	return batch, reads
}

// wake tells a resting writer that a whole batch waits.
func (l *Log) wake() {
	select {
	case l.full <- struct{}{}:
	default:
	}
}

// rest lets the next batch gather, until a whole batch waits or the log
// is closing. A wake-up left from before the last batch is dropped first.
func (l *Log) rest() {
	select {
	case <-l.full:
	default:
	}
	if l.pending.Load() >= int64(l.opt.Batch) || l.flushing.Load() > 0 {
		return
	}
	t := time.NewTimer(l.opt.Rest)
	defer t.Stop()
	select {
	case <-t.C:
	case <-l.full:
	case <-l.stop:
	}
}

// writeBatch writes batch, retrying with a growing pause until it is
// written; after Close it gives up at the first failure, and says how
// many entries are lost.
func (l *Log) writeBatch(batch []queries.AccessRecord) {
	pause := l.opt.Retry
	for {
		err := l.sink.Write(context.Background(), batch)
		if err == nil {
			return
		}
		select {
		case <-l.stop:
			lost := len(batch)
			for len(l.queue) > 0 {
				read := <-l.queue
				l.pending.Add(-int64(len(read)))
				lost += len(read)
			}
			l.opt.Log.Error("read-access log: entries lost at shutdown", "entries", lost, "err", err)
			return
		default:
		}
		l.opt.Log.Warn("read-access log: batch not written, retrying", "entries", len(batch), "err", err, "in", pause)
		select {
		case <-time.After(pause):
		case <-l.stop:
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// Close stops taking entries into the queue (later ones are written by
// their reads), writes what is queued and stops the writer.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	close(l.stop)
	l.mu.Unlock()
	<-l.done
	return nil
}

// Pending is how many entries wait for the writer.
func (l *Log) Pending() int { return int(l.pending.Load()) }

// Unwritten is how many entries wait for the writer or are being written.
func (l *Log) Unwritten() int { return int(l.pending.Load() + l.writing.Load()) }

// Flush waits until the entries recorded before it are written (and any
// recorded meanwhile), the writer taking them without resting; it ends
// early with ctx's error. The benchmark bills the log's work to the
// phase whose reads made it.
func (l *Log) Flush(ctx context.Context) error {
	l.flushing.Add(1)
	defer l.flushing.Add(-1)
	l.wake()
	for l.Unwritten() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.done:
			return nil
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}
