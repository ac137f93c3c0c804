package tables

import (
	"strings"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/privacy"
)

// SplitErasures returns the events of a batch that are not erasures of
// data subjects of kind, and the subjects those erasures name, in order
// (rule P1-erasure). A batch without erasures (nearly every one) comes
// back as it is, without allocating.
func SplitErasures(events []eventstore.Recorded, kind privacy.SubjectKind) ([]eventstore.Recorded, []privacy.Subject) {
	prefix := privacy.StreamPrefix(kind)
	first := -1
	for i := range events {
		if strings.HasPrefix(events[i].Stream, prefix) {
			first = i
			break
		}
	}
	if first < 0 {
		return events, nil
	}
	rest := append([]eventstore.Recorded(nil), events[:first]...)
	var erased []privacy.Subject
	for _, e := range events[first:] {
		if !strings.HasPrefix(e.Stream, prefix) {
			rest = append(rest, e)
			continue
		}
		s, err := privacy.ParseSubject(e.Stream[len(privacy.SubjectStreamPrefix):])
		if err == nil && e.Type == (privacy.SubjectErased{}).EventType() {
			erased = append(erased, s)
		}
	}
	return rest, erased
}
