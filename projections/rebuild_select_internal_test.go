package projections

import (
	"fmt"
	"slices"
	"testing"

	"github.com/opsledger/opsledger/eventstore"
)

// selectionFilters are filters as the read models write them: none, by
// stream prefixes (one a prefix of another), by types, and by both.
var selectionFilters = []eventstore.Filter{
	{},
	{StreamPrefixes: []string{"order-"}},
	{StreamPrefixes: []string{"employee-", "privacy-employee-"}},
	{StreamPrefixes: []string{"privacy-"}},
	{EventTypes: []string{"OrderPlaced", "ContractSigned"}},
	{StreamPrefixes: []string{"contract-", "order-"}, EventTypes: []string{"ContractSigned", "OrderShipped"}},
	{StreamPrefixes: []string{"nothing-"}},
}

// selectionBatch returns n events of mixed streams and types; later
// batches (from > 0) bring types the earlier ones did not.
func selectionBatch(from, n int) []eventstore.Recorded {
	streams := []string{"order-1", "order-", "contract-7", "employee-3", "privacy-employee-3", "privacy-contact-9", "ord", "customer-2"}
	types := []string{"OrderPlaced", "OrderShipped", "ContractSigned", "EmployeeHired", "SubjectErased"}
	out := make([]eventstore.Recorded, n)
	for i := range out {
		k := from + i
		out[i] = recordedOf(fmt.Sprint(k), streams[k%len(streams)], types[(k/3)%len(types)])
		if from > 0 && k%5 == 0 {
			out[i].Type = fmt.Sprintf("Later%d", k%4)
		}
	}
	return out
}

// Given the filters of a rebuild's read models, when the reader describes
// each batch once and every read model selects by its description, then
// each read model gets exactly the events, in order, that matching its
// filter event by event selected, batch after batch (types first met in a
// later batch included).
func TestKindFilter_selectsWhatTheFilterSelects_batchAfterBatch(t *testing.T) {
	reader := newKindReader(selectionFilters)
	if reader == nil {
		t.Fatal("given seven filters' prefixes, the reader describes nothing")
	}
	kfs := make([]*kindFilter, len(selectionFilters))
	for i, f := range selectionFilters {
		kfs[i] = newKindFilter(reader, f)
	}
	for b := range 3 {
		events := selectionBatch(b*97, 97)
		kinds := reader.describe(events)
		for i, f := range selectionFilters {
			got, want := idsOf(kfs[i].selected(events, kinds)), idsOf(selectedBy(f, events))
			if !slices.Equal(got, want) {
				t.Fatalf("batch %d, filter %+v: selected %v, want %v", b, f, got, want)
			}
		}
	}
}

// Given filters with more distinct stream prefixes than a bit set holds,
// when the reader is made, then it describes nothing and the read models
// select event by event, the same events.
func TestKindFilter_tooManyPrefixes_selectsEventByEvent(t *testing.T) {
	var filters []eventstore.Filter
	for i := range maxSharedPrefixes + 1 {
		filters = append(filters, eventstore.Filter{StreamPrefixes: []string{fmt.Sprintf("s%d-", i)}})
	}
	reader := newKindReader(filters)
	if reader != nil {
		t.Fatalf("given %d prefixes, the reader describes batches", maxSharedPrefixes+1)
	}
	events := []eventstore.Recorded{recordedOf("1", "s1-a", "A"), recordedOf("2", "s2-b", "B"), recordedOf("3", "s1-c", "C")}
	got := idsOf(newKindFilter(reader, filters[1]).selected(events, reader.describe(events)))
	if want := idsOf(selectedBy(filters[1], events)); !slices.Equal(got, want) || len(got) != 2 {
		t.Fatalf("selected %v, want %v", got, want)
	}
}

func recordedOf(id, stream, typ string) eventstore.Recorded {
	return eventstore.Recorded{EventData: eventstore.EventData{ID: id, Type: typ}, Stream: stream}
}

func idsOf(events []eventstore.Recorded) []string {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	return ids
}
