package snapshots

import "context"

// Ref names the snapshots of one stream under one schema.
type Ref struct{ Stream, Schema string }

// RecentLister is the optional part of a Store that lists the streams
// whose snapshots were saved last, newest first, at most limit of them.
// A restarted instance folds their aggregates into its cache before it
// says it is ready (decision 58): the streams that grew last before
// a restart are the likeliest to take the next commands.
type RecentLister interface {
	Recent(ctx context.Context, limit int) ([]Ref, error)
}
