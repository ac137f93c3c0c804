package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// minPoolConns sizes the pool when the URL does not: each projection
// runner holds one connection for its advisory lock, and requests need
// their own beside them.
const minPoolConns = 40

// Besides the read models' runners, the forwarder, the deadline follower
// and River's leader, the sealer and the live feed hold a connection each
// (otherHolders); commands and queries need a few beside them
// (forRequests).
const (
	otherHolders = 5
	forRequests  = 5
)

// PoolConnsNeeded is the smallest pool an instance works with. Every
// runner keeps its connection for as long as it runs, leading or standing
// by, so a pool no larger than the runners leaves commands waiting for a
// connection no runner gives back: they hang rather than fail. The
// number grows with the read models.
func PoolConnsNeeded() int { return len(AllProjections()) + otherHolders + forRequests }

// errPoolTooSmall refuses a pool_max_conns below PoolConnsNeeded.
var errPoolTooSmall = errors.New("pool_max_conns is too small")

// connect opens a pool on url, creating the database first when the
// server answers that it does not exist.
func connect(ctx context.Context, url string, prepared *preparedOnConnect) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL URL: %w", err)
	}
	need := PoolConnsNeeded()
	switch {
	case !strings.Contains(url, "pool_max_conns"):
		cfg.MaxConns = max(cfg.MaxConns, minPoolConns, int32(need))
	case int(cfg.MaxConns) < need:
		return nil, fmt.Errorf("%w: %d, and an instance needs at least %d (a connection for each of its %d read models' runners and %d other runners, %d for requests)",
			errPoolTooSmall, cfg.MaxConns, need, len(AllProjections()), otherHolders, forRequests)
	}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if err := timesInUTC(ctx, conn); err != nil {
			return err
		}
		prepared.prepare(ctx, conn)
		return nil
	}
	withoutJIT(cfg.ConnConfig)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	err = pool.Ping(ctx)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "3D000" { // invalid_catalog_name
		pool.Close()
		if err := createDatabase(ctx, cfg.ConnConfig); err != nil {
			return nil, err
		}
		return connect(ctx, url, prepared)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return pool, nil
}

// withoutJIT turns PostgreSQL's JIT compilation off on the pool's
// connections unless the URL sets jit itself. The read side's largest
// statements (the KPIs over a 1,000,000-event history) are priced above
// jit_above_cost, and compiling them took longer than running them: a
// query answered in a few milliseconds paid tens of milliseconds to
// compile, on every call. Nothing the instance runs is long enough to win
// it back. It is a connection setting, so the server's stays as it is.
func withoutJIT(cfg *pgx.ConnConfig) {
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
}

// timesInUTC makes the connection read timestamptz values in UTC rather
// than the server process's local zone: every body the API writes gives
// its times in UTC, whatever TZ the instance runs with.
func timesInUTC(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
	return nil
}

func createDatabase(ctx context.Context, target *pgx.ConnConfig) error {
	admin := target.Copy()
	admin.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to create database %s: %w", target.Database, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{target.Database}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", target.Database, err)
	}
	return nil
}
