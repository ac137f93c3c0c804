package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/opsledger/opsledger/app"
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
// The server accepts only tokens of known, active employees
// (§2.5-token-subject), so token refuses an employee the event store says
// was never hired or has departed; when it cannot reach the store it
// warns and signs anyway.
func token(ctx context.Context, cfg config, opts tokenOptions, out io.Writer) error {
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
	if err := checkOnRoster(ctx, cfg, actor.EmployeeID); err != nil {
		return err
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

// rosterCheckTimeout bounds how long token waits for the event store.
const rosterCheckTimeout = 5 * time.Second

// checkOnRoster refuses an employee the event store says was never hired
// or has departed: the server would refuse their token. A store it cannot
// read is only warned about, so tokens can be made before the database
// is up.
func checkOnRoster(ctx context.Context, cfg config, employeeID string) error {
	ctx, cancel := context.WithTimeout(ctx, rosterCheckTimeout)
	defer cancel()
	standing, err := app.EmployeeStanding(ctx, cfg.app, employeeID)
	switch {
	case err != nil:
		cfg.log.Warn("token: could not check that the employee is hired and has not departed; "+
			"the server refuses the token unless they are", "employee", employeeID, "err", err)
		return nil
	case standing == auth.Unknown:
		return fmt.Errorf("token: employee %q was never hired: the server refuses tokens of anyone not on its roster "+
			"(hire them through the API, or use an employee of opsledger seed --demo)", employeeID)
	case standing == auth.Departed:
		return fmt.Errorf("token: employee %q has departed: the server refuses their tokens", employeeID)
	}
	return nil
}
