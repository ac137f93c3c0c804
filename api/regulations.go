package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

const regulationTag = "Regulations"

// regulationRoutes serve the catalogue of regulation versions: every
// employee may read which rules are in force (they work under them);
// LEADERSHIP or the GM adopt a new version (rule §2.5-regulation-adoption).
func regulationRoutes(s *Server, rt *routes) {
	rt.get("/regulations", regulationTag, "The regulations and the version of each in force", queries.Page[commands.RegulationSummary]{},
		handleQuery(s, nil, s.regulations),
		dateTime("at", "the time to show the version in force at (default now)"))
	rt.add(Route{Method: http.MethodGet, Pattern: "/regulations/{name}/versions", Tag: regulationTag,
		Summary:  "Every version of a regulation, the default first, with the range each is in force; as_of: the versions adopted by then, valid_at: those in force by then",
		Response: queries.Page[commands.RegulationVersionView]{}, MayNotFind: true, Query: asOfParams},
		validQuery(asOfParams, s.withAsOf(handleQuery(s, nil, s.regulationVersions))))
	command(rt, "/regulations/{name}/versions", regulationTag,
		"Adopt a new effective-dated version of a regulation (LEADERSHIP or GM, with a reason)", s.adoptRegulationVersion)
}

func (s *Server) regulations(_ context.Context, r *http.Request, _ domain.Actor) (any, int64, error) {
	at, err := timeParam(r, "at")
	if err != nil {
		return nil, 0, err
	}
	if at.IsZero() {
		at = s.Now()
	}
	return onePage(s.Commands.Regulations.Catalogue(at)), 0, nil
}

func (s *Server) regulationVersions(ctx context.Context, r *http.Request, _ domain.Actor) (any, int64, error) {
	name := chi.URLParam(r, "name")
	versions, ok := s.Commands.Regulations.Versions(name)
	if !ok {
		return nil, 0, commands.ErrUnknownRegulation
	}
	if a := asOfFrom(ctx); a != nil {
		past, version, err := s.regulationVersionsAt(ctx, name, versions, a)
		return onePage(past), version, err
	}
	return onePage(versions), 0, nil
}

// AdoptRegulationVersionRequest adopts a new version of the regulation the
// path names. Parameters are the regulation's whole parameter set, as
// GET /regulations/{name}/versions shows the versions in force; the
// envelope's reason is required and recorded as the reason for the
// change.
type AdoptRegulationVersionRequest struct {
	Envelope
	// Version names the version ("2026-07"); events decided under it
	// record "<name>/<version>".
	Version       string                     `json:"version"`
	EffectiveFrom time.Time                  `json:"effective_from"`
	Parameters    map[string]json.RawMessage `json:"parameters"`
	// Retroactive must be true for a version taking effect before now.
	Retroactive bool `json:"retroactive,omitempty"`
}

func (s *Server) adoptRegulationVersion(ctx context.Context, m commands.Meta, _ string, req AdoptRegulationVersionRequest) (commands.Result, error) {
	var params json.RawMessage
	if req.Parameters != nil {
		params, _ = json.Marshal(req.Parameters) //nolint:errchkjson // decoded from JSON just now
	}
	return s.Commands.Regulations.AdoptRegulationVersion(ctx, m, commands.AdoptRegulationVersion{
		Name: chi.URLParamFromCtx(ctx, "name"), Version: req.Version, EffectiveFrom: req.EffectiveFrom,
		Parameters: params, Retroactive: req.Retroactive,
	})
}
