package main

import (
	"strings"
	"testing"
)

// TestConfig_Deadlines: given OPS_DEADLINES unset, on or off, then the
// instance fires deadlines unless it is off; any other value is refused
// naming the variable.
func TestConfig_Deadlines(t *testing.T) {
	for env, off := range map[string]bool{"": false, "on": false, "off": true} {
		cfg, err := loadConfig(envOf("OPS_DEADLINES", env))
		if err != nil || cfg.app.NoDeadlines != off {
			t.Errorf("OPS_DEADLINES=%q: NoDeadlines %v, err %v; want %v", env, cfg.app.NoDeadlines, err, off)
		}
	}
	if _, err := loadConfig(envOf("OPS_DEADLINES", "sometimes")); err == nil || !strings.Contains(err.Error(), "OPS_DEADLINES must be on") {
		t.Errorf("OPS_DEADLINES=sometimes: err %v, want it refused naming the variable", err)
	}
}
