// Package auth tells who sends a request from its bearer token: it
// verifies JSON Web Tokens (HS256 with a shared secret, or signed by an
// identity provider that publishes its keys as a JWKS), holds them to
// Rules (issuer, audience, bounded lifetime, no future issue time, an org
// unit for department-scoped roles, a subject on the Roster of known,
// active employees), remembers the tokens it verified, turns their
// claims into a domain.Actor, and issues development tokens. It knows nothing of HTTP:
// the api reads the token from the request and answers 401.
package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/domain"
)

// Claims are the token claims opsledger reads: the subject is the employee
// id; roles and org unit say what the employee may do.
type Claims struct {
	jwt.RegisteredClaims
	Roles   []string `json:"roles"`
	OrgUnit string   `json:"org_unit,omitempty"`
}

// actorOf is the employee a verified token speaks for. A token without a
// subject, naming a role opsledger does not know, or holding a
// department-scoped role without an org unit is refused: acting on part
// of what the identity provider meant would be a guess.
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
	if err := CheckOrgUnit(a); err != nil {
		return domain.Actor{}, fmt.Errorf("invalid token: %w", err)
	}
	return a, nil
}

// claimsOf are the claims of a token for actor, issued at now and valid
// for ttl, naming the issuer and audience rules require.
func claimsOf(actor domain.Actor, rules Rules, now time.Time, ttl time.Duration) Claims {
	roles := make([]string, len(actor.Roles))
	for i, r := range actor.Roles {
		roles[i] = string(r)
	}
	return Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: actor.EmployeeID, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)), Issuer: rules.Issuer, Audience: jwt.ClaimStrings{rules.Audience}},
		Roles: roles, OrgUnit: actor.OrgUnitID,
	}
}
