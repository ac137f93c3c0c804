package commands

import (
	"flag"
	"os"
	"testing"
)

var noCache = flag.Bool("nocache", false, "run the commands tests with the aggregate cache off")

// TestMain lets the whole suite run without the aggregate cache:
// go test ./commands -args -nocache.
func TestMain(m *testing.M) {
	flag.Parse()
	if *noCache {
		defaultAggregateCache = 0
	}
	os.Exit(m.Run())
}

// ForgetAggregates empties h's aggregate cache, for tests whose commands
// must all read the store (a barrier on reads lines them up).
func ForgetAggregates(h *Handler) { h.log.cache.clear() }

// CachedAggregates returns how many streams h keeps folded.
func CachedAggregates(h *Handler) int { return h.log.cache.size() }

// Rebuilt returns a Handler over h's store, codec and clock, built with
// opts as the composition root would build it: tests use it to run
// commands under regulation versions or ownership facts of their own.
func Rebuilt(h *Handler, opts ...Option) *Handler {
	return New(h.log.store, h.log.codec, h.log.now, opts...)
}

// FlushSnapshots waits until every snapshot h queued is saved.
func FlushSnapshots(h *Handler) {
	if h.log.snapshots != nil {
		h.log.snapshots.flush()
	}
}
