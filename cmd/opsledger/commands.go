package main

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/app"
)

// configHelp lists the environment every command but help and version
// reads; README.md's Configuration section says what each variable does.
const configHelp = `Configuration is read from the environment and checked before anything
connects: OPS_HTTP_ADDR, OPS_POSTGRES_URL, OPS_ESDB_URL, OPS_JWT_SECRET,
OPS_JWKS_URL, OPS_JWT_ISSUER, OPS_JWT_AUDIENCE, OPS_JWT_MAX_LIFETIME, OPS_DEV,
OPS_LOG_LEVEL, OPS_LOG_KEY, OPS_MASTER_KEY, OPS_RATE_LIMIT, OPS_IP_RATE_LIMIT.`

// newRoot builds the command tree. getenv is the environment the commands
// read their configuration from; help and version never read it.
func newRoot(getenv func(string) string) *cobra.Command {
	root := &cobra.Command{
		Use:   "opsledger",
		Short: "the opsledger operations ledger",
		Long:  "opsledger runs a company's operations ledger: an event-sourced backend with an HTTP API.\n\n" + configHelp,
		// run reports errors and usage itself, once, on stderr.
		SilenceErrors: true, SilenceUsage: true,
		Version: versionLine(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.CompletionOptions.DisableDefaultCmd = true
	configured := withConfig(getenv)
	root.AddCommand(serveCmd(configured), migrateCmd(configured), rebuildCmd(configured),
		seedCmd(configured), tokenCmd(configured), exportCmd(configured), logKeyCmd(), masterKeyCmd(), verifyCmd(configured),
		versionCmd(), regulationCmd(configured), replayCmd(configured))
	return root
}

// withConfig makes a command's RunE from a function of the checked
// configuration: a configuration error stops the command before it
// connects to anything. Its errors, and fn's, are the command's own, not
// its command line's.
func withConfig(getenv func(string) string) configuredRun {
	return func(fn func(*cobra.Command, config, []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(getenv)
			if err != nil {
				return commandError{err}
			}
			slog.SetDefault(cfg.log)
			if err := fn(cmd, cfg, args); err != nil {
				return commandError{err}
			}
			return nil
		}
	}
}

// configuredRun is what withConfig returns: it makes a RunE from a
// function of the checked configuration.
type configuredRun = func(fn func(*cobra.Command, config, []string) error) func(*cobra.Command, []string) error

func serveCmd(configured configuredRun) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "run the HTTP API and the projections",
		Long: "serve listens on OPS_HTTP_ADDR, checks that the identity provider's JWKS (OPS_JWKS_URL) and\n" +
			"EventStoreDB (OPS_ESDB_URL) answer, migrates, then runs the API and the projection runners\n" +
			"until SIGINT or SIGTERM, draining in-flight requests before it stops.",
		Args: cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return serve(cmd.Context(), cfg)
		}),
	}
}

func migrateCmd(configured configuredRun) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "create or upgrade the database schemas",
		Long: "migrate creates or upgrades the event store, read model and control schemas, after\n" +
			"checking that EventStoreDB answers when OPS_ESDB_URL is set. serve does it too.",
		Args: cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return migrate(cmd.Context(), cfg, cmd.OutOrStdout())
		}),
	}
}

func rebuildCmd(configured configuredRun) *cobra.Command {
	names := readModelNames()
	return &cobra.Command{
		Use:   "rebuild [NAME ...]",
		Short: "rebuild read models beside the live ones",
		Long: "rebuild rebuilds the named read models (all without names) beside the live ones and switches\n" +
			"to them when caught up. It shows progress on stderr: a bar on a terminal, a line every few\n" +
			"seconds elsewhere.\n\nRead models: " + strings.Join(names, ", "),
		ValidArgs: names,
		Args: func(_ *cobra.Command, args []string) error {
			for _, a := range args {
				if !slices.Contains(names, a) {
					return fmt.Errorf("no read model %q; the read models are %s", a, strings.Join(names, ", "))
				}
			}
			return nil
		},
		RunE: configured(func(cmd *cobra.Command, cfg config, args []string) error {
			return rebuild(cmd.Context(), cfg, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
}

// readModelNames are the names rebuild accepts, sorted.
func readModelNames() []string {
	var names []string
	for _, p := range app.AllProjections() {
		names = append(names, p.Name())
	}
	slices.Sort(names)
	return names
}

func seedCmd(configured configuredRun) *cobra.Command {
	var opts seedOptions
	cmd := &cobra.Command{
		Use: "seed --demo [--once]",
		// The flags are in Use already.
		DisableFlagsInUseLine: true,
		Short:                 "create demo data through the command layer",
		Args:                  cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return seed(cmd.Context(), cfg, opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	cmd.Flags().BoolVar(&opts.demo, "demo", false, "create the demo company (华东/华南 branches, staff, customers, contracts …)")
	cmd.Flags().BoolVar(&opts.once, "once", false, "do nothing when the demo company already exists")
	return cmd
}

func tokenCmd(configured configuredRun) *cobra.Command {
	var opts tokenOptions
	cmd := &cobra.Command{
		Use: "token --employee ID --roles R1,R2 [--org-unit U] [--ttl 24h]",
		// The flags are in Use already.
		DisableFlagsInUseLine: true,
		Short:                 "issue a development token",
		Long: "token issues a token signed with OPS_JWT_SECRET (or, with OPS_DEV=1, the public development\n" +
			"secret), with the configured issuer, audience and maximum lifetime. It checks in the event store that\n" +
			"the employee is hired and has not departed (the server refuses other tokens), and warns if it cannot.",
		Args: cobra.NoArgs,
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return token(cmd.Context(), cfg, opts, cmd.OutOrStdout())
		}),
	}
	f := cmd.Flags()
	f.StringVar(&opts.employee, "employee", "", "employee id (the token subject)")
	f.StringVar(&opts.roles, "roles", "", "comma-separated roles, e.g. GM,DEPT_HEAD")
	f.StringVar(&opts.orgUnit, "org-unit", "", "org unit id (required for department-scoped roles such as DEPT_HEAD, SALES_REP)")
	f.DurationVar(&opts.ttl, "ttl", 24*time.Hour, "validity")
	cmd.MarkFlagRequired("employee") //nolint:errcheck // the flag exists
	cmd.MarkFlagRequired("roles")    //nolint:errcheck // the flag exists
	return cmd
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version, VCS revision and Go version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), versionLine())
		},
	}
}
