package meetings

import (
	"slices"
	"testing"

	"github.com/opsledger/opsledger/queries"
)

// The API validates and documents ?sort= from the lists in package
// queries; the read model must offer exactly those.
func TestSortOptionsAreTheDocumentedOnes(t *testing.T) {
	if got, want := meetingList.SortNames(), slices.Sorted(slices.Values(queries.MeetingSorts)); !slices.Equal(got, want) {
		t.Errorf("the read model sorts by %v, queries.MeetingSorts documents %v", got, want)
	}
}
