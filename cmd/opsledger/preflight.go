package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/nats-io/nats.go"

	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/messaging/bus"
)

// reachTimeout bounds each preflight check: a service that has not
// answered by then is reported as unreachable rather than waited for.
const reachTimeout = 10 * time.Second

// preflight checks, before anything is migrated or served, that the
// services the command depends on answer: the identity provider's JWKS
// when the command verifies tokens with it, and EventStoreDB when events
// are kept there. Neither client says so by itself: the JWKS client
// starts with an empty key set (every token then fails with 401) and the
// EventStoreDB client connects on first use.
func preflight(ctx context.Context, cfg config, verifiesTokens bool) error {
	if verifiesTokens && cfg.app.JWKSURL != "" {
		if err := checkJWKS(ctx, cfg.app.JWKSURL); err != nil {
			return fmt.Errorf("OPS_JWKS_URL %s: %w", cfg.app.JWKSURL, err)
		}
	}
	if cfg.app.ESDBURL != "" {
		if err := checkESDB(ctx, cfg.app.ESDBURL); err != nil {
			return fmt.Errorf("OPS_ESDB_URL %s: EventStoreDB unreachable: %w", redacted(cfg.app.ESDBURL), err)
		}
	}
	if cfg.app.PubSub == bus.NATS {
		if err := checkNATS(cfg.app.NATSURL); err != nil {
			return fmt.Errorf("OPS_NATS_URL %s: %w", redacted(cfg.app.NATSURL), err)
		}
	}
	return nil
}

// checkNATS connects and asks for the account's JetStream limits: a
// server without JetStream answers the connection but not that, and the
// reactions need it.
func checkNATS(natsURL string) error {
	conn, err := nats.Connect(natsURL, nats.Timeout(reachTimeout), nats.NoReconnect())
	if err != nil {
		return fmt.Errorf("NATS unreachable: %w", err)
	}
	defer conn.Close()
	js, err := conn.JetStream(nats.MaxWait(reachTimeout))
	if err == nil {
		_, err = js.AccountInfo()
	}
	if err != nil {
		return fmt.Errorf("NATS answers but JetStream does not (start nats-server with -js): %w", err)
	}
	return nil
}

// jwksLimit bounds how much of a JWKS response is read: a key set is a
// few kilobytes.
const jwksLimit = 1 << 20

// checkJWKS fetches the key set once and requires at least one key in it.
func checkJWKS(ctx context.Context, jwksURL string) error {
	ctx, cancel := context.WithTimeout(ctx, reachTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, jwksURL, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("identity provider unreachable: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("identity provider answered %s, want 200 and a JWKS", res.Status)
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, jwksLimit)).Decode(&set); err != nil {
		return fmt.Errorf("not a JWKS (JSON with a \"keys\" array): %w", err)
	}
	if len(set.Keys) == 0 {
		return fmt.Errorf("the JWKS holds no keys: every token would be refused")
	}
	return nil
}

// checkESDB reads the head of $all: the cheapest call that needs the
// server. Its client logs nothing: each of its failed discovery attempts
// would be a warning, and the one error returned says it all.
func checkESDB(ctx context.Context, connString string) error {
	ctx, cancel := context.WithTimeout(ctx, reachTimeout)
	defer cancel()
	conf, err := esdbclient.ParseConnectionString(connString)
	if err != nil {
		return err
	}
	conf.Logger = func(esdbclient.LogLevel, string, ...any) {}
	client, err := esdbclient.NewClient(conf)
	if err != nil {
		return err
	}
	defer client.Close()
	_, err = esdb.New(client).Head(ctx)
	return err
}

// redacted is a connection string without its password, for messages.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
