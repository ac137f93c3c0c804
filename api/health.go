package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// The states of a component /readyz checks.
const (
	// ComponentOK serves.
	ComponentOK = "ok"
	// ComponentDegraded is a read model that cannot serve (stopped on a
	// parked event, a view missing, its status unreadable) while the rest
	// of the instance does (rule OPS-degraded in docs/RULES.md).
	ComponentDegraded = "degraded"
	// ComponentUnavailable is the database or the event store out of
	// reach: the instance cannot serve.
	ComponentUnavailable = "unavailable"
)

// The kinds of component.
const (
	KindDatabase   = "database"
	KindEventStore = "event_store"
	KindReadModel  = "read_model"
	// KindStartup is the instance's catch-up after start: unavailable
	// (503) until its read models have passed the log as it stood when
	// they started.
	KindStartup = "startup"
)

// Component is one part of the instance /readyz checks and its state.
// Reason says why it is not ok; it names no address or user (anyone may
// ask /readyz).
type Component struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Readiness is what a Ready function reports: every component it checked.
type Readiness struct {
	Components []Component
}

// unavailable lists the components the instance cannot serve without.
func (r Readiness) unavailable() []string {
	var out []string
	for _, c := range r.Components {
		if c.Status == ComponentUnavailable {
			out = append(out, c.Name)
		}
	}
	return out
}

// degradedReadModels lists the read models that cannot serve.
func (r Readiness) degradedReadModels() []string {
	var out []string
	for _, c := range r.Components {
		if c.Kind == KindReadModel && c.Status != ComponentOK {
			out = append(out, c.Name)
		}
	}
	return out
}

// readyBody is /readyz's answer while the instance serves.
type readyBody struct {
	Status             string      `json:"status"` // "ready" or "degraded"
	DegradedReadModels []string    `json:"degraded_read_models,omitempty"`
	Components         []Component `json:"components"`
}

// notReady is /readyz's problem while the instance cannot serve, with
// every component's state.
type notReady struct {
	*Problem
	Components []Component `json:"components"`
}

// readyz answers 503 while the database or the event store cannot be
// reached; 200 otherwise, saying "degraded" and naming the read models
// that cannot serve when there are any. Every answer lists each component
// and its state.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	rd := s.Ready(r.Context())
	if down := rd.unavailable(); len(down) > 0 {
		writeNotReady(w, r, notReady{
			Problem:    newProblem(http.StatusServiceUnavailable, kindStoreDown, "Not ready", "unavailable: "+strings.Join(down, ", ")),
			Components: rd.Components,
		})
		return
	}
	if degraded := rd.degradedReadModels(); len(degraded) > 0 {
		writeJSON(w, http.StatusOK, readyBody{Status: "degraded", DegradedReadModels: degraded, Components: rd.Components})
		return
	}
	writeJSON(w, http.StatusOK, readyBody{Status: "ready", Components: rd.Components})
}

// writeNotReady sends p as writeProblem does, with the components.
func writeNotReady(w http.ResponseWriter, r *http.Request, p notReady) {
	p.Instance = r.URL.Path
	w.Header().Set("Retry-After", "1")
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p) //nolint:errchkjson // the client went away
}

// alwaysReady is the Ready of a server given none: nothing to check.
func alwaysReady(context.Context) Readiness { return Readiness{} }
