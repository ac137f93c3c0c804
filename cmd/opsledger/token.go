package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// tokenOptions are token's flags.
type tokenOptions struct {
	employee, roles, orgUnit string
	ttl                      time.Duration
}

// token issues a development token signed with OPS_JWT_SECRET (or, with
// OPS_DEV=1, the development secret), with the configured issuer,
// audience and maximum lifetime. A department-scoped role needs --org-unit.
func token(cfg config, opts tokenOptions, out io.Writer) error {
	if opts.employee == "" || opts.roles == "" {
		return fmt.Errorf("token: --employee and --roles are required")
	}
	if err := cfg.checkSecret(); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if cfg.app.JWKSURL != "" && string(cfg.app.JWTSecret) == devJWTSecret {
		// Without this the token would be signed, with no warning, with
		// the public secret, and serve (checking the JWKS) refuses it.
		return fmt.Errorf("token: OPS_JWKS_URL is set, so tokens come from the identity provider; " +
			"set OPS_JWT_SECRET to sign one here")
	}
	actor := domain.Actor{EmployeeID: opts.employee, OrgUnitID: opts.orgUnit}
	for _, r := range strings.Split(opts.roles, ",") {
		role := domain.Role(strings.TrimSpace(r))
		if !role.Valid() {
			return fmt.Errorf("token: unknown role %q", r)
		}
		actor.Roles = append(actor.Roles, role)
	}
	if err := auth.CheckOrgUnit(actor); err != nil {
		return fmt.Errorf("token: %w (--org-unit)", err)
	}
	j, err := auth.NewJWT(cfg.app.JWTSecret, time.Now, auth.WithIssuer(cfg.app.JWTIssuer),
		auth.WithAudience(cfg.app.JWTAudience), auth.WithMaxLifetime(cfg.app.JWTMaxLifetime))
	if err != nil {
		return err
	}
	tok, err := j.Issue(actor, opts.ttl)
	if err != nil {
		return err
	}
	if cfg.devToken {
		fmt.Fprintln(out, "# development token signed with the PUBLIC development secret (OPS_DEV=1, OPS_JWT_SECRET unset)")
	}
	fmt.Fprintln(out, tok)
	return nil
}
