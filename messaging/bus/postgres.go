package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/jackc/pgx/v5"
)

// The PostgreSQL backend polls its tables; a message waits at most this
// long when the subscriber found none the time before.
const (
	postgresPoll        = 50 * time.Millisecond
	postgresAckDeadline = 10 * time.Second
)

// openPostgres keeps each topic in a table of cfg.Schema
// (m_<topic>, its consumer groups' offsets in o_<topic>), created on
// first use. Subscribers of one consumer group share the offsets, so a
// message is handled by one of them.
func openPostgres(ctx context.Context, cfg Config, logger watermill.LoggerAdapter) (*Bus, error) {
	if cfg.Pool == nil {
		return nil, fmt.Errorf("bus: the PostgreSQL pub/sub needs a connection pool")
	}
	if _, err := cfg.Pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{cfg.Schema}.Sanitize()); err != nil {
		return nil, fmt.Errorf("bus: create schema %s: %w", cfg.Schema, err)
	}
	schema := wmsql.DefaultPostgreSQLSchema{
		GenerateMessagesTableName: func(topic string) string { return pgx.Identifier{cfg.Schema, "m_" + tableSafe(topic)}.Sanitize() },
		// The body is kept byte for byte, as the event store holds it.
		GeneratePayloadType: func(string) string { return "BYTEA" },
	}
	offsets := wmsql.DefaultPostgreSQLOffsetsAdapter{
		GenerateMessagesOffsetsTableName: func(topic string) string {
			return pgx.Identifier{cfg.Schema, "o_" + tableSafe(topic)}.Sanitize()
		},
	}
	db := wmsql.BeginnerFromPgx(cfg.Pool)
	pub, err := wmsql.NewPublisher(db, wmsql.PublisherConfig{SchemaAdapter: schema, AutoInitializeSchema: true}, logger)
	if err != nil {
		return nil, fmt.Errorf("bus: PostgreSQL publisher: %w", err)
	}
	ackDeadline := postgresAckDeadline
	sub, err := wmsql.NewSubscriber(db, wmsql.SubscriberConfig{
		ConsumerGroup: cfg.Group, SchemaAdapter: schema, OffsetsAdapter: offsets, InitializeSchema: true,
		PollInterval: postgresPoll, ResendInterval: 100 * time.Millisecond, AckDeadline: &ackDeadline,
	}, logger)
	if err != nil {
		return nil, fmt.Errorf("bus: PostgreSQL subscriber: %w", err)
	}
	shared := newSharedSubscriber(sub)
	return &Bus{Kind: Postgres, publisher: pub, subscriber: shared, shared: shared,
		closes: []func() error{pub.Close, shared.Close}}, nil
}
