package messaging

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
)

// ErrParkedNotFound is the answer for a poisoned message that is not
// parked (unknown id, or already retried or skipped).
var ErrParkedNotFound = domain.NotFound("no parked message with this id waits for an operator")

// PoisonStore keeps the messages a reaction failed on in PostgreSQL (in
// the control schema), so they survive restarts and every instance sees
// them, whatever bus carries the reactions. It is the message.Publisher
// the router poisons to. A message poisoned again by the same reaction
// (redelivered, or retried and failing again) is parked again in its row.
type PoisonStore struct {
	pool  *pgxpool.Pool
	table string
}

// Parked is a poisoned message waiting for an operator, or resolved.
type Parked struct {
	ID         int64
	MessageID  string
	Topic      string
	Reaction   string
	Reason     string
	EventType  string
	Stream     string
	Position   string
	ParkedAt   time.Time
	Attempts   int
	Status     string // PARKED, RETRIED or SKIPPED
	ResolvedBy string
	Note       string
}

// OpenPoisonStore creates the table in schema if missing.
func OpenPoisonStore(ctx context.Context, pool *pgxpool.Pool, schema string) (*PoisonStore, error) {
	s := &PoisonStore{pool: pool, table: pgx.Identifier{schema, "reaction_poison"}.Sanitize()}
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+s.table+` (
			id          bigserial PRIMARY KEY,
			message_id  text NOT NULL,
			topic       text NOT NULL,
			reaction    text NOT NULL,
			reason      text NOT NULL,
			payload     bytea NOT NULL,
			metadata    jsonb NOT NULL,
			parked_at   timestamptz NOT NULL DEFAULT now(),
			attempts    int NOT NULL DEFAULT 1,
			status      text NOT NULL DEFAULT 'PARKED',
			resolved_by text NOT NULL DEFAULT '',
			note        text NOT NULL DEFAULT '',
			UNIQUE (message_id, reaction)
		)`)
	if err != nil {
		return nil, fmt.Errorf("open poison store: %w", err)
	}
	return s, nil
}

// Publish parks msgs (published to PoisonTopic by the router).
func (s *PoisonStore) Publish(_ string, msgs ...*message.Message) error {
	ctx := context.Background()
	for _, msg := range msgs {
		md, err := json.Marshal(msg.Metadata)
		if err != nil {
			return err
		}
		_, err = s.pool.Exec(ctx, `INSERT INTO `+s.table+` (message_id, topic, reaction, reason, payload, metadata)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (message_id, reaction) DO UPDATE SET reason = excluded.reason, payload = excluded.payload,
				metadata = excluded.metadata, parked_at = now(), attempts = `+s.table+`.attempts + 1,
				status = 'PARKED', resolved_by = '', note = ''`,
			msg.UUID, msg.Metadata.Get(middleware.PoisonedTopicKey), msg.Metadata.Get(middleware.PoisonedHandlerKey),
			msg.Metadata.Get(middleware.ReasonForPoisonedKey), []byte(msg.Payload), md)
		if err != nil {
			return fmt.Errorf("park message %s: %w", msg.UUID, err)
		}
	}
	return nil
}

// Close implements message.Publisher; the pool is the caller's.
func (s *PoisonStore) Close() error { return nil }

// List returns the parked messages (open) or the resolved ones, oldest
// first.
func (s *PoisonStore) List(ctx context.Context, open bool) ([]Parked, error) {
	cond := "status = 'PARKED'"
	if !open {
		cond = "status <> 'PARKED'"
	}
	rows, err := s.pool.Query(ctx, `SELECT id, message_id, topic, reaction, reason,
			coalesce(metadata->>'`+MetaEventType+`', ''), coalesce(metadata->>'`+MetaStream+`', ''),
			coalesce(metadata->>'`+MetaPosition+`', ''), parked_at, attempts, status, resolved_by, note
		FROM `+s.table+` WHERE `+cond+` ORDER BY id LIMIT 1000`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Parked, error) {
		var p Parked
		err := r.Scan(&p.ID, &p.MessageID, &p.Topic, &p.Reaction, &p.Reason, &p.EventType, &p.Stream, &p.Position,
			&p.ParkedAt, &p.Attempts, &p.Status, &p.ResolvedBy, &p.Note)
		return p, err
	})
}

// Retry publishes parked message id again to its topic on pub, as it was
// first delivered, and records who retried it and why. A reaction that
// fails on it again parks it again. The row is marked before publishing
// (a bus may deliver, and the reaction park it again, before Publish
// returns) and parked again if publishing fails.
func (s *PoisonStore) Retry(ctx context.Context, id int64, by, note string, pub message.Publisher) error {
	var topic, messageID string
	var payload []byte
	var md message.Metadata
	err := s.pool.QueryRow(ctx, `UPDATE `+s.table+` SET status = 'RETRIED', resolved_by = $2, note = $3
		WHERE id = $1 AND status = 'PARKED' RETURNING topic, message_id, payload, metadata`, id, by, note).
		Scan(&topic, &messageID, &payload, &md)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrParkedNotFound
	}
	if err != nil {
		return err
	}
	msg := message.NewMessage(messageID, payload)
	for k, v := range md {
		switch k {
		case middleware.ReasonForPoisonedKey, middleware.PoisonedTopicKey, middleware.PoisonedHandlerKey, middleware.PoisonedSubscriberKey:
		default:
			msg.Metadata.Set(k, v)
		}
	}
	if err := pub.Publish(topic, msg); err != nil {
		_, _ = s.pool.Exec(context.WithoutCancel(ctx), `UPDATE `+s.table+` SET status = 'PARKED' WHERE id = $1 AND status = 'RETRIED'`, id)
		return fmt.Errorf("retry parked message %d: %w", id, err)
	}
	return nil
}

// Skip records that an operator gave up on parked message id, and why.
func (s *PoisonStore) Skip(ctx context.Context, id int64, by, note string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE `+s.table+` SET status = 'SKIPPED', resolved_by = $2, note = $3
		WHERE id = $1 AND status = 'PARKED'`, id, by, note)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrParkedNotFound
	}
	return err
}
