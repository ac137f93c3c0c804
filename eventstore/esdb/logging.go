package esdb

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// clientLogger sends the client's log lines to slog instead of printing
// every one, debug included, on the standard logger. Routine chatter
// (discovery, a subscription dropped because we closed it) goes to Debug.
func clientLogger(l *slog.Logger) esdbclient.LoggingFunc {
	return func(level esdbclient.LogLevel, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		lvl := slog.LevelDebug
		switch level {
		case esdbclient.LogWarn:
			lvl = slog.LevelWarn
		case esdbclient.LogError:
			lvl = slog.LevelError
		}
		if strings.Contains(msg, "context canceled") {
			lvl = slog.LevelDebug
		}
		l.Log(context.Background(), lvl, "esdb client: "+msg)
	}
}
