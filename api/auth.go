package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
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

// JWT authenticates bearer tokens: HS256 tokens signed with a shared
// secret, or tokens signed by an identity provider whose keys are
// published as a JWKS.
type JWT struct {
	secret []byte
	keys   jwt.Keyfunc
	parser *jwt.Parser
	now    func() time.Time
	tokens tokenCache
}

// newJWT builds the parser once: options are fixed per authenticator.
func newJWT(secret []byte, keys jwt.Keyfunc, methods []string, now func() time.Time) *JWT {
	return &JWT{secret: secret, keys: keys, now: now,
		parser: jwt.NewParser(jwt.WithValidMethods(methods), jwt.WithTimeFunc(now), jwt.WithExpirationRequired())}
}

// MinSecretBytes is the shortest secret JWT accepts.
const MinSecretBytes = 32

// NewJWT returns an authenticator for tokens signed with secret.
func NewJWT(secret []byte, now func() time.Time) (*JWT, error) {
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("jwt secret must be at least %d bytes", MinSecretBytes)
	}
	return newJWT(secret, func(*jwt.Token) (any, error) { return secret, nil }, []string{"HS256"}, now), nil
}

// jwksMethods are the asymmetric algorithms accepted from a JWKS; the key
// set says which key each token's kid names.
var jwksMethods = []string{"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"}

// NewJWKS returns an authenticator for tokens signed with the keys
// published at url, refreshed in the background until ctx ends.
func NewJWKS(ctx context.Context, url string, now func() time.Time) (*JWT, error) {
	kf, err := keyfunc.NewDefaultCtx(ctx, []string{url})
	if err != nil {
		return nil, fmt.Errorf("jwks %s: %w", url, err)
	}
	return newJWT(nil, kf.Keyfunc, jwksMethods, now), nil
}

var errNoToken = errors.New("missing bearer token")

// Authenticate implements Authenticator. A token verified before and
// still within its validity window is answered from the cache.
func (j *JWT) Authenticate(r *http.Request) (domain.Actor, error) {
	h := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return domain.Actor{}, errNoToken
	}
	key := tokenKey(raw)
	if a, ok := j.tokens.get(key, j.now()); ok {
		return a, nil
	}
	var c Claims
	if _, err := j.parser.ParseWithClaims(raw, &c, j.keys); err != nil {
		return domain.Actor{}, fmt.Errorf("invalid token: %w", err)
	}
	a, err := actorOf(c)
	if err != nil {
		return a, err
	}
	j.tokens.put(key, verified(a, c))
	return a, nil
}

// verified is the cache entry of a token the parser accepted; it required
// exp, so ExpiresAt is set.
func verified(a domain.Actor, c Claims) cachedToken {
	t := cachedToken{actor: a, expires: c.ExpiresAt.Time}
	if c.NotBefore != nil {
		t.notBefore = c.NotBefore.Time
	}
	return t
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

// errNoSecret is returned by Issue on an authenticator that verifies
// tokens with an identity provider's keys: it cannot sign.
var errNoSecret = errors.New("tokens are issued by the identity provider (JWKS), not here")

// Issue signs an HS256 token for actor valid for ttl (for `opsledger
// token` and tests).
func (j *JWT) Issue(actor domain.Actor, ttl time.Duration) (string, error) {
	if j.secret == nil {
		return "", errNoSecret
	}
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
