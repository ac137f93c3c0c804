package postgres_test

import (
	"testing"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
)

// TestStore_Conformance: the encrypting wrapper over the memory store is
// a store like any other (the suite's events carry no personal fields,
// so this holds the wrapper to passing everything else through).
func TestStore_Conformance(t *testing.T) {
	eventstoretest.Run(t, func(t *testing.T) eventstore.Store { return newWorld(t).store }, eventstoretest.Options{})
}
