package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/auth"
)

// crudSchema holds the plain service's one table; opsbench wipes it.
const crudSchema = "bench_crud"

// crudService is the baseline the event-sourced command is compared
// with: the same request (a bearer token, an Idempotency-Key, the same
// JSON body) on the same route, checked and written the way a plain CRUD
// service would, with one INSERT into one table and nothing else: no
// stream to read, no event log, no read model.
type crudService struct {
	pool *pgxpool.Pool
	jwt  *auth.JWT
}

// crudContact is the body of POST /customers/{id}/contact-log, as the
// application's API takes it.
type crudContact struct {
	ContactID string `json:"contact_id"`
	Channel   string `json:"channel"`
	Topic     string `json:"topic"`
	Outcome   string `json:"outcome"`
}

// setUpCRUDSchema (re)creates the plain service's table. The
// idempotency key is unique, so a retried request is written once, as
// the application's Idempotency-Key promises.
func setUpCRUDSchema(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+crudSchema+` CASCADE;
CREATE SCHEMA `+crudSchema+`;
CREATE TABLE `+crudSchema+`.contact_log (
	id uuid PRIMARY KEY,
	customer_id text NOT NULL,
	contact_id text NOT NULL,
	channel text NOT NULL,
	topic text NOT NULL,
	outcome text NOT NULL,
	employee_id text NOT NULL,
	idempotency_key text UNIQUE,
	recorded_at timestamptz NOT NULL
)`)
	return err
}

func newCRUDService(pool *pgxpool.Pool) (*crudService, error) {
	jwt, err := auth.NewJWT([]byte(httpSecret), time.Now)
	if err != nil {
		return nil, err
	}
	return &crudService{pool: pool, jwt: jwt}, nil
}

func (s *crudService) routes() http.Handler {
	r := chi.NewRouter()
	r.Post("/customers/{id}/contact-log", s.logContact)
	return r
}

// logContact checks the token and the body, inserts one row and answers
// 201 with its id.
func (s *crudService) logContact(w http.ResponseWriter, r *http.Request) {
	actor, err := s.jwt.Authenticate(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	if err != nil {
		crudError(w, http.StatusUnauthorized, "invalid token")
		return
	}
	var c crudContact
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		crudError(w, http.StatusBadRequest, "malformed body")
		return
	}
	if c.ContactID == "" || c.Channel == "" || c.Outcome == "" {
		crudError(w, http.StatusUnprocessableEntity, "contact_id, channel and outcome are required")
		return
	}
	var key *string
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		key = &k
	}
	id, at := uuid.New(), time.Now().UTC()
	_, err = s.pool.Exec(r.Context(), `INSERT INTO `+crudSchema+`.contact_log
	(id, customer_id, contact_id, channel, topic, outcome, employee_id, idempotency_key, recorded_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING`,
		id, chi.URLParam(r, "id"), c.ContactID, c.Channel, c.Topic, c.Outcome, actor.EmployeeID, key, at)
	if err != nil {
		crudError(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"id": id, "recorded_at": at}) //nolint:errcheck // the client went away
}

func crudError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg}) //nolint:errcheck // the client went away
}
