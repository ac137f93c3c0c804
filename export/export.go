package export

import (
	"context"
	"fmt"
	"io"

	"github.com/opsledger/opsledger/eventstore"
)

// readBatch is how many events an export reads from the store at a time:
// as many as a projection catching up reads, so the reads cost what the
// log's read-back costs.
const readBatch = 5000

// Options are what an export's caller follows it with; the zero value
// follows nothing.
type Options struct {
	// Progress, when not nil, is told the number of events read so far
	// (selected or not) after each batch.
	Progress func(read int64)
	// Before, when not nil, is called with each selected event before it
	// is written; an error stops the export (the API records there who
	// reads whose personal data, and a read it cannot record is refused).
	Before func(eventstore.Recorded) error
}

// Write writes the events q selects to w in format f, in the global log's
// order, and returns how many it wrote. It exports the log as it stands
// when it starts (up to its head then), so a long export is one
// consistent cut however many events arrive meanwhile.
func Write(ctx context.Context, store eventstore.Store, q Query, f Format, w io.Writer, opts Options) (int64, error) {
	out, err := newRowWriter(f, w)
	if err != nil {
		return 0, err
	}
	head, err := store.Head(ctx)
	if err != nil {
		return 0, fmt.Errorf("export: read the log's head: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	batches := readAhead(ctx, store, q.filter(), head)
	defer func() {
		cancel()
		for range batches { // the reader has stopped when it closes them
		}
	}()
	var read, written int64
	for b := range batches {
		if b.err != nil {
			return written, b.err
		}
		for _, e := range b.events {
			if e.Position.Compare(head) > 0 {
				return written, finish(out, written)
			}
			if !q.inRange(e.RecordedAt) {
				continue
			}
			if opts.Before != nil {
				if err := opts.Before(e); err != nil {
					return written, err
				}
			}
			if err := out.write(e); err != nil {
				return written, fmt.Errorf("export: write event %s: %w", e.ID, err)
			}
			written++
		}
		read += int64(len(b.events))
		if opts.Progress != nil {
			opts.Progress(read)
		}
	}
	if err := ctx.Err(); err != nil {
		return written, err
	}
	return written, finish(out, written)
}

// batchRead is one batch of the log, or the error that ended the reading.
type batchRead struct {
	events []eventstore.Recorded
	err    error
}

// readAhead reads the log up to head on a goroutine of its own, a batch
// ahead of the writer, so the store's reading and the rows' encoding
// overlap. It closes the channel at head, after an error, or when ctx
// ends.
func readAhead(ctx context.Context, store eventstore.Store, filter eventstore.Filter, head eventstore.Position) <-chan batchRead {
	out := make(chan batchRead, 1)
	go func() {
		defer close(out)
		for from := eventstore.Start; from.Compare(head) < 0; {
			batch, err := store.ReadAll(ctx, from, readBatch, filter)
			if err != nil {
				err = fmt.Errorf("export: read the log after %s: %w", from, err)
			} else if len(batch) == 0 {
				return
			}
			select {
			case out <- batchRead{events: batch, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			from = batch[len(batch)-1].Position
		}
	}()
	return out
}

func finish(out rowWriter, written int64) error {
	if err := out.close(); err != nil {
		return fmt.Errorf("export: finish the file after %d events: %w", written, err)
	}
	return nil
}
