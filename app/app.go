// Package app assembles opsledger from its configuration: the event store
// (PostgreSQL, or EventStoreDB when configured), the command handler, the
// projections and their runners, the idempotency store and the HTTP API.
// cmd/opsledger runs it; end-to-end tests start it on a scratch schema.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/eventstore/fanout"
	"github.com/opsledger/opsledger/eventstore/postgres"
	idempotency "github.com/opsledger/opsledger/idempotency/postgres"
	integrity "github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/livefeed"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/observability"
	"github.com/opsledger/opsledger/projections"
)

// Config is everything the application is configured by. cmd/opsledger
// fills it from OPS_* environment variables.
type Config struct {
	PostgresURL string
	// ESDBURL, when set, keeps events in EventStoreDB instead of PostgreSQL.
	ESDBURL   string
	JWTSecret []byte
	// JWKSURL, when set, verifies tokens with the identity provider's
	// published keys instead of JWTSecret.
	JWKSURL string
	// JWTIssuer and JWTAudience are the iss and aud every token must
	// carry, JWTMaxLifetime the longest exp - iat accepted (zero: the
	// auth package's defaults).
	JWTIssuer      string
	JWTAudience    string
	JWTMaxLifetime time.Duration
	// EventSchema and ReadNamespace are the PostgreSQL schemas of the
	// event store and of the read models.
	EventSchema   string
	ReadNamespace projections.Namespace
	// ControlSchema holds the idempotency keys and the aggregate
	// snapshots (in PostgreSQL whichever store keeps the events).
	ControlSchema string
	// SnapshotEvery takes a snapshot of an aggregate every so many events
	// of its stream (0: none), so a command on a long stream reads only
	// the events after the newest snapshot. cmd/opsledger defaults it to
	// DefaultSnapshotEvery.
	SnapshotEvery int
	// SnapshotBudget also takes a snapshot of a stream whose fold on a
	// cache miss took this long or longer, before SnapshotEvery new events
	// (0: never). cmd/opsledger defaults it to DefaultSnapshotBudget.
	SnapshotBudget time.Duration
	// LogKey signs the checkpoints of the verifiable log over $all (a
	// note signer key, OPS_LOG_KEY); empty: a development key stored in
	// the control schema, with a warning.
	LogKey string
	// MasterKey wraps the data keys personal fields are encrypted with
	// (base64 of 32 bytes, OPS_MASTER_KEY; rule P1-erasure). Empty with
	// DevMasterKey: a development key stored in the control schema, with
	// a warning; empty without it: personal data is stored in clear.
	MasterKey    string
	DevMasterKey bool
	// ReadYourWritesTimeout bounds how long a query waits for a position.
	ReadYourWritesTimeout time.Duration
	RateLimit             int
	// IPRateLimit is the requests per second one address may make before
	// authentication (0: no limit).
	IPRateLimit int
	// CORSOrigins are the browser origins allowed to call the API from
	// another origin (none: same-origin only).
	CORSOrigins []string
	Now         func() time.Time
	Log         *slog.Logger
	// Tracing, when set, traces requests, commands, appends and read
	// models (observability.StartTracing reads OTEL_*); nil: off. Its
	// owner shuts it down, after Close.
	Tracing *observability.Tracing
	// StreamHeartbeat is how often an idle event stream sends a comment
	// line (zero: the API's default, 15 s).
	StreamHeartbeat time.Duration
	// Dev is a development machine (OPS_DEV=1): the dashboard offers a
	// sign-in as any demo employee.
	Dev bool
	// PubSub carries the forwarded events to the reactions (and, on NATS,
	// to other systems): GoChannel when empty; NATS (at NATSURL, subjects
	// under NATSSubjectRoot, default "opsledger") or Postgres for several
	// instances.
	PubSub          bus.Kind
	NATSURL         string
	NATSSubjectRoot string
	// NoDeadlines keeps this instance from following the log for
	// deadlines and from firing them (OPS_DEADLINES=off): another
	// instance does, or nothing should act on time passing (the fault
	// suite compares read models with a rebuild once the log stands
	// still, which the demo's overdue deadlines would not let it do).
	NoDeadlines bool
}

func (c *Config) defaults() {
	if c.EventSchema == "" {
		c.EventSchema = postgres.DefaultSchema
	}
	if c.ReadNamespace == "" {
		c.ReadNamespace = projections.DefaultNamespace
	}
	if c.ControlSchema == "" {
		c.ControlSchema = "control"
	}
	if c.ReadYourWritesTimeout <= 0 {
		c.ReadYourWritesTimeout = 2 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// App is the assembled application.
type App struct {
	Config      Config
	Pool        *pgxpool.Pool
	Store       eventstore.Store
	Codec       *eventstore.Codec
	Commands    *commands.Handler
	Queries     api.ReadModels
	Projections []projections.Projection
	JWT         *auth.JWT
	Metrics     *observability.Metrics
	API         *api.Server
	// IntegrityLog is the verifiable log over $all and its sealer.
	IntegrityLog *integrity.Log
	// Events is the live feed of /events/stream.
	Events      *livefeed.Hub
	reactions   reactions
	bus         *bus.Bus
	deadlines   deadlineScheduler
	shredder    commands.Shredder // destroys data subjects' keys (openPrivacy)
	roster      roster
	regulations regulationFollower
	startup     *startup // caught up since start? (see catchUpAfterStart)
	// commandStatements are what a command runs on the pool, prepared by
	// every connection the pool opens once Open is done (see
	// preparedOnConnect).
	commandStatements []string
	closers           []func() error
}

// Open connects to PostgreSQL (creating the database if missing), migrates
// every schema, makes sure each read model exists and assembles the API.
// It does not start the projection runners: see RunProjections.
func Open(ctx context.Context, cfg Config) (*App, error) {
	cfg.defaults()
	prepared := &preparedOnConnect{}
	pool, err := connect(ctx, cfg.PostgresURL, prepared)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Pool: pool, Codec: commands.Codec(), Projections: AllProjections(), startup: newStartup()}
	a.closers = append(a.closers, func() error { pool.Close(); return nil })
	if err := a.open(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.prepareOnEveryConnection(prepared)
	return a, nil
}

func (a *App) open(ctx context.Context) error {
	cfg := a.Config
	if err := a.openStore(ctx); err != nil {
		return err
	}
	if err := a.openPrivacy(ctx); err != nil {
		return err
	}
	if err := projections.Migrate(ctx, a.Pool, cfg.ReadNamespace); err != nil {
		return fmt.Errorf("migrate read models: %w", err)
	}
	if err := projections.Ensure(ctx, a.Pool, cfg.ReadNamespace, a.Projections...); err != nil {
		return err
	}
	idem, err := idempotency.Open(ctx, a.Pool, cfg.ControlSchema)
	if err != nil {
		return err
	}
	a.commandStatements = append(a.commandStatements, idem.CommandStatements()...)
	if err := a.openLog(ctx); err != nil {
		return err
	}
	if err := a.loadRoster(ctx); err != nil {
		return err
	}
	if err := a.openAuth(); err != nil {
		return err
	}
	a.Metrics = observability.NewMetricsWith(observability.Options{Lags: a.projectionLags, Pool: a.poolStats})
	a.Queries = readSide(a.Pool, cfg.ReadNamespace)
	snaps, err := a.snapshots(ctx)
	if err != nil {
		return err
	}
	a.Commands = commands.New(cfg.Tracing.TraceAppends(a.Metrics.TimeAppends(a.Store)), a.Codec, cfg.Now, snaps...)
	a.closers = append(a.closers, func() error { a.Commands.Close(); return nil })
	// Customer ownership lives in the employees' customer portfolios; the
	// upgrade records what the log of earlier versions says, once.
	if err := a.Commands.UpgradeCustomerOwnership(ctx); err != nil {
		return fmt.Errorf("customer ownership upgrade: %w", err)
	}
	if err := a.loadRegulations(ctx); err != nil {
		return err
	}
	if err := a.openReactions(ctx); err != nil {
		return err
	}
	if err := a.openDeadlines(ctx); err != nil {
		return err
	}
	access, err := a.openAccessLog(ctx)
	if err != nil {
		return err
	}
	a.openEvents()
	a.API = api.NewServer(api.Deps{
		Commands: a.Commands, Queries: a.Queries, Folds: stateFolds(a.Pool, cfg.ReadNamespace), Auth: a.JWT, Idempotency: idem,
		Erasure: a.Erasure(), WaitFor: a.waitFor, VerifiableLog: a.IntegrityLog, Ready: a.ready, ProjectionStatus: a.projectionStatus, Log: cfg.Log, Now: cfg.Now,
		Metrics: api.Metrics{Middleware: a.Metrics.Middleware, Handler: a.Metrics.Handler(),
			Command: a.Metrics.CountCommand, RateLimited: a.Metrics.CountRateLimited},
		Tracing:   apiTracing(cfg.Tracing),
		RateLimit: cfg.RateLimit, IPRateLimit: cfg.IPRateLimit, CORSOrigins: cfg.CORSOrigins,
		AccessLog: access,
		Export:    a.exportEvents,
		Events:    a.Events, StreamHeartbeat: cfg.StreamHeartbeat, DevTokens: a.devTokensFor(),
		Poison: poisonQueue{a},
	})
	return nil
}

// apiTracing is t as the api takes it: the zero value when off, so a
// request does not even pass through a middleware that does nothing.
func apiTracing(t *observability.Tracing) api.Tracing {
	if !t.Enabled() {
		return api.Tracing{}
	}
	return api.Tracing{Middleware: t.Middleware, Actor: t.Actor, TraceID: t.TraceID}
}

func (a *App) openStore(ctx context.Context) error {
	if a.Config.ESDBURL != "" {
		s, err := esdb.Open(a.Config.ESDBURL)
		if err != nil {
			return fmt.Errorf("open EventStoreDB: %w", err)
		}
		a.useStore(s, s.Close)
		return nil
	}
	s, err := postgres.Open(ctx, a.Pool, postgres.Options{Schema: a.Config.EventSchema})
	if err != nil {
		return fmt.Errorf("open event store: %w", err)
	}
	a.commandStatements = append(a.commandStatements, s.CommandStatements()...)
	a.useStore(s, s.Close)
	return nil
}

// fanoutLinger batches the read models' work under load: after a batch
// of fanoutLingerFrom events or more the shared subscription rests before
// it reads again, so each read model applies at most one transaction per
// rest instead of one per event. A lone event (a quiet system) is passed
// on at once. The rest is added to the delay of every event that arrives
// during it, so it must stay well inside the 10 ms read-model lag goal at
// 1,000 commands/s: 20 ms put the lag's p50 at 18 ms at 500 commands/s,
// and the http mix measured no faster with 20 ms than with none
// (`opsbench http --duration 10s`, same run). A threshold of 64 had made
// the read models apply nearly every event in a transaction of its own at
// 1,000 commands/s (the http mix fell from 1,661 to 673 commands/s, when
// the live feed still polled the read models after every batch).
const (
	fanoutLinger     = 2 * time.Millisecond
	fanoutLingerFrom = 2
)

// useStore makes s the application's event store. Its subscriptions go
// through one shared fanout: every read model follows the same log, and
// one reader serves them all from memory instead of each asking the
// database after every append.
func (a *App) useStore(s eventstore.Store, closeStore func() error) {
	shared := fanout.New(s, fanout.Options{Linger: fanoutLinger, LingerFrom: fanoutLingerFrom})
	a.Store = shared
	a.closers = append(a.closers, closeStore, shared.Close) // the fanout closes first
}

// Close releases everything Open acquired, in reverse order.
func (a *App) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]() //nolint:errcheck // closing on the way out
	}
	a.closers = nil
}

// openAuth verifies tokens with the JWKS when one is configured, else with
// the shared secret, and refuses those whose subject is not a known,
// active employee.
func (a *App) openAuth() error {
	var err error
	rules := append(a.Config.tokenRules(), auth.WithRoster(a.roster.set))
	if a.Config.JWKSURL == "" {
		a.JWT, err = auth.NewJWT(a.Config.JWTSecret, a.Config.Now, rules...)
		return err
	}
	ctx, cancel := context.WithCancel(context.Background()) // refreshes keys until Close
	a.closers = append(a.closers, func() error { cancel(); return nil })
	a.JWT, err = auth.NewJWKS(ctx, a.Config.JWKSURL, a.Config.Now, rules...)
	return err
}

// tokenRules are the configured token rules; what is unset keeps the
// auth package's default.
func (c Config) tokenRules() []auth.Option {
	return []auth.Option{auth.WithIssuer(c.JWTIssuer), auth.WithAudience(c.JWTAudience), auth.WithMaxLifetime(c.JWTMaxLifetime)}
}
