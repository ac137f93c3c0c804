package research

import (
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one market-research project's events, in stream order,
// into the project as ResearchProject shows it: the projection's own
// fold, in memory. ok is false when the events do not propose it.
func FoldView(events []eventstore.Recorded) (queries.ResearchProjectView, bool, error) {
	return tables.FoldRow(projectEvents, events, research.Stream(""), foldProject, func(row *queries.ResearchProjectView, e tables.Decoded) {
		row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	})
}
