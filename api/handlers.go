package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// CommandResponse is the body of every command's answer.
type CommandResponse struct {
	// ID is the resource the command created or changed.
	ID       string `json:"id,omitempty"`
	Stream   string `json:"stream"`
	Version  uint64 `json:"version"`
	Position string `json:"position,omitempty"`
	Events   int    `json:"events"`
	Replayed bool   `json:"replayed"`
}

// Envelope holds the audit fields a client may state on any command: why,
// under which document, for whom and with which business date. Who acts
// comes from the token, never from here.
type Envelope struct {
	Reason       string     `json:"reason,omitempty"`
	SourceDocRef string     `json:"source_doc_ref,omitempty"`
	OnBehalfOf   string     `json:"on_behalf_of,omitempty"`
	EffectiveAt  *time.Time `json:"effective_at,omitempty"`
}

func (e Envelope) envelope() Envelope { return e }

type enveloped interface{ envelope() Envelope }

// commandFunc runs one command. id is the resource the request addresses
// (a path id, or a new id for creations).
type commandFunc[Req enveloped] func(ctx context.Context, m commands.Meta, id string, req Req) (commands.Result, error)

// PositionHeader carries the global position of a command's last event;
// queries accept it back (or ?after=) to read their own writes.
const PositionHeader = "X-Opsledger-Position"

// commandKind says what a command's route addresses. The route's
// registration (create or command) chooses it, once: nothing else decides
// the status, the id or the Location of a command's answer.
type commandKind int

const (
	// actsOn runs the command on the resource the path's {id} names and
	// answers 200.
	actsOn commandKind = iota
	// creates makes the resource id here (derived from the idempotency key
	// when there is one, so a retry addresses the same resource) and
	// answers 201 with the new resource's Location.
	creates
)

// status is the success status of a command of kind.
func (k commandKind) status() int {
	if k == creates {
		return http.StatusCreated
	}
	return http.StatusOK
}

// handleCommand decodes a command request strictly, runs it under the
// authenticated actor and answers with where its events landed, as kind
// says. Every answer is counted under the command's name and its outcome
// (see Metrics.Command).
func handleCommand[Req enveloped](s *Server, kind commandKind, run commandFunc[Req]) http.HandlerFunc {
	name := commandName(run)
	return func(w http.ResponseWriter, r *http.Request) {
		s.Metrics.command(name, serveCommand(s, w, r, name, kind, run))
	}
}

// serveCommand is handleCommand's work; it returns the outcome: "ok",
// "replayed" or the kind of the problem answered.
func serveCommand[Req enveloped](s *Server, w http.ResponseWriter, r *http.Request, name string, kind commandKind, run commandFunc[Req]) string {
	actor := actorFrom(r.Context())
	if err := refuseNUL(r); err != nil {
		return s.commandFailed(w, r, err)
	}
	body, err := readBody(r)
	if err != nil {
		return s.commandFailed(w, r, err)
	}
	key := r.Header.Get("Idempotency-Key")
	if outcome := s.replayIdempotent(w, r, actor, key, body); outcome != "" {
		return outcome
	}
	var req Req
	if err := decodeStrict(body, &req); err != nil {
		return s.commandFailed(w, r, err)
	}
	if err := checkRequestText(r, &req); err != nil {
		return s.commandFailed(w, r, err)
	}
	m, err := meta(r, actor, req.envelope())
	if err != nil {
		return s.commandFailed(w, r, err)
	}
	m.Command = name
	id := chi.URLParam(r, "id")
	if kind == creates {
		id = newResourceID(actor, key)
	}
	res, err := run(r.Context(), m, id, req)
	if err != nil {
		return s.commandFailed(w, r, err)
	}
	status := kind.status()
	if kind == creates {
		w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "/")+"/"+id)
	}
	resp := CommandResponse{ID: id, Stream: res.Stream, Version: res.Version, Events: res.Events, Replayed: res.Replayed}
	if !res.Position.IsStart() {
		resp.Position = res.Position.String()
		w.Header().Set(PositionHeader, resp.Position)
	}
	w.Header().Set(headerETag, etag(res.Version))
	if res.Replayed {
		markReplayed(w.Header())
	}
	// Encoded once: the saved answer is the bytes sent.
	out := jsonLine(resp)
	s.saveIdempotent(r, actor, key, body, status, w.Header(), out)
	writeJSONBytes(w, status, out)
	if res.Replayed {
		return outcomeReplayed
	}
	return outcomeOK
}

// idNamespace derives resource ids from idempotency keys.
var idNamespace = uuid.MustParse("0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31")

func newResourceID(actor domain.Actor, key string) string {
	if key == "" {
		return uuid.NewString()
	}
	return uuid.NewSHA1(idNamespace, []byte(actor.EmployeeID+"\x00"+key)).String()
}

// meta builds the command metadata from the request: the actor from the
// token, correlation from headers, audit fields from the body.
func meta(r *http.Request, actor domain.Actor, env Envelope) (commands.Meta, error) {
	m := commands.Meta{
		Actor:          actor,
		Reason:         env.Reason,
		SourceDocRef:   env.SourceDocRef,
		OnBehalfOf:     env.OnBehalfOf,
		CorrelationID:  correlationID(r),
		CausationID:    r.Header.Get(headerCausationID),
		IdempotencyKey: r.Header.Get("Idempotency-Key"),
	}
	if env.EffectiveAt != nil {
		m.EffectiveAt = *env.EffectiveAt
	}
	if im := r.Header.Get("If-Match"); im != "" {
		v, err := parseETag(im)
		if err != nil {
			return m, err
		}
		m.IfVersion = &v
	}
	return m, nil
}

func etag(version uint64) string { return `"` + strconv.FormatUint(version, 10) + `"` }

func parseETag(s string) (uint64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	v, err := strconv.ParseUint(strings.Trim(s, `"`), 10, 64)
	if err != nil {
		return 0, newProblem(http.StatusBadRequest, kindMalformed, "Malformed If-Match", "If-Match must be an ETag this API returned")
	}
	return v, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONBytes(w, status, jsonLine(v))
}

// jsonLine is v as writeJSON sends it: JSON and a newline.
func jsonLine(v any) []byte {
	b, _ := json.Marshal(v) //nolint:errchkjson // response types always encode
	return append(b, '\n')
}

// writeJSONBytes sends body, already encoded by jsonLine.
func writeJSONBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body) //nolint:errcheck // the client went away
}
