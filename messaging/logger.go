package messaging

import (
	"log/slog"

	"github.com/ThreeDotsLabs/watermill"
)

// Logger adapts log for watermill. Watermill logs its own plumbing at
// info level, one line per message on a topic nobody subscribes to
// ("No subscribers to send message"): thousands of lines for a demo seed.
// Those go to debug; its warnings and errors stay what they are.
func Logger(log *slog.Logger) watermill.LoggerAdapter {
	return watermill.NewSlogLoggerWithLevelMapping(log, map[slog.Level]slog.Level{slog.LevelInfo: slog.LevelDebug})
}
