package api

import (
	"errors"
	"net/http"
	"strings"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Degraded is what a Ready function returns when the instance can serve
// but some read models are stopped on a parked event (rule OPS-degraded
// in docs/RULES.md). The instance stays in the load balancer: the other
// read models and every command keep working, and taking it out would
// take them down with the one read model that cannot move.
type Degraded struct {
	ReadModels []string // the read models stopped, by name
}

func (d *Degraded) Error() string {
	return "read models stopped on a parked event: " + strings.Join(d.ReadModels, ", ")
}

// readyBody is /readyz's answer while the instance serves.
type readyBody struct {
	Status             string   `json:"status"` // "ready" or "degraded"
	DegradedReadModels []string `json:"degraded_read_models,omitempty"`
}

// readyz answers 503 while the database or the event store cannot be
// reached; 200 otherwise, saying "degraded" and naming the read models
// stopped on a parked event when there are any.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	err := s.Ready(r.Context())
	var degraded *Degraded
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, readyBody{Status: "ready"})
	case errors.As(err, &degraded):
		writeJSON(w, http.StatusOK, readyBody{Status: "degraded", DegradedReadModels: degraded.ReadModels})
	default:
		writeProblem(w, r, newProblem(http.StatusServiceUnavailable, kindUnavailable, "Not ready", err.Error()))
	}
}
