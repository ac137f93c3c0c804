package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// newStreamEnv starts the whole application with heartbeats every
// 200 ms.
func newStreamEnv(t *testing.T) *apptest.Env {
	t.Helper()
	return apptest.NewWith(t, func(c *app.Config) { c.StreamHeartbeat = 200 * time.Millisecond })
}

func TestEventStream_tellsOfACommandOnlyOnceTheReadModelsAnswerIt(t *testing.T) {
	// Given the GM following the stream
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer", gm)
	// When a rep registers a customer
	id, position := customerRegister(t, env, rep, "SSE-1")
	// Then the stream tells of it, with its position as id and the
	// aggregate's resource
	m := stream.next(t, 10*time.Second)
	if m.ID != position || m.Data.Type != "customer.registered" || m.Data.AggregateID != id || m.Data.Resource != "/customers/"+id {
		t.Fatalf("message %+v, want customer.registered of /customers/%s at %s", m, id, position)
	}
	// And the API already answers with it, without waiting
	if resp := env.Do(t, "GET", "/customers/"+id, gm, nil); resp.Status != http.StatusOK {
		t.Fatalf("GET /customers/%s right after the event: %d %s", id, resp.Status, resp.Body)
	}
}

func TestEventStream_resumesAfterLastEventID_andRefusesPositionsItNeverSent(t *testing.T) {
	// Given two customers registered before anyone followed the stream
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	_, first := customerRegister(t, env, rep, "SSE-R1")
	second, _ := customerRegister(t, env, rep, "SSE-R2")
	// When the GM resumes after the first one's position
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer", gm, "Last-Event-ID", first)
	// Then the second arrives, once
	if m := stream.next(t, 10*time.Second); m.Data.AggregateID != second {
		t.Fatalf("resumed with %s %s, want the second customer %s", m.Data.Type, m.Data.AggregateID, second)
	}
	stream.none(t, 300*time.Millisecond)
	// And a Last-Event-ID that is not a position, or is after the log, is 400
	for _, bad := range []string{"yesterday", "999999999999-0"} {
		_, resp := tryStream(t, env.Server.URL, "/events/stream", gm, "Last-Event-ID", bad)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("Last-Event-ID %q: status %d, want 400", bad, resp.StatusCode)
		}
		resp.Body.Close()
	}
	// The query parameter form is checked the same way
	_, resp := tryStream(t, env.Server.URL, "/events/stream?last_event_id=1-2-3", gm)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("last_event_id=1-2-3: status %d, want 400", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestEventStream_refusesUnknownFiltersAndRolesThatReadNoList(t *testing.T) {
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	// the admin office reads the meetings since they are on the feed
	// (D-sse-scope-all); a business engineer reads no list
	admin := env.Token(t, "eng-1", "HQ", domain.RoleBusinessEngineer)
	cases := []struct {
		name, path, token string
		status            int
	}{
		{"unknown aggregate", "/events/stream?aggregate=invoice", gm, http.StatusBadRequest},
		{"unknown event type", "/events/stream?type=CustomerVanished", gm, http.StatusBadRequest},
		{"unknown parameter", "/events/stream?colour=red", gm, http.StatusBadRequest},
		{"no token", "/events/stream", "", http.StatusUnauthorized},
		{"bad ticket", "/events/stream?ticket=forged", "", http.StatusUnauthorized},
		{"a role that reads no list", "/events/stream", admin, http.StatusForbidden},
		{"a rep asking for employee events", "/events/stream?aggregate=employee", rep, http.StatusForbidden},
		{"a rep asking for another org unit", "/events/stream?org_unit=EAST", rep, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, resp := tryStream(t, env.Server.URL, c.path, c.token)
			defer resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q, want application/problem+json", ct)
			}
		})
	}
}

func TestEventStream_aRepSeesTheirOwnEventsOnly(t *testing.T) {
	// Given two reps, the first following the stream
	env := newStreamEnv(t)
	rep1 := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	rep2 := env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer", rep1)
	// When the second rep registers a customer, then the first
	customerRegister(t, env, rep2, "SSE-O2")
	own, _ := customerRegister(t, env, rep1, "SSE-O1")
	// Then the first rep is told only of their own
	if m := stream.next(t, 10*time.Second); m.Data.AggregateID != own || m.Data.ActorID != "rep-1" {
		t.Fatalf("rep-1 was told of %s by %s, want only their own customer %s", m.Data.AggregateID, m.Data.ActorID, own)
	}
	stream.none(t, 300*time.Millisecond)
}

func TestEventStream_opensWithATicket_forBrowsers(t *testing.T) {
	// Given the GM's ticket
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	resp := env.Do(t, "POST", "/events/stream/tickets", gm, nil)
	if resp.Status != http.StatusCreated {
		t.Fatalf("ticket: %d %s", resp.Status, resp.Body)
	}
	var ticket struct {
		Ticket    string    `json:"ticket"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	resp.JSON(t, &ticket)
	if left := time.Until(ticket.ExpiresAt); left <= 0 || left > time.Minute {
		t.Fatalf("ticket expires in %s, want within a minute", left)
	}
	// When a stream is opened with it and no Authorization header
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer&ticket="+ticket.Ticket, "")
	id, _ := customerRegister(t, env, rep, "SSE-T1")
	// Then it carries the GM's events
	if m := stream.next(t, 10*time.Second); m.Data.AggregateID != id {
		t.Fatalf("got %s, want customer %s", m.Data.AggregateID, id)
	}
	// And the ticket opens nothing else
	if r := env.Do(t, "GET", "/customers?ticket="+ticket.Ticket, "", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("GET /customers with a ticket: %d, want 401", r.Status)
	}
}

func TestEventStream_sendsHeartbeats_andOutlivesTheServersWriteTimeout(t *testing.T) {
	// Given the API behind a server whose write timeout is 500 ms
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	srv := httptest.NewUnstartedServer(env.App.API)
	srv.Config.WriteTimeout = 500 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	stream := openStream(t, srv.URL, "/events/stream", gm)
	// When nothing happens for longer than that
	stream.comment(t, 5*time.Second)
	time.Sleep(time.Second)
	// Then the stream is still open: heartbeats keep coming and so do events
	stream.comment(t, 5*time.Second)
	id, _ := customerRegister(t, env, rep, "SSE-W1")
	for {
		if m := stream.next(t, 10*time.Second); m.Data.AggregateID == id {
			break
		}
	}
}

func TestEventStream_aThousandIdleStreamsDoNotStopTheAPI(t *testing.T) {
	// Given 1,000 idle streams
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	const n = 1000
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, resp := tryStream(t, env.Server.URL, "/events/stream", gm)
			if s == nil {
				mu.Lock()
				failed = append(failed, fmt.Sprintf("stream %d: %d", i, resp.StatusCode))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d streams failed to open, first: %s", len(failed), failed[0])
	}
	if got := env.App.Events.Clients(); got < n {
		t.Logf("%d of %d streams are live yet (the others are joining)", got, n)
	}
	// When the API is asked a query and a command
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", env.Server.URL+"/customers?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+gm)
	resp, err := streamClient.Do(req)
	// Then it answers
	if err != nil {
		t.Fatalf("query with %d streams open: %v", n, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("query with %d streams open: %d", n, resp.StatusCode)
	}
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	customerRegister(t, env, rep, "SSE-K1")
}

func TestEventStream_positionsAreThoseOfTheLog(t *testing.T) {
	// Given an event the stream sent
	env := newStreamEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	stream := openStream(t, env.Server.URL, "/events/stream?aggregate=customer", gm)
	customerRegister(t, env, rep, "SSE-P1")
	m := stream.next(t, 10*time.Second)
	// Then its id parses as a position at or before the head
	pos, err := eventstore.ParsePosition(m.ID)
	if err != nil {
		t.Fatalf("id %q is not a position: %v", m.ID, err)
	}
	head, err := env.App.Store.Head(context.Background())
	if err != nil || pos.Compare(head) > 0 {
		t.Fatalf("id %s after head %s (%v)", pos, head, err)
	}
}

func TestEventStream_isInTheServedOpenAPIDocument(t *testing.T) {
	// Given the whole application's API
	env := newStreamEnv(t)
	// When its document is read
	resp := env.Do(t, "GET", "/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	resp.JSON(t, &doc)
	// Then the stream answers text/event-stream, the ticket route is
	// there, and so is the dashboard page
	if _, ok := doc.Paths["/events/stream"]["get"].Responses["200"].Content["text/event-stream"]; !ok {
		t.Errorf("GET /events/stream is not documented as text/event-stream: %+v", doc.Paths["/events/stream"])
	}
	if _, ok := doc.Paths["/events/stream/tickets"]["post"].Responses["201"]; !ok {
		t.Errorf("POST /events/stream/tickets is not documented")
	}
	if _, ok := doc.Paths["/dashboard"]["get"].Responses["200"].Content["text/html"]; !ok {
		t.Errorf("GET /dashboard is not documented as text/html")
	}
	if _, ok := doc.Paths["/dev/tokens"]; ok {
		t.Errorf("the development sign-in is documented outside development")
	}
}

func TestEventStream_aRepIsToldOfNoOneElsesRecord(t *testing.T) {
	// Given a rep following the stream, who reads no employee list
	env := newStreamEnv(t)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	stream := openStream(t, env.Server.URL, "/events/stream", rep)
	// When HR hires another employee, then checks nothing else
	env.Token(t, "rep-2", "SALES", domain.RoleSalesRep)
	// Then the rep is told of no one else's record
	deadline := time.After(time.Second)
	for {
		select {
		case m, ok := <-stream.messages:
			if !ok {
				t.Fatal("stream ended")
			}
			if m.Comment == "" && m.Data.AggregateType == "employee" && m.Data.AggregateID != "rep-1" {
				t.Fatalf("rep-1 was told of employee %s", m.Data.AggregateID)
			}
		case <-deadline:
			return
		}
	}
}
