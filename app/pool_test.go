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
	if _, err := connect(ctx, pgtest.URL(t)+"&pool_max_conns="+strconv.Itoa(need-1), nil); !errors.Is(err, errPoolTooSmall) {
		t.Fatalf("connect(pool of %d) error = %v, want errPoolTooSmall", need-1, err)
	}
	pool, err := connect(ctx, pgtest.URL(t)+"&pool_max_conns="+strconv.Itoa(need), nil)
	if err != nil {
		t.Fatalf("connect(pool of %d) error = %v", need, err)
	}
	pool.Close()
	pool, err = connect(ctx, pgtest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if got := int(pool.Config().MaxConns); got < need {
		t.Errorf("unbounded URL gave a pool of %d, want at least %d", got, need)
	}
}

// Given the instance's pool, when a query asks for the jit setting, then
// it is off on its connections (the KPIs' plans cross jit_above_cost and
// compiling cost more than running), unless the URL chose it.
func TestConnect_turnsJITOffUnlessTheURLSetsIt(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ suffix, want string }{{"", "off"}, {"&jit=on", "on"}} {
		pool, err := connect(ctx, pgtest.URL(t)+tc.suffix, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = pool.QueryRow(ctx, "SHOW jit").Scan(&got)
		pool.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("URL suffix %q: jit = %q, want %q", tc.suffix, got, tc.want)
		}
	}
}
