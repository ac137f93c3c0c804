package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// countingMetrics records what the server reports through Metrics.
type countingMetrics struct {
	mu      sync.Mutex
	limited map[string]int
}

func (c *countingMetrics) rateLimitedBy(limit string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limited[limit]++
}

// Given limits of 5 requests a second per client and per address, when
// 20 requests of one client and 20 forged ones of one address arrive,
// then every 429 is reported to the metrics under its limit, and no
// other answer is.
func TestServer_RateLimitRejectionsCounted(t *testing.T) {
	counts := &countingMetrics{limited: map[string]int{}}
	s := NewServer(Deps{Commands: &commands.Handler{},
		Auth:        tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleGM}}},
		Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor:     func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler),
		RateLimit: 5, IPRateLimit: 1000,
		Metrics: Metrics{RateLimited: counts.rateLimitedBy}})
	answered := map[string]int{}
	for range 20 {
		if w := headersGet(s, "/customers", "good", "192.0.2.9:4000"); w.Code == http.StatusTooManyRequests {
			answered["client"]++
		}
	}
	byAddress := NewServer(Deps{Commands: &commands.Handler{},
		Auth: tokenTable{}, Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor: func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler),
		IPRateLimit: 5, Metrics: Metrics{RateLimited: counts.rateLimitedBy}})
	for range 20 {
		if w := headersGet(byAddress, "/customers", "forged", "192.0.2.1:4000"); w.Code == http.StatusTooManyRequests {
			answered["address"]++
		}
	}

	for _, limit := range []string{"client", "address"} {
		if answered[limit] < 10 {
			t.Fatalf("%d of 20 requests over the %s limit answered 429, want at least 10 (limit 5/s)", answered[limit], limit)
		}
	}
	for _, limit := range []string{"client", "address"} {
		if counts.limited[limit] != answered[limit] {
			t.Errorf("rate-limit rejections reported under %q = %d, want the %d 429s answered", limit, counts.limited[limit], answered[limit])
		}
	}
}

func TestCommandName(t *testing.T) {
	s := &Server{}
	if got := commandName(s.registerTargetCustomer); got != "registerTargetCustomer" {
		t.Errorf("commandName(s.registerTargetCustomer) = %q, want registerTargetCustomer", got)
	}
}
