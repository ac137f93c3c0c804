package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/opsledger/opsledger/domain"
)

// Authenticator tells whom a bearer token speaks for (auth.JWT is the
// server's).
type Authenticator interface {
	Authenticate(token string) (domain.Actor, error)
}

var errNoToken = errors.New("missing bearer token")

// bearerToken is the token of the request's Authorization header.
func bearerToken(r *http.Request) (string, error) {
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || raw == "" {
		return "", errNoToken
	}
	return raw, nil
}

type actorKey struct{}

func actorFrom(ctx context.Context) domain.Actor {
	a, _ := ctx.Value(actorKey{}).(domain.Actor)
	return a
}

// authenticate rejects requests without a valid token (401) and puts the
// actor in the request context.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.actorOf(r)
		if errors.Is(err, domain.ErrUnavailable) {
			s.writeError(w, r, err) // the token could not be checked: 503, retry
			return
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="opsledger"`)
			writeProblem(w, r, newProblem(http.StatusUnauthorized, kindUnauthenticated, "Unauthenticated", err.Error()))
			return
		}
		noteActor(r.Context(), actor.EmployeeID)
		s.Tracing.actor(r.Context(), actor.EmployeeID)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, actor)))
	})
}

// actorOf is whom the request's bearer token speaks for.
func (s *Server) actorOf(r *http.Request) (domain.Actor, error) {
	token, err := bearerToken(r)
	if err != nil {
		return domain.Actor{}, err
	}
	return s.Auth.Authenticate(token)
}

// requireRole refuses a read unless the actor holds one of roles.
func requireRole(actor domain.Actor, what string, roles ...domain.Role) error {
	if _, ok := actor.ActingAs(roles...); ok {
		return nil
	}
	return domain.Forbidden(what + " is not visible to your roles")
}
