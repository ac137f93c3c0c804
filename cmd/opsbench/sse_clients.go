package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// sseClient is one connected stream and what it has read, in the order
// it read it: a slice, not a map, so that 200 clients reading 1,000
// events a second each cost the benchmark's own process little beyond
// the parsing (a map per client, with a time.Time per event, made the
// garbage collector scan millions of entries and starved the server it
// measures).
type sseClient struct {
	epoch time.Time
	mu    sync.Mutex
	// received is filled chunk by chunk: one growing slice copied all it
	// held at each doubling, 20,000 receipts per client over a run, and
	// those copies (runtime.growslice, memmove) were 6-9% of the
	// process's CPU in the profile, taken from the server it measures.
	received [][]sseReceipt
	last     eventstore.Position // the highest position read
	err      error
}

// receiptChunk is how many receipts a chunk of sseClient.received holds.
const receiptChunk = 4096

// sseReceipt is one event read, at a time since the feed's epoch.
type sseReceipt struct {
	pos eventstore.Position
	at  time.Duration
}

// sseFeed is the benchmark's clients.
type sseFeed struct {
	epoch   time.Time
	clients []*sseClient
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// connectSSEClients opens n streams and returns once every one has
// answered (its first comment line).
func connectSSEClients(ctx context.Context, base, token string, n int) (*sseFeed, error) {
	ctx, cancel := context.WithCancel(ctx)
	f := &sseFeed{cancel: cancel, epoch: time.Now()}
	transport := &http.Transport{MaxIdleConnsPerHost: n, DisableCompression: true}
	httpClient := &http.Client{Transport: transport}
	ready := make(chan error, n)
	for range n {
		c := &sseClient{epoch: f.epoch}
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
	resp, err := openStream(ctx, hc, req)
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
		line := sc.Bytes()
		if first && bytes.HasPrefix(line, []byte(":")) {
			ready <- nil
			first = false
		}
		if id, ok := bytes.CutPrefix(line, []byte("id: ")); ok {
			c.note(string(id), time.Since(c.epoch))
		}
	}
	if ctx.Err() == nil {
		c.mu.Lock()
		c.err = fmt.Errorf("sse: stream ended: %v", sc.Err())
		c.mu.Unlock()
	}
}

// openStream sends req, again after a while when the server answers 503
// (on a loaded machine the roster may not yet confirm the GM just hired;
// the API asks to retry), up to ten times.
func openStream(ctx context.Context, hc *http.Client, req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := hc.Do(req)
		if err != nil || resp.StatusCode != http.StatusServiceUnavailable || attempt == 10 {
			return resp, err
		}
		resp.Body.Close()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (c *sseClient) note(id string, at time.Duration) {
	pos, err := eventstore.ParsePosition(id)
	if err != nil {
		return
	}
	c.mu.Lock()
	if n := len(c.received); n == 0 || len(c.received[n-1]) == receiptChunk {
		c.received = append(c.received, make([]sseReceipt, 0, receiptChunk))
	}
	n := len(c.received) - 1
	c.received[n] = append(c.received[n], sseReceipt{pos, at})
	if pos.Compare(c.last) > 0 {
		c.last = pos
	}
	c.mu.Unlock()
}

// read returns what c read, sorted by position, and how many of those it
// read more than once (kept once in the result, the first time).
func (c *sseClient) read() ([]sseReceipt, int) {
	c.mu.Lock()
	got := slices.Concat(c.received...)
	c.mu.Unlock()
	slices.SortStableFunc(got, func(a, b sseReceipt) int { return a.pos.Compare(b.pos) })
	n := len(got)
	got = slices.CompactFunc(got, func(a, b sseReceipt) bool { return a.pos == b.pos })
	return got, n - len(got)
}

// find is the receipt of pos in got (sorted by position).
func find(got []sseReceipt, pos eventstore.Position) (sseReceipt, bool) {
	i, ok := slices.BinarySearchFunc(got, pos, func(r sseReceipt, p eventstore.Position) int { return r.pos.Compare(p) })
	if !ok {
		return sseReceipt{}, false
	}
	return got[i], true
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
	for time.Now().Before(deadline) && f.unread(load) {
		time.Sleep(50 * time.Millisecond)
	}
	var lat []float64
	missed, dups, ended := 0, 0, 0
	for _, c := range f.clients {
		got, twice := c.read()
		for pos, at := range load.committed {
			r, ok := find(got, pos)
			if !ok {
				missed++
				continue
			}
			lat = append(lat, max(0, float64(r.at-at.Sub(f.epoch))/float64(time.Millisecond)))
		}
		dups += twice
		c.mu.Lock()
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

// unread reports whether some live client has not yet read the last
// committed event. A stream delivers in log order, so a client that read
// it has read every event before it or missed it for good. Counting the
// events read would not do: the stream also carries events the load did
// not commit itself (the reactions' and deadlines'), so a count could
// reach the load's while a committed event is still on its way.
func (f *sseFeed) unread(load loadResult) bool {
	var last eventstore.Position
	for pos := range load.committed {
		if pos.Compare(last) > 0 {
			last = pos
		}
	}
	for _, c := range f.clients {
		c.mu.Lock()
		short := c.err == nil && c.last.Compare(last) < 0
		c.mu.Unlock()
		if short {
			return true
		}
	}
	return false
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
