package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Stream tickets (rule D-sse-ticket). A browser's EventSource cannot send
// an Authorization header, so the dashboard first trades its bearer token
// for a ticket (POST /events/stream/tickets) and opens the stream with
// ?ticket=. A ticket is a random 256-bit value kept in this server's
// memory: it reads the live stream and nothing else (no command, no
// query), as the actor the token named, for one minute. Within that minute
// EventSource's own reconnects reuse it; after it, or after a server
// restart, the page asks for a new one. The bearer token never appears in
// a URL, so it is not left in access logs, proxies or browser history;
// the ticket may be, and is worthless a minute later.

// ticketLifetime is how long a stream ticket opens the stream.
const ticketLifetime = time.Minute

// StreamTicket is what POST /events/stream/tickets answers.
type StreamTicket struct {
	Ticket    string    `json:"ticket"`
	ExpiresAt time.Time `json:"expires_at"`
}

type ticketHolder struct {
	actor   domain.Actor
	expires time.Time
}

// streamTickets are the tickets this server has issued.
type streamTickets struct {
	mu      sync.Mutex
	tickets map[string]ticketHolder
}

func (t *streamTickets) issue(actor domain.Actor, now time.Time) (StreamTicket, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return StreamTicket{}, err
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tickets == nil {
		t.tickets = map[string]ticketHolder{}
	}
	for k, h := range t.tickets { // forget the expired ones
		if !now.Before(h.expires) {
			delete(t.tickets, k)
		}
	}
	exp := now.Add(ticketLifetime)
	t.tickets[id] = ticketHolder{actor: actor, expires: exp}
	return StreamTicket{Ticket: id, ExpiresAt: exp.UTC()}, nil
}

var errBadTicket = errors.New("the stream ticket is unknown or has expired: ask POST /events/stream/tickets for a new one")

func (t *streamTickets) actor(id string, now time.Time) (domain.Actor, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h, ok := t.tickets[id]
	if !ok || !now.Before(h.expires) {
		return domain.Actor{}, errBadTicket
	}
	return h.actor, nil
}

func (s *Server) issueStreamTicket(w http.ResponseWriter, r *http.Request) {
	actor := actorFrom(r.Context())
	if !mayFollowAny(actor, eventAggregates) {
		s.writeError(w, r, domain.Forbidden("the live event stream is visible to roles that read a list of business records"))
		return
	}
	t, err := s.tickets.issue(actor, s.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

// authenticateStream admits a request to the stream by its ticket
// (?ticket=) or, for clients that can send headers, its bearer token.
func (s *Server) authenticateStream(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("ticket")
		if id == "" {
			s.authenticate(next).ServeHTTP(w, r)
			return
		}
		actor, err := s.tickets.actor(id, s.Now())
		if err != nil {
			writeProblem(w, r, newProblem(http.StatusUnauthorized, kindUnauthenticated, "Unauthenticated", err.Error()))
			return
		}
		noteActor(r.Context(), actor.EmployeeID)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, actor)))
	})
}
