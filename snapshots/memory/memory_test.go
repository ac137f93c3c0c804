package memory_test

import (
	"testing"

	"github.com/opsledger/opsledger/snapshots/memory"
	"github.com/opsledger/opsledger/snapshots/snapshotstest"
)

func TestStore(t *testing.T) { snapshotstest.Run(t, memory.New()) }
