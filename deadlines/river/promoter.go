package river

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// promoteEvery is how often every instance moves the deadlines falling
// due to the queue. River's own scheduler does it on its elected leader
// only, so while a killed leader's term runs out (about 20 s) nothing
// would; each instance doing it itself ties firing to no leadership.
const promoteEvery = time.Second

// promoteBatch bounds the jobs one statement moves; a full batch is
// followed by another at once.
const promoteBatch = 1000

// promoter moves this queue's due jobs from 'scheduled' (and
// 'retryable') to 'available', where every instance's producer fetches
// them at its next poll.
type promoter struct {
	pool *pgxpool.Pool
	sql  string
	log  *slog.Logger
}

func newPromoter(pool *pgxpool.Pool, schema string, log *slog.Logger) *promoter {
	return &promoter{pool: pool, sql: strings.ReplaceAll(promoteSQL, "/* schema */", pgx.Identifier{schema}.Sanitize()+"."), log: log}
}

// run promotes every promoteEvery until ctx ends. A failed round is
// logged and the next one tries again: a database hiccup must not stop
// the deadlines of this instance for good.
func (p *promoter) run(ctx context.Context) {
	tick := time.NewTicker(promoteEvery)
	defer tick.Stop()
	for {
		if _, err := p.promote(ctx, time.Now().Add(promoteEvery)); err != nil && ctx.Err() == nil {
			p.log.WarnContext(ctx, "deadlines: moving due deadlines to the queue failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// promote moves the jobs due by horizon and says how many it moved.
// The horizon lies one round ahead, as River's scheduler looks one of its
// intervals ahead: a producer fetches an available job only once its
// scheduled_at passed, so a deadline due between two rounds is in the
// queue when it falls due and fires at the producers' next poll.
func (p *promoter) promote(ctx context.Context, horizon time.Time) (int, error) {
	total := 0
	for {
		round, cancel := context.WithTimeout(ctx, 10*time.Second)
		tag, err := p.pool.Exec(round, p.sql, Queue, horizon, promoteBatch)
		cancel()
		if err != nil {
			return total, fmt.Errorf("promote due deadlines: %w", err)
		}
		total += int(tag.RowsAffected())
		if tag.RowsAffected() < promoteBatch {
			return total, nil
		}
	}
}

// promoteSQL is River's own JobSchedule query (riverpgxv5 v0.51.2,
// internal/dbsqlc/river_job.sql), limited to one queue ($1): it locks the
// due jobs, makes each available unless another job holds its unique key
// in a state its uniqueness covers (then it is discarded, as River does,
// so that the unique index never refuses the batch). Unlike River's, it
// skips the jobs another transaction holds (SKIP LOCKED): another
// instance's promoter or River's leader moving them, or the deadline
// follower cancelling them in its batch, which could otherwise deadlock
// with a promoter locking the same jobs in another order. A skipped job
// still due is moved the next round; one moved meanwhile no longer
// matches the state, so a job becomes available once and is fetched by
// one producer. River's
// driver exposes the query (Executor.JobSchedule) but marks it "API is
// not stable. DO NOT USE."; a River upgrade must compare the two.
// finalized_at of a discarded job is the time of the discard, not the
// look-ahead horizon River passes in.
const promoteSQL = `WITH jobs_to_schedule AS (
    SELECT id, unique_key, unique_states, priority, scheduled_at
    FROM /* schema */river_job
    WHERE state IN ('retryable', 'scheduled')
        AND priority >= 0
        AND queue = $1::text
        AND scheduled_at <= $2::timestamptz
    ORDER BY priority, scheduled_at, id
    LIMIT $3::bigint
    FOR UPDATE SKIP LOCKED
),
jobs_with_rownum AS (
    SELECT *,
        CASE
            WHEN unique_key IS NOT NULL AND unique_states IS NOT NULL THEN
                ROW_NUMBER() OVER (PARTITION BY unique_key ORDER BY priority, scheduled_at, id)
            ELSE NULL
        END AS row_num
    FROM jobs_to_schedule
),
unique_conflicts AS (
    SELECT river_job.unique_key
    FROM /* schema */river_job
    JOIN jobs_with_rownum
        ON river_job.unique_key = jobs_with_rownum.unique_key
        AND river_job.id != jobs_with_rownum.id
    WHERE river_job.unique_key IS NOT NULL
        AND river_job.unique_states IS NOT NULL
        AND /* schema */river_job_state_in_bitmask(river_job.unique_states, river_job.state)
),
job_updates AS (
    SELECT job.id,
        CASE
            WHEN job.row_num IS NULL THEN 'available'::/* schema */river_job_state
            WHEN uc.unique_key IS NOT NULL THEN 'discarded'::/* schema */river_job_state
            WHEN job.row_num = 1 THEN 'available'::/* schema */river_job_state
            ELSE 'discarded'::/* schema */river_job_state
        END AS new_state,
        (job.row_num IS NOT NULL AND (uc.unique_key IS NOT NULL OR job.row_num > 1)) AS discarded
    FROM jobs_with_rownum job
    LEFT JOIN unique_conflicts uc ON job.unique_key = uc.unique_key
)
UPDATE /* schema */river_job
SET state = job_updates.new_state,
    finalized_at = CASE WHEN job_updates.discarded THEN now() ELSE river_job.finalized_at END,
    metadata = CASE WHEN job_updates.discarded THEN river_job.metadata || '{"unique_key_conflict": "scheduler_discarded"}'::jsonb
                    ELSE river_job.metadata END
FROM job_updates
WHERE river_job.id = job_updates.id`
