package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/domain"
)

// Authenticator tells who sends a request.
type Authenticator interface {
	Authenticate(r *http.Request) (domain.Actor, error)
}

// Claims are the token claims opsledger reads: the subject is the employee
// id; roles and org unit say what the employee may do.
type Claims struct {
	jwt.RegisteredClaims
	Roles   []string `json:"roles"`
	OrgUnit string   `json:"org_unit,omitempty"`
}

// JWT authenticates HS256 bearer tokens signed with a shared secret.
type JWT struct {
	secret []byte
	now    func() time.Time
}

// MinSecretBytes is the shortest secret JWT accepts.
const MinSecretBytes = 32

// NewJWT returns an authenticator for tokens signed with secret.
func NewJWT(secret []byte, now func() time.Time) (*JWT, error) {
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("jwt secret must be at least %d bytes", MinSecretBytes)
	}
	return &JWT{secret: secret, now: now}, nil
}

var errNoToken = errors.New("missing bearer token")

// Authenticate implements Authenticator.
func (j *JWT) Authenticate(r *http.Request) (domain.Actor, error) {
	h := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return domain.Actor{}, errNoToken
	}
	var c Claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return j.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(j.now), jwt.WithExpirationRequired())
	if err != nil {
		return domain.Actor{}, fmt.Errorf("invalid token: %w", err)
	}
	return actorOf(c)
}

func actorOf(c Claims) (domain.Actor, error) {
	if c.Subject == "" {
		return domain.Actor{}, errors.New("invalid token: no subject")
	}
	a := domain.Actor{EmployeeID: c.Subject, OrgUnitID: c.OrgUnit}
	for _, r := range c.Roles {
		role := domain.Role(r)
		if !role.Valid() {
			return domain.Actor{}, fmt.Errorf("invalid token: unknown role %q", r)
		}
		a.Roles = append(a.Roles, role)
	}
	return a, nil
}

// Issue signs a token for actor valid for ttl (for `opsledger token` and
// tests).
func (j *JWT) Issue(actor domain.Actor, ttl time.Duration) (string, error) {
	now := j.now()
	roles := make([]string, len(actor.Roles))
	for i, r := range actor.Roles {
		roles[i] = string(r)
	}
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: actor.EmployeeID, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)), Issuer: "opsledger"},
		Roles: roles, OrgUnit: actor.OrgUnitID,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(j.secret)
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
		actor, err := s.Auth.Authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="opsledger"`)
			writeProblem(w, r, newProblem(http.StatusUnauthorized, kindUnauthorized, "Unauthenticated", err.Error()))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, actor)))
	})
}

// requireRole refuses a read unless the actor holds one of roles.
func requireRole(actor domain.Actor, what string, roles ...domain.Role) error {
	if _, ok := actor.ActingAs(roles...); ok {
		return nil
	}
	return domain.Forbidden(what + " is not visible to your roles")
}
