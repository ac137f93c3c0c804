package memory_test

import (
	"testing"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// TestStore runs the conformance suite. The memory store commits every
// append under one lock in position order, so it needs no Begin.
func TestStore(t *testing.T) {
	eventstoretest.Run(t, func(*testing.T) eventstore.Store { return memory.New() }, eventstoretest.Options{})
}
