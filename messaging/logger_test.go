package messaging_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/messaging"
)

func TestLogger_watermillInfoIsDebug_errorsStay(t *testing.T) {
	// Given a service log at info level
	var out bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// When watermill logs its per-message info line and an error
	l := messaging.Logger(log)
	l.Info("No subscribers to send message", nil)
	l.Error("handler failed", errors.New("boom"), nil)
	// Then only the error reaches the log
	if strings.Contains(out.String(), "No subscribers") {
		t.Errorf("watermill info line logged at info: %s", out.String())
	}
	if !strings.Contains(out.String(), "handler failed") {
		t.Errorf("watermill error missing from the log: %q", out.String())
	}
}
