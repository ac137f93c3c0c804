package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/domain"
)

// JWT authenticates bearer tokens: HS256 tokens signed with a shared
// secret, or tokens signed by an identity provider whose keys are
// published as a JWKS.
type JWT struct {
	secret []byte
	keys   jwt.Keyfunc
	parser *jwt.Parser
	rules  Rules
	now    func() time.Time
	tokens tokenCache
}

// newJWT builds the parser once: options are fixed per authenticator. The
// parser checks signature, exp, nbf, issuer and audience; Rules.checkTimes
// the lifetime and issue time.
func newJWT(secret []byte, keys jwt.Keyfunc, methods []string, now func() time.Time, opts []Option) *JWT {
	rules := rulesOf(opts)
	return &JWT{secret: secret, keys: keys, now: now, rules: rules,
		parser: jwt.NewParser(jwt.WithValidMethods(methods), jwt.WithTimeFunc(now), jwt.WithExpirationRequired(),
			jwt.WithIssuer(rules.Issuer), jwt.WithAudience(rules.Audience))}
}

// MinSecretBytes is the shortest secret JWT accepts.
const MinSecretBytes = 32

// NewJWT returns an authenticator for tokens signed with secret, held to
// the default Rules unless opts change them.
func NewJWT(secret []byte, now func() time.Time, opts ...Option) (*JWT, error) {
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("jwt secret must be at least %d bytes", MinSecretBytes)
	}
	return newJWT(secret, func(*jwt.Token) (any, error) { return secret, nil }, []string{"HS256"}, now, opts), nil
}

// jwksMethods are the asymmetric algorithms accepted from a JWKS; the key
// set says which key each token's kid names.
var jwksMethods = []string{"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"}

// NewJWKS returns an authenticator for tokens signed with the keys
// published at url, refreshed in the background until ctx ends.
func NewJWKS(ctx context.Context, url string, now func() time.Time, opts ...Option) (*JWT, error) {
	kf, err := keyfunc.NewDefaultCtx(ctx, []string{url})
	if err != nil {
		return nil, fmt.Errorf("jwks %s: %w", url, err)
	}
	return newJWT(nil, kf.Keyfunc, jwksMethods, now, opts), nil
}

// Authenticate returns the actor a raw bearer token speaks for. A token
// verified before and still within its validity window is answered from
// the cache; whether its employee is still on the roster is asked every
// time, as a departure may come after the token was cached.
func (j *JWT) Authenticate(token string) (domain.Actor, error) {
	key := tokenKey(token)
	if a, ok := j.tokens.get(key, j.now()); ok {
		return j.admit(a)
	}
	var c Claims
	if _, err := j.parser.ParseWithClaims(token, &c, j.keys); err != nil {
		return domain.Actor{}, fmt.Errorf("invalid token: %w", err)
	}
	if err := j.rules.checkTimes(c, j.now()); err != nil {
		return domain.Actor{}, err
	}
	a, err := actorOf(c)
	if err != nil {
		return a, err
	}
	j.tokens.put(key, verified(a, c))
	return j.admit(a)
}

// admit returns the actor of a verified token unless its employee has
// departed or was never hired.
func (j *JWT) admit(a domain.Actor) (domain.Actor, error) {
	if err := j.rules.checkSubject(a.EmployeeID, j.now()); err != nil {
		return domain.Actor{}, err
	}
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

// errNoSecret is returned by Issue on an authenticator that verifies
// tokens with an identity provider's keys: it cannot sign.
var errNoSecret = errors.New("tokens are issued by the identity provider (JWKS), not here")

// Issue signs an HS256 token for actor valid for ttl, with the issuer and
// audience this authenticator requires: the development tokens of
// `opsledger token`, the tests and the benchmarks. It refuses a lifetime
// beyond the maximum. It signs whatever actor it is given, as tests of
// refused tokens need; Authenticate refuses a department-scoped role
// without an org unit, and `opsledger token` asks CheckOrgUnit first.
func (j *JWT) Issue(actor domain.Actor, ttl time.Duration) (string, error) {
	if j.secret == nil {
		return "", errNoSecret
	}
	if ttl > j.rules.MaxLifetime {
		return "", fmt.Errorf("token lifetime %s is beyond the maximum %s", ttl, j.rules.MaxLifetime)
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claimsOf(actor, j.rules, j.now(), ttl)).SignedString(j.secret)
}
