package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// adoptOptions are regulation adopt's flags.
type adoptOptions struct {
	name, version, effectiveFrom, file, reason, approver, role string
	retroactive                                                bool
}

// listOptions are regulation list's flags.
type listOptions struct {
	name, at string
}

func regulationCmd(configured configuredRun) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "regulation",
		Short: "list the regulation catalogue or adopt a new version of a regulation",
		Long: "The regulation catalogue holds the effective-dated versions of the parameters the decisions apply\n" +
			"(margin tiers, the employee rules and fine schedule, complaint timers, contract signers, the sales-plan\n" +
			"tolerance and commission tiers, the customer classification scheme). Each adoption is an event with\n" +
			"its reason and approver; every decision records the version it applied.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(regulationAdoptCmd(configured), regulationListCmd(configured))
	return cmd
}

func regulationAdoptCmd(configured configuredRun) *cobra.Command {
	var opts adoptOptions
	cmd := &cobra.Command{
		Use: "adopt --name N --version V --effective-from T --file params.json --reason R --approver EMPLOYEE [--role GM] [--retroactive]",
		// The flags are in Use already.
		DisableFlagsInUseLine: true,
		Short:                 "adopt a new effective-dated version of a regulation",
		Long: "adopt records a new version of the regulation --name, in force from --effective-from (RFC 3339)\n" +
			"until the next version. --file holds the whole parameter set as JSON (\"-\" reads standard input);\n" +
			"`opsledger regulation list --name N` shows the parameters of every version. The approver is a\n" +
			"hired employee acting as LEADERSHIP or GM; a version taking effect before now needs --retroactive.",
		Args: cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return adoptRegulation(cmd.Context(), cfg, opts, cmd.InOrStdin(), cmd.OutOrStdout())
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opts.name, "name", "", "the regulation (quotation, employee, complaint, contract, salesplan, customer-classification)")
	f.StringVar(&opts.version, "version", "", "the version's name, such as 2026-07")
	f.StringVar(&opts.effectiveFrom, "effective-from", "", "when the version takes effect (RFC 3339, such as 2026-07-01T00:00:00+08:00)")
	f.StringVar(&opts.file, "file", "", "the JSON file of the parameters (- for standard input)")
	f.StringVar(&opts.reason, "reason", "", "why the regulation changes (recorded)")
	f.StringVar(&opts.approver, "approver", "", "the employee id of the approver")
	f.StringVar(&opts.role, "role", string(domain.RoleGM), "the role the approver acts under: LEADERSHIP or GM")
	f.BoolVar(&opts.retroactive, "retroactive", false, "the version takes effect before now, on purpose")
	return cmd
}

func regulationListCmd(configured configuredRun) *cobra.Command {
	var opts listOptions
	cmd := &cobra.Command{
		Use: "list [--name N] [--at T]",
		// The flags are in Use already.
		DisableFlagsInUseLine: true,
		Short:                 "list the regulations and the version in force, or every version of one",
		Args:                  cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return listRegulations(cmd.Context(), cfg, opts, cmd.OutOrStdout())
		}),
	}
	cmd.Flags().StringVar(&opts.name, "name", "", "list every version of this regulation, with its parameters")
	cmd.Flags().StringVar(&opts.at, "at", "", "show the version in force at this time (RFC 3339; default now)")
	return cmd
}

// adoptRegulation adopts a version through the command layer, as the API
// does, under the approver's identity: the approver must be a hired,
// active employee.
func adoptRegulation(ctx context.Context, cfg config, opts adoptOptions, stdin io.Reader, out io.Writer) error {
	cmd, err := opts.command(stdin)
	if err != nil {
		return err
	}
	role := domain.Role(opts.role)
	if !role.Valid() {
		return fmt.Errorf("regulation adopt: unknown role %q", opts.role)
	}
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if standing, err := app.EmployeeStanding(ctx, cfg.app, opts.approver); err != nil {
		return fmt.Errorf("regulation adopt: checking the approver: %w", err)
	} else if standing != auth.Active {
		return fmt.Errorf("regulation adopt: approver %q is not an active employee", opts.approver)
	}
	m := commands.Meta{Command: "regulation adopt", Actor: domain.Actor{EmployeeID: opts.approver, Roles: []domain.Role{role}},
		Reason: opts.reason, CorrelationID: "cli-regulation-adopt"}
	res, err := a.Commands.Regulations.AdoptRegulationVersion(ctx, m, cmd)
	if err != nil {
		return fmt.Errorf("regulation adopt: %w", err)
	}
	fmt.Fprintf(out, "adopted %s/%s, in force from %s (%s, position %s)\n", cmd.Name, cmd.Version,
		cmd.EffectiveFrom.Format(time.RFC3339), res.Stream, res.Position)
	return nil
}

// command is the adoption the flags describe, with the parameters read.
func (o adoptOptions) command(stdin io.Reader) (commands.AdoptRegulationVersion, error) {
	var cmd commands.AdoptRegulationVersion
	for flag, v := range map[string]string{"--name": o.name, "--version": o.version, "--effective-from": o.effectiveFrom,
		"--file": o.file, "--reason": o.reason, "--approver": o.approver} {
		if strings.TrimSpace(v) == "" {
			return cmd, fmt.Errorf("regulation adopt: %s is required", flag)
		}
	}
	from, err := time.Parse(time.RFC3339, o.effectiveFrom)
	if err != nil {
		return cmd, fmt.Errorf("regulation adopt: --effective-from must be an RFC 3339 time such as 2026-07-01T00:00:00+08:00")
	}
	params, err := readParams(o.file, stdin)
	if err != nil {
		return cmd, fmt.Errorf("regulation adopt: %w", err)
	}
	return commands.AdoptRegulationVersion{Name: o.name, Version: o.version, EffectiveFrom: from, Parameters: params,
		Retroactive: o.retroactive}, nil
}

// readParams reads the parameters file ("-": stdin); it must be JSON.
func readParams(file string, stdin io.Reader) (json.RawMessage, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the parameters: %w", err)
	}
	if !json.Valid(b) {
		return nil, errors.New("the parameters file is not JSON")
	}
	return b, nil
}

// listRegulations prints the catalogue: every regulation with the version
// in force, or with --name every version of one with its range, reason,
// approver and parameters.
func listRegulations(ctx context.Context, cfg config, opts listOptions, out io.Writer) error {
	at := time.Now()
	if opts.at != "" {
		t, err := time.Parse(time.RFC3339, opts.at)
		if err != nil {
			return fmt.Errorf("regulation list: --at must be an RFC 3339 time such as 2026-07-01T00:00:00+08:00")
		}
		at = t
	}
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	if opts.name == "" {
		fmt.Fprintln(tw, "REGULATION\tIN FORCE\tSINCE\tNEXT\tVERSIONS ADOPTED")
		for _, r := range a.Commands.Regulations.Catalogue(at) {
			next := "-"
			if r.Next != nil {
				next = r.Next.VersionID + " from " + r.Next.EffectiveFrom.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", r.Name, r.InForce.VersionID, timeOrDash(r.InForce.EffectiveFrom), next, r.Versions)
		}
		return nil
	}
	versions, ok := a.Commands.Regulations.Versions(opts.name)
	if !ok {
		return fmt.Errorf("regulation list: no regulation %q (one of %s)", opts.name, strings.Join(a.Commands.Regulations.Names(), ", "))
	}
	fmt.Fprintln(tw, "VERSION\tFROM\tUNTIL\tAPPROVED BY\tREASON\tPARAMETERS")
	for _, v := range versions {
		params, _ := json.Marshal(v.Parameters) //nolint:errchkjson // decoded JSON
		approver := "-"
		if v.ApprovedBy != "" {
			approver = v.ApprovedBy + " (" + v.ApproverRole + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.VersionID, timeOrDash(v.EffectiveFrom), timeOrDash(v.EffectiveUntil),
			approver, orDash(v.Reason), params)
	}
	return nil
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
