package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

const rulesTestSecret = "a-shared-secret-that-is-long-enough-000"

// signHS256 signs claims as a forger who knows the secret would.
func signHS256(t *testing.T, c auth.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(rulesTestSecret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJWT_Rules: a valid signature is not enough; the token must be meant
// for opsledger, by opsledger's issuer, for a bounded time, and a
// department role must name its department.
func TestJWT_Rules(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	j, err := auth.NewJWT([]byte(rulesTestSecret), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	good := func() auth.Claims {
		return auth.Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: "emp-7", Issuer: auth.DefaultIssuer,
			Audience: jwt.ClaimStrings{auth.DefaultAudience}, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}, Roles: []string{"DEPT_HEAD"}, OrgUnit: "SALES"}
	}
	tests := []struct {
		name   string
		change func(*auth.Claims)
		ok     bool
	}{
		{"a token with issuer, audience, org unit and an hour's life is accepted", func(*auth.Claims) {}, true},
		{"a token without audience is refused", func(c *auth.Claims) { c.Audience = nil }, false},
		{"a token for another audience is refused", func(c *auth.Claims) { c.Audience = jwt.ClaimStrings{"payroll"} }, false},
		{"a token without issuer is refused", func(c *auth.Claims) { c.Issuer = "" }, false},
		{"a token by another issuer is refused", func(c *auth.Claims) { c.Issuer = "someone-else" }, false},
		{"a token without exp is refused", func(c *auth.Claims) { c.ExpiresAt = nil }, false},
		{"a 100-year token is refused", func(c *auth.Claims) { c.ExpiresAt = jwt.NewNumericDate(now.AddDate(100, 0, 0)) }, false},
		{"a token of exactly the maximum lifetime is accepted", func(c *auth.Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(auth.DefaultMaxLifetime)) }, true},
		{"a token a second beyond the maximum lifetime is refused", func(c *auth.Claims) {
			c.ExpiresAt = jwt.NewNumericDate(now.Add(auth.DefaultMaxLifetime + time.Second))
		}, false},
		{"a token without iat valid for more than the maximum from now is refused", func(c *auth.Claims) {
			c.IssuedAt = nil
			c.ExpiresAt = jwt.NewNumericDate(now.Add(48 * time.Hour))
		}, false},
		{"a token issued a day in the future is refused", func(c *auth.Claims) {
			c.IssuedAt = jwt.NewNumericDate(now.Add(24 * time.Hour))
			c.ExpiresAt = jwt.NewNumericDate(now.Add(25 * time.Hour))
		}, false},
		{"a token issued within the clock skew is accepted", func(c *auth.Claims) { c.IssuedAt = jwt.NewNumericDate(now.Add(auth.DefaultClockSkew)) }, true},
		{"a token issued just beyond the clock skew is refused", func(c *auth.Claims) {
			c.IssuedAt = jwt.NewNumericDate(now.Add(auth.DefaultClockSkew + time.Second))
		}, false},
		{"a DEPT_HEAD token without org unit is refused", func(c *auth.Claims) { c.OrgUnit = "" }, false},
		{"a SALES_REP token without org unit is refused", func(c *auth.Claims) { c.OrgUnit, c.Roles = "", []string{"SALES_REP"} }, false},
		{"a GM token without org unit is accepted", func(c *auth.Claims) { c.OrgUnit, c.Roles = "", []string{"GM"} }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(&c)
			_, err := j.Authenticate(signHS256(t, c))
			if (err == nil) != tt.ok {
				t.Fatalf("Authenticate() error = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

// TestJWT_IssuedTokensFollowTheRules: the development tokens carry the
// issuer and audience, are held to the maximum lifetime, and one for a
// department role without an org unit is refused when presented.
func TestJWT_IssuedTokensFollowTheRules(t *testing.T) {
	j, err := auth.NewJWT([]byte(rulesTestSecret), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	head := domain.Actor{EmployeeID: "emp-1", Roles: []domain.Role{domain.RoleDeptHead}}
	if err := auth.CheckOrgUnit(head); err == nil || !strings.Contains(err.Error(), "org unit") {
		t.Errorf("CheckOrgUnit(DEPT_HEAD without org unit) error = %v, want an org unit required", err)
	}
	unscoped, err := j.Issue(head, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Authenticate(unscoped); err == nil || !strings.Contains(err.Error(), "org unit") {
		t.Errorf("Authenticate(DEPT_HEAD token without org unit) error = %v, want an org unit required", err)
	}
	head.OrgUnitID = "SALES"
	if _, err := j.Issue(head, 100*365*24*time.Hour); err == nil {
		t.Errorf("Issue(100 years): want an error")
	}
	tok, err := j.Issue(head, time.Hour)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	var c auth.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(tok, &c); err != nil {
		t.Fatal(err)
	}
	if c.Issuer != auth.DefaultIssuer || len(c.Audience) != 1 || c.Audience[0] != auth.DefaultAudience {
		t.Errorf("issued iss=%q aud=%v, want %q and [%q]", c.Issuer, c.Audience, auth.DefaultIssuer, auth.DefaultAudience)
	}
	if _, err := j.Authenticate(tok); err != nil {
		t.Errorf("Authenticate(issued token): %v", err)
	}
}

// TestJWT_ConfiguredIssuerAndAudience: overriding the defaults moves what
// is required and what Issue sets.
func TestJWT_ConfiguredIssuerAndAudience(t *testing.T) {
	mine, err := auth.NewJWT([]byte(rulesTestSecret), time.Now, auth.WithIssuer("idp"), auth.WithAudience("ops"), auth.WithMaxLifetime(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := auth.NewJWT([]byte(rulesTestSecret), time.Now)
	gm := domain.Actor{EmployeeID: "emp-gm", Roles: []domain.Role{domain.RoleGM}}
	defaultTok, _ := plain.Issue(gm, time.Hour)
	if _, err := mine.Authenticate(defaultTok); err == nil {
		t.Errorf("a token for the default audience accepted where another is configured")
	}
	tok, err := mine.Issue(gm, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mine.Authenticate(tok); err != nil {
		t.Errorf("Authenticate(own token): %v", err)
	}
	if _, err := mine.Issue(gm, 2*time.Hour); err == nil {
		t.Errorf("Issue beyond the configured one-hour maximum: want an error")
	}
}

// TestJWT_Departures: a departed employee's token is refused, even one
// verified and cached before the departure.
func TestJWT_Departures(t *testing.T) {
	roster := auth.NewRoster(nil)
	roster.Hire("emp-stays")
	roster.Hire("emp-leaves")
	j, err := auth.NewJWT([]byte(rulesTestSecret), time.Now, auth.WithRoster(roster))
	if err != nil {
		t.Fatal(err)
	}
	stay, _ := j.Issue(domain.Actor{EmployeeID: "emp-stays", Roles: []domain.Role{domain.RoleGM}}, time.Hour)
	leave, _ := j.Issue(domain.Actor{EmployeeID: "emp-leaves", Roles: []domain.Role{domain.RoleGM}}, time.Hour)
	if _, err := j.Authenticate(leave); err != nil {
		t.Fatalf("before departure: %v", err)
	}
	roster.Depart("emp-leaves")
	if a, err := j.Authenticate(leave); err == nil || a.EmployeeID != "" {
		t.Errorf("a departed employee's cached token: actor %+v, error %v; want refused", a, err)
	}
	if _, err := j.Authenticate(stay); err != nil {
		t.Errorf("another employee's token refused: %v", err)
	}
}

// TestJWT_EmptyOptionsKeepTheDefaults: an unset issuer or audience never
// means "any".
func TestJWT_EmptyOptionsKeepTheDefaults(t *testing.T) {
	j, err := auth.NewJWT([]byte(rulesTestSecret), time.Now, auth.WithIssuer(""), auth.WithAudience(""), auth.WithMaxLifetime(0))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c := auth.Claims{RegisteredClaims: jwt.RegisteredClaims{Subject: "emp-gm", IssuedAt: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}, Roles: []string{"GM"}}
	if _, err := j.Authenticate(signHS256(t, c)); err == nil {
		t.Errorf("a token without issuer and audience accepted with empty options")
	}
	tok, err := j.Issue(domain.Actor{EmployeeID: "emp-gm", Roles: []domain.Role{domain.RoleGM}}, auth.DefaultMaxLifetime)
	if err != nil {
		t.Fatalf("Issue(default maximum): %v", err)
	}
	if _, err := j.Authenticate(tok); err != nil {
		t.Errorf("Authenticate(own token): %v", err)
	}
}
