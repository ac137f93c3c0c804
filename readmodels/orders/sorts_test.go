package orders

import (
	"slices"
	"testing"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The API validates and documents ?sort= from the lists in package
// queries; the read model must offer exactly those.
func TestSortOptionsAreTheDocumentedOnes(t *testing.T) {
	spec := tables.ListSpec[queries.OrderView]{Sorts: orderSorts}
	if got, want := spec.SortNames(), slices.Sorted(slices.Values(queries.OrderSorts)); !slices.Equal(got, want) {
		t.Errorf("the read model sorts by %v, queries.OrderSorts documents %v", got, want)
	}
}
