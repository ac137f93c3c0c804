package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// sseClient is one connected stream and what it has read: when it read
// each position, and how many positions it read more than once.
type sseClient struct {
	mu         sync.Mutex
	received   map[eventstore.Position]time.Time
	duplicates int
	err        error
}

// sseFeed is the benchmark's clients.
type sseFeed struct {
	clients []*sseClient
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// connectSSEClients opens n streams and returns once every one has
// answered (its first comment line).
func connectSSEClients(ctx context.Context, base, token string, n int) (*sseFeed, error) {
	ctx, cancel := context.WithCancel(ctx)
	f := &sseFeed{cancel: cancel}
	transport := &http.Transport{MaxIdleConnsPerHost: n, DisableCompression: true}
	httpClient := &http.Client{Transport: transport}
	ready := make(chan error, n)
	for range n {
		c := &sseClient{received: map[eventstore.Position]time.Time{}}
		f.clients = append(f.clients, c)
		f.wg.Go(func() { c.follow(ctx, httpClient, base, token, ready) })
	}
	timeout := time.After(time.Minute)
	for range n {
		select {
		case err := <-ready:
			if err != nil {
				f.close()
				return nil, err
			}
		case <-timeout:
			f.close()
			return nil, errClientsNotReady
		}
	}
	return f, nil
}

// follow reads one stream until ctx ends, telling ready once it is open.
func (c *sseClient) follow(ctx context.Context, hc *http.Client, base, token string, ready chan<- error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/events/stream", nil)
	if err != nil {
		ready <- err
		return
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hc.Do(req)
	if err != nil {
		ready <- err
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		ready <- fmt.Errorf("sse: GET /events/stream: %s", resp.Status)
		return
	}
	sc := bufio.NewScanner(resp.Body)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first && strings.HasPrefix(line, ":") {
			ready <- nil
			first = false
		}
		if id, ok := strings.CutPrefix(line, "id: "); ok {
			c.note(id, time.Now())
		}
	}
	if ctx.Err() == nil {
		c.mu.Lock()
		c.err = fmt.Errorf("sse: stream ended: %v", sc.Err())
		c.mu.Unlock()
	}
}

func (c *sseClient) note(id string, at time.Time) {
	pos, err := eventstore.ParsePosition(id)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, seen := c.received[pos]; seen {
		c.duplicates++
		return
	}
	c.received[pos] = at
}

func (f *sseFeed) close() {
	f.cancel()
	f.wg.Wait()
}

// results waits up to grace for the clients to read every committed
// event, then measures commit → received per client and event, and
// counts what was missed or read twice.
func (f *sseFeed) results(load loadResult, grace time.Duration) map[string]float64 {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && f.missing(load) > 0 {
		time.Sleep(50 * time.Millisecond)
	}
	var lat []float64
	missed, dups, ended := 0, 0, 0
	for _, c := range f.clients {
		c.mu.Lock()
		for pos, at := range load.committed {
			got, ok := c.received[pos]
			if !ok {
				missed++
				continue
			}
			lat = append(lat, max(0, got.Sub(at).Seconds()*1000))
		}
		dups += c.duplicates
		if c.err != nil {
			ended++
		}
		c.mu.Unlock()
	}
	slices.Sort(lat)
	return map[string]float64{
		"sse_clients": float64(len(f.clients)), "sse_commands": float64(load.issued), "sse_failed": float64(load.failed),
		"sse_commands_per_sec": float64(len(load.committed)) / load.elapsed.Seconds(),
		"sse_p50_ms":           lagQuantile(lat, 0.50), "sse_p99_ms": lagQuantile(lat, 0.99), "sse_max_ms": lagQuantile(lat, 1),
		"sse_missed": float64(missed), "sse_duplicates": float64(dups), "sse_streams_ended": float64(ended),
	}
}

// missing counts the committed events some client has not read yet.
func (f *sseFeed) missing(load loadResult) int {
	n := 0
	for _, c := range f.clients {
		c.mu.Lock()
		for pos := range load.committed {
			if _, ok := c.received[pos]; !ok {
				n++
			}
		}
		c.mu.Unlock()
	}
	return n
}

func printSSE(r map[string]float64, clients, rate int, d time.Duration) {
	fmt.Printf("%-36s\n", fmt.Sprintf("sse (%d clients, %d/s for %s)", clients, rate, d))
	rows := []struct{ label, key, f string }{
		{"commands issued", "sse_commands", "%12.0f"},
		{"commands failed", "sse_failed", "%12.0f"},
		{"achieved commands/s", "sse_commands_per_sec", "%12.0f"},
		{"commit → received p50 (ms)", "sse_p50_ms", "%12.2f"},
		{"commit → received p99 (ms)", "sse_p99_ms", "%12.2f"},
		{"commit → received max (ms)", "sse_max_ms", "%12.2f"},
		{"events missed (all clients)", "sse_missed", "%12.0f"},
		{"events received twice", "sse_duplicates", "%12.0f"},
		{"streams that ended early", "sse_streams_ended", "%12.0f"},
	}
	for _, row := range rows {
		fmt.Printf("%-36s "+row.f+"\n", row.label, r[row.key])
	}
}
