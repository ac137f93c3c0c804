package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// The defaults of Rules: the issuer and audience opsledger's own tokens
// carry, a working day's lifetime and a minute of clock skew.
const (
	DefaultIssuer      = "opsledger"
	DefaultAudience    = "opsledger-api"
	DefaultMaxLifetime = 24 * time.Hour
	DefaultClockSkew   = time.Minute
)

// Rules are what a token must satisfy beyond its signature: who issued it,
// for whom, and for how long. A stolen token is a credential until it
// expires, so its lifetime is bounded here whatever the issuer chose.
type Rules struct {
	Issuer   string
	Audience string
	// MaxLifetime bounds exp - iat (or exp - now without iat).
	MaxLifetime time.Duration
	// ClockSkew is how far in the future an issue time may lie: the
	// issuer's clock may run a little ahead of ours, not a day.
	ClockSkew time.Duration
	// roster, when set, refuses tokens whose subject is not a known,
	// active employee.
	roster *Roster
}

// Option changes one rule from its default.
type Option func(*Rules)

// WithIssuer requires tokens issued by iss (and Issue sets it); an empty
// iss keeps the default, never "any issuer".
func WithIssuer(iss string) Option {
	return func(r *Rules) {
		if iss != "" {
			r.Issuer = iss
		}
	}
}

// WithAudience requires tokens meant for aud (and Issue sets it); an
// empty aud keeps the default.
func WithAudience(aud string) Option {
	return func(r *Rules) {
		if aud != "" {
			r.Audience = aud
		}
	}
}

// WithMaxLifetime refuses tokens valid for longer than d; zero keeps the
// default.
func WithMaxLifetime(d time.Duration) Option {
	return func(r *Rules) {
		if d > 0 {
			r.MaxLifetime = d
		}
	}
}

func rulesOf(opts []Option) Rules {
	r := Rules{Issuer: DefaultIssuer, Audience: DefaultAudience, MaxLifetime: DefaultMaxLifetime, ClockSkew: DefaultClockSkew}
	for _, o := range opts {
		o(&r)
	}
	return r
}

var (
	errFutureIssue = errors.New("invalid token: issued in the future")
	errTooLong     = errors.New("invalid token: lifetime beyond the maximum")
)

// checkTimes refuses an issue time in the future beyond the clock skew and
// a lifetime beyond the maximum. The parser has already required exp.
func (r Rules) checkTimes(c Claims, now time.Time) error {
	start := now
	if c.IssuedAt != nil {
		if c.IssuedAt.After(now.Add(r.ClockSkew)) {
			return errFutureIssue
		}
		start = c.IssuedAt.Time
	}
	if c.ExpiresAt.Sub(start) > r.MaxLifetime {
		return fmt.Errorf("%w (%s)", errTooLong, r.MaxLifetime)
	}
	return nil
}

// departmentRoles are the roles whose powers hold in one department (or
// branch) only (§2-issuer, K3, K7 in docs/RULES.md: an approver is "the DEPT_HEAD of the
// submitter's department"; reps and assistants own customer files of
// their branch). Without an org unit such a role would have no department
// to be checked against, so a token holding one must name its unit.
var departmentRoles = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor,
	domain.RoleBranchManager, domain.RoleSalesRep, domain.RoleSalesAssistant,
}

// DepartmentScoped reports whether r holds its powers per department, so
// a token holding it must carry an org unit.
func DepartmentScoped(r domain.Role) bool {
	for _, d := range departmentRoles {
		if r == d {
			return true
		}
	}
	return false
}

// CheckOrgUnit refuses an actor holding a department-scoped role without
// an org unit; `opsledger token` and the authenticator both ask it.
func CheckOrgUnit(a domain.Actor) error {
	if a.OrgUnitID != "" {
		return nil
	}
	for _, r := range a.Roles {
		if DepartmentScoped(r) {
			return fmt.Errorf("role %s is held per department: an org unit is required", r)
		}
	}
	return nil
}

// checkSubject refuses the token of an employee who departed or was
// never hired, when a roster is set.
func (r Rules) checkSubject(employeeID string, now time.Time) error {
	if r.roster == nil {
		return nil
	}
	return r.roster.check(employeeID, now)
}
