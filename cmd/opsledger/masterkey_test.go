package main

import (
	"strings"
	"testing"

	"github.com/opsledger/opsledger/privacy"
)

// TestMasterKey: `opsledger master-key` prints a key OPS_MASTER_KEY
// takes, and a malformed OPS_MASTER_KEY is refused before anything
// connects (rule P1-erasure).
func TestMasterKey(t *testing.T) {
	res := runCLI(t, nil, "master-key")
	if res.code != 0 {
		t.Fatalf("master-key exit %d: %s", res.code, res.stderr)
	}
	var key string
	for _, line := range strings.Split(res.stdout, "\n") {
		if k, ok := strings.CutPrefix(line, "OPS_MASTER_KEY="); ok {
			key = k
		}
	}
	if _, err := privacy.ParseMasterKey(key); err != nil {
		t.Fatalf("master-key printed %q: %v", res.stdout, err)
	}
	c, err := loadConfig(envOf("OPS_MASTER_KEY", key))
	if err != nil || c.app.MasterKey != key {
		t.Fatalf("loadConfig with the key: %v (MasterKey %q)", err, c.app.MasterKey)
	}
	for _, bad := range []string{"short", "bm90IDMyIGJ5dGVz"} {
		if _, err := loadConfig(envOf("OPS_MASTER_KEY", bad)); err == nil || !strings.Contains(err.Error(), "OPS_MASTER_KEY") {
			t.Errorf("OPS_MASTER_KEY=%s: err = %v, want a refusal naming it", bad, err)
		}
	}
}
