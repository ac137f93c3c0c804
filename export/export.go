package export

import (
	"context"
	"fmt"
	"io"

	"github.com/opsledger/opsledger/eventstore"
)

// readBatch is how many events an export reads from the store at a time.
const readBatch = 2000

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
	var read, written int64
	from := eventstore.Start
	for from.Compare(head) < 0 {
		batch, err := store.ReadAll(ctx, from, readBatch, q.filter())
		if err != nil {
			return written, fmt.Errorf("export: read the log after %s: %w", from, err)
		}
		if len(batch) == 0 {
			break
		}
		for _, e := range batch {
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
			if err := out.write(rowOf(e)); err != nil {
				return written, fmt.Errorf("export: write event %s: %w", e.ID, err)
			}
			written++
		}
		read += int64(len(batch))
		from = batch[len(batch)-1].Position
		if opts.Progress != nil {
			opts.Progress(read)
		}
	}
	return written, finish(out, written)
}

func finish(out rowWriter, written int64) error {
	if err := out.close(); err != nil {
		return fmt.Errorf("export: finish the file after %d events: %w", written, err)
	}
	return nil
}
