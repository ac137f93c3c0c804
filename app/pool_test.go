package app

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given a PostgreSQL URL that bounds the pool, when the instance connects,
// then a pool smaller than its runners plus some room for requests is
// refused at once (it would leave commands waiting for ever), and the
// smallest that works is accepted.
func TestConnect_refusesAPoolTheRunnersWouldExhaust(t *testing.T) {
	ctx := context.Background()
	need := PoolConnsNeeded()
	if need <= len(AllProjections()) {
		t.Fatalf("PoolConnsNeeded() = %d, not above the %d read models' runners", need, len(AllProjections()))
	}
	if _, err := connect(ctx, pgtest.URL(t)+"&pool_max_conns="+strconv.Itoa(need-1)); !errors.Is(err, errPoolTooSmall) {
		t.Fatalf("connect(pool of %d) error = %v, want errPoolTooSmall", need-1, err)
	}
	pool, err := connect(ctx, pgtest.URL(t)+"&pool_max_conns="+strconv.Itoa(need))
	if err != nil {
		t.Fatalf("connect(pool of %d) error = %v", need, err)
	}
	pool.Close()
	pool, err = connect(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if got := int(pool.Config().MaxConns); got < need {
		t.Errorf("unbounded URL gave a pool of %d, want at least %d", got, need)
	}
}
