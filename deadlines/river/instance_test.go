package river_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	deadlineriver "github.com/opsledger/opsledger/deadlines/river"
)

// TestInstanceID names the process and fits River's limit on client ids.
func TestInstanceID(t *testing.T) {
	id := deadlineriver.InstanceID(time.Date(2026, 12, 7, 1, 2, 3, 456789000, time.UTC))
	if !strings.Contains(id, fmt.Sprintf("_pid%d_", os.Getpid())) || !strings.HasSuffix(id, "_2026_12_07T01_02_03_456789") || len(id) > 100 {
		t.Errorf("InstanceID() = %q, want the host, this process id and the start, within 100 characters", id)
	}
}
