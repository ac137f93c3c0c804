package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/messaging/bus"
	"github.com/opsledger/opsledger/privacy"
)

// devJWTSecret signs tokens when OPS_JWT_SECRET is unset and OPS_DEV=1,
// so `make run` works out of the box. It is public: anyone can sign any
// token with it, so serve refuses it outside development.
const devJWTSecret = "opsledger-development-secret-change-me-0123456789"

type config struct {
	httpAddr string
	app      app.Config
	log      *slog.Logger
	// devToken: neither OPS_JWT_SECRET nor OPS_JWKS_URL is set, so tokens
	// are signed with the public devJWTSecret.
	devToken bool
	// dev is OPS_DEV=1: a development machine, where devJWTSecret and a
	// development log key are allowed.
	dev bool
	// getenv reads the OTEL_* variables that turn tracing on (see
	// observability.StartTracing).
	getenv func(string) string
}

// errPublicSecret is why serve refuses to start with the public secret.
var errPublicSecret = errors.New("OPS_JWT_SECRET or OPS_JWKS_URL is required: without them tokens would be signed " +
	"with the public development secret, so anyone could forge one (set OPS_DEV=1 on a development machine)")

// errNoLogKey is why serve refuses to start without OPS_LOG_KEY.
var errNoLogKey = errors.New("OPS_LOG_KEY is required: without it the log's checkpoints would be signed with a development " +
	"key kept in the database they vouch for (make one with `opsledger log-key`; set OPS_DEV=1 on a development machine)")

// checkSecret refuses the public development secret outside development.
func (c config) checkSecret() error {
	if c.devToken && !c.dev {
		return errPublicSecret
	}
	return nil
}

// checkLogKey refuses a development log key outside development.
func (c config) checkLogKey() error {
	if c.app.LogKey == "" && !c.dev {
		return errNoLogKey
	}
	return nil
}

// loadConfig reads and checks every OPS_* variable without connecting to
// anything, so a mistake is reported before any database is touched. It
// reports every mistake it finds, not only the first.
func loadConfig(getenv func(string) string) (config, error) {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(or(getenv("OPS_LOG_LEVEL"), "info"))); err != nil {
		check(fmt.Errorf("OPS_LOG_LEVEL must be debug, info, warn or error, not %q", getenv("OPS_LOG_LEVEL")))
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	rate, err := perSecond("OPS_RATE_LIMIT", or(getenv("OPS_RATE_LIMIT"), "200"))
	check(err)
	ipRate, err := perSecond("OPS_IP_RATE_LIMIT", or(getenv("OPS_IP_RATE_LIMIT"), "1000"))
	check(err)
	snapshotEvery, err := strconv.Atoi(or(getenv("OPS_SNAPSHOT_EVERY"), strconv.Itoa(app.DefaultSnapshotEvery)))
	if err != nil || snapshotEvery < 0 {
		check(fmt.Errorf("OPS_SNAPSHOT_EVERY must be a whole number of events (0 for no snapshots), not %q", getenv("OPS_SNAPSHOT_EVERY")))
	}
	snapshotBudget, err := time.ParseDuration(or(getenv("OPS_SNAPSHOT_BUDGET"), app.DefaultSnapshotBudget.String()))
	if err != nil || snapshotBudget < 0 {
		check(fmt.Errorf("OPS_SNAPSHOT_BUDGET must be a duration such as 20ms (0 for snapshots every OPS_SNAPSHOT_EVERY events only), not %q", getenv("OPS_SNAPSHOT_BUDGET")))
	}
	maxLife, err := time.ParseDuration(or(getenv("OPS_JWT_MAX_LIFETIME"), "24h"))
	if err != nil || maxLife <= 0 {
		check(fmt.Errorf("OPS_JWT_MAX_LIFETIME must be a positive duration such as 24h, not %q", getenv("OPS_JWT_MAX_LIFETIME")))
	}
	origins, err := corsOrigins(getenv("OPS_CORS_ORIGINS"))
	if err != nil {
		return config{}, err
	}
	secret := getenv("OPS_JWT_SECRET")
	if secret != "" && len(secret) < auth.MinSecretBytes {
		check(fmt.Errorf("OPS_JWT_SECRET must be at least %d bytes long (it has %d)", auth.MinSecretBytes, len(secret)))
	}
	logKey := getenv("OPS_LOG_KEY")
	if logKey != "" {
		if _, err := integrity.ParseKey(logKey); err != nil {
			check(errors.New("OPS_LOG_KEY must be a note signer key (PRIVATE+KEY+opsledger+...), as `opsledger log-key` makes"))
		}
	}
	masterKey := getenv("OPS_MASTER_KEY")
	if masterKey != "" {
		if _, err := privacy.ParseMasterKey(masterKey); err != nil {
			check(errors.New("OPS_MASTER_KEY must be the base64 of 32 random bytes, as `opsledger master-key` makes"))
		}
	}
	dev := getenv("OPS_DEV")
	if dev != "" && dev != "0" && dev != "1" {
		check(fmt.Errorf("OPS_DEV must be 1 (a development machine) or unset, not %q", dev))
	}
	pubsub, natsURL, natsRoot, err := pubsubConfig(getenv)
	check(err)
	deadlines := getenv("OPS_DEADLINES")
	if deadlines != "" && deadlines != "on" && deadlines != "off" {
		check(fmt.Errorf("OPS_DEADLINES must be on (the default) or off, not %q", deadlines))
	}
	c := config{
		httpAddr: or(getenv("OPS_HTTP_ADDR"), ":8080"),
		log:      log,
		devToken: secret == "" && getenv("OPS_JWKS_URL") == "",
		dev:      dev == "1",
		getenv:   getenv,
		app: app.Config{
			PostgresURL:           or(getenv("OPS_POSTGRES_URL"), "postgres://postgres@127.0.0.1:5432/opsledger?sslmode=disable"),
			ESDBURL:               getenv("OPS_ESDB_URL"),
			JWTSecret:             []byte(or(secret, devJWTSecret)),
			JWKSURL:               getenv("OPS_JWKS_URL"),
			JWTIssuer:             or(getenv("OPS_JWT_ISSUER"), auth.DefaultIssuer),
			JWTAudience:           or(getenv("OPS_JWT_AUDIENCE"), auth.DefaultAudience),
			JWTMaxLifetime:        maxLife,
			RateLimit:             rate,
			IPRateLimit:           ipRate,
			SnapshotEvery:         snapshotEvery,
			SnapshotBudget:        snapshotBudget,
			LogKey:                logKey,
			MasterKey:             masterKey,
			DevMasterKey:          dev == "1",
			CORSOrigins:           origins,
			ReadYourWritesTimeout: 2 * time.Second,
			Log:                   log,
			Dev:                   dev == "1",
			PubSub:                pubsub,
			NATSURL:               natsURL,
			NATSSubjectRoot:       natsRoot,
			NoDeadlines:           deadlines == "off",
		},
	}
	check(checkAddresses(c))
	if err := errors.Join(errs...); err != nil {
		return config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// pubsubConfig reads OPS_PUBSUB (gochannel, nats or postgres),
// OPS_NATS_URL (required with nats, refused without it, so a forgotten
// OPS_PUBSUB is not silently the in-process channel) and
// OPS_NATS_SUBJECT_ROOT (one NATS token).
func pubsubConfig(getenv func(string) string) (bus.Kind, string, string, error) {
	kind, err := bus.ParseKind(getenv("OPS_PUBSUB"))
	if err != nil {
		return "", "", "", fmt.Errorf("OPS_PUBSUB must be gochannel (one instance), nats or postgres, not %q", getenv("OPS_PUBSUB"))
	}
	natsURL, root := getenv("OPS_NATS_URL"), or(getenv("OPS_NATS_SUBJECT_ROOT"), bus.DefaultSubjectRoot)
	switch {
	case kind == bus.NATS && natsURL == "":
		return "", "", "", errors.New("OPS_NATS_URL is required with OPS_PUBSUB=nats, e.g. nats://127.0.0.1:4222")
	case kind != bus.NATS && natsURL != "":
		return "", "", "", fmt.Errorf("OPS_NATS_URL is set but OPS_PUBSUB is %q: set OPS_PUBSUB=nats to use NATS", kind)
	case kind == bus.NATS && !natsScheme(natsURL):
		return "", "", "", fmt.Errorf("OPS_NATS_URL must be a nats:// or tls:// URL, not %q", natsURL)
	case strings.ContainsAny(root, ".*> \t") || root == "":
		return "", "", "", fmt.Errorf("OPS_NATS_SUBJECT_ROOT must be one NATS token (no dots, spaces or wildcards), not %q", root)
	}
	return kind, natsURL, root, nil
}

// natsScheme: each comma-separated server is a nats:// or tls:// URL.
func natsScheme(v string) bool {
	for _, s := range strings.Split(v, ",") {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			return false
		}
	}
	return true
}

// perSecond parses a rate limit: a whole number of requests per second,
// 0 for none.
func perSecond(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a whole number of requests per second (0 for no limit), not %q", name, v)
	}
	return n, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// corsOrigins parses OPS_CORS_ORIGINS: a comma-separated list of origins
// (scheme://host[:port]) or "*"; empty allows no cross-origin calls.
func corsOrigins(v string) ([]string, error) {
	var origins []string
	for _, o := range strings.Split(v, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if o != "*" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/")) {
			return nil, fmt.Errorf("OPS_CORS_ORIGINS: %q is not an origin such as https://app.example.com", o)
		}
		origins = append(origins, strings.TrimSuffix(o, "/"))
	}
	return origins, nil
}
