package main

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
)

// appendTotals reads the server's /metrics for the event store's append
// histogram: seconds spent in appends and their count. Differences over
// the load give the mean append time inside a command.
func appendTotals(ctx context.Context, c *benchClient) (seconds, count float64) {
	status, body, err := c.send(ctx, http.MethodGet, "/metrics", "", "", nil)
	if err != nil || status != http.StatusOK {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "opsledger_eventstore_append_duration_seconds_sum":
			seconds = v
		case "opsledger_eventstore_append_duration_seconds_count":
			count = v
		}
	}
	return seconds, count
}
