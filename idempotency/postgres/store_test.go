package postgres_test

import (
	"context"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/idempotency/postgres"
)

func openStore(t testing.TB) *postgres.Store {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := postgres.Open(ctx, pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	ctx := context.Background()
	first := api.SavedResponse{RequestHash: "h1", Status: 201, Body: []byte(`{"id":"a"}` + "\n"),
		Headers: map[string]string{"ETag": `"1"`, "Location": "/orders/a", api.PositionHeader: "0000000000000042"}}
	t.Run("an unknown key is not found", func(t *testing.T) {
		if _, ok, err := s.Lookup(ctx, "emp-1", "k1"); ok || err != nil {
			t.Fatalf("Lookup() ok = %v, err = %v; want not found", ok, err)
		}
	})
	t.Run("a saved response comes back as saved", func(t *testing.T) {
		if err := s.Save(ctx, "emp-1", "k1", first); err != nil {
			t.Fatalf("Save() = %v", err)
		}
		got, ok, err := s.Lookup(ctx, "emp-1", "k1")
		if !ok || err != nil || !reflect.DeepEqual(got, first) {
			t.Fatalf("Lookup() = %+v, %v, %v; want %+v", got, ok, err, first)
		}
	})
	t.Run("the first response saved wins", func(t *testing.T) {
		second := api.SavedResponse{RequestHash: "h2", Status: 200, Body: []byte("{}\n"), Headers: map[string]string{}}
		if err := s.Save(ctx, "emp-1", "k1", second); err != nil {
			t.Fatalf("Save() = %v", err)
		}
		if got, _, _ := s.Lookup(ctx, "emp-1", "k1"); !reflect.DeepEqual(got, first) {
			t.Fatalf("Lookup() = %+v, want the first %+v", got, first)
		}
	})
	t.Run("keys are per employee", func(t *testing.T) {
		if _, ok, err := s.Lookup(ctx, "emp-2", "k1"); ok || err != nil {
			t.Fatalf("Lookup() as emp-2 ok = %v, err = %v; want not found", ok, err)
		}
	})
	t.Run("a response without headers comes back with none", func(t *testing.T) {
		bare := api.SavedResponse{RequestHash: "h3", Status: 200, Body: []byte("{}\n"), Headers: map[string]string{}}
		if err := s.Save(ctx, "emp-1", "k3", bare); err != nil {
			t.Fatalf("Save() = %v", err)
		}
		if got, _, _ := s.Lookup(ctx, "emp-1", "k3"); len(got.Headers) != 0 || got.Status != 200 {
			t.Fatalf("Lookup() = %+v, want %+v", got, bare)
		}
	})
}

func TestStore_Concurrent(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 20 {
				key := "k-" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
				want := api.SavedResponse{RequestHash: key, Status: 200 + i, Body: []byte(key), Headers: map[string]string{"Location": "/x/" + key}}
				if _, ok, err := s.Lookup(ctx, "emp", key); ok || err != nil {
					t.Errorf("Lookup(%s) before Save: ok = %v, err = %v", key, ok, err)
					return
				}
				if err := s.Save(ctx, "emp", key, want); err != nil {
					t.Errorf("Save(%s) = %v", key, err)
					return
				}
				if got, ok, err := s.Lookup(ctx, "emp", key); !ok || err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("Lookup(%s) = %+v, %v, %v; want %+v", key, got, ok, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
