package snapshots

import "context"

// StreamDeleter is the optional part of a Store that forgets every
// snapshot of a stream. The erasure of a person's data (rule P1-erasure)
// uses it: a snapshot is a folded state in clear, which would keep what
// the erasure destroys. Deleting snapshots changes no answer, only speed.
type StreamDeleter interface {
	DeleteStream(ctx context.Context, stream string) error
}
