package esdb_test

import (
	"os"
	"testing"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
)

// realServerMaxEventSize leaves room under EventStoreDB's default 1 MiB
// append limit, which counts metadata and system fields too.
const realServerMaxEventSize = 1<<20 - 16<<10

func TestStore_Conformance(t *testing.T) {
	t.Run("against the fake", func(t *testing.T) {
		srv := esdbtest.New(t)
		store := open(t, srv.URL())
		eventstoretest.Run(t, func(*testing.T) eventstore.Store { return store }, eventstoretest.Options{})
	})
	t.Run("against a real server", func(t *testing.T) {
		url := os.Getenv("TEST_ESDB_URL")
		if url == "" {
			t.Skip("TEST_ESDB_URL not set")
		}
		store := open(t, url)
		eventstoretest.Run(t, func(*testing.T) eventstore.Store { return store }, eventstoretest.Options{
			MaxEventSize: realServerMaxEventSize,
		})
	})
}
