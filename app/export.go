package app

import (
	"context"
	"io"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/export"
)

// exportEvents writes the events q selects from the application's store,
// the store every reader uses, so an export shows what the API shows.
func (a *App) exportEvents(ctx context.Context, q export.Query, f export.Format, w io.Writer, before func(eventstore.Recorded) error) (int64, error) {
	return export.Write(ctx, a.Store, q, f, w, export.Options{Before: before})
}
