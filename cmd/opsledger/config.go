package main

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/app"
)

// devJWTSecret signs tokens when OPS_JWT_SECRET is unset, so `make run`
// works out of the box. It is public: never run production without
// OPS_JWT_SECRET.
const devJWTSecret = "opsledger-development-secret-change-me-0123456789"

type config struct {
	httpAddr string
	app      app.Config
	log      *slog.Logger
	devToken bool
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
	secret := getenv("OPS_JWT_SECRET")
	c := config{
		httpAddr: or(getenv("OPS_HTTP_ADDR"), ":8080"),
		log:      log,
		devToken: secret == "" && getenv("OPS_JWKS_URL") == "",
		app: app.Config{
			PostgresURL:           or(getenv("OPS_POSTGRES_URL"), "postgres://postgres@127.0.0.1:5432/opsledger?sslmode=disable"),
			ESDBURL:               getenv("OPS_ESDB_URL"),
			JWTSecret:             []byte(or(secret, devJWTSecret)),
			JWKSURL:               getenv("OPS_JWKS_URL"),
			RateLimit:             rate,
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
