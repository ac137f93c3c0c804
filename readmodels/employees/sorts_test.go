package employees

import (
	"slices"
	"testing"

	"github.com/opsledger/opsledger/queries"
)

// The API validates and documents ?sort= from the lists in package
// queries; the read model must offer exactly those.
func TestSortOptionsAreTheDocumentedOnes(t *testing.T) {
	spec := employeeList
	if got, want := spec.SortNames(), slices.Sorted(slices.Values(queries.EmployeeSorts)); !slices.Equal(got, want) {
		t.Errorf("the read model sorts by %v, queries.EmployeeSorts documents %v", got, want)
	}
}
