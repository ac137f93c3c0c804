package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
)

// measureAloneBaselines times, one request at a time as the cold command
// is timed, a second command on each of the long streams the cold
// command ran on (now cached: warm_command_ms_10k) and as many requests
// to the plain service (crud_alone_ms). The cold command's goal is set
// in milliseconds, but a lone command waits for its commit's WAL flush
// like any lone write: the two baselines show how much of the cold
// figure the restart costs (cold − warm) and how much any durable write
// costs on this machine (the plain service's lone insert).
func (c *comparison) measureAloneBaselines(ctx context.Context, long []string) error {
	var err error
	if c.warmLongMS, err = c.medianCommand(ctx, long); err != nil {
		return err
	}
	ms := make([]float64, len(long))
	for i := range ms {
		if ms[i], err = c.timePlain(ctx); err != nil {
			return err
		}
	}
	slices.Sort(ms)
	c.plainAloneMS = ms[len(ms)/2]
	return nil
}

// timePlain times one request to the plain service, alone.
func (c *comparison) timePlain(ctx context.Context) (float64, error) {
	req := oneEventRequests(c.fx.customers, c.fx.team.rep)()
	start := time.Now()
	status, out, err := c.env.client.sendTo(ctx, c.crud.base, req.method, req.path, req.token, uuid.NewString(), req.body)
	took := time.Since(start)
	if err != nil || status != http.StatusCreated && status != http.StatusOK {
		return 0, fmt.Errorf("plain service alone: status %d %v %.200s", status, err, out)
	}
	return float64(took.Microseconds()) / 1000, nil
}
