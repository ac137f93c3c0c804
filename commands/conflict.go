package commands

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ChangedMeanwhile is the conflict a command answers when others kept
// changing its aggregate while it was being decided, and the retries ran
// out (or the caller's If-Match named a version that is gone). Its text
// speaks of the business; the store's own conflict, with stream names and
// versions, stays reachable through errors.Unwrap for the logs.
type ChangedMeanwhile struct {
	Subject string // the aggregate as users know it, e.g. "customer file"
	cause   error
}

func (e *ChangedMeanwhile) Error() string {
	return "the " + e.Subject + " changed while your request was being decided; try again"
}

// Unwrap makes the error a domain.ErrConflict and keeps the store's cause.
func (e *ChangedMeanwhile) Unwrap() []error { return []error{domain.ErrConflict, e.cause} }

func (r repository[S]) changedMeanwhile(cause error) error {
	return &ChangedMeanwhile{Subject: r.subject, cause: cause}
}

// The pause before a later retry has a ceiling of firstRetryPause × 2^attempt
// (4 ms before the second retry), up to maxRetryPause, and is drawn at
// random below it ("full jitter"), so that commands which lost one race
// do not meet again in the next. With 100 commands on one aggregate, the
// ceiling spreads them over about a second, time for the store to take
// every one of them in turn.
const (
	firstRetryPause = time.Millisecond
	maxRetryPause   = 64 * time.Millisecond
)

// retryPause waits before retry attempt+1, or returns the context's error.
// The first retry goes at once: a race lost to one other writer (a
// reaction on the same stream) is settled by deciding again, and waiting
// would only slow the command. Only a command that loses again is among
// many and backs off.
func retryPause(ctx context.Context, attempt int) error {
	if attempt < 2 {
		return nil
	}
	ceiling := maxRetryPause
	if attempt < 7 {
		ceiling = min(firstRetryPause<<attempt, maxRetryPause)
	}
	t := time.NewTimer(rand.N(ceiling))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
