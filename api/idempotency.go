package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/opsledger/opsledger/domain"
)

// SavedResponse is the first answer to a request with an Idempotency-Key.
type SavedResponse struct {
	// RequestHash identifies the request (method, path, body): a repeat
	// with another body under the same key is refused.
	RequestHash string
	Status      int
	Headers     map[string]string
	Body        []byte
}

// IdempotencyStore keeps first responses by (employee, key).
type IdempotencyStore interface {
	Lookup(ctx context.Context, employeeID, key string) (SavedResponse, bool, error)
	// Save keeps resp unless a response is already kept for the key.
	Save(ctx context.Context, employeeID, key string, resp SavedResponse) error
}

// replayedHeaders are the headers a replayed answer repeats: under the
// name saved (as saved so far) and the canonical name Header.Get finds
// without converting it.
var replayedHeaders = []struct{ saved, canonical string }{
	{"ETag", headerETag}, {"Location", "Location"}, {PositionHeader, PositionHeader},
}

// requestHash is the hex SHA-256 of "METHOD path\n" and the body. Saved
// hashes are compared with it, so its input must never change. One
// buffer and Sum256 instead of a streaming hash: fewer allocations.
func requestHash(r *http.Request, body []byte) string {
	buf := make([]byte, 0, len(r.Method)+len(r.URL.Path)+2+len(body))
	buf = append(append(append(append(buf, r.Method...), ' '), r.URL.Path...), '\n')
	sum := sha256.Sum256(append(buf, body...))
	var hexSum [2 * sha256.Size]byte
	hex.Encode(hexSum[:], sum[:])
	return string(hexSum[:])
}

// replayIdempotent answers a repeated request from the first response and
// returns the outcome it answered with ("" when it did not answer): a
// replay, or the problem of a bad key. The same key with a different
// request is a 422.
func (s *Server) replayIdempotent(w http.ResponseWriter, r *http.Request, actor domain.Actor, key string, body []byte) string {
	if key == "" {
		return ""
	}
	if len(key) > 255 {
		return s.commandFailed(w, r, domain.InvalidField("Idempotency-Key", "must be at most 255 characters"))
	}
	saved, ok, err := s.Idempotency.Lookup(r.Context(), actor.EmployeeID, key)
	if err != nil {
		return s.commandFailed(w, r, err)
	}
	if !ok {
		return ""
	}
	if saved.RequestHash != requestHash(r, body) {
		writeProblem(w, r, newProblem(http.StatusUnprocessableEntity, kindIdempotency, "Idempotency key reused",
			"this Idempotency-Key was used for a different request"))
		return kindIdempotency
	}
	for k, v := range saved.Headers {
		w.Header().Set(k, v)
	}
	markReplayed(w.Header())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(saved.Status)
	w.Write(replayedBody(saved.Body)) //nolint:errcheck // the client went away
	return outcomeReplayed
}

// headerReplayed marks an answer that repeats an earlier one rather than
// running the command again; the body's "replayed" says the same.
const headerReplayed = "Idempotent-Replayed"

var headerTrue = []string{"true"}

func markReplayed(h http.Header) { h[headerReplayed] = headerTrue }

// replayedBody is a saved command answer with "replayed" set, so that the
// body and the Idempotent-Replayed header agree. A body that is not a
// command answer is sent as saved.
func replayedBody(saved []byte) []byte {
	var resp CommandResponse
	if err := json.Unmarshal(saved, &resp); err != nil {
		return saved
	}
	resp.Replayed = true
	return jsonLine(resp)
}

// saveIdempotent keeps a successful answer, out (the JSON body as sent),
// under its key. A failure to save is logged, not returned: the command
// already took effect, and the command layer dedupes a repeat by the same
// key anyway.
func (s *Server) saveIdempotent(r *http.Request, actor domain.Actor, key string, body []byte, status int, h http.Header, out []byte) {
	if key == "" {
		return
	}
	saved := SavedResponse{RequestHash: requestHash(r, body), Status: status,
		Headers: make(map[string]string, len(replayedHeaders)), Body: out}
	for _, k := range replayedHeaders {
		if v := h.Get(k.canonical); v != "" {
			saved.Headers[k.saved] = v
		}
	}
	if err := s.Idempotency.Save(context.WithoutCancel(r.Context()), actor.EmployeeID, key, saved); err != nil {
		s.log.ErrorContext(r.Context(), "save idempotent response", "key", key, "err", err)
	}
}
