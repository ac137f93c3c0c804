package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/messaging/bus/bustest"
)

// TestConfig_PubSub: given OPS_PUBSUB and the NATS variables, then a
// complete setting is read, and each mistake is refused naming its
// variable before anything connects.
func TestConfig_PubSub(t *testing.T) {
	good := []struct {
		env  []string
		kind bus.Kind
		root string
	}{
		{nil, bus.GoChannel, "opsledger"},
		{[]string{"OPS_PUBSUB", "postgres"}, bus.Postgres, "opsledger"},
		{[]string{"OPS_PUBSUB", "nats", "OPS_NATS_URL", "nats://127.0.0.1:4222,nats://10.0.0.2:4222"}, bus.NATS, "opsledger"},
		{[]string{"OPS_PUBSUB", "nats", "OPS_NATS_URL", "tls://nats.example.com:4222", "OPS_NATS_SUBJECT_ROOT", "acme"}, bus.NATS, "acme"},
	}
	for _, tt := range good {
		cfg, err := loadConfig(envOf(tt.env...))
		if err != nil || cfg.app.PubSub != tt.kind || cfg.app.NATSSubjectRoot != tt.root {
			t.Errorf("%v: kind %q root %q err %v; want %q %q", tt.env, cfg.app.PubSub, cfg.app.NATSSubjectRoot, err, tt.kind, tt.root)
		}
	}
	bad := []struct {
		env  []string
		want string
	}{
		{[]string{"OPS_PUBSUB", "kafka"}, "OPS_PUBSUB must be gochannel"},
		{[]string{"OPS_PUBSUB", "nats"}, "OPS_NATS_URL is required"},
		{[]string{"OPS_NATS_URL", "nats://127.0.0.1:4222"}, "set OPS_PUBSUB=nats"},
		{[]string{"OPS_PUBSUB", "nats", "OPS_NATS_URL", "http://127.0.0.1:4222"}, "OPS_NATS_URL must be a nats://"},
		{[]string{"OPS_PUBSUB", "nats", "OPS_NATS_URL", "nats://127.0.0.1:4222", "OPS_NATS_SUBJECT_ROOT", "acme.prod"}, "OPS_NATS_SUBJECT_ROOT must be one NATS token"},
		{[]string{"OPS_PUBSUB", "nats", "OPS_NATS_URL", "nats://127.0.0.1:4222", "OPS_NATS_SUBJECT_ROOT", "*"}, "OPS_NATS_SUBJECT_ROOT must be one NATS token"},
	}
	for _, tt := range bad {
		if _, err := loadConfig(envOf(tt.env...)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err %v, want one containing %q", tt.env, err, tt.want)
		}
	}
}

// TestPreflight_NATS: given OPS_PUBSUB=nats, when the server does not
// answer, then preflight refuses naming OPS_NATS_URL without its
// password; when it answers with JetStream, preflight passes.
func TestPreflight_NATS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := loadConfig(envOf("OPS_PUBSUB", "nats", "OPS_NATS_URL", "nats://ops:hunter2@"+closedAddr(t)))
	if err != nil {
		t.Fatal(err)
	}
	err = preflight(ctx, cfg, false)
	if err == nil || !strings.Contains(err.Error(), "OPS_NATS_URL") || !strings.Contains(err.Error(), "NATS unreachable") {
		t.Errorf("preflight against a closed port: %v, want NATS unreachable", err)
	} else if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
	cfg, err = loadConfig(envOf("OPS_PUBSUB", "nats", "OPS_NATS_URL", bustest.URL(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := preflight(ctx, cfg, false); err != nil {
		t.Errorf("preflight against a running NATS with JetStream: %v", err)
	}
}
