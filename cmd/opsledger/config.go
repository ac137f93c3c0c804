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
	// dev is OPS_DEV=1: a development machine, where devJWTSecret is allowed.
	dev bool
}

// errPublicSecret is why serve refuses to start with the public secret.
var errPublicSecret = errors.New("OPS_JWT_SECRET or OPS_JWKS_URL is required: without them tokens would be signed " +
	"with the public development secret, so anyone could forge one (set OPS_DEV=1 on a development machine)")

// checkSecret refuses the public development secret outside development.
func (c config) checkSecret() error {
	if c.devToken && !c.dev {
		return errPublicSecret
	}
	return nil
}

func loadConfig(getenv func(string) string) (config, error) {
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(or(getenv("OPS_LOG_LEVEL"), "info"))); err != nil {
		return config{}, fmt.Errorf("OPS_LOG_LEVEL: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	rate, err := strconv.Atoi(or(getenv("OPS_RATE_LIMIT"), "200"))
	if err != nil || rate < 0 {
		return config{}, fmt.Errorf("OPS_RATE_LIMIT must be a whole number of requests per second")
	}
	ipRate, err := strconv.Atoi(or(getenv("OPS_IP_RATE_LIMIT"), "1000"))
	if err != nil || ipRate < 0 {
		return config{}, fmt.Errorf("OPS_IP_RATE_LIMIT must be a whole number of requests per second")
	}
	maxLife, err := time.ParseDuration(or(getenv("OPS_JWT_MAX_LIFETIME"), "24h"))
	if err != nil || maxLife <= 0 {
		return config{}, fmt.Errorf("OPS_JWT_MAX_LIFETIME must be a positive duration such as 24h")
	}
	origins, err := corsOrigins(getenv("OPS_CORS_ORIGINS"))
	if err != nil {
		return config{}, err
	}
	secret := getenv("OPS_JWT_SECRET")
	c := config{
		httpAddr: or(getenv("OPS_HTTP_ADDR"), ":8080"),
		log:      log,
		devToken: secret == "" && getenv("OPS_JWKS_URL") == "",
		dev:      getenv("OPS_DEV") == "1",
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
			CORSOrigins:           origins,
			ReadYourWritesTimeout: 2 * time.Second,
			Log:                   log,
		},
	}
	return c, nil
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
