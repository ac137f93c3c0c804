package tables

import (
	"slices"
	"testing"
)

func TestSortNames_listsEachOptionAndItsReverseWhenBothWays(t *testing.T) {
	oneWay := ListSpec[int]{Sorts: map[string]SortKey[int]{"name": {}, "-updated_at": {}}}
	if got, want := oneWay.SortNames(), []string{"-updated_at", "name"}; !slices.Equal(got, want) {
		t.Errorf("SortNames = %v, want %v", got, want)
	}
	bothWays := ListSpec[int]{Sorts: map[string]SortKey[int]{"name": {}}, BothWays: true}
	if got, want := bothWays.SortNames(), []string{"-name", "name"}; !slices.Equal(got, want) {
		t.Errorf("SortNames with BothWays = %v, want %v", got, want)
	}
}
