package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// token issues a development token signed with OPS_JWT_SECRET (or, with
// OPS_DEV=1, the development secret), with the configured issuer,
// audience and maximum lifetime. A department-scoped role needs --org-unit.
// The server accepts only tokens of known, active employees
// (§2.5-token-subject), so token refuses an employee the event store says
// was never hired or has departed; when it cannot reach the store it
// warns and signs anyway.
func token(ctx context.Context, cfg config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	employee := fs.String("employee", "", "employee id (the token subject)")
	roles := fs.String("roles", "", "comma-separated roles, e.g. GM,DEPT_HEAD")
	orgUnit := fs.String("org-unit", "", "org unit id (required for department-scoped roles such as DEPT_HEAD, SALES_REP)")
	ttl := fs.Duration("ttl", 24*time.Hour, "validity")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *employee == "" || *roles == "" {
		return fmt.Errorf("token: --employee and --roles are required")
	}
	if err := cfg.checkSecret(); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	actor := domain.Actor{EmployeeID: *employee, OrgUnitID: *orgUnit}
	for _, r := range strings.Split(*roles, ",") {
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
	tok, err := j.Issue(actor, *ttl)
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
