package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sseMessage is one message of the event stream.
type sseMessage struct {
	ID   string
	Data struct {
		Position      string `json:"position"`
		Type          string `json:"type"`
		AggregateType string `json:"aggregate_type"`
		AggregateID   string `json:"aggregate_id"`
		Resource      string `json:"resource"`
		ActorID       string `json:"actor_id"`
		StreamVersion uint64 `json:"stream_version"`
	}
	Comment string
}

// sseStream is an open event stream read line by line in the background.
type sseStream struct {
	resp     *http.Response
	messages chan sseMessage
	cancel   context.CancelFunc
}

// openStream opens baseURL+path with headers (name, value pairs) and
// fails the test unless it answers 200 text/event-stream.
func openStream(t testing.TB, baseURL, path, token string, headers ...string) *sseStream {
	t.Helper()
	s, resp := tryStream(t, baseURL, path, token, headers...)
	if s == nil {
		t.Fatalf("GET %s: status %d, want 200", path, resp.StatusCode)
	}
	return s
}

// tryStream opens a stream; on an answer other than 200 it returns nil
// and the response with its body unread.
func tryStream(t testing.TB, baseURL, path, token string, headers ...string) (*sseStream, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "text/event-stream")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := streamClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		cancel()
		return nil, resp
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("GET %s: Content-Type %q, want text/event-stream", path, ct)
	}
	s := &sseStream{resp: resp, messages: make(chan sseMessage, 1000), cancel: cancel}
	go s.read()
	t.Cleanup(s.Close)
	return s, resp
}

// streamClient has no time limit and enough connections for many streams.
var streamClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2000, DisableCompression: true}}

func (s *sseStream) Close() {
	s.cancel()
	s.resp.Body.Close()
}

// read parses the stream: messages and comment lines, until it ends.
func (s *sseStream) read() {
	defer close(s.messages)
	sc := bufio.NewScanner(s.resp.Body)
	var m sseMessage
	var data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if data != "" {
				json.Unmarshal([]byte(data), &m.Data) //nolint:errcheck // the test compares fields
				s.messages <- m
			}
			m, data = sseMessage{}, ""
		case strings.HasPrefix(line, ":"):
			s.messages <- sseMessage{Comment: strings.TrimSpace(line[1:])}
		case strings.HasPrefix(line, "id: "):
			m.ID = line[4:]
		case strings.HasPrefix(line, "data: "):
			data += line[6:]
		}
	}
}

// next returns the next event message (comments skipped), failing after
// wait.
func (s *sseStream) next(t testing.TB, wait time.Duration) sseMessage {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case m, ok := <-s.messages:
			if !ok {
				t.Fatalf("stream ended while waiting for an event")
			}
			if m.Comment == "" {
				return m
			}
		case <-deadline:
			t.Fatalf("no event within %s", wait)
		}
	}
}

// none fails if an event message arrives within wait.
func (s *sseStream) none(t testing.TB, wait time.Duration) {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case m, ok := <-s.messages:
			if ok && m.Comment == "" {
				t.Fatalf("unexpected event %s %s %s", m.Data.Type, m.Data.AggregateType, m.Data.AggregateID)
			}
			if !ok {
				return
			}
		case <-deadline:
			return
		}
	}
}

// comment waits for a comment line (a heartbeat) within wait.
func (s *sseStream) comment(t testing.TB, wait time.Duration) string {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case m, ok := <-s.messages:
			if !ok {
				t.Fatalf("stream ended while waiting for a heartbeat")
			}
			if m.Comment != "" && m.Comment != "stream open" {
				return m.Comment
			}
		case <-deadline:
			t.Fatalf("no heartbeat within %s", wait)
		}
	}
}

// waitABit pauses while a read model catches up.
func waitABit() { time.Sleep(100 * time.Millisecond) }
